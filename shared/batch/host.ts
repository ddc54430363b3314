/**
 * What the batch layer needs of a client, and nothing more: the catalog it runs, the account its
 * job records are kept under, the shared store and clock, the calls it makes (validate, price,
 * send, walk, look without booking, read the balance), the run's credit summary, and one entry in
 * the books — a job found in the provider's records after its submit's answer was lost is booked
 * as the submit would have been. `EnrichflowClient` is one; the batch code never reaches past this.
 */
import type { OperationSpec, ProviderCatalog } from '../catalog/types';
import type { CallCredits, CallResult, CreditSummary, PreparedCall } from '../client';
import type { Clock } from '../clock';
import type { Credits } from '../credits/amount';
import type { Store } from '../store/types';

export interface BatchHost {
  readonly provider: ProviderCatalog;
  /** Scope of the job registry and credited-rows records (never the key itself). */
  readonly account: string;
  /** Where submit claims, credited rows and callback tokens live: shared by every run on the account. */
  readonly store: Store;
  readonly clock: Clock;
  operation(key: string): OperationSpec;
  validate(key: string, input: unknown): unknown;
  /** Credits the call may cost (an upper bound). */
  estimate(key: string, input: unknown): Promise<number>;
  call<O = unknown>(key: string, input: unknown, opts?: { signal?: AbortSignal }): Promise<CallResult<O>>;
  /** Validate and price once; the prepared call sends that input without checking it again. */
  prepare<O = unknown>(key: string, input: unknown): Promise<PreparedCall<O>>;
  /** Every item of a paginated operation, with what the walk cost (`perItemCredits: false`: its total only). */
  list(
    key: string,
    input: unknown,
    opts?: { limit?: number; pageSize?: number; signal?: AbortSignal; perItemCredits?: boolean },
  ): Promise<{ items: unknown[]; credits: CallCredits }>;
  /** Every item of a free read, without booking: for a job that may be another run's. */
  inspectAll(key: string, input: unknown, opts?: { pageSize?: number; signal?: AbortSignal }): Promise<unknown[]>;
  /** The balance from the provider's free balance operation; undefined without one. */
  balance(): Promise<number | undefined>;
  summary(): CreditSummary;
  /** Book the reservation of a job adopted from the provider's records, as its submit would have. */
  adoptReservation(submitOp: string, jobId: string, reserved: Credits | undefined): Promise<void>;
}
