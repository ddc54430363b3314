/**
 * The money promises through both adapters, sampled (the core's property test covers every
 * operation in every world; test/integration/money-properties.test.ts): for a fast-check sample
 * of each provider's operations, with inputs generated from the catalog's field lists, two items
 * (the second a duplicate of the first) run
 *  - through n8n's engine (the node, Credit Budget B, Continue On Fail): the wallet moves by at
 *    most B, and Σ `_credits.charged` over the output items is exactly what it moved;
 *  - through Zapier (createAppTester, Max Credits B): the same, summed over `enrichflow` credits
 *    (a failed step says in its message what the provider charged for it).
 * In a quarter of the cases the first answer is garbled on the way (the provider processed and
 * charged it): its charge, read from the balance, is on the item it belongs to — where the
 * provider has no balance to read, the wallet lies between the items and the items plus the estimate.
 * A call that reserves credits for a job shows the reservation in the run's summary, not on its
 * item (charged 0 until the job settles): for those only the budget is checked here; the core's
 * property holds their books to the wallet.
 * ENRICHFLOW_PROPERTY_RUNS raises the number of operations sampled per provider.
 */
import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import type { OperationSpec } from '../../shared/catalog/types';
import { describeInputFields } from '../../shared/catalog/fields';
import { credentialName } from '../../nodes/adapter/names';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { planOperation } from '../../nodes/adapter/operations';
import { MAX_CREDITS_KEY } from '../../zapier-app/lib/fields';
import { actionKey } from '../../zapier-app/lib/operations';
import { inputsFor } from '../integration/money-properties/inputs';
import { OPEN } from '../integration/money-properties/open';
import { startWorld, worlds, type WorldEnv } from '../integration/money-properties/worlds';
import { appFor, testerFor } from '../zapier/helpers';
import { itemsInto, output, PACKAGE, runWorkflow } from './harness';

const OPS_PER_PROVIDER = Number(process.env.ENRICHFLOW_PROPERTY_RUNS ?? 2) * 3;
const SEED = Number(process.env.ENRICHFLOW_PROPERTY_SEED ?? 17);
const EPS = 1e-6;
const round = (n: number) => Math.round(n * 1e6) / 1e6;

const defaults = worlds.filter((w, i) => worlds.findIndex((x) => x.provider === w.provider) === i);

interface Case {
  op: OperationSpec;
  input: Record<string, unknown>;
  limit: number;
  budgetShare: number;
  lose: boolean;
}

function casesFor(world: (typeof worlds)[number]): Case[] {
  // Batches wait for jobs and files are not credits: the core's properties cover their money.
  const ops = world.catalog.operations.filter((op) => !['batch', 'download'].includes(planOperation(world.catalog, op).mode));
  return fc.sample(
    fc.constantFrom(...ops).chain((op) =>
      fc.record({
        op: fc.constant(op),
        input: inputsFor(world.provider, op),
        limit: fc.integer({ min: 1, max: 60 }),
        budgetShare: fc.double({ min: 0, max: 1.3, noNaN: true }),
        lose: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      }),
    ),
    { numRuns: OPS_PER_PROVIDER, seed: SEED },
  );
}

function n8nParameters(world: (typeof worlds)[number], c: Case, budget: number): INodeParameters {
  const plan = planOperation(world.catalog, c.op);
  const params: INodeParameters = { resource: c.op.resource, operation: c.op.operation, returnAll: false, limit: c.limit, options: { creditBudget: budget } };
  const additional: IDataObject = {};
  for (const f of plan.fields) {
    if (!(f.name in c.input)) continue;
    const v = c.input[f.name];
    const value = f.type === 'json' ? JSON.stringify(v) : f.type === 'stringList' && Array.isArray(v) ? v.join(', ') : (v as IDataObject[string]);
    if (f.required) params[f.name] = value as INodeParameters[string];
    else additional[f.name] = value;
  }
  params[ADDITIONAL_FIELDS] = additional as INodeParameters;
  return params;
}

function zapierInput(op: OperationSpec, input: Record<string, unknown>, budget: number): Record<string, unknown> {
  const types = new Map(describeInputFields(op.input).map((d) => [d.name, d.type]));
  const fields = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, types.get(k) === 'json' ? JSON.stringify(v) : v]));
  return { ...fields, [MAX_CREDITS_KEY]: budget };
}

function credentialsFor(env: WorldEnv): Record<string, Record<string, string | number>> {
  const p = env.sandbox.providers[env.world.provider as keyof WorldEnv['sandbox']['providers']] as { apiKey: string; baseUrl: string; accountId?: string };
  // The fastest plan and request rate the credential offers: the sandbox plays no rate limits here.
  const settings = {
    ...(p.accountId ? { accountId: p.accountId } : {}),
    ...(env.world.catalog.plans ? { plan: 'enterprise' } : {}),
    ...(env.world.catalog.rateSetting ? { requestRate: 1_000_000 } : {}),
  };
  return { [credentialName(env.world.catalog)]: { apiKey: p.apiKey, baseUrl: p.baseUrl, ...settings } };
}

async function estimateOf(env: WorldEnv, c: Case): Promise<number | undefined> {
  const client = env.client();
  try {
    const one = c.op.pagination
      ? (await client.quoteWalk(c.op.key, c.input, { limit: c.limit, pageSize: c.op.pagination.maxPageSize })).credits
      : await client.estimate(c.op.key, c.input);
    return one * 2;
  } catch {
    return undefined;
  }
}

describe.each(defaults.map((w) => [w.provider, w] as const))('%s through n8n and Zapier', (_provider, world) => {
  test(
    'a budget holds and the items’ credits sum to the wallet change',
    async () => {
      const env = await startWorld(world);
      const failures: string[] = [];
      const app = appFor(world.catalog);
      const zapier = testerFor(app);
      const credentials = credentialsFor(env);
      const creds = credentials[credentialName(world.catalog)]!;
      let ran = 0;
      try {
        for (const c of casesFor(world)) {
          const estimate = await estimateOf(env, c);
          if (estimate === undefined) continue;
          const budget = Math.floor(estimate * c.budgetShare * 100) / 100;
          ran++;

          const garble = () => {
            if (c.lose) env.sandbox.faults.add({ method: c.op.method, path: env.pathOf(c.op.path), kind: 'malformed' });
          };
          // Exact where a lost answer's charge can be read from the balance; else bounded by the estimate.
          const sumsTo = (onItems: number, spent: number) =>
            !c.lose || env.world.catalog.balance ? Math.abs(onItems - spent) <= EPS : onItems - EPS <= spent && spent <= onItems + estimate + EPS;
          garble();
          const before = env.wallet();
          const { run } = await runWorkflow(
            itemsInto(
              [{ n: 1 }, { n: 2 }],
              {
                parameters: n8nParameters(world, c, budget),
                onError: 'continueRegularOutput',
                credentials: { [credentialName(world.catalog)]: { id: '1', name: 'sandbox' } },
              },
              `${PACKAGE}.${world.catalog.id}`,
            ),
            { credentials },
          );
          env.sandbox.faults.clear();
          const spent = round(before - env.wallet());
          const items = run.data.resultData.error ? [] : output(run, 'Enrich');
          const onItems = round(items.reduce((s, i) => s + Number((i.json._credits as IDataObject | undefined)?.charged ?? 0), 0));
          if (spent > budget + EPS) failures.push(`n8n ${c.op.key}: spent ${spent} over budget ${budget}`);
          const perItem = !c.op.reserves && !OPEN[`${world.provider}:${c.op.key}`];
          if (perItem && !sumsTo(onItems, spent))
            failures.push(`n8n ${c.op.key}: items say ${onItems}, wallet ${spent}${c.lose ? ', first answer lost' : ''} — ${JSON.stringify(c.input)}`);

          const key = actionKey(c.op.key);
          const action = app.searches[key] ?? app.creates[key];
          if (!action) continue;
          garble();
          const zBefore = env.wallet();
          let zCredits = 0;
          const chargedIn = (message: string) => Number(/the provider charged ([\d.]+) credit\(s\) for this request/.exec(message)?.[1] ?? 0);
          for (let n = 0; n < 2; n++) {
            const answer = await zapier(action.operation.perform, {
              authData: creds,
              inputData: zapierInput(c.op, c.input, budget),
              meta: { isLoadingSample: false, isTestingAuth: false },
            }).catch((error: Error) => {
              zCredits += chargedIn(error.message);
              return [];
            });
            for (const record of Array.isArray(answer) ? answer : [answer])
              zCredits += Number((record as { enrichflow?: { creditsCharged?: number } })?.enrichflow?.creditsCharged ?? 0);
          }
          env.sandbox.faults.clear();
          const zSpent = round(zBefore - env.wallet());
          // Max Credits is per step: two steps may spend it twice.
          if (zSpent > 2 * budget + EPS) failures.push(`Zapier ${c.op.key}: spent ${zSpent} over 2 × Max Credits ${budget}`);
          if (perItem && !sumsTo(round(zCredits), zSpent))
            failures.push(
              `Zapier ${c.op.key}: records say ${round(zCredits)}, wallet ${zSpent}${c.lose ? ', first answer lost' : ''} — ${JSON.stringify(c.input)}`,
            );
        }
      } finally {
        await env.close();
      }
      process.stdout.write(`${world.provider}: ${ran} sampled operation cases through n8n and Zapier, ${failures.length} violations\n`);
      expect(failures).toEqual([]);
    },
    Math.max(120_000, OPS_PER_PROVIDER * 15_000),
  ); // a larger search takes longer
});
