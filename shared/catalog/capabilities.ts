/**
 * Capabilities: what a provider can find for a waterfall goal, declared in its catalog beside
 * the operations. A capability maps a lead onto one operation's input, maps the answer onto the
 * goal's one normalised shape (the hit test: no value = a miss), and costs what the operation's
 * own estimate says. Adding a provider to a goal is one more entry here, nothing else.
 */

/** The things a waterfall finds. */
export type WaterfallGoal = 'workEmail' | 'mobilePhone' | 'personFromEmail' | 'companyFromDomain' | 'companyFromIp';

/** What the user knows about one lead: the waterfall's input, the same for every provider. */
export interface Lead {
  firstName?: string;
  lastName?: string;
  fullName?: string;
  /** The company's website domain (acme.com). */
  domain?: string;
  companyName?: string;
  email?: string;
  /** The person's LinkedIn profile URL. */
  linkedinUrl?: string;
  ip?: string;
  /** Fields a provider's capability declares itself (a record id it gave earlier: see `CapabilitySpec.fields`). */
  [providerField: string]: string | undefined;
}

/** How adapters show a lead field. */
export interface LeadFieldSpec {
  label: string;
  help: string;
  placeholder?: string;
}

/** The lead fields every provider shares. */
export type CommonLeadField = 'firstName' | 'lastName' | 'fullName' | 'domain' | 'companyName' | 'email' | 'linkedinUrl' | 'ip';

/** Each common lead field as adapters show it. */
export const LEAD_FIELDS: Record<CommonLeadField, LeadFieldSpec> = {
  firstName: { label: 'First Name', help: "The person's first name" },
  lastName: { label: 'Last Name', help: "The person's last name" },
  fullName: { label: 'Full Name', help: 'The full name, when first and last name are not separate' },
  domain: { label: 'Company Domain', help: "The company's website domain", placeholder: 'acme.com' },
  companyName: { label: 'Company Name', help: "The company's name" },
  email: { label: 'Email', help: "The person's email address", placeholder: 'name@acme.com' },
  linkedinUrl: { label: 'LinkedIn URL', help: "The person's LinkedIn profile URL", placeholder: 'https://www.linkedin.com/in/…' },
  ip: { label: 'IP Address', help: 'The visitor IP address', placeholder: '8.8.8.8' },
};

/**
 * The lead fields some capability for `goal` reads: the common ones in LEAD_FIELDS order, then
 * the fields providers declare themselves.
 */
export function goalFields(goal: WaterfallGoal, capabilities: readonly CapabilitySpec[]): ({ name: string } & LeadFieldSpec)[] {
  const serving = capabilities.filter((c) => c.goal === goal);
  const read = new Set(serving.flatMap((c) => c.reads));
  const common = (Object.keys(LEAD_FIELDS) as CommonLeadField[]).filter((f) => read.has(f)).map((name) => ({ name, ...LEAD_FIELDS[name] }));
  const own = new Map(serving.flatMap((c) => Object.entries(c.fields ?? {})).filter(([name]) => read.has(name)));
  return [...common, ...[...own].map(([name, spec]) => ({ name, ...spec }))];
}

/** The normalised shapes, one per goal. */
export interface WorkEmailValue {
  email: string;
  confidence?: string;
}
export interface PhoneValue {
  phone: string;
  /** Further numbers the provider gave. */
  others?: string[];
}
export interface PersonValue {
  fullName?: string;
  firstName?: string;
  lastName?: string;
  title?: string;
  companyName?: string;
  linkedinUrl?: string;
  location?: string;
}
export interface CompanyValue {
  name?: string;
  domain?: string;
  linkedinUrl?: string;
  industry?: string;
  employees?: string;
  location?: string;
}

export interface GoalValues {
  workEmail: WorkEmailValue;
  mobilePhone: PhoneValue;
  personFromEmail: PersonValue;
  companyFromDomain: CompanyValue;
  companyFromIp: CompanyValue;
}

export type GoalValue = GoalValues[WaterfallGoal];

export interface CapabilitySpec<I = any> {
  goal: WaterfallGoal;
  /** The operation that serves it (a key of this catalog's `operations`). */
  op: string;
  /**
   * The operation's input for a lead; undefined when the lead lacks what it needs (the step is
   * skipped, free). A provider may declare several for one goal: the first that has its inputs runs.
   */
  input(lead: Lead): I | undefined;
  /** The answer as the goal's shape; undefined when it found nothing (the hit test). */
  output(data: unknown): GoalValue | undefined;
  /** What the lead needs for this step, for docs and the "skipped" reason. */
  needs: string;
  /** The lead fields `input` reads (adapters offer the union of a goal's as input fields). */
  reads: string[];
  /** Lead fields only this provider knows (a record id of its own), with how adapters show them. */
  fields?: Record<string, LeadFieldSpec>;
}

/**
 * A check of a found value before the waterfall accepts it (Enrich.so email validation of a
 * found work email): a rejected value moves on to the next provider.
 */
export interface VerifierSpec<I = any> {
  goal: WaterfallGoal;
  op: string;
  input(value: GoalValue): I;
  /** Accepted, or the reason it is not ("risky", "invalid"). */
  verdict(data: unknown): { accepted: true } | { accepted: false; reason: string };
}

export const GOALS: Record<WaterfallGoal, { displayName: string; about: string }> = {
  workEmail: { displayName: 'Work Email', about: "a person's professional email address" },
  mobilePhone: { displayName: 'Mobile Phone', about: "a person's mobile or direct phone number" },
  personFromEmail: { displayName: 'Person From Email', about: 'the person behind an email address' },
  companyFromDomain: { displayName: 'Company From Domain', about: 'the company behind a website domain' },
  companyFromIp: { displayName: 'Company From IP', about: 'the company behind a visitor IP address' },
};

/** A lead field's text, trimmed; undefined when empty. */
export function leadText(lead: Lead, field: string): string | undefined {
  const v = lead[field];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * The input of a step that needs one lead field, sent as the operation's `param` (the field's
 * own name unless the provider names it otherwise); a lead without it skips the step, free.
 */
export function leadInput(field: string, param = field): (lead: Lead) => Record<string, string> | undefined {
  return (lead) => {
    const value = leadText(lead, field);
    return value ? { [param]: value } : undefined;
  };
}

/** Keeps only the defined entries (normalised values carry no `undefined`). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}
