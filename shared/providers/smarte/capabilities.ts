/**
 * What SMARTe serves in a waterfall: work email (email endpoint), mobile phone, person from
 * email, company from domain — each from whatever identifiers the lead has that SMARTe accepts.
 */
import { stringAt, valueAt } from '../../catalog';
import { type CapabilitySpec, compact, type Lead, leadText, leadInput } from '../../catalog/capabilities';
import { deliveredData } from './answers';
import { missingPersonIdentifier } from './identifiers';

/** The lead's person identifiers, under SMARTe's names; undefined when no accepted combination is complete. */
function person(lead: Lead): Record<string, string> | undefined {
  const input = compact({
    email: leadText(lead, 'email'),
    linkedinUrl: leadText(lead, 'linkedinUrl'),
    firstName: leadText(lead, 'firstName'),
    lastName: leadText(lead, 'lastName'),
    fullName: leadText(lead, 'fullName'),
    companyName: leadText(lead, 'companyName'),
    companyWebsite: leadText(lead, 'domain'),
  }) as Record<string, string>;
  return missingPersonIdentifier(input) ? undefined : input;
}

/** Work email from a person without the email we are looking for. */
const withoutEmail = (lead: Lead) => person({ ...lead, email: undefined });

const PERSON_NEEDS = 'an email, a LinkedIn URL, or a name with the company name or domain';

export const smarteCapabilities: CapabilitySpec[] = [
  {
    goal: 'workEmail',
    op: 'email.enrich',
    needs: 'a LinkedIn URL, or a name with the company name or domain',
    reads: ['linkedinUrl', 'firstName', 'lastName', 'fullName', 'companyName', 'domain'],
    input: withoutEmail,
    output: (data) => {
      const email = deliveredData(data) ? stringAt(data, 'email') : undefined;
      return email ? { email } : undefined;
    },
  },
  {
    goal: 'mobilePhone',
    op: 'mobile.enrich',
    needs: PERSON_NEEDS,
    reads: ['email', 'linkedinUrl', 'firstName', 'lastName', 'fullName', 'companyName', 'domain'],
    input: person,
    output: (data) => {
      const phone = stringAt(data, 'mobileNumber') ?? stringAt(data, 'directDial');
      return phone ? { phone } : undefined;
    },
  },
  {
    goal: 'personFromEmail',
    op: 'person.enrich',
    needs: 'an email',
    reads: ['email'],
    input: leadInput('email'),
    output: (data) => {
      if (!deliveredData(data)) return undefined;
      const current = valueAt(data, 'currentExperience');
      const job = Array.isArray(current) ? current[0] : undefined;
      const value = compact({
        fullName: stringAt(data, 'fullName'),
        firstName: stringAt(data, 'firstName'),
        lastName: stringAt(data, 'lastName'),
        title: stringAt(job, 'jobTitle'),
        companyName: stringAt(job, 'companyName'),
        linkedinUrl: stringAt(data, 'linkedinUrl'),
        location: stringAt(job, 'workCity'),
      });
      return value.fullName || value.lastName ? value : undefined;
    },
  },
  {
    goal: 'companyFromDomain',
    op: 'company.enrich',
    needs: 'the company domain',
    reads: ['domain'],
    input: leadInput('domain', 'companyWebsite'),
    output: (data) => {
      if (!deliveredData(data)) return undefined;
      const value = compact({
        name: stringAt(data, 'companyName'),
        domain: stringAt(data, 'companyWebsite'),
        linkedinUrl: stringAt(data, 'companyLinkedinUrl'),
        industry: stringAt(data, 'companyIndustry'),
        employees: stringAt(data, 'companyEmpRange') ?? stringAt(data, 'companyEmpCount'),
        location: [stringAt(data, 'companyCity'), stringAt(data, 'companyCountry')].filter(Boolean).join(', ') || undefined,
      });
      return value.name || value.domain ? value : undefined;
    },
  },
];
