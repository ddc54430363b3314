/**
 * What SMARTe accepts as "who" or "which company" (providers.md §3.3): the docs list the
 * identifier combinations that can match — full name + company name or website; first + last
 * name + company name or website; email; professional-profile (LinkedIn) URL; SMARTe's own ids.
 * Every input is checked against them before anything is sent, and a refusal names what is
 * missing. `auditOnly` is the free check ("check identifiers, spend nothing").
 */
import { z } from 'zod';
import { emailField, LINKEDIN_COMPANY, textField, urlField } from '../../catalog';

const LINKEDIN_PERSON = {
  pattern: /^https?:\/\/([a-z]{2,3}\.)?linkedin\.com\/in\/[^/?#]+/i,
  rule: 'must be a LinkedIn profile URL (https://www.linkedin.com/in/…)',
};

const text = (field: string, help: string, max = 200) => textField(field, help, { max }).optional();

export const recordIdField = text('recordId', 'Your own reference for this record (e.g. the CRM id); given back on the result', 100);

export const auditOnlyField = z
  .boolean({ invalid_type_error: 'auditOnly must be true or false' })
  .default(false)
  .describe('Audit only (free): check whether the identifiers would match, without enrichment data and without spending credits');

export const companyShape = {
  recordId: recordIdField,
  companyId: text('companyId', "SMARTe's company id (from an earlier result)", 100),
  companyName: text('companyName', 'Company name, e.g. Acme Inc'),
  companyWebsite: text('companyWebsite', 'Company website, e.g. acme.com', 253),
  companyLinkedinUrl: urlField('companyLinkedinUrl', "The company's LinkedIn page", { mustMatch: LINKEDIN_COMPANY }).optional(),
  auditOnly: auditOnlyField,
};

export const personShape = {
  recordId: recordIdField,
  experienceId: text('experienceId', "SMARTe's id of the person's position (from an earlier result)", 100),
  email: emailField('email', 'Business email address').optional(),
  linkedinUrl: urlField('linkedinUrl', "The person's LinkedIn profile URL", { mustMatch: LINKEDIN_PERSON }).optional(),
  fullName: text('fullName', 'Full name, e.g. Jane Doe (with companyName or companyWebsite)'),
  firstName: text('firstName', 'First name (with lastName and companyName or companyWebsite)', 100),
  lastName: text('lastName', 'Last name (with firstName and companyName or companyWebsite)', 100),
  jobTitle: text('jobTitle', 'Current job title (helps the match)'),
  companyId: companyShape.companyId,
  companyName: companyShape.companyName,
  companyWebsite: companyShape.companyWebsite,
  companyLinkedinUrl: companyShape.companyLinkedinUrl,
  auditOnly: auditOnlyField,
};

type Present = (field: string) => boolean;

const presentIn =
  (input: Record<string, unknown>): Present =>
  (field) => {
    const v = input[field];
    return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null;
  };

const PERSON_WAYS =
  'email; linkedinUrl; experienceId; fullName with companyName or companyWebsite; or firstName and lastName with companyName or companyWebsite';

/** The field that is missing for the person to be identifiable, and the rule; undefined when an accepted combination is complete. */
export function missingPersonIdentifier(input: Record<string, unknown>): { field: string; rule: string } | undefined {
  const has = presentIn(input);
  if (has('email') || has('linkedinUrl') || has('experienceId')) return undefined;
  const company = has('companyName') || has('companyWebsite');
  if (has('fullName')) return company ? undefined : { field: 'companyName', rule: 'fullName needs companyName or companyWebsite beside it' };
  if (has('firstName') && has('lastName'))
    return company ? undefined : { field: 'companyName', rule: 'firstName and lastName need companyName or companyWebsite beside them' };
  if (has('firstName')) return { field: 'lastName', rule: 'firstName needs lastName (and companyName or companyWebsite)' };
  if (has('lastName')) return { field: 'firstName', rule: 'lastName needs firstName (and companyName or companyWebsite)' };
  return { field: 'email', rule: `say who to look up: give ${PERSON_WAYS}` };
}

const COMPANY_IDS = ['companyId', 'companyName', 'companyWebsite', 'companyLinkedinUrl'];

export function missingCompanyIdentifier(input: Record<string, unknown>): { field: string; rule: string } | undefined {
  const has = presentIn(input);
  return COMPANY_IDS.some(has) ? undefined : { field: 'companyWebsite', rule: `say which company: give at least one of ${COMPANY_IDS.join(', ')}` };
}

/** An object schema whose cross-field rule (an identifier combination) is checked with the rest. */
export function identified<T extends z.ZodRawShape>(shape: T, missing: (input: Record<string, unknown>) => { field: string; rule: string } | undefined) {
  return z
    .object(shape)
    .strict()
    .superRefine((input, ctx) => {
      const gap = missing(input as Record<string, unknown>);
      if (gap) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [gap.field], message: gap.rule });
    });
}
