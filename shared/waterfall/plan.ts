/**
 * Each lead's waterfall before anything is sent: which providers can serve the goal from what
 * the lead has (a step without its inputs is skipped, free), what each step would cost (the
 * operation's own quote: 0 for a cached answer or a subscribed record), and the order — the
 * user's, or cheapest first (ties keep the user's order).
 */
import type { CapabilitySpec, Lead, WaterfallGoal } from '../catalog/capabilities';
import type { EnrichflowClient } from '../client';
import { EnrichflowError } from '../errors';

export type StepOutcome = 'hit' | 'miss' | 'rejected' | 'skipped' | 'invalid' | 'error' | 'notTried';

/** One step of one lead's waterfall, as the user reads it afterwards. */
export interface StepRecord {
  provider: string;
  providerName: string;
  operation: string;
  /** The most this step could charge, from the catalog's estimate (0: cached or subscribed). */
  estimated: number;
  /** Why the estimate is what it is: the cost model's summary, "cached answer", "subscribed". */
  priceReason?: string;
  /** What it charged, its check of the found value included. */
  charged: number;
  outcome: StepOutcome;
  reason?: string;
  fromCache?: boolean;
  /** The check of the found value (email validation), when it ran. */
  verification?: { provider: string; charged: number; accepted: boolean; reason?: string };
}

/** A step that can run: the provider's client, its capability and the operation input. */
export interface PlannedStep {
  client: EnrichflowClient;
  capability: CapabilitySpec;
  input: Record<string, unknown>;
  record: StepRecord;
}

export interface LeadPlan {
  /** Steps to try, in order. */
  steps: PlannedStep[];
  /** Steps that cannot run for this lead (skipped for missing inputs, invalid input). */
  passed: StepRecord[];
}

export type WaterfallOrder = 'cheapest' | 'given';

/** The capabilities of a client's catalog for a goal (several: the first the lead has inputs for runs). */
export function capabilitiesFor(client: EnrichflowClient, goal: WaterfallGoal): CapabilitySpec[] {
  return (client.provider.capabilities ?? []).filter((c) => c.goal === goal);
}

function baseRecord(client: EnrichflowClient, op: string): StepRecord {
  return { provider: client.provider.id, providerName: client.provider.displayName, operation: op, estimated: 0, charged: 0, outcome: 'notTried' };
}

export async function planLead(lead: Lead, goal: WaterfallGoal, clients: readonly EnrichflowClient[], order: WaterfallOrder): Promise<LeadPlan> {
  const steps: PlannedStep[] = [];
  const passed: StepRecord[] = [];
  for (const client of clients) {
    const capabilities = capabilitiesFor(client, goal);
    if (capabilities.length === 0) continue;
    const usable = capabilities
      .map((capability) => ({ capability, input: capability.input(lead) as Record<string, unknown> | undefined }))
      .find((c) => c.input !== undefined);
    if (!usable) {
      passed.push({ ...baseRecord(client, capabilities[0]!.op), outcome: 'skipped', reason: `needs ${capabilities.map((c) => c.needs).join(', or ')}` });
      continue;
    }
    const record = baseRecord(client, usable.capability.op);
    try {
      const input = client.validate<Record<string, unknown>>(usable.capability.op, usable.input);
      if (await client.isCached(usable.capability.op, input)) {
        record.priceReason = 'cached answer (free)';
      } else {
        const quote = await client.quote(usable.capability.op, input);
        record.estimated = quote.credits;
        record.priceReason = quote.reason;
      }
      steps.push({ client, capability: usable.capability, input, record });
    } catch (error) {
      if (!(error instanceof EnrichflowError)) throw error;
      passed.push({ ...record, outcome: 'invalid', reason: error.message });
    }
  }
  // Array.prototype.sort is stable: equal estimates keep the user's order.
  if (order === 'cheapest') steps.sort((a, b) => a.record.estimated - b.record.estimated);
  return { steps, passed };
}
