/**
 * What Enrich.so serves in a waterfall: work email (email finder; batch finder column by
 * column), mobile phone (phone finder), person from email (reverse lookup), company from IP —
 * and the check of a found email (email validation: risky or invalid moves on).
 */
import { arrayAt, asRecord, stringAt } from '../../catalog';
import { type CapabilitySpec, compact, type Lead, leadText, type VerifierSpec, leadInput } from '../../catalog/capabilities';

const nameParts = (lead: Lead): { firstName?: string; lastName?: string } => {
  const first = leadText(lead, 'firstName');
  const last = leadText(lead, 'lastName');
  if (first && last) return { firstName: first, lastName: last };
  const full = leadText(lead, 'fullName')?.split(/\s+/);
  return full && full.length > 1 ? { firstName: full[0], lastName: full.slice(1).join(' ') } : {};
};

/** A phone entry as text: the finder answers strings or `{number}`-like objects. */
function phoneText(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry.trim() || undefined;
  return stringAt(entry, 'number') ?? stringAt(entry, 'phone') ?? stringAt(entry, 'phoneNumber');
}

export const enrichSoCapabilities: CapabilitySpec[] = [
  {
    goal: 'workEmail',
    op: 'emailFinder.find',
    needs: 'first and last name (or full name) and the company domain',
    reads: ['firstName', 'lastName', 'fullName', 'domain'],
    input: (lead) => {
      const { firstName, lastName } = nameParts(lead);
      const domain = leadText(lead, 'domain');
      return firstName && lastName && domain ? { firstName, lastName, domain } : undefined;
    },
    output: (data) => {
      const email = stringAt(data, 'email');
      if (!email || asRecord(data)?.found === false) return undefined;
      return compact({ email, confidence: stringAt(data, 'confidence') });
    },
  },
  {
    goal: 'mobilePhone',
    op: 'phoneFinder.find',
    needs: 'an email or a LinkedIn profile URL',
    reads: ['email', 'linkedinUrl'],
    input: (lead) => {
      const email = leadText(lead, 'email');
      const linkedin = leadText(lead, 'linkedinUrl');
      return email ? { email } : linkedin ? { linkedin } : undefined;
    },
    output: (data) => {
      const phones = arrayAt(data, 'phones')
        .map(phoneText)
        .filter((p): p is string => p !== undefined);
      return phones.length ? compact({ phone: phones[0]!, others: phones.length > 1 ? phones.slice(1) : undefined }) : undefined;
    },
  },
  {
    goal: 'personFromEmail',
    op: 'reverseLookup.lookup',
    needs: 'an email',
    reads: ['email'],
    input: leadInput('email'),
    output: (data) => {
      const value = compact({
        fullName: stringAt(data, 'displayName'),
        firstName: stringAt(data, 'firstName'),
        lastName: stringAt(data, 'lastName'),
        title: stringAt(data, 'headline'),
        companyName: stringAt(data, 'companyName'),
        linkedinUrl: stringAt(data, 'profileUrl'),
        location: stringAt(data, 'location'),
      });
      return value.fullName || value.lastName || value.linkedinUrl ? value : undefined;
    },
  },
  {
    goal: 'companyFromIp',
    op: 'ipToCompany.lookup',
    needs: 'an IP address',
    reads: ['ip'],
    input: leadInput('ip'),
    output: (data) => {
      const domain = stringAt(data, 'ipDomain');
      if (!domain) return undefined;
      const place = [stringAt(data, 'ipCity'), stringAt(data, 'ipCountryName')].filter(Boolean).join(', ');
      return compact({ name: stringAt(data, 'ipOrganization'), domain, location: place || undefined });
    },
  },
];

export const enrichSoVerifiers: VerifierSpec[] = [
  {
    goal: 'workEmail',
    op: 'emailValidation.validate',
    input: (value) => ({ email: (value as { email: string }).email }),
    verdict: (data) => {
      const result = stringAt(data, 'result');
      return result === 'valid' ? { accepted: true } : { accepted: false, reason: `email validation says ${result ?? 'nothing'}` };
    },
  },
];
