/**
 * What every provider's sandbox has in common, so each provider's class holds only its own
 * rules: where it is mounted (from the provider's manifest), its configuration (merged patches,
 * a copy when read, secrets masked when shown), the request log, the lifecycle the server drives
 * (start, flush, close) and the control routes every provider answers (`/requests`, `/config`).
 * Authentication, limits, errors, prices and answers stay written by hand in the provider's own
 * class, from the provider's documentation, never derived from the catalog: the sandbox is an
 * independent check of it.
 */
import type { Clock } from '../../shared/clock';
import type { ProviderManifest } from '../../shared/providers/manifest';
import { jsonReply, type Reply, type SandboxRequest } from './http';
import type { ProviderSandbox, RequestLogEntry } from './provider';
import { RequestLog } from './request-log';

/** What the server gives every provider's sandbox. */
export interface SandboxContext<ConfigInput> {
  seed: number;
  clock: Clock;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  config?: ConfigInput;
  /** Real-time period of job tickers (webhooks sent without polling). */
  tickMs?: number;
}

export abstract class SandboxBase<Config, ConfigInput> implements ProviderSandbox {
  readonly id: string;
  readonly displayName: string;
  readonly slug: string;
  readonly prefix: string;
  /** What a client's base URL should be. */
  readonly baseUrl: string;
  protected cfg: Config;
  // Lazily clocked: the clock is read when a request is logged.
  protected readonly log: RequestLog;

  protected constructor(
    manifest: ProviderManifest,
    context: SandboxContext<ConfigInput>,
    private readonly merge: (base: Config, patch: ConfigInput) => Config,
    defaults: Config,
  ) {
    this.id = manifest.id;
    this.displayName = manifest.displayName;
    this.slug = manifest.slug;
    this.prefix = manifest.sandbox.prefix;
    this.baseUrl = `${context.origin}${this.prefix}`;
    this.cfg = merge(defaults, context.config ?? ({} as ConfigInput));
    this.log = new RequestLog(() => context.clock.now());
  }

  /** The key of the first account (what a sandbox credential holds). */
  abstract get apiKey(): string;

  abstract handle(req: SandboxRequest): Promise<Reply>;

  abstract faultReply(status: number, retryAfterSec?: number): Reply;

  /** Change the configuration (`POST /_sandbox/<slug>/config` too). */
  configure(patch: ConfigInput): void {
    this.cfg = this.merge(this.cfg, patch);
    this.reconfigured(patch);
  }

  /** What a patch changes beyond the configuration itself (accounts rebuilt, limits reset …). */
  protected reconfigured(_patch: ConfigInput): void {}

  config(): Config {
    return structuredClone(this.cfg);
  }

  /** The configuration as the control API shows it: keys masked. */
  protected abstract shownConfig(): unknown;

  requests(): RequestLogEntry[] {
    return this.log.entries();
  }

  logRequest(entry: Omit<RequestLogEntry, 'time'>): void {
    this.log.add(entry);
  }

  /** Said beside the key by `npm run sandbox`: the balance, what else a credential needs. */
  keyNote(): string | undefined {
    return undefined;
  }

  start(): void {}

  /** Apply job progress up to now and wait for queued webhooks. */
  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  async control(req: SandboxRequest): Promise<Reply | undefined> {
    switch (`${req.method} ${req.path}`) {
      case 'GET /requests':
        return jsonReply(200, { requests: this.requests() });
      case 'GET /config':
        return jsonReply(200, this.shownConfig());
      case 'POST /config':
        this.configure(JSON.parse(req.rawBody.toString('utf8') || '{}') as ConfigInput);
        return jsonReply(200, this.shownConfig());
      default:
        return this.providerControl(req);
    }
  }

  /** The provider's own control routes below `/_sandbox/<slug>` (wallets, jobs, logs); undefined = none. */
  protected async providerControl(_req: SandboxRequest): Promise<Reply | undefined> {
    return undefined;
  }
}
