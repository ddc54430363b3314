/**
 * A batch submit whose outcome is unknown — a reset, a timeout, a 5xx with no error document,
 * a garbled 2xx — may have reserved credits for a job we never heard of. It is resolved from
 * what the provider itself can tell (its job list or wallet transactions: the catalog's
 * `submitTrace`) instead of blocking the same list for the life of the idempotency record:
 * the job is found (and adopted, so its results are read and its reservation settles), or the
 * provider's records prove nothing was reserved, or what was found is said plainly.
 */
import type { BatchSpec, TracedReservation } from '../catalog/types';
import type { BatchHost } from './host';
import { type Credits, formatCredits } from '../credits/amount';
import { EnrichflowError } from '../errors';
import { type IdentityOptions, type JobIdentity, jobIdentity } from './jobIdentity';

/** How many of the provider's newest records are read when looking for a lost submit. */
const TRACE_DEPTH = 200;
/** How many candidate jobs are checked (free status and results reads). */
const CANDIDATES_MAX = 10;
/** Clock skew allowed between us and the provider when comparing times. */
const SKEW_MS = 5 * 60_000;

export type SubmitResolution =
  | { found: 'job'; jobId: string; reserved?: Credits; report: string }
  | { found: 'nothing'; report: string }
  | { found: 'unclear'; report: string };

/** Distinct items as the provider counts them (it dedupes a job's entries by the item key). */
function distinctCount(spec: BatchSpec, items: readonly unknown[]): number {
  return new Set(items.map((item) => spec.itemKey(item))).size;
}

function when(at: number): string {
  return new Date(at).toISOString();
}

/**
 * Look for the job a lost submit of `items` (sent at `since`) may have created, and adopt it
 * only when its results prove it is this list's (jobIdentity.ts). Reads only free operations,
 * without booking another run's job; never submits.
 */
export async function resolveUnknownSubmit(
  host: BatchHost,
  spec: BatchSpec,
  items: readonly unknown[],
  since: number,
  proof: IdentityOptions = { waitMs: 0, intervalMs: spec.pollIntervalMs },
): Promise<SubmitResolution> {
  const name = host.provider.displayName;
  const trace = host.provider.submitTrace;
  if (!trace) return { found: 'unclear', report: `${name} offers no job list or transaction history to check it against` };
  const traceName = host.provider.operations.find((o) => o.key === trace.op)?.displayName.toLowerCase() ?? trace.op;
  let entries: TracedReservation[];
  try {
    const listed = await host.list(trace.op, trace.input, { limit: TRACE_DEPTH });
    entries = listed.items.map((entry) => trace.read(entry)).filter((x): x is TracedReservation => x !== undefined);
  } catch (error) {
    return { found: 'unclear', report: `${name}'s ${traceName} could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  const recent = entries.filter((e) => e.at === undefined || e.at >= since - SKEW_MS);
  const expected = distinctCount(spec, items);
  const candidates = recent.filter((e) => e.jobId).slice(0, CANDIDATES_MAX);
  const undecided: string[] = [];
  for (const candidate of candidates) {
    let identity: JobIdentity;
    try {
      identity = await jobIdentity(host, spec, candidate.jobId!, items, proof);
    } catch (error) {
      // Another product's job is "not found" here; anything else leaves the question open.
      if (error instanceof EnrichflowError && (error.kind === 'not_found' || error.kind === 'validation')) continue;
      return { found: 'unclear', report: `${name} could not confirm job ${candidate.jobId} (${error instanceof Error ? error.message : String(error)})` };
    }
    if (identity.verdict === 'notOurs') continue;
    if (identity.verdict === 'undecided') {
      undecided.push(`job ${candidate.jobId} (${identity.why})`);
      continue;
    }
    const reserved = candidate.reserved === undefined ? '' : ` reserving ${formatCredits(candidate.reserved)} credits`;
    return {
      found: 'job',
      jobId: candidate.jobId!,
      reserved: candidate.reserved,
      report: `${name}'s ${traceName} show job ${candidate.jobId}${reserved}${candidate.at === undefined ? '' : ` at ${when(candidate.at)}`}, and its results name exactly these ${expected} item(s): the submit did start it`,
    };
  }
  if (undecided.length > 0) {
    return {
      found: 'unclear',
      report: `${name}'s ${traceName} show ${undecided.join('; ')} — nothing proves it is this submit's rather than another run's, so it is not adopted`,
    };
  }
  const anonymous = recent.filter((e) => !e.jobId);
  if (anonymous.length > 0) {
    const amounts = anonymous.map((e) => (e.reserved === undefined ? 'an amount not given' : `${formatCredits(e.reserved)} credits`)).join(', ');
    return { found: 'unclear', report: `${name}'s ${traceName} show ${anonymous.length} reservation(s) since ${when(since)} (${amounts}) without a job id` };
  }
  return { found: 'nothing', report: `${name}'s ${traceName} show no reservation for these ${expected} item(s) since ${when(since)}: the submit did nothing` };
}
