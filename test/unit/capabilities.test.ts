/**
 * The capabilities the catalogs declare: every one names an operation its catalog has, reads only
 * lead fields, and maps a lead onto an input that operation accepts — so a waterfall step can
 * never fail on a shape the catalog got wrong. Which provider serves which goal is the list.
 */
import { catalogs, LEAD_FIELDS, validateInput, type Lead, type WaterfallGoal } from '../../shared';

const FULL_LEAD: Lead = {
  firstName: 'Ann',
  lastName: 'Lee',
  fullName: 'Ann Lee',
  domain: 'acme.io',
  companyName: 'Acme',
  email: 'ann.lee@acme.io',
  linkedinUrl: 'https://www.linkedin.com/in/ann-lee',
  ip: '8.8.8.8',
  leadfeederCompanyId: 'cmp_0001',
};

const served = (goal: WaterfallGoal) =>
  Object.values(catalogs)
    .filter((c) => c.capabilities?.some((cap) => cap.goal === goal))
    .map((c) => c.id)
    .sort();

it('each goal is served by the providers the catalogs declare', () => {
  expect(served('workEmail')).toEqual(['enrichLayer', 'enrichSo', 'smarte']);
  expect(served('mobilePhone')).toEqual(['enrichLayer', 'enrichSo', 'smarte']);
  expect(served('personFromEmail')).toEqual(['enrichLayer', 'enrichSo', 'smarte']);
  expect(served('companyFromDomain')).toEqual(['enrichLayer', 'leadfeeder', 'smarte']);
  expect(served('companyFromIp')).toEqual(['enrichSo', 'leadfeeder']);
});

describe.each(Object.values(catalogs).filter((c) => c.capabilities?.length))('$displayName', (catalog) => {
  it.each(catalog.capabilities ?? [])('$goal via $op: an operation of the catalog, fed a valid input from a full lead', (capability) => {
    const op = catalog.operations.find((o) => o.key === capability.op);
    expect(op).toBeDefined();
    // Every field it reads is a common lead field or one it declares itself.
    for (const field of capability.reads) expect([...Object.keys(LEAD_FIELDS), ...Object.keys(capability.fields ?? {})]).toContain(field);
    const input = capability.input(FULL_LEAD);
    expect(input).toBeDefined();
    expect(() => validateInput(catalog.displayName, op!, input)).not.toThrow();
    // A lead without the fields it reads: the step is skipped, nothing is built.
    expect(capability.input({})).toBeUndefined();
  });
});

const verifiers = Object.values(catalogs).flatMap((catalog) =>
  (catalog.verifiers ?? []).map((verifier) => ({ catalog, verifier, op: verifier.op, goal: verifier.goal })),
);

it.each(verifiers)('verifies $goal via $op, an operation of the catalog', ({ catalog, verifier }) => {
  const op = catalog.operations.find((o) => o.key === verifier.op);
  expect(op).toBeDefined();
  expect(() => validateInput(catalog.displayName, op!, verifier.input({ email: 'ann.lee@acme.io' }))).not.toThrow();
  expect(verifier.verdict({ result: 'valid' })).toEqual({ accepted: true });
  expect(verifier.verdict({ result: 'risky' })).toEqual({ accepted: false, reason: 'email validation says risky' });
});

it('an empty answer is a miss for every capability', () => {
  for (const catalog of Object.values(catalogs)) for (const capability of catalog.capabilities ?? []) expect(capability.output({})).toBeUndefined();
});
