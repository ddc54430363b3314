/**
 * Enrich.so: find emails for a list of leads (single calls, budget-guarded, cached), then
 * validate 1,000 emails as one batch finished by webhook, with a progress bar; the books
 * include the batch's reservation, settlement and refund.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallbackHub, callbackUrl, createCallbackToken, createClient, enrichSoCatalog, MemoryStore, registerCallback, runBatch } from './lib';
import { leads, validationEmails } from './data';
import { ProgressBar } from './progress';
import type { DemoSection } from './section';
import { say } from './section';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

export const enrichSoSection: DemoSection = {
  title: 'Enrich.so — find emails for leads, then validate 1,000 emails as one batch finished by webhook',
  async run(sandbox) {
    sandbox.providers.enrichSo.configure({ itemsPerSecond: 300 });
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
      const before = sandbox.providers.enrichSo.wallet().balance;
      say(`find emails for ${leads.length} leads (10 credits per email found, nothing when not found)`);
      const found = await client.runEach(leads, (lead) => client.call<{ found: boolean; email?: string }>('emailFinder.find', lead));
      for (const outcome of found) {
        const lead = leads[outcome.index]!;
        const who = `${lead.firstName} ${lead.lastName} @ ${lead.domain}`.padEnd(34);
        if (!outcome.ok) say(`${who} error: ${outcome.error.message}`);
        else if (!outcome.value.data.found) say(`${who} not found                       (0 credits)`);
        else
          say(
            `${who} ${String(outcome.value.data.email).padEnd(30)} (${outcome.value.credits.fromCache ? 'from cache, 0 credits' : `${outcome.value.credits.charged} credits`})`,
          );
      }

      say(`validate ${validationEmails.length} emails as one batch, finished by webhook`);
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
      for (const o of run.outcomes) {
        const verdict = o.ok ? String((o.value as { result?: string }).result ?? 'unknown') : 'error';
        tally[verdict] = (tally[verdict] ?? 0) + 1;
      }
      say(
        `job ${run.jobs.map((j) => j.jobId).join(', ')}: ${Object.entries(tally)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}; ${itemEvents} per-result callbacks, completion confirmed with the API`,
      );
      const s = client.summary();
      say(`estimated ${s.estimated}, reserved ${s.reserved}, refunded at settlement ${s.refunded}, charged ${s.charged}`);
      return { charged: s.charged, walletChange: before - sandbox.providers.enrichSo.wallet().balance, unit: 'credits' };
    } finally {
      receiver.close();
    }
  },
};
