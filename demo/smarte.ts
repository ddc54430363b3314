/** SMARTe: audit a CRM export for free, then enrich only the contacts that would match. */
import { createClient } from '../shared';
import { smarte } from '../shared/providers/smarte';
import type { DemoSection } from './section';
import { say } from './section';

const crm = [
  { recordId: 'crm-101', email: 'jane.doe@acme.io' },
  { recordId: 'crm-102', fullName: 'Bob Smith', companyWebsite: 'globex.com' },
  { recordId: 'crm-103', email: 'nomatch.ghost@initech.dev' },
  { recordId: 'crm-104', firstName: 'Li', lastName: 'Wei', companyName: 'Umbrella' },
  { recordId: 'crm-105', email: 'nomatch.nobody@hooli.xyz' },
];

interface Person {
  recordId?: string;
  enrichmentStatus?: string;
  fullName?: string;
  smarteTransactionId?: string;
}

export const smarteSection: DemoSection = {
  title: 'SMARTe — audit a CRM export for free, then enrich only what would match',
  async run(sandbox) {
    const sm = sandbox.providers.smarte;
    const client = createClient({ provider: smarte, apiKey: sm.apiKey, baseUrl: sm.baseUrl, budget: 10 });
    const before = sm.wallet().balance;

    const audit = await client.callRecords<Person>(
      'person.enrich',
      crm.map((c) => ({ ...c, auditOnly: true })),
    );
    const matching = audit.flatMap((o) => (o.ok && !/no\s*match/i.test(o.value.data.enrichmentStatus ?? '') ? [crm[o.index]!] : []));
    say(
      `audit of ${crm.length} contacts: ${matching.length} would match (${audit.reduce((n, o) => n + (o.ok ? o.value.credits.charged : 0), 0)} credits: audit-only is free)`,
    );

    const enriched = await client.callRecords<Person>('person.enrich', matching);
    for (const o of enriched) {
      if (!o.ok) say(`${matching[o.index]!.recordId}: ${o.error.message}`);
      else
        say(
          `${String(o.value.data.recordId).padEnd(8)} ${String(o.value.data.fullName).padEnd(20)} ${o.value.credits.charged} credit   transaction ${o.value.data.smarteTransactionId}`,
        );
    }
    return { charged: client.summary().charged, walletChange: before - sm.wallet().balance, unit: 'credits' };
  },
};
