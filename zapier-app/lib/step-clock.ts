/**
 * Zapier stops a step after 30 s. The core waits where a provider asks it to (Retry-After,
 * throttle tokens, batch polling); this clock lets it wait only while the step can afford it
 * and otherwise throws, so the adapter hands the wait to Zapier as a ThrottledError instead of
 * being killed mid-call.
 */
import { systemClock, type Clock } from '../../shared';

/** Time the step may use, leaving room to return its answer. */
export const STEP_BUDGET_MS = 25_000;

export class StepDeadlineError extends Error {
  constructor(readonly waitMs: number) {
    super(`waiting ${Math.ceil(waitMs / 1000)} s does not fit in this Zapier step`);
    this.name = 'StepDeadlineError';
  }
}

export class StepClock implements Clock {
  readonly deadline: number;

  constructor(
    budgetMs = STEP_BUDGET_MS,
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
