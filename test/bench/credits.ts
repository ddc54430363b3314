/**
 * 2. Credit efficiency: credits spent ÷ the fewest that answer every distinct record, on 1,000
 * email-finder lookups with 30% duplicates, 10% no-match (free) and 5% transient failures
 * (503 answered before processing). The core (dedupe cache, in-flight sharing) against a
 * plain client (one request per item, retrying the 503s once).
 */
import { request } from 'undici';
import { createClient } from '../../shared/client';
import { enrichSo } from '../../shared/providers/enrichSo';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { type Row, WIDE_LIMITS } from './common';

const FOUND_CREDITS = 10;

function workload(): { firstName: string; lastName: string; domain: string }[] {
  const unique = Array.from({ length: 700 }, (_, i) => ({
    firstName: `Ada${i}`,
    // 100 of the 1,000 lookups find nothing (the sandbox's "Nobody…" surnames).
    lastName: i < 70 ? `Nobody${i}` : `Lovelace${i}`,
    domain: `company${i}.io`,
  }));
  const duplicates = Array.from({ length: 300 }, (_, i) => unique[(i * 7) % 700]);
  const all = [...unique, ...duplicates];
  // A fixed shuffle so duplicates arrive interleaved with their first asks.
  for (let i = all.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

async function withSandbox<T>(fn: (s: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox({ port: 0, enrichSo: { rateLimits: { default: null, enrichment: null, bulkSubmit: null } } });
  // 5% transient failures: the next 50 lookups answer 503 (nothing charged).
  sandbox.faults.add({ provider: 'enrichSo', path: '/email-finder', kind: 'status', status: 503, times: 50 });
  try {
    return await fn(sandbox);
  } finally {
    await sandbox.close();
  }
}

export async function creditEfficiency(): Promise<Row[]> {
  const leads = workload();
  const distinctFound = new Set(leads.filter((l) => !l.lastName.startsWith('Nobody')).map((l) => JSON.stringify(l))).size;
  const minimum = distinctFound * FOUND_CREDITS;

  const core = await withSandbox(async (sandbox) => {
    const es = sandbox.providers.enrichSo;
    const before = es.wallet().balance;
    const client = createClient({
      provider: enrichSo,
      apiKey: es.apiKey,
      baseUrl: es.baseUrl,
      rateLimits: WIDE_LIMITS,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    const outcomes = await client.runEach(leads, (lead) => client.call('emailFinder.find', lead), { concurrency: 10 });
    // Items that failed (the 503s on a paid, not-retry-safe call) are asked again once: a rerun.
    const failed = outcomes.filter((o) => !o.ok).map((o) => leads[o.index]);
    await client.runEach(failed, (lead) => client.call('emailFinder.find', lead), { concurrency: 10 });
    return { spent: before - es.wallet().balance, ledger: client.summary().charged, failedFirst: failed.length };
  });

  const plain = await withSandbox(async (sandbox) => {
    const es = sandbox.providers.enrichSo;
    const before = es.wallet().balance;
    let next = 0;
    const ask = async (lead: object) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await request(`${es.baseUrl}/email-finder`, {
          method: 'POST',
          headers: { 'x-api-key': es.apiKey, 'content-type': 'application/json' },
          body: JSON.stringify(lead),
        });
        await res.body.text();
        if (res.statusCode < 500) return;
      }
    };
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < leads.length) await ask(leads[next++]);
      }),
    );
    return { spent: before - es.wallet().balance };
  });

  const group = '2. Credits spent ÷ minimum';
  return [
    {
      group,
      case: 'core (cache, in-flight sharing)',
      ratio: core.spent / minimum,
      target: '1.000',
      met: core.spent === minimum && core.ledger === core.spent,
      note: `${core.spent} of minimum ${minimum}; ledger ${core.ledger}; ${core.failedFirst} transient failures rerun`,
    },
    { group, case: 'baseline: plain client', ratio: plain.spent / minimum, target: 'baseline', met: undefined, note: `${plain.spent} credits` },
  ];
}
