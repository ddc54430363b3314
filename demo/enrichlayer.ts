/** EnrichLayer: a profile with premium add-ons and an employee listing, each bill itemised as EnrichLayer's API logs show it. */
import { createClient } from '../shared';
import { enrichLayer } from '../shared/providers/enrichLayer';
import type { DemoSection } from './section';
import { say } from './section';

/** `{base_cost: 1, extra_data: 1}` → "base_cost 1 + extra_data 1". */
function lines(bill: Record<string, number | Record<string, number>> | undefined): string {
  if (!bill) return '(no bill)';
  const flat = Object.entries(bill).filter(([k, v]) => typeof v === 'number' && !k.startsWith('items'));
  const each = bill.items_breakdown as Record<string, number> | undefined;
  const items = each
    ? [
        `${bill.items_count} results × (${Object.entries(each)
          .map(([k, v]) => `${k} ${v}`)
          .join(' + ')})`,
      ]
    : [];
  return [...flat.map(([k, v]) => `${k} ${v}`), ...items].join(' + ');
}

export const enrichLayerSection: DemoSection = {
  title: 'EnrichLayer — an itemised bill: quoted before, billed after, line by line',
  async run(sandbox) {
    const el = sandbox.providers.enrichLayer;
    const client = createClient({ provider: enrichLayer, apiKey: el.apiKey, baseUrl: el.baseUrl, budget: 200 });
    const before = el.wallet().balance;

    const profileInput = { profile_url: 'https://www.linkedin.com/in/williamhgates', extra: 'include', personal_email: 'include', skills: 'include' };
    const quote = await client.quote('person.getProfile', profileInput);
    const profile = await client.call('person.getProfile', profileInput);
    say(`person profile  quoted ≤ ${quote.credits}, billed ${profile.credits.charged}: ${lines(profile.credits.bill)}`);

    const employees = await client.list('company.listEmployees', { url: 'https://www.linkedin.com/company/microsoft', country: 'ca' }, { limit: 5 });
    say(`5 employees in Canada  billed ${employees.credits.charged}: ${lines(employees.credits.bill)}`);
    return { charged: client.summary().charged, walletChange: before - el.wallet().balance, unit: 'credits' };
  },
};
