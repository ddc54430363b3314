/**
 * The SMARTe node run by n8n's WorkflowExecute against the SMARTe sandbox: many items go out as
 * few requests, every item gets its own answer (paired to it) whatever order SMARTe answers in,
 * audit runs are free, and the items' credits add up to the wallet.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { SmarteApi } from '../../credentials/SmarteApi.credentials';
import { Smarte } from '../../nodes/Smarte/Smarte.node';
import { ADDITIONAL_FIELDS } from '../../nodes/adapter/fields';
import { OPTIONS } from '../../nodes/adapter/description';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { itemsInto, output, PACKAGE, runWorkflow } from './harness';

let sandbox: Sandbox;
let credentials: { smarteApi: { apiKey: string; baseUrl: string; requestRate: number } };

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, smarte: { rateLimit: null } });
  // The contract's request rate, set in the credential (the default, 10 a minute, would make this suite slow).
  credentials = { smarteApi: { apiKey: sandbox.providers.smarte.apiKey, baseUrl: sandbox.providers.smarte.baseUrl, requestRate: 60_000 } };
});
afterEach(() => sandbox.close());

const smarte = () => sandbox.providers.smarte;
const sent = () => smarte().requests().length;
const credits = (item: { json: IDataObject }) => (item.json._credits as IDataObject | undefined)?.charged as number | undefined;

/** The SMARTe node on `operation` of `resource`, each field an expression over the incoming item. */
function workflow(
  items: IDataObject[],
  resource: string,
  fields: INodeParameters,
  opts: { continueOnFail?: boolean; budget?: number; auditOnly?: boolean } = {},
) {
  return itemsInto(
    items,
    {
      name: 'SMARTe',
      parameters: {
        resource,
        operation: 'enrich',
        auditOnly: opts.auditOnly ?? false,
        [ADDITIONAL_FIELDS]: fields,
        ...(opts.budget !== undefined ? { [OPTIONS]: { creditBudget: opts.budget } } : {}),
      },
      credentials: { smarteApi: { id: '2', name: 'SMARTe sandbox' } },
      ...(opts.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
    },
    `${PACKAGE}.smarte`,
  );
}

describe('the SMARTe node in n8n', () => {
  it('offers Audit Only beside every enrichment operation, not under Additional Fields, and can be used as an AI tool', () => {
    const { description } = new Smarte();
    expect(description.usableAsTool).toBe(true);
    const audit = description.properties.filter((p) => p.name === 'auditOnly');
    expect(audit.map((p) => p.displayOptions?.show?.resource?.[0]).sort()).toEqual(['company', 'email', 'funding', 'mobile', 'person', 'technographics']);
    for (const p of audit) expect(p).toMatchObject({ type: 'boolean', default: false });
  });

  it.each([
    ['person', { email: 'jane.doe@acme.io' }, 'currentExperience'],
    ['company', { companyWebsite: 'acme.io' }, 'companyIndustry'],
    ['email', { fullName: 'Jane Doe', companyName: 'Acme' }, 'email'],
    ['mobile', { firstName: 'Jane', lastName: 'Doe', companyWebsite: 'acme.io' }, 'mobileNumber'],
    ['funding', { companyName: 'Acme' }, 'lastFundingRound'],
    ['technographics', { companyWebsite: 'acme.io', vendor: 'Salesforce' }, 'vendorName'],
  ])('%s: one item in, one enriched item out with its transaction id and the 1 credit SMARTe reported', async (resource, fields, field) => {
    const before = smarte().wallet().balance;
    const { run } = await runWorkflow(workflow([{ n: 1 }], resource, fields), { credentials });
    expect(run.data.resultData.error).toBeUndefined();
    const [item, ...rest] = output(run, 'SMARTe');
    expect(rest).toEqual([]);
    expect(item!.json[field]).toBeTruthy();
    expect(item!.json.smarteTransactionId).toMatch(/^stx_/);
    // The run lists its transaction ids in one place, ready to quote to SMARTe support.
    const hints = run.data.resultData.runData.SMARTe![0]!.hints ?? [];
    expect(hints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: `SMARTe transaction ids of this run (quote them to SMARTe support): ${item!.json.smarteTransactionId}` }),
      ]),
    );
    expect(item!.pairedItem).toEqual({ item: 0 });
    expect(credits(item!)).toBe(1);
    expect(before - smarte().wallet().balance).toBe(1);
  });

  it('500 CRM contacts go out as 20 requests and come back as 500 items in input order, each its own, even when SMARTe shuffles its answers', async () => {
    smarte().configure({ shuffleAnswers: true });
    const before = smarte().wallet().balance;
    const contacts = Array.from({ length: 500 }, (_, i) => ({ id: `crm-${i + 1}`, email: i % 5 === 4 ? `nomatch${i}@acme.io` : `person${i}@acme.io` }));
    const { run } = await runWorkflow(workflow(contacts, 'person', { recordId: '={{ $json.id }}', email: '={{ $json.email }}' }), { credentials });
    expect(run.data.resultData.error).toBeUndefined();
    const items = output(run, 'SMARTe');
    expect(sent()).toBe(20);
    expect(items).toHaveLength(500);
    items.forEach((item, i) => {
      expect(item.pairedItem).toEqual({ item: i });
      expect(item.json.recordId).toBe(`crm-${i + 1}`);
      expect(credits(item)).toBe(i % 5 === 4 ? 0 : 1);
      if (i % 5 !== 4) expect((item.json.currentExperience as IDataObject[])[0]!.email).toBe(contacts[i]!.email);
      else expect(item.json.enrichmentStatus).toBe('No Match');
    });
    const spent = before - smarte().wallet().balance;
    expect(spent).toBe(400);
    expect(items.reduce((sum, item) => sum + (credits(item) ?? 0), 0)).toBe(spent);
  });

  it('an audit-only run tells which contacts would match and spends nothing', async () => {
    const before = smarte().wallet().balance;
    const contacts = [{ email: 'jane@acme.io' }, { email: 'nomatch@acme.io' }];
    const { run } = await runWorkflow(workflow(contacts, 'person', { email: '={{ $json.email }}' }, { auditOnly: true }), { credentials });
    const items = output(run, 'SMARTe');
    expect(items.map((i) => [i.json.enrichmentStatus, credits(i)])).toEqual([
      ['Active', 0],
      ['No Match', 0],
    ]);
    expect(smarte().wallet().balance).toBe(before);
  });

  it('a contact without enough identifiers fails alone with Continue On Fail, and stops the node before anything is sent without it', async () => {
    const contacts = [{ email: 'jane@acme.io' }, { fullName: 'John Roe' }];
    const fields = { email: '={{ $json.email }}', fullName: '={{ $json.fullName }}' };
    const { run } = await runWorkflow(workflow(contacts, 'person', fields, { continueOnFail: true }), { credentials });
    const items = output(run, 'SMARTe');
    expect(items[0]!.json.smarteTransactionId).toBeTruthy();
    expect(items[1]).toMatchObject({ pairedItem: { item: 1 }, json: { details: { kind: 'validation', field: 'companyName' } } });
    expect(String(items[1]!.json.error)).toContain('fullName needs companyName or companyWebsite');
    expect(sent()).toBe(1);

    const strict = await runWorkflow(workflow(contacts, 'person', fields), { credentials });
    expect(strict.run.data.resultData.error?.message).toContain('fullName needs companyName or companyWebsite');
    expect(sent()).toBe(1);
  });

  it('a credit budget of 5 enriches the first five of eight contacts and marks the other three as over budget', async () => {
    const before = smarte().wallet().balance;
    const contacts = Array.from({ length: 8 }, (_, i) => ({ email: `p${i}@acme.io` }));
    const { run } = await runWorkflow(workflow(contacts, 'person', { email: '={{ $json.email }}' }, { continueOnFail: true, budget: 5 }), { credentials });
    const items = output(run, 'SMARTe');
    expect(items.map((i) => (i.json.error ? (i.json.details as IDataObject).kind : credits(i)))).toEqual([
      1,
      1,
      1,
      1,
      1,
      'budget_exceeded',
      'budget_exceeded',
      'budget_exceeded',
    ]);
    expect(before - smarte().wallet().balance).toBe(5);
  });

  it("the credential's test request is an audit-only check the sandbox accepts without charging", async () => {
    const before = smarte().wallet().balance;
    const test = new SmarteApi().test.request;
    const url = new URL(`${sandbox.providers.smarte.baseUrl}${test.url}`);
    for (const [k, v] of Object.entries(test.qs ?? {})) url.searchParams.set(k, String(v));
    const response = await fetch(url, {
      method: test.method,
      headers: { apikey: smarte().apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(test.body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('credits-deducted')).toBe('0');
    expect(smarte().wallet().balance).toBe(before);
  });
  it('"Audit only (free)" with an audit parameter SMARTe does not read: the run stops after the first charged request, every item not sent names the setting, and the warning shows on the node', async () => {
    // SMARTe reads `mode`; the credential keeps its default `outputMode`.
    smarte().configure({ audit: { parameter: 'mode', value: 'AUD' } });
    const before = smarte().wallet().balance;
    const people = Array.from({ length: 30 }, (_, i) => ({ id: `crm-${i + 1}`, email: `person${i}@acme.io` }));
    const { run } = await runWorkflow(
      workflow(people, 'person', { recordId: '={{ $json.id }}', email: '={{ $json.email }}' }, { auditOnly: true, continueOnFail: true }),
      { credentials },
    );
    const items = output(run, 'SMARTe');
    expect(items).toHaveLength(30);
    expect(sent()).toBe(1);
    const spent = before - smarte().wallet().balance;
    expect(spent).toBe(25);
    for (const item of items.slice(25)) expect(String(item.json.error)).toMatch(/Audit-Only Parameter/);
    expect(items.reduce((sum, item) => sum + (credits(item) ?? 0), 0)).toBe(spent);
    const hints = run.data.resultData.runData.SMARTe![0]!.hints ?? [];
    expect(hints).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'warning', message: expect.stringMatching(/charged 25 credit\(s\) for 25 record\(s\) sent as a free check/) }),
      ]),
    );
  });

  it('a budget of 0 sends no audit check: SMARTe might not read the audit parameter and charge it', async () => {
    const before = smarte().wallet().balance;
    const { run } = await runWorkflow(
      workflow([{ email: 'jane.doe@acme.io' }], 'person', { email: '={{ $json.email }}' }, { auditOnly: true, budget: 0, continueOnFail: true }),
      { credentials },
    );
    const [item] = output(run, 'SMARTe');
    expect(String(item!.json.error)).toMatch(/budget/i);
    expect(sent()).toBe(0);
    expect(smarte().wallet().balance).toBe(before);
  });
});
