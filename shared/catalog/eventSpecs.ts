/**
 * What starts a workflow: a provider's callbacks, normalized, and lists watched by polling.
 */
/** A provider callback, normalized. */
export interface NormalizedEvent {
  /** Stable id for dedupe: same callback delivered twice → same id. */
  id: string;
  type: 'batch.item' | 'batch.completed' | 'batch.failed';
  provider: string;
  batch: string;
  jobId: string;
  /** Raw provider event name. */
  event: string;
  occurredAt?: string;
  /** Per-item result (batch.item) or completion summary. */
  data: Record<string, unknown>;
}

export interface WebhookEventSpec {
  /** Provider event name, e.g. `validation.completed`. */
  event: string;
  /** Other names the same event is documented under (where sources disagree). */
  aliases?: string[];
  type: NormalizedEvent['type'];
  batch: string;
  description: string;
  /** Pull the job id and an item id (for per-result events) out of the payload. */
  jobId(payload: any): string | undefined;
  itemId?(payload: any): string | undefined;
}

/**
 * A list watched by polling (n8n polling trigger, Zapier polling trigger): each poll reads the
 * entries of the last window and emits each entry once per window, keyed by `dedupeKey`.
 */
export interface PollSourceSpec {
  /** Stable key (`newVisitorCompany`). */
  key: string;
  /** "New Website Visitor Company". */
  displayName: string;
  description: string;
  /** The list operation polled. */
  op: string;
  /** Input fields of `op` the user may set on the trigger (e.g. a feed id); the rest come from `input`. */
  fields: string[];
  /** The op input for a poll at `now` covering the last `windowMs`, plus the user's fields. */
  input(ctx: { now: number; windowMs: number; fields: Record<string, unknown> }): Record<string, unknown>;
  /** What makes an entry the same entry (a company id); undefined = not emitted. */
  dedupeKey(item: unknown): string | undefined;
  /** Default window length; a user may choose another whole number of days. */
  defaultWindowMs: number;
}
