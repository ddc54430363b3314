/**
 * A child process of the memory benchmark, so its peak RSS is the client's alone (the sandbox
 * runs in the parent): `read <jobId>` reads a whole batch result; `submit <count>[:all]` submits
 * a validation batch of `count` emails (`:all`: with every provider's catalog loaded); `run
 * <count>` runs that many to their results through runBatch as the n8n node does; `input
 * <count>` only builds those emails beside the same client (what the list itself costs; 0: the
 * client alone); `icl <rows>` runs an influencers.club CSV batch job to its results; `smarte
 * <records>` enriches that many SMARTe person records; `calls <provider> <count>` makes that many
 * free calls through one client (what each call leaves behind: ledger, schedule, store).
 */
import { fetchBatchResults, runBatch, startBatch } from '../../shared/batch';
import { createClient } from '../../shared/client';
import { fastClock, WIDE, WIDE_LIMITS } from './common';

// Each step loads only its provider's catalog, as that provider's n8n package ships the core
// (n8n-nodes-enrichflow-<provider>: the bundler leaves the other four out).
const catalogs = {
  enrichSo: async () => (await import('../../shared/providers/enrichSo')).enrichSo,
  influencersClub: async () => (await import('../../shared/providers/influencersClub')).influencersClub,
  smarte: async () => (await import('../../shared/providers/smarte')).smarte,
  leadfeeder: async () => (await import('../../shared/providers/leadfeeder')).leadfeeder,
  enrichLayer: async () => (await import('../../shared/providers/enrichLayer')).enrichLayer,
};

/**
 * The emails as a real list arrives: parsed from JSON (n8n items, a webhook, a file), each a flat
 * string. A template literal would build each as a chain of pieces that V8 flattens into a
 * second copy the first time it is read — memory no user's list costs.
 */
const emailsOf = (count: number) => Array.from({ length: count }, (_, i) => JSON.parse(`"bulk.${i}@acme.com"`) as string);

async function work(mode: string, arg: string): Promise<string> {
  const env = process.env;
  const enrichSoClient = async () =>
    createClient({ provider: await catalogs.enrichSo(), apiKey: env.BENCH_API_KEY, baseUrl: env.BENCH_BASE_URL, rateLimits: WIDE_LIMITS, timeoutMs: 300_000 });
  switch (mode) {
    case 'read': {
      const read = await fetchBatchResults(await enrichSoClient(), 'emailValidation', arg);
      return `${read.results.length} rows`;
    }
    case 'input': {
      // What the submit stands on: the same client, the same list, nothing sent (0 emails: the client alone).
      const client = await enrichSoClient();
      return `${emailsOf(Number(arg)).length} emails built beside the ${client.provider.displayName} client, nothing sent`;
    }
    case 'submit': {
      // `<count>:all`: every catalog loaded too, as the all-in-one n8n package and the Zapier bundle ship the core.
      const [count, loaded] = arg.split(':');
      if (loaded === 'all') await Promise.all(Object.values(catalogs).map((load) => load()));
      const client = await enrichSoClient();
      const emails = emailsOf(Number(count));
      const started = await startBatch(client, 'emailValidation', emails);
      return `${started.jobs.length} job(s), ${emails.length} emails${loaded === 'all' ? '; all five catalogs loaded' : ''}`;
    }
    case 'run': {
      // The n8n node's "Wait for Completion → Poll" (nodes/adapter/batch.ts waitByPolling): runBatch
      // with the node's default options, to every item's outcome. The sandbox's clock, sped up here too.
      const clock = fastClock(Number(env.BENCH_CLOCK_START), Number(env.BENCH_CLOCK_FACTOR));
      const client = createClient({
        provider: await catalogs.enrichSo(),
        apiKey: env.BENCH_API_KEY,
        baseUrl: env.BENCH_BASE_URL,
        clock,
        rateLimits: WIDE_LIMITS,
        timeoutMs: 300_000,
      });
      const emails = emailsOf(Number(arg));
      const spec = client.provider.batches.find((b) => b.name === 'emailValidation')!;
      const run = await runBatch(client, 'emailValidation', emails, {
        wait: 'poll',
        releaseUnknownSubmit: false,
        pollIntervalMs: 5000,
        maxPollIntervalMs: spec.maxPollIntervalMs,
        maxWaitMs: 60 * 60_000,
        autoResume: false,
        dropDuplicates: false,
      });
      const ok = run.outcomes.filter((o) => o.ok).length;
      return `${run.jobs.length} job(s), ${ok} of ${emails.length} emails answered, ${run.credits.charged} credits`;
    }
    case 'icl': {
      // The sandbox's clock, sped up the same way here: the 30–60 s polls pass in milliseconds.
      const clock = fastClock(Number(env.BENCH_CLOCK_START), Number(env.BENCH_CLOCK_FACTOR));
      const client = createClient({
        provider: await catalogs.influencersClub(),
        apiKey: env.BENCH_ICL_KEY,
        baseUrl: env.BENCH_ICL_URL,
        clock,
        rateLimits: { default: WIDE },
        timeoutMs: 300_000,
      });
      const rows = Array.from({ length: Number(arg) }, (_, i) => ({ handle: `creator_${i}`, platform: 'instagram' }));
      const run = await runBatch(client, 'handlesRaw', rows, { maxWaitMs: 24 * 3600_000 });
      const ok = run.outcomes.filter((o) => o.ok).length;
      return `${run.jobs.length} CSV job(s), ${ok} of ${rows.length} rows enriched, ${run.credits.charged} credits`;
    }
    case 'smarte': {
      const client = createClient({
        provider: await catalogs.smarte(),
        apiKey: env.BENCH_SMARTE_KEY,
        baseUrl: env.BENCH_SMARTE_URL,
        rateLimits: { default: WIDE },
        timeoutMs: 300_000,
      });
      const people = Array.from({ length: Number(arg) }, (_, i) => ({ recordId: `crm-${i + 1}`, email: `person${i + 1}@acme.io` }));
      const outcomes = await client.callRecords('person.enrich', people);
      return `${outcomes.filter((o) => o.ok).length} of ${people.length} records enriched, ${client.summary().calls} request(s)`;
    }
    case 'calls': {
      const [provider, count] = arg.split(':');
      const catalog = await (provider === 'leadfeeder' ? catalogs.leadfeeder() : catalogs.enrichLayer());
      const wide = { default: WIDE, ...Object.fromEntries(catalog.operations.map((o) => [o.rateBucket ?? 'default', WIDE])) };
      const client =
        provider === 'leadfeeder'
          ? createClient({
              provider: catalog,
              apiKey: env.BENCH_LF_KEY,
              baseUrl: env.BENCH_LF_URL,
              credential: { accountId: env.BENCH_LF_ACCOUNT ?? '' },
              rateLimits: wide,
            })
          : createClient({ provider: catalog, apiKey: env.BENCH_EL_KEY, baseUrl: env.BENCH_EL_URL, rateLimits: wide });
      const op = provider === 'leadfeeder' ? 'account.get' : 'meta.getCreditBalance';
      for (let i = 0; i < Number(count); i++) await client.call(op, {}, { noCache: true });
      return `${client.summary().calls} calls of ${op} through one client`;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  const detail = await work(mode, arg);
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, detail }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
