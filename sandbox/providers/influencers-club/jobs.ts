/**
 * Batch enrichment jobs (§1.4) on the sandbox clock. A job processes `rowsPerSecond` rows
 * while `processing`; each row with data is charged at the single-call rate as it is
 * processed (duplicates too). When the wallet cannot pay the next row the job stops as
 * `paused_insufficient_credits` until resumed; a resume with credits still short pauses again
 * at once. Advancing is idempotent: state is brought up to a time, never past it.
 */
import type { Wallet } from '../../kit/wallet';
import { enrichment, hasNoData, isBroken, type Tier } from './data';

export type BatchMode = 'raw' | 'full' | 'basic';
export const MODE_PRICE: Record<BatchMode, number> = { raw: 0.03, full: 1, basic: 0.05 };

export type JobStatus = 'queued' | 'processing' | 'finished' | 'failed' | 'paused_insufficient_credits';

export interface RowResult {
  input_value: string;
  status: 'success' | 'not_found' | 'failed';
  enrichment_data: Record<string, unknown> | null;
  error?: string;
}

export interface JobSetup {
  id: string;
  mode: BatchMode;
  platform?: string;
  rows: string[];
  metadata: unknown;
  options: { includeLookalikes: boolean; includeAudience: boolean };
  createdAt: number;
  queueDelayMs: number;
  rowsPerSecond: number;
  seed: number;
  wallet: Wallet;
}

export class BatchJob {
  status: JobStatus = 'queued';
  readonly results: RowResult[] = [];
  /** Micro-credits, so the running total adds up exactly. */
  private chargedMicro = 0;
  private runningSince: number;
  private processedAtRunStart = 0;
  private startedAt?: number;
  statusMessage: string | null = null;

  constructor(readonly setup: JobSetup) {
    this.runningSince = setup.createdAt + setup.queueDelayMs;
  }

  get processed(): number {
    return this.results.length;
  }

  get creditsUsed(): string {
    return (this.chargedMicro / 1_000_000).toFixed(2);
  }

  advance(now: number): void {
    if (this.status === 'queued') {
      if (now < this.runningSince) return;
      this.status = 'processing';
      this.startedAt = this.runningSince;
    }
    if (this.status !== 'processing') return;
    const due = this.processedAtRunStart + Math.floor(((now - this.runningSince) * this.setup.rowsPerSecond) / 1000);
    const target = Math.min(this.setup.rows.length, due);
    const price = MODE_PRICE[this.setup.mode];
    while (this.results.length < target) {
      const row = this.setup.rows[this.results.length] as string;
      const result = this.process(row);
      if (result.status === 'success') {
        if (!this.setup.wallet.canAfford(price)) {
          this.pause(now);
          return;
        }
        this.setup.wallet.deduct(price, `Batch ${this.setup.id}: ${this.setup.mode} row`, { batch_id: this.setup.id });
        this.chargedMicro += Math.round(price * 1_000_000);
      }
      this.results.push(result);
    }
    if (this.results.length >= this.setup.rows.length) this.status = 'finished';
  }

  resume(now: number): void {
    this.status = 'processing';
    this.statusMessage = null;
    this.runningSince = now;
    this.processedAtRunStart = this.results.length;
    this.advance(now);
  }

  view(now: number) {
    const left = this.setup.rows.length - this.processed;
    return {
      batch_id: this.setup.id,
      status: this.status,
      total_rows: this.setup.rows.length,
      processed_rows: this.processed,
      success_count: this.results.filter((r) => r.status !== 'failed').length,
      failed_count: this.results.filter((r) => r.status === 'failed').length,
      started_at: this.startedAt === undefined ? null : new Date(this.startedAt).toISOString(),
      metadata: this.setup.metadata ?? null,
      credits_used: this.creditsUsed,
      estimated_completion:
        this.status === 'processing' || this.status === 'queued'
          ? new Date(Math.max(now, this.runningSince) + Math.ceil((left * 1000) / this.setup.rowsPerSecond)).toISOString()
          : null,
      status_message: this.statusMessage,
    };
  }

  private pause(now: number): void {
    this.status = 'paused_insufficient_credits';
    this.statusMessage = `Paused: insufficient credits after ${this.processed} of ${this.setup.rows.length} rows (balance ${this.setup.wallet.balance})`;
    this.runningSince = now;
  }

  private process(row: string): RowResult {
    const value = row.trim();
    if (isBroken(value)) return { input_value: row, status: 'failed', enrichment_data: null, error: 'Could not process this row' };
    if (hasNoData(value)) return { input_value: row, status: 'not_found', enrichment_data: null };
    const tier: Tier = this.setup.mode === 'full' ? 'full' : this.setup.mode === 'basic' ? 'profile' : 'raw';
    const platform = this.setup.platform ?? 'instagram';
    const handle = this.setup.mode === 'basic' ? (value.split('@')[0] ?? value) : value;
    return { input_value: row, status: 'success', enrichment_data: enrichment(this.setup.seed, platform, handle, tier, this.setup.options) };
  }
}
