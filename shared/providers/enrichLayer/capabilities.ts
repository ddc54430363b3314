/**
 * What EnrichLayer serves in a waterfall: work email and personal numbers from a LinkedIn
 * profile URL (skipped, free, for a lead without one), person from email (reverse lookup), and
 * company from domain (company lookup).
 */
import { arrayAt, stringAt, valueAt } from '../../catalog';
import { type CapabilitySpec, compact, leadText, leadInput } from '../../catalog/capabilities';

const profileOf = (lead: Parameters<CapabilitySpec['input']>[0]) => {
  const url = leadText(lead, 'linkedinUrl');
  return url ? { profile_url: url } : undefined;
};

export const enrichLayerCapabilities: CapabilitySpec[] = [
  {
    goal: 'workEmail',
    op: 'contact.lookupWorkEmail',
    needs: 'a LinkedIn profile URL',
    reads: ['linkedinUrl'],
    input: profileOf,
    output: (data) => {
      const email = stringAt(data, 'email');
      return email && email.includes('@') ? { email } : undefined;
    },
  },
  {
    goal: 'mobilePhone',
    op: 'contact.getPersonalNumbers',
    needs: 'a LinkedIn profile URL',
    reads: ['linkedinUrl'],
    // One number is enough for the goal: page_size 1 keeps the estimate (and the charge) at 1.
    input: (lead) => {
      const profile = profileOf(lead);
      return profile ? { ...profile, page_size: 1 } : undefined;
    },
    output: (data) => {
      const numbers = arrayAt(data, 'numbers').filter((n): n is string => typeof n === 'string' && n.trim() !== '');
      return numbers.length ? compact({ phone: numbers[0]!, others: numbers.length > 1 ? numbers.slice(1) : undefined }) : undefined;
    },
  },
  {
    goal: 'personFromEmail',
    op: 'contact.reverseEmailLookup',
    needs: 'an email',
    reads: ['email'],
    input: leadInput('email'),
    output: (data) => {
      const linkedinUrl = stringAt(data, 'profile_url');
      if (!linkedinUrl) return undefined;
      return compact({
        linkedinUrl,
        fullName: stringAt(data, 'profile', 'full_name'),
        firstName: stringAt(data, 'profile', 'first_name'),
        lastName: stringAt(data, 'profile', 'last_name'),
        title: stringAt(data, 'profile', 'headline') ?? stringAt(data, 'profile', 'occupation'),
        location: stringAt(data, 'profile', 'city'),
      });
    },
  },
  {
    goal: 'companyFromDomain',
    op: 'company.lookup',
    needs: 'the company domain',
    reads: ['domain'],
    input: leadInput('domain', 'company_domain'),
    output: (data) => {
      const linkedinUrl = stringAt(data, 'url');
      if (!linkedinUrl) return undefined;
      return compact({
        linkedinUrl,
        name: stringAt(data, 'profile', 'name'),
        domain: stringAt(data, 'profile', 'website'),
        industry: stringAt(data, 'profile', 'industry'),
        employees:
          valueAt(data, 'profile', 'company_size_on_linkedin') === undefined ? undefined : String(valueAt(data, 'profile', 'company_size_on_linkedin')),
      });
    },
  },
];
