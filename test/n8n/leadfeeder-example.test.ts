/**
 * The Leadfeeder example, run by n8n's engine against the sandbox: yesterday's visitor
 * companies (free: they arrive subscribed) → their sales contacts → one target list, and the
 * credits summed over the output items equal what the sandbox charged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { output, runWorkflow, type WorkflowJson } from './harness';

let sandbox: Sandbox;
let credentials: { leadfeederApi: { apiKey: string; baseUrl: string; accountId: string } };
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, leadfeeder: { rateLimit: null } });
  const lf = sandbox.providers.leadfeeder;
  credentials = { leadfeederApi: { apiKey: lf.apiKey, baseUrl: lf.baseUrl, accountId: lf.accountId } };
});
afterAll(() => sandbox.close());

const example = JSON.parse(readFileSync(path.join(__dirname, '../../examples/leadfeeder-visitors-to-sales-contacts.json'), 'utf8')) as WorkflowJson;
const charged = (items: { json: IDataObject }[]) =>
  items.reduce((sum, i) => sum + Number((i.json._credits as { charged?: number } | undefined)?.charged ?? 0), 0);

test.each(['paid', 'free'] as const)(
  'visitors → sales contacts → a target list; the credits add up to the sandbox bill (search reading: %s)',
  async (reading) => {
    sandbox.providers.leadfeeder.configure({ searchCharges: reading });
    const before = sandbox.providers.leadfeeder.credits().used;
    const { run } = await runWorkflow(example, { credentials });
    expect(run.data.resultData.error).toBeUndefined();
    const visitors = output(run, 'New Visitor Companies');
    const contacts = output(run, 'Sales Contacts');
    const list = output(run, 'Target List');
    expect(visitors.length).toBeGreaterThan(0);
    expect(contacts.length).toBeGreaterThan(0);
    for (const c of contacts) expect(c.json).toMatchObject({ department: 'sales_department', company: { id: expect.stringMatching(/^cmp_/) } });
    expect(list).toHaveLength(1);
    expect(list[0]!.json).toMatchObject({ id: expect.any(String), name: expect.stringMatching(/^Sales contacts of visitors \d{4}-\d{2}-\d{2}$/) });
    const spent = sandbox.providers.leadfeeder.credits().used - before;
    expect(charged([...visitors, ...contacts, ...list])).toBe(spent);
    if (reading === 'free') expect(spent).toBe(0);
  },
);
