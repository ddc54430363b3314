/**
 * One core client per Zapier run, wired to the platform: z.request as transport, z.cache as the
 * shared store, a clock that respects the 30 s step. Retries are kept short for the same reason;
 * a longer wait becomes a ThrottledError and Zapier re-runs the step later.
 */
import {
  type BudgetGuard,
  checkedBaseUrl,
  CREDENTIAL_SETTING_KEYS,
  createClient,
  credentialSettings,
  ValidationError,
  type EnrichflowClient,
  type ProviderCatalog,
  type SpendLimiter,
  type Store,
} from '../../shared';
import { spendLimiterFor } from './spend';
import { StepClock } from './step-clock';
import { ZapierCacheStore } from './store';
import { ZapierTransport } from './transport';
import type { Z, ZBundle } from './zapier';

export interface RunContext {
  client: EnrichflowClient;
  clock: StepClock;
  catalog: ProviderCatalog;
  store: Store;
  /** The connection's spend limits (and the spend report's rows), in z.cache. */
  spend: SpendLimiter;
  apiKey: string;
}

export const AUTH_FIELDS = CREDENTIAL_SETTING_KEYS;

export function runContext(
  z: Z,
  bundle: ZBundle,
  catalog: ProviderCatalog,
  opts: { budget?: number; budgetGuard?: BudgetGuard; stepBudgetMs?: number; clock?: StepClock } = {},
): RunContext {
  // Several clients of one step (a waterfall) share its clock and its budget.
  const clock = opts.clock ?? new StepClock(opts.stepBudgetMs);
  const settings = credentialSettings(catalog, bundle.authData as Record<string, unknown> | undefined);
  const apiKey = apiKeyOf(bundle, catalog);
  const store = new ZapierCacheStore(z, clock);
  const spend = spendLimiterFor(bundle, catalog, store, clock, apiKey);
  const client = createClient({
    provider: catalog,
    apiKey,
    baseUrl: baseUrlOf(bundle, catalog),
    allowInsecureHttp: settings.allowInsecureHttp,
    plan: settings.plan,
    requestRate: settings.requestRate,
    credential: settings.credential,
    readings: settings.readings,
    transport: new ZapierTransport(z),
    store,
    spend,
    clock,
    budget: opts.budget,
    budgetGuard: opts.budgetGuard,
    retry: { retries: 2, baseDelayMs: 500, maxDelayMs: 4000 },
    timeoutMs: 20_000,
    headers: { 'user-agent': 'enrichflow-zapier' },
  });
  return { client, clock, catalog, store, spend, apiKey };
}

function apiKeyOf(bundle: ZBundle, catalog: ProviderCatalog): string {
  const key = String(bundle.authData?.[AUTH_FIELDS.apiKey] ?? '').trim();
  if (!key) {
    throw new ValidationError(
      `${catalog.displayName}: the connection has no API key — reconnect the account.`,
      [{ field: AUTH_FIELDS.apiKey, rule: 'required' }],
      {
        provider: catalog.id,
      },
    );
  }
  return key;
}

/** Empty → the real service. Anything else must be an https URL (http on loopback — the sandbox — or with "Allow Insecure HTTP"). */
export function baseUrlOf(bundle: ZBundle, catalog: ProviderCatalog): string {
  const raw = String(bundle.authData?.[AUTH_FIELDS.baseUrl] ?? '').trim();
  if (!raw) return catalog.baseUrl;
  return checkedBaseUrl(catalog.displayName, raw, {
    allowInsecureHttp: credentialSettings(catalog, bundle.authData as Record<string, unknown>).allowInsecureHttp,
    example: catalog.baseUrl,
  });
}
