/**
 * The waterfall: every lead tries its providers in its planned order and stops at the first
 * valid hit. Each step is an ordinary call of the provider's client — validation, estimate,
 * budget, cache, subscriptions, throttle, booking — so every money rule holds by construction;
 * the clients share one BudgetGuard, so one budget spans every step of every lead.
 *
 * Column by column (the default): all leads' first steps run together, then only the misses go
 * on to their next step. A step many leads share runs as the provider's batch job where the
 * catalog has one (Enrich.so batch email finder), or as few many-record requests (SMARTe).
 * Row by row: each lead runs its whole waterfall before the next (what a loop in a workflow does).
 */
import { type BatchRunOptions, runBatch } from '../batch';
import type { GoalValue, Lead, VerifierSpec, WaterfallGoal } from '../catalog/capabilities';
import type { BatchSpec } from '../catalog/types';
import type { EnrichflowClient } from '../client';
import { type Credits, credits, toCreditNumber, ZERO } from '../credits/amount';
import { runEach } from '../runEach';
import {
  AuthError,
  BudgetExceededError,
  EnrichflowError,
  ForbiddenError,
  InsufficientCreditsError,
  NotFoundError,
  ProviderFailureError,
  ValidationError,
} from '../errors';
import { type LeadPlan, type PlannedStep, planLead, type StepRecord, type WaterfallOrder } from './plan';
import type { WaterfallOutcome } from './outcome';
import { summarize, type WaterfallSummary } from './summary';

export type { WaterfallOutcome, WaterfallResult } from './outcome';

export interface WaterfallOptions {
  goal: WaterfallGoal;
  /** The providers taking part, in the user's order; their clients should share one BudgetGuard. */
  clients: readonly EnrichflowClient[];
  /** `cheapest` (default): per lead, cheapest estimate first; `given`: the clients' order. */
  order?: WaterfallOrder;
  /** Check a found value with a provider's verifier (email validation) before accepting it. */
  verify?: boolean;
  /** Clients whose catalogs' verifiers may do the check (default `clients`): a verifier need not also find. */
  verifiers?: readonly EnrichflowClient[];
  /** `columns` (default) or `rows` (see the file comment). */
  mode?: 'columns' | 'rows';
  /** A step at least this many leads share runs as a batch job where the provider has one (default 100). */
  batchFrom?: number;
  /** How batch jobs are waited for (default: polling). */
  batch?: BatchRunOptions;
  /** Single calls in flight at once (default 4); each provider's throttle still holds. */
  concurrency?: number;
  /**
   * Refuse the whole run, before anything is sent, when a lead's input is invalid for every step
   * (otherwise that lead alone gets the error and the others run).
   */
  stopOnInvalid?: boolean;
  signal?: AbortSignal;
}

interface LeadState {
  index: number;
  plan: LeadPlan;
  next: number;
  tried: StepRecord[];
  hit?: { value: GoalValue; provider: string };
  error?: EnrichflowError;
}

/** Failures after which a provider takes no further part in this run (each would repeat). */
function disablesProvider(error: EnrichflowError): boolean {
  return error instanceof AuthError || error instanceof ForbiddenError || error instanceof InsufficientCreditsError;
}

function asError(error: unknown): EnrichflowError {
  return error instanceof EnrichflowError ? error : new ProviderFailureError(error instanceof Error ? error.message : String(error));
}

class Waterfall {
  private readonly disabled = new Map<string, string>();
  private readonly verifier?: { client: EnrichflowClient; spec: VerifierSpec };

  constructor(private readonly opts: WaterfallOptions) {
    if (opts.verify) {
      for (const client of opts.verifiers ?? opts.clients) {
        const spec = client.provider.verifiers?.find((v) => v.goal === opts.goal);
        if (spec) {
          this.verifier = { client, spec };
          break;
        }
      }
      if (!this.verifier) {
        const offering = opts.clients.length ? ` (none of ${opts.clients.map((c) => c.provider.displayName).join(', ')} offers one)` : '';
        throw new ValidationError(`Verifying found values needs a provider that can check a ${opts.goal} value, e.g. Enrich.so email validation${offering}`, [
          { field: 'verify', rule: 'configure a provider that verifies this goal, or turn verification off' },
        ]);
      }
    }
  }

  /** Run one column: the current step of every lead in `states` that still has one. */
  async round(states: LeadState[]): Promise<void> {
    const groups = new Map<string, { step: PlannedStep; state: LeadState }[]>();
    for (const state of states) {
      const step = state.plan.steps[state.next];
      if (!step) continue;
      const key = `${step.client.provider.id}:${step.capability.op}`;
      const group = groups.get(key) ?? [];
      group.push({ step, state });
      groups.set(key, group);
    }
    for (const group of groups.values()) await this.runGroup(group);
    for (const state of states) if (!state.hit && !state.error) state.next++;
  }

  private async runGroup(group: { step: PlannedStep; state: LeadState }[]): Promise<void> {
    const { client, capability } = group[0]!.step;
    const disabled = this.disabled.get(client.provider.id);
    const aborted = this.opts.signal?.aborted;
    if (disabled || aborted) {
      for (const { step, state } of group) this.record(state, step, { outcome: 'notTried', reason: aborted ? 'the run was aborted' : disabled });
      return;
    }
    const spec = client.provider.batches.find((b) => b.itemOp === capability.op);
    const batchFrom = this.opts.batchFrom ?? 100;
    if (this.opts.mode !== 'rows' && spec && group.length >= batchFrom) return this.runAsBatch(group, spec);
    const op = client.operation(capability.op);
    if (this.opts.mode !== 'rows' && op.records && group.length > 1) return this.runAsRecords(group);
    await runEach(group, (member) => this.runSingle(member.step, member.state), { concurrency: this.opts.concurrency ?? 4 });
  }

  private async runSingle(step: PlannedStep, state: LeadState): Promise<void> {
    const disabled = this.disabled.get(step.client.provider.id);
    if (disabled) return this.record(state, step, { outcome: 'notTried', reason: disabled });
    try {
      const result = await step.client.call(step.capability.op, step.input, { signal: this.opts.signal });
      await this.answered(state, step, result.data, credits(result.credits.charged), result.credits.fromCache);
    } catch (error) {
      this.failed(state, step, asError(error));
    }
  }

  /** Many leads' step as the provider's batch job: as many as the budget covers, the rest not tried. */
  private async runAsBatch(group: { step: PlannedStep; state: LeadState }[], spec: BatchSpec): Promise<void> {
    const client = group[0]!.step.client;
    const left = client.budgetRemaining();
    const fit = left === undefined ? group.length : Math.min(group.length, Math.floor(credits(left) / spec.costPerItem));
    const sent = group.slice(0, fit);
    for (const { step, state } of group.slice(fit)) {
      this.record(state, step, { outcome: 'notTried', reason: new BudgetExceededError(spec.costPerItem, credits(left ?? 0)).message });
    }
    if (sent.length === 0) return;
    let run: Awaited<ReturnType<typeof runBatch>>;
    try {
      run = await runBatch(
        client,
        spec.name,
        sent.map((m) => m.step.input),
        { ...this.opts.batch, wait: this.opts.batch?.wait ?? 'poll', signal: this.opts.signal },
      );
    } catch (error) {
      for (const { step, state } of sent) this.failed(state, step, asError(error));
      return;
    }
    // A job an earlier run submitted and paid for answers again for free (never paid twice).
    const paidBefore = run.jobs.length > 0 && run.jobs.every((j) => j.reused);
    // The provider charges a repeated lead once: the first of them carries the charge.
    const charged = new Set<string>();
    for (const outcome of run.outcomes) {
      const { step, state } = sent[outcome.index]!;
      if (!outcome.ok) {
        this.failed(state, step, outcome.error);
        continue;
      }
      const key = spec.itemKey(spec.toItem(step.input));
      const paid = !paidBefore && (spec.resultCharged ? spec.resultCharged(outcome.value) : true);
      const first = !charged.has(key);
      if (paid) charged.add(key);
      await this.answered(state, step, outcome.value, paid && first ? spec.costPerItem : ZERO, paidBefore);
    }
  }

  /** Many leads' step as few many-record requests (each record gets its share of the cost). */
  private async runAsRecords(group: { step: PlannedStep; state: LeadState }[]): Promise<void> {
    const { client, capability } = group[0]!.step;
    const outcomes = await client.callRecords(
      capability.op,
      group.map((m) => m.step.input),
      { signal: this.opts.signal },
    );
    for (const outcome of outcomes) {
      const { step, state } = group[outcome.index]!;
      if (outcome.ok) await this.answered(state, step, outcome.value.data, credits(outcome.value.credits.charged), outcome.value.credits.fromCache);
      else this.failed(state, step, outcome.error);
    }
  }

  private async answered(state: LeadState, step: PlannedStep, data: unknown, charged: Credits, fromCache: boolean): Promise<void> {
    const value = step.capability.output(data);
    if (!value) return this.record(state, step, { outcome: 'miss', charged, fromCache });
    if (!this.verifier) {
      state.hit = { value, provider: step.client.provider.id };
      return this.record(state, step, { outcome: 'hit', charged, fromCache });
    }
    const { client, spec } = this.verifier;
    try {
      const check = await client.call(spec.op, spec.input(value), { signal: this.opts.signal });
      const verdict = spec.verdict(check.data);
      const cost = credits(check.credits.charged);
      const verification = {
        provider: client.provider.id,
        charged: check.credits.charged,
        accepted: verdict.accepted,
        ...(verdict.accepted ? {} : { reason: verdict.reason }),
      };
      if (verdict.accepted) state.hit = { value, provider: step.client.provider.id };
      this.record(state, step, {
        outcome: verdict.accepted ? 'hit' : 'rejected',
        charged: (charged + cost) as Credits,
        fromCache,
        verification,
        ...(verdict.accepted ? {} : { reason: verdict.reason }),
      });
    } catch (error) {
      // The value was paid for: kept, but not accepted as verified — the next provider may do better.
      const e = asError(error);
      this.record(state, step, { outcome: 'rejected', charged, fromCache, reason: `not verified: ${e.message}` });
    }
  }

  private failed(state: LeadState, step: PlannedStep, error: EnrichflowError): void {
    if (error instanceof BudgetExceededError) return this.record(state, step, { outcome: 'notTried', reason: error.message });
    // A provider that answers "not found" with an error status found nothing (and charged nothing).
    if (error instanceof NotFoundError) return this.record(state, step, { outcome: 'miss', reason: error.message });
    if (disablesProvider(error))
      this.disabled.set(step.client.provider.id, `${step.client.provider.displayName} refused an earlier step of this run: ${error.message}`);
    this.record(state, step, { outcome: 'error', reason: error.message });
  }

  private record(
    state: LeadState,
    step: PlannedStep,
    what: { outcome: StepRecord['outcome']; charged?: Credits } & Partial<Omit<StepRecord, 'charged'>>,
  ): void {
    const { charged, ...rest } = what;
    state.tried.push({ ...step.record, ...rest, charged: toCreditNumber(charged ?? ZERO) });
  }
}

function resultOf(goal: WaterfallGoal, state: LeadState): WaterfallOutcome {
  const steps = [...state.tried, ...state.plan.passed];
  const total = steps.reduce((sum, s) => sum + credits(s.charged), 0) as Credits;
  // A lead none of whose steps could run because its input is malformed: a clear error, nothing spent.
  const invalid = state.plan.passed.find((s) => s.outcome === 'invalid');
  if (!state.hit && state.tried.length === 0 && invalid) {
    return {
      index: state.index,
      ok: false,
      error: new ValidationError(`Lead ${state.index + 1}: ${invalid.reason}`, [{ field: invalid.operation, rule: invalid.reason ?? 'invalid' }]),
    };
  }
  return {
    index: state.index,
    ok: true,
    value: { goal, found: Boolean(state.hit), value: state.hit?.value ?? null, provider: state.hit?.provider ?? null, steps, credits: toCreditNumber(total) },
  };
}

/**
 * Run the waterfall for `leads`: one outcome per lead, in input order, and the run's summary
 * (coverage per provider, credits per hit, misses).
 */
export async function runWaterfall(leads: readonly Lead[], opts: WaterfallOptions): Promise<{ outcomes: WaterfallOutcome[]; summary: WaterfallSummary }> {
  const waterfall = new Waterfall(opts);
  const order = opts.order ?? 'cheapest';
  const states: LeadState[] = [];
  for (const [index, lead] of leads.entries()) states.push({ index, plan: await planLead(lead, opts.goal, opts.clients, order), next: 0, tried: [] });
  if (opts.stopOnInvalid) {
    const refused = states.map((s) => resultOf(opts.goal, s)).find((o) => !o.ok);
    if (refused && !refused.ok) throw refused.error;
  }
  const open = (s: LeadState) => !s.hit && !s.error && s.next < s.plan.steps.length;
  if (opts.mode === 'rows') {
    for (const state of states) while (open(state)) await waterfall.round([state]);
  } else {
    for (let pending = states.filter(open); pending.length; pending = pending.filter(open)) await waterfall.round(pending);
  }
  const outcomes = states.map((s) => resultOf(opts.goal, s));
  return { outcomes, summary: summarize(opts.goal, outcomes) };
}
