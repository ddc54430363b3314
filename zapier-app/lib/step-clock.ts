/**
 * Zapier stops a step after 30 s. The core waits where a provider asks it to (Retry-After,
 * throttle tokens, batch polling); this clock lets it wait only while the step can afford it
 * and otherwise throws, so the adapter hands the wait to Zapier as a ThrottledError instead of
 * being killed mid-call.
 */
import { systemClock, type Clock } from '../../shared';

/** Time the step may use, leaving room to return its answer. */
export const STEP_BUDGET_MS = 25_000;

/**
 * How a step spends its time on batch jobs. Injected through buildApp so tests can make the
 * budget tiny (a job that outlasts the step) or the polls quick.
 */
export interface StepTiming {
  /** Time one step may use. */
  budgetMs: number;
  /** Pause between two status checks of a running job (status calls are free). */
  pollMs: number;
}

export const DEFAULT_TIMING: StepTiming = { budgetMs: STEP_BUDGET_MS, pollMs: 2000 };

export function stepTiming(overrides: Partial<StepTiming> = {}): StepTiming {
  const timing = { ...DEFAULT_TIMING, ...overrides };
  for (const [name, ms] of Object.entries(timing)) {
    if (!(Number.isFinite(ms) && ms > 0)) throw new RangeError(`step timing ${name} must be a positive number of milliseconds (got ${ms})`);
  }
  return timing;
}

export class StepDeadlineError extends Error {
  constructor(readonly waitMs: number) {
    super(`waiting ${Math.ceil(waitMs / 1000)} s does not fit in this Zapier step`);
    this.name = 'StepDeadlineError';
  }
}

export class StepClock implements Clock {
  readonly deadline: number;

  constructor(
    readonly budgetMs = STEP_BUDGET_MS,
    private readonly base: Clock = systemClock,
  ) {
    this.deadline = base.now() + budgetMs;
  }

  now(): number {
    return this.base.now();
  }

  remaining(): number {
    return this.deadline - this.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.now() + ms > this.deadline) return Promise.reject(new StepDeadlineError(ms));
    return this.base.sleep(ms, signal);
  }
}
