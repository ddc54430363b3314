/**
 * What Leadfeeder serves in a waterfall: company from domain (a company already known by id is
 * read by id — free while subscribed —, else matched by its website) and company from IP.
 */
import { asRecord, numberAt, stringAt, valueAt } from '../../catalog';
import { type CapabilitySpec, compact, type CompanyValue, leadText, leadInput } from '../../catalog/capabilities';

/** One Leadfeeder company (flattened JSON:API record, or the first of a list) as the goal's shape. */
function companyValue(data: unknown): CompanyValue | undefined {
  const rec = asRecord(Array.isArray(data) ? data[0] : data);
  if (!rec || rec.id === undefined) return undefined;
  const industries = valueAt(rec, 'industries', 'industry');
  const industry = Array.isArray(industries) ? stringAt(industries[0], 'name') : undefined;
  const employees = numberAt(rec, 'employee_count');
  const value = compact({
    name: stringAt(rec, 'name'),
    domain: stringAt(rec, 'url')
      ?.replace(/^https?:\/\//i, '')
      .replace(/\/.*$/, ''),
    industry,
    employees: employees === undefined ? undefined : String(employees),
    location: [stringAt(rec, 'address', 'city'), stringAt(rec, 'address', 'country')].filter(Boolean).join(', ') || undefined,
  });
  return value.name || value.domain ? value : undefined;
}

export const leadfeederCapabilities: CapabilitySpec[] = [
  {
    goal: 'companyFromDomain',
    op: 'company.get',
    needs: 'a Leadfeeder company id',
    reads: ['leadfeederCompanyId'],
    fields: {
      leadfeederCompanyId: {
        label: 'Leadfeeder Company ID',
        help: 'A Leadfeeder company id (e.g. from the Leadfeeder Trigger): a subscribed company costs nothing',
      },
    },
    input: leadInput('leadfeederCompanyId', 'id'),
    output: companyValue,
  },
  {
    goal: 'companyFromDomain',
    op: 'company.match',
    needs: 'the company domain',
    reads: ['domain'],
    input: (lead) => {
      const domain = leadText(lead, 'domain');
      return domain ? { companies: [{ url: domain }], max_results_per_company: 1 } : undefined;
    },
    output: companyValue,
  },
  {
    goal: 'companyFromIp',
    op: 'ip.enrich',
    needs: 'an IP address',
    reads: ['ip'],
    input: leadInput('ip'),
    output: companyValue,
  },
];
