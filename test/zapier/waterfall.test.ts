/**
 * The Waterfall Zapier integration through zapier-platform-core's createAppTester against the
 * sandbox: one connection with each provider's key (all optional), one action per goal, and what
 * a step reports as charged is what the wallets lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildWaterfallApp } from '../../zapier-app/lib/waterfall';
import type { Sandbox } from '../../sandbox/server';
import { balances, spentSince, startWaterfallSandbox } from '../integration/waterfall-helpers';
import { testerFor, zapier } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('zapier-platform-schema');
const app = buildWaterfallApp({ version: '1.0.0', platformVersion: zapier.version });
const run = testerFor(app);

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startWaterfallSandbox();
});
afterEach(() => sandbox.close());

function authData(providers: ('enrichSo' | 'smarte' | 'enrichLayer' | 'leadfeeder')[]): Record<string, string> {
  const p = sandbox.providers;
  const all: Record<string, Record<string, string>> = {
    enrichSo: { enrichSo_apiKey: p.enrichSo.apiKey, enrichSo_baseUrl: p.enrichSo.baseUrl },
    smarte: { smarte_apiKey: p.smarte.apiKey, smarte_baseUrl: p.smarte.baseUrl, smarte_requestRate: '60000' },
    enrichLayer: { enrichLayer_apiKey: p.enrichLayer.apiKey, enrichLayer_baseUrl: p.enrichLayer.baseUrl },
    leadfeeder: { leadfeeder_apiKey: p.leadfeeder.apiKey, leadfeeder_baseUrl: p.leadfeeder.baseUrl, leadfeeder_accountId: p.leadfeeder.accountId },
  };
  return Object.assign({}, ...providers.map((id) => all[id]));
}

const findWorkEmail = app.creates.findWorkEmail!.operation.perform;

describe('the Waterfall Zapier integration', () => {
  it('is a valid Zapier app definition, with one create per goal', async () => {
    const handler = zapier.createAppHandler(app);
    const definition = (await handler({ command: 'definition', bundle: {} })).results;
    expect(schema.validateAppDefinition(definition).errors).toEqual([]);
    expect((await handler({ command: 'validate', bundle: {} })).results).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../zapier-app/enrichflow-waterfall/package.json'), 'utf8'));
    expect(pkg.dependencies['zapier-platform-core']).toBe('19.1.0');
    expect(Object.keys(app.creates)).toEqual(['findWorkEmail', 'findMobilePhone', 'findPersonFromEmail', 'findCompanyFromDomain', 'findCompanyFromIp']);
  });

  it('the connection test checks each configured key for free and names the providers', async () => {
    const before = balances(sandbox);
    const result = await run(app.authentication.test, { authData: authData(['enrichSo', 'leadfeeder']) });
    expect(result).toEqual({ providers: 'Enrich.so, Leadfeeder' });
    expect(spentSince(sandbox, before)).toBe(0);
  });

  it('a connection without any provider key is refused, naming the providers', async () => {
    await expect(run(app.authentication.test, { authData: {} })).rejects.toThrow(/at least one of Enrich\.so/);
  });

  it('finds a work email cheapest first and reports what it charged, step by step', async () => {
    const before = balances(sandbox);
    const result = await run(findWorkEmail, {
      authData: authData(['enrichSo', 'smarte', 'enrichLayer']),
      inputData: { firstName: 'Dee', lastName: 'Fox', domain: 'nomatch.io' },
    });
    expect(result).toMatchObject({ found: true, email: 'dee.fox@nomatch.io', provider: 'enrichSo', enrichflow: { creditsCharged: 10 } });
    expect(result.steps.map((s: { provider: string; outcome: string }) => `${s.provider}:${s.outcome}`)).toEqual([
      'smarte:miss',
      'enrichSo:hit',
      'enrichLayer:skipped',
    ]);
    expect(spentSince(sandbox, before)).toBe(10);
  });

  it('only the providers with a key take part', async () => {
    const result = await run(findWorkEmail, { authData: authData(['enrichSo']), inputData: { firstName: 'Ann', lastName: 'Lee', domain: 'acme.io' } });
    expect(result).toMatchObject({ provider: 'enrichSo' });
    expect(sandbox.providers.smarte.requests()).toHaveLength(0);
  });

  it('Max Credits below a step: the step is not sent and says why', async () => {
    const result = await run(findWorkEmail, {
      authData: authData(['enrichSo']),
      inputData: { firstName: 'Eve', lastName: 'Budget', domain: 'acme.io', enrichflowMaxCredits: 5 },
    });
    expect(result).toMatchObject({ found: false, enrichflow: { creditsCharged: 0 } });
    expect(result.steps[0]).toMatchObject({ provider: 'enrichSo', outcome: 'notTried', reason: expect.stringMatching(/budget/i) });
    expect(sandbox.providers.enrichSo.requests().filter((r) => r.path.includes('email-finder'))).toHaveLength(0);
  });

  it('company from IP, with Verify and an order as listed elsewhere unaffected', async () => {
    const result = await run(app.creates.findCompanyFromIp!.operation.perform, {
      authData: authData(['enrichSo', 'leadfeeder']),
      inputData: { ip: '8.8.8.8', order: 'given', providers: ['enrichSo', 'leadfeeder'] },
    });
    expect(result).toMatchObject({ found: true, provider: 'enrichSo', domain: expect.any(String) });
  });
});
