/** The seam every provider sandbox plugs into (Enrich.so now; the other four later). */
import type { Reply, SandboxRequest } from './http';

/** Providers mounted in this sandbox. Each new provider adds its id here. */
export type ProviderId = 'enrichSo' | 'enrichLayer' | 'leadfeeder' | 'smarte' | 'influencersClub';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  /** Sandbox-clock time, ISO 8601. */
  time: string;
  requestId?: string;
  /** Set when a switched-on fault answered instead of the provider. */
  fault?: string;
}

export interface ProviderSandbox {
  readonly id: ProviderId;
  /** URL segment of the control API: `/_sandbox/<slug>/…`. */
  readonly slug: string;
  /** Mount point, e.g. `/enrich-so/api/v3`. */
  readonly prefix: string;
  handle(req: SandboxRequest): Promise<Reply>;
  /** The provider's own error body for a status injected by a fault. */
  faultReply(status: number, retryAfterSec?: number): Reply;
  /** Control API below `/_sandbox/<slug>`; undefined = no such control route. */
  control(req: SandboxRequest): Promise<Reply | undefined>;
  logRequest(entry: Omit<RequestLogEntry, 'time'>): void;
  /** Apply job progress up to now and wait for queued webhooks. */
  flush(): Promise<void>;
  start(): void;
  close(): Promise<void>;
}
