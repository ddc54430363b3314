/**
 * 6. The waterfall: credits per email found for the same leads — cheapest first, a fixed order
 * (Enrich.so → SMARTe → EnrichLayer) and "call every provider" (what a workflow that asks all
 * three and keeps one answer pays) — and requests for 10,000 leads column by column (step 1 as
 * one batch job, many records per SMARTe request) against row by row.
 */
import type { Lead } from '../../shared/catalog/capabilities';
import { runWaterfall } from '../../shared/waterfall';
import { startWaterfallSandbox, waterfallClients, type WaterfallProvider } from '../integration/waterfall-helpers';
import type { Row } from './common';

/** The sandbox's rules: Enrich.so misses "Nobody…", SMARTe misses "nomatch…", EnrichLayer needs a LinkedIn URL. */
function leads(n: number): Lead[] {
  return Array.from({ length: n }, (_, i) => ({
    firstName: `Lead${i}`,
    lastName: i % 2 === 0 ? `Nobody${i}` : `Lee${i}`,
    domain: i % 3 === 0 ? `nomatch${i}.io` : `co${i}.io`,
    ...(i % 5 === 0 ? { linkedinUrl: `https://www.linkedin.com/in/lead-${i}` } : {}),
  }));
}

const ORDER: WaterfallProvider[] = ['enrichSo', 'smarte', 'enrichLayer'];

async function perHit(list: Lead[], order: 'cheapest' | 'given'): Promise<{ credits: number; found: number }> {
  const sandbox = await startWaterfallSandbox({ itemsPerSecond: 100_000 });
  try {
    const { summary } = await runWaterfall(list, { goal: 'workEmail', order, clients: waterfallClients(sandbox, ORDER), batch: { pollIntervalMs: 20 } });
    return { credits: summary.credits, found: summary.found };
  } finally {
    await sandbox.close();
  }
}

/** Every provider asked about every lead it can take: the credits of all, the leads any found. */
async function everyProvider(list: Lead[]): Promise<{ credits: number; found: number }> {
  const sandbox = await startWaterfallSandbox({ itemsPerSecond: 100_000 });
  try {
    let spent = 0;
    const found = new Set<number>();
    for (const provider of ORDER) {
      const { outcomes, summary } = await runWaterfall(list, {
        goal: 'workEmail',
        clients: waterfallClients(sandbox, [provider]),
        batch: { pollIntervalMs: 20 },
      });
      spent += summary.credits;
      for (const o of outcomes) if (o.ok && o.value.found) found.add(o.index);
    }
    return { credits: spent, found: found.size };
  } finally {
    await sandbox.close();
  }
}

async function requests(list: Lead[], mode: 'columns' | 'rows'): Promise<number> {
  const sandbox = await startWaterfallSandbox({ itemsPerSecond: 100_000 });
  try {
    await runWaterfall(list, {
      goal: 'workEmail',
      order: 'given',
      mode,
      clients: waterfallClients(sandbox, ORDER),
      batch: { pollIntervalMs: 20 },
      concurrency: 8,
    });
    const p = sandbox.providers;
    return p.enrichSo.requests().length + p.smarte.requests().length + p.enrichLayer.requests().length;
  } finally {
    await sandbox.close();
  }
}

export async function waterfall(): Promise<Row[]> {
  const group = '6. Waterfall';
  const list = leads(1_000);
  const cheapest = await perHit(list, 'cheapest');
  const fixed = await perHit(list, 'given');
  const all = await everyProvider(list);
  const ratio = (r: { credits: number; found: number }) => r.credits / r.found;
  const rows: Row[] = [
    {
      group,
      case: 'credits per email found, cheapest first (1,000 leads)',
      ratio: ratio(cheapest),
      target: '≤ fixed order',
      met: ratio(cheapest) <= ratio(fixed),
      note: `${cheapest.credits} credits, ${cheapest.found} found`,
    },
    {
      group,
      case: 'credits per email found, fixed order Enrich.so → SMARTe → EnrichLayer',
      ratio: ratio(fixed),
      target: 'baseline',
      met: undefined,
      note: `${fixed.credits} credits, ${fixed.found} found`,
    },
    {
      group,
      case: 'credits per email found, call every provider',
      ratio: ratio(all),
      target: 'baseline',
      met: undefined,
      note: `${all.credits} credits, ${all.found} found (the same leads: ${all.found === cheapest.found ? 'yes' : '**no**'})`,
    },
  ];
  const big = leads(10_000);
  const columns = await requests(big, 'columns');
  const rowByRow = await requests(big, 'rows');
  rows.push(
    {
      group,
      case: 'requests for 10,000 leads, column by column',
      ratio: columns,
      target: '< row by row',
      met: columns < rowByRow,
      note: 'step 1 one Enrich.so batch job; SMARTe 25 records a request',
    },
    {
      group,
      case: 'requests for 10,000 leads, row by row',
      ratio: rowByRow,
      target: 'baseline',
      met: undefined,
      note: `${(rowByRow / columns).toFixed(1)}× the column-by-column requests`,
    },
  );
  return rows;
}
