/**
 * The six v8 per-type endpoints (providers.md §3.1) as catalog entries. Each takes ONE record
 * as its input; the core sends many per request (`records`), matched back by `recordId`.
 */
import type { z } from 'zod';
import type { CostModel, OperationSpec, RecordsSpec, RequestParts } from '../../catalog/types';
import { credits, ZERO } from '../../credits/amount';
import { op, stringAt, textField } from '../../catalog';
import {
  companyAnswer,
  deliveredData,
  emailAnswer,
  isNoMatch,
  fundingAnswer,
  mobileAnswer,
  personAnswer,
  recordFailure,
  technographicsAnswer,
} from './answers';
import { companyShape, identified, missingCompanyIdentifier, missingPersonIdentifier, personShape } from './identifiers';
import type { SmarteSettings } from './settings';

export const COST_SUMMARY =
  '1 credit per record that returns enrichment data (the amount SMARTe reports in its credits-deducted header wins); nothing for audit-only checks, no match, empty data, or a refused request. An audit-only check still counts 1 per record against Max Credits: its parameter is not published, and a SMARTe account that reads another one charges it as an enrichment';

/**
 * An upper bound from the input, the header decides afterwards; the model only prices what it
 * cannot read. Audit-only is bounded at 1 too: if SMARTe does not read the credential's audit
 * parameter it enriches (and charges), so a budget of 0 must not send it.
 */
function recordCost<I extends { auditOnly?: boolean }>(): CostModel<I> {
  const one = credits(1);
  return {
    summary: COST_SUMMARY,
    estimate: () => one,
    actual: (ctx) => ctx.meta.creditsUsed ?? (ctx.input.auditOnly || !deliveredData(ctx.data) ? ZERO : one),
  };
}

/** Many records per request; audit-only is a request-level switch, placed where the settings say. */
function recordsOf(settings: SmarteSettings): RecordsSpec {
  const single = settings.requestShape === 'object';
  return {
    maxPerRequest: single ? 1 : settings.recordsPerRequest,
    matchKey: 'recordId',
    requestFields: ['auditOnly'],
    request: (records, shared): RequestParts => {
      const audit = shared.auditOnly === true;
      const query = audit && settings.auditIn === 'query' ? { [settings.auditParameter]: settings.auditValue } : {};
      const sent = audit && settings.auditIn === 'record' ? records.map((r) => ({ ...r, [settings.auditParameter]: settings.auditValue })) : records;
      return { path: {}, query, body: single ? sent[0] : sent };
    },
    recordError: recordFailure,
    // v7 answered `recordID`; v8 clients read `recordId`.
    matchKeyAliases: ['recordID'],
    answerLabel: (answer) => {
      const id = stringAt(answer, 'smarteTransactionId');
      return id ? `smarteTransactionId ${id}` : undefined;
    },
    chargedWhenFree: (shared) =>
      shared.auditOnly === true
        ? `your SMARTe account does not read the audit-only parameter this credential sends (${settings.auditParameter}=${settings.auditValue} in the ${settings.auditIn === 'query' ? 'query string' : 'records'}); set the credential's Audit-Only Parameter (and Audit-Only Value / Goes In) to the name SMARTe gives you`
        : undefined,
  };
}

const personInput = identified(personShape, missingPersonIdentifier);
const companyInput = identified(companyShape, missingCompanyIdentifier);
const technographicsInput = identified(
  {
    ...companyShape,
    product: textField('product', 'Only this product, e.g. Salesforce Sales Cloud', { max: 200 }).optional(),
    vendor: textField('vendor', 'Only products of this vendor, e.g. Salesforce', { max: 200 }).optional(),
    category: textField('category', 'Only products of this category, e.g. CRM', { max: 200 }).optional(),
  },
  missingCompanyIdentifier,
);

const PERSON_IDS = 'an email, a LinkedIn profile URL, a SMARTe experience id, or a name with the company name or website';
const COMPANY_IDS = 'a SMARTe company id, the company name, website or LinkedIn page';

export function smarteOperations(settings: SmarteSettings): OperationSpec[] {
  const records = recordsOf(settings);
  // A "No Match" answer is a miss, not a hit (Zapier searches then find nothing).
  const common = { kind: 'lookup' as const, method: 'POST' as const, retrySafe: false, records, found: (data: unknown) => !isNoMatch(data) };
  return [
    op({
      ...common,
      resource: 'person',
      operation: 'enrich',
      displayName: 'Enrich person',
      about: `Contact details, current and past positions and company context for a person identified by ${PERSON_IDS}. Audit only checks the match for free.`,
      path: '/enrich/person',
      input: personInput,
      output: personAnswer,
      cost: recordCost<z.infer<typeof personInput>>(),
    }),
    op({
      ...common,
      resource: 'company',
      operation: 'enrich',
      displayName: 'Enrich company',
      about: `Firmographics (industry, size, revenue, locations, hierarchy) for a company identified by ${COMPANY_IDS}. Audit only checks the match for free.`,
      path: '/enrich/company',
      input: companyInput,
      output: companyAnswer,
      cost: recordCost<z.infer<typeof companyInput>>(),
    }),
    op({
      ...common,
      resource: 'email',
      operation: 'enrich',
      displayName: 'Find email',
      about: `The business email address of a person identified by ${PERSON_IDS}. Audit only checks the match for free.`,
      path: '/enrich/email',
      input: personInput,
      output: emailAnswer,
      cost: recordCost<z.infer<typeof personInput>>(),
    }),
    op({
      ...common,
      resource: 'mobile',
      operation: 'enrich',
      displayName: 'Find mobile number',
      about: `The mobile number and direct dial of a person identified by ${PERSON_IDS}. Audit only checks the match for free.`,
      path: '/enrich/mobile',
      input: personInput,
      output: mobileAnswer,
      cost: recordCost<z.infer<typeof personInput>>(),
    }),
    op({
      ...common,
      resource: 'funding',
      operation: 'enrich',
      displayName: 'Get funding',
      about: `Funding rounds and IPO details of a company identified by ${COMPANY_IDS}. Audit only checks the match for free.`,
      path: '/enrich/funding',
      input: companyInput,
      output: fundingAnswer,
      cost: recordCost<z.infer<typeof companyInput>>(),
    }),
    op({
      ...common,
      resource: 'technographics',
      operation: 'enrich',
      displayName: 'Get technographics',
      about: `Products a company identified by ${COMPANY_IDS} uses, optionally only one product, vendor or category. Audit only checks the match for free.`,
      path: '/enrich/technographics',
      input: technographicsInput,
      output: technographicsAnswer,
      cost: recordCost<z.infer<typeof technographicsInput>>(),
    }),
  ];
}
