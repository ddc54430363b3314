/** The seam every provider sandbox plugs into (most extend SandboxBase, kit/base.ts). */
import type { Reply, SandboxRequest } from './http';

/** A provider's id, as its manifest spells it (`shared/providers/<id>/manifest.json`). */
export type ProviderId = string;

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
  readonly displayName: string;
  /** URL segment of the control API: `/_sandbox/<slug>/…`. */
  readonly slug: string;
  /** Mount point, e.g. `/enrich-so/api/v3`. */
  readonly prefix: string;
  /** `origin + prefix`: what a client's base URL should be. */
  readonly baseUrl: string;
  /** The first account's key: what a sandbox credential holds. */
  readonly apiKey: string;
  /** Said beside the key by `npm run sandbox`: the balance, what else a credential needs. */
  keyNote(): string | undefined;
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
