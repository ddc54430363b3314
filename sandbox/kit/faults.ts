/**
 * Switchable faults. A fault matches requests by provider, method and path and fires for
 * the next `times` matches (default 1):
 *  - status:    answer `status` in the provider's error shape, nothing processed or charged;
 *  - slow:      wait `delayMs` of real time, then answer normally;
 *  - reset:     destroy the connection before processing (nothing charged);
 *  - malformed: process the request normally (credits may be spent) and cut the body in
 *               half — the answer a truncating proxy would deliver;
 *  - hostile:   process the request normally (or answer `status` in the provider's error
 *               shape, nothing processed) and play `play` on the answer (hostile.ts):
 *               oversized, deep, formula-bearing or key-echoing.
 */
import { HOSTILE_PLAYS, type HostilePlay } from './hostile';
import type { ProviderId } from './provider';

export type FaultKind = 'status' | 'slow' | 'reset' | 'malformed' | 'hostile';

export interface FaultSpec {
  provider?: ProviderId;
  method?: string;
  /** Substring of the full request path, or a RegExp tested against it. */
  path?: string | RegExp;
  kind: FaultKind;
  status?: number;
  retryAfterSec?: number;
  delayMs?: number;
  /** How many matching requests it fires for; 'always' keeps it on until cleared. Default 1. */
  times?: number | 'always';
  /** Let this many matching requests through first (hit page 4 of a walk, the 3rd poll). */
  skip?: number;
  /** hostile: what to play, and its size (oversized: bytes) or depth (deep: levels). */
  play?: HostilePlay;
  bytes?: number;
  depth?: number;
}

export interface FaultInfo {
  id: string;
  provider?: ProviderId;
  method?: string;
  path?: string;
  kind: FaultKind;
  status?: number;
  retryAfterSec?: number;
  delayMs?: number;
  remaining: number | 'always';
  hits: number;
}

interface ActiveFault {
  id: string;
  spec: FaultSpec;
  remaining: number;
  hits: number;
  skipLeft: number;
}

const KINDS: readonly FaultKind[] = ['status', 'slow', 'reset', 'malformed', 'hostile'];

export class FaultController {
  private faults: ActiveFault[] = [];
  private counter = 0;

  add(spec: FaultSpec): string {
    if (!KINDS.includes(spec.kind)) throw new RangeError(`unknown fault kind: ${String(spec.kind)}`);
    if (spec.kind === 'status' && !(Number.isInteger(spec.status) && (spec.status as number) >= 400 && (spec.status as number) <= 599)) {
      throw new RangeError('a status fault needs status 400..599');
    }
    if (spec.kind === 'hostile' && !HOSTILE_PLAYS.includes(spec.play as HostilePlay))
      throw new RangeError(`a hostile fault needs play: one of ${HOSTILE_PLAYS.join(', ')}`);
    if (spec.kind === 'hostile' && spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599))
      throw new RangeError('a hostile fault status must be 400..599');
    if (spec.kind === 'slow' && !(typeof spec.delayMs === 'number' && spec.delayMs >= 0)) throw new RangeError('a slow fault needs delayMs >= 0');
    const times = spec.times ?? 1;
    if (times !== 'always' && !(Number.isInteger(times) && times > 0)) throw new RangeError("times must be a positive integer or 'always'");
    if (spec.skip !== undefined && !(Number.isInteger(spec.skip) && spec.skip >= 0)) throw new RangeError('skip must be an integer >= 0');
    const id = `fault_${++this.counter}`;
    this.faults.push({ id, spec, remaining: times === 'always' ? Infinity : times, hits: 0, skipLeft: spec.skip ?? 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultInfo[] {
    return this.faults.map((f) => ({
      id: f.id,
      ...(f.spec.provider ? { provider: f.spec.provider } : {}),
      ...(f.spec.method ? { method: f.spec.method } : {}),
      ...(f.spec.path !== undefined ? { path: String(f.spec.path) } : {}),
      kind: f.spec.kind,
      ...(f.spec.status !== undefined ? { status: f.spec.status } : {}),
      ...(f.spec.retryAfterSec !== undefined ? { retryAfterSec: f.spec.retryAfterSec } : {}),
      ...(f.spec.delayMs !== undefined ? { delayMs: f.spec.delayMs } : {}),
      remaining: f.remaining === Infinity ? 'always' : f.remaining,
      hits: f.hits,
    }));
  }

  /** The first fault matching this request, consuming one of its `times`. */
  take(req: { provider: ProviderId; method: string; path: string }): FaultSpec | undefined {
    const found = this.faults.find((f) => matches(f.spec, req));
    if (!found) return undefined;
    if (found.skipLeft > 0) {
      found.skipLeft--;
      return undefined;
    }
    found.hits++;
    found.remaining--;
    if (found.remaining <= 0) this.faults = this.faults.filter((f) => f !== found);
    return found.spec;
  }

  /** A fault from JSON (control API): `pathRegex` carries a RegExp source. */
  static fromJson(body: unknown): FaultSpec {
    if (!body || typeof body !== 'object') throw new RangeError('fault must be a JSON object');
    const b = body as Record<string, unknown>;
    const spec: FaultSpec = { kind: b.kind as FaultKind };
    if (typeof b.provider === 'string') spec.provider = b.provider as ProviderId;
    if (typeof b.method === 'string') spec.method = b.method;
    if (typeof b.pathRegex === 'string') spec.path = new RegExp(b.pathRegex);
    else if (typeof b.path === 'string') spec.path = b.path;
    for (const k of ['status', 'retryAfterSec', 'delayMs', 'skip', 'bytes', 'depth'] as const) if (typeof b[k] === 'number') spec[k] = b[k] as number;
    if (typeof b.play === 'string') spec.play = b.play as HostilePlay;
    if (typeof b.times === 'number' || b.times === 'always') spec.times = b.times as number | 'always';
    return spec;
  }
}

function matches(spec: FaultSpec, req: { provider: ProviderId; method: string; path: string }): boolean {
  if (spec.provider && spec.provider !== req.provider) return false;
  if (spec.method && spec.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (spec.path instanceof RegExp) return spec.path.test(req.path);
  if (typeof spec.path === 'string') return req.path.includes(spec.path);
  return true;
}
