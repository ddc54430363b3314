/**
 * The README's first command: a real Enrich.so pipeline against the sandbox, no API key needed.
 *   1. find emails for a list of leads (single calls, budget-guarded, cached),
 *   2. validate 1,000 emails as one batch finished by webhook, with a progress bar,
 *   3. print what it cost: estimated, reserved, settled, refunded, balance before/after —
 *      and check the settled total against the sandbox wallet's own change.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CallbackHub,
  callbackUrl,
  createCallbackToken,
  createClient,
  enrichSoCatalog,
  MemoryStore,
  registerCallback,
  runBatch,
} from './lib';
import { startSandbox } from '../sandbox/server';
import { leads, validationEmails } from './data';
import { ProgressBar } from './progress';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, seed: 7, enrichSo: { itemsPerSecond: 300 } });
  const { baseUrl, apiKey } = sandbox.providers.enrichSo;
  const store = new MemoryStore();
  const client = createClient({ provider: enrichSoCatalog, apiKey, baseUrl, store, budget: 5000 });
  // With the client, the hub confirms a completion with the API before it wakes the run (callbacks are hints).
  const hub = new CallbackHub(enrichSoCatalog, store, client);
  let itemEvents = 0;
  let bar: ProgressBar | undefined;

  // The callback receiver a real deployment would expose publicly (n8n / Zapier do this for you).
  const receiver = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const outcome = await hub.deliver({ payload: await readJson(req), ref: url.searchParams.get('ref') ?? '', token: url.searchParams.get('token') ?? '' });
      // Each per-result callback moves the bar; polling only confirms the end.
      if (outcome.status === 'accepted' && outcome.event.type === 'batch.item') bar?.update(++itemEvents, 'processing');
      res.writeHead(outcome.status === 'rejected' ? 401 : 200).end();
    } catch {
      res.writeHead(400).end();
    }
  });
  const receiverPort = await listen(receiver);

  try {
    console.log(`Enrichflow demo — Enrich.so sandbox at ${baseUrl}\n`);
    const before = (await client.balance()) ?? 0;

    console.log(`1. Find emails for ${leads.length} leads (10 credits per email found, nothing when not found)`);
    const found = await client.runEach(leads, (lead) => client.call<{ found: boolean; email?: string; confidence?: string }>('emailFinder.find', lead));
    for (const outcome of found) {
      const lead = leads[outcome.index];
      const who = `${lead.firstName} ${lead.lastName} @ ${lead.domain}`.padEnd(34);
      if (!outcome.ok) console.log(`   ${who} error: ${outcome.error.message}`);
      else if (!outcome.value.data.found) console.log(`   ${who} not found                       (0 credits)`);
      else {
        const cost = outcome.value.credits.fromCache ? 'from cache, 0 credits' : `${outcome.value.credits.charged} credits`;
        console.log(`   ${who} ${String(outcome.value.data.email).padEnd(30)} (${cost})`);
      }
    }

    console.log(`\n2. Validate ${validationEmails.length} emails as one batch, finished by webhook`);
    const ref = `demo-${Date.now()}`;
    const token = createCallbackToken();
    await registerCallback(store, { provider: enrichSoCatalog.id, batch: 'emailValidation', ref, token });
    bar = new ProgressBar(validationEmails.length);
    const run = await runBatch(client, 'emailValidation', validationEmails, {
      wait: 'webhook',
      callback: { url: callbackUrl(`http://127.0.0.1:${receiverPort}/callbacks/enrich-so`, ref, token) },
      waitForCallback: (jobId, signal) => hub.waitForCompletion(jobId, signal),
      pollIntervalMs: 1000,
      onProgress: (p) => bar?.update(Math.max(itemEvents, p.processed ?? 0), p.status),
    });
    bar.update(validationEmails.length, 'completed');
    bar.done();
    const tally: Record<string, number> = {};
    let errors = 0;
    for (const o of run.outcomes) {
      if (!o.ok) errors++;
      else {
        const verdict = String((o.value as { result?: string }).result ?? 'unknown');
        tally[verdict] = (tally[verdict] ?? 0) + 1;
      }
    }
    console.log(`   job ${run.jobs.map((j) => j.jobId).join(', ')}: ${Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', ')}${errors ? `, ${errors} errors` : ''}`);
    console.log(`   ${itemEvents} per-result callbacks received, completion callback received and confirmed with the API`);

    const after = (await client.balance()) ?? 0;
    const s = client.summary();
    const walletChange = Math.round((before - after) * 1e6) / 1e6;
    console.log('\n3. Credits');
    console.log(`   estimated before calls   ${s.estimated}`);
    console.log(`   reserved by the batch    ${s.reserved}`);
    console.log(`   refunded at settlement   ${s.refunded}`);
    console.log(`   settled (charged) total  ${s.charged}`);
    console.log(`   balance before → after   ${before} → ${after}  (wallet change ${walletChange})`);
    if (walletChange !== s.charged) {
      console.error(`\nMISMATCH: the ledger says ${s.charged} credits were charged but the wallet changed by ${walletChange}.`);
      process.exitCode = 1;
    } else {
      console.log('   ✓ the settled total equals the sandbox wallet change');
    }
  } finally {
    receiver.close();
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
