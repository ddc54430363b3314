/** The real client (EnrichLayer catalog + undici) against an in-process sandbox on a fake clock. */
import { FakeClock } from '../../shared/clock';
import { createClient, type ClientOptions, type EnrichflowClient } from '../../shared/client';
import type { ProviderCatalog } from '../../shared/catalog/types';
import { enrichLayer } from '../../shared/providers/enrichLayer';
import { startSandbox, type ApiLogEntry, type EnrichLayerConfigInput, type Sandbox } from '../../sandbox/server';
import { FAST_RETRY, START } from './helpers';

export interface LayerEnv {
  sandbox: Sandbox;
  baseUrl: string;
  apiKey: string;
  client(opts?: Partial<ClientOptions>): EnrichflowClient;
  balance(): number;
  /** Requests the sandbox's EnrichLayer routes saw. */
  requestCount(): number;
  /** The sandbox's API logs (per-request cost breakdowns), newest last. */
  logs(): readonly ApiLogEntry[];
  close(): Promise<void>;
}

export async function startLayerEnv(config: EnrichLayerConfigInput = {}, catalog: ProviderCatalog = enrichLayer): Promise<LayerEnv> {
  const clock = new FakeClock(START);
  const sandbox = await startSandbox({ port: 0, clock, enrichLayer: config });
  const el = sandbox.providers.enrichLayer;
  return {
    sandbox,
    baseUrl: el.baseUrl,
    apiKey: el.apiKey,
    client: (opts = {}) => createClient({ provider: catalog, apiKey: el.apiKey, baseUrl: el.baseUrl, retry: FAST_RETRY, ...opts }),
    balance: () => el.wallet().balance,
    requestCount: () => el.requests().length,
    logs: () => el.apiLogs(),
    close: () => sandbox.close(),
  };
}
