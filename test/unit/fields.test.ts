import { z } from 'zod';
import { coerceFieldValues, describeInputFields, labelFor } from '../../shared/catalog/fields';

const schema = z.object({
  email: z.string().email().max(254).describe('Address to check'),
  pageSize: z.number().int().min(1).max(100).default(25).describe('Results per page'),
  fields: z
    .array(z.enum(['email', 'phone']))
    .min(1)
    .optional(),
  emails: z.array(z.string()).min(1).max(500000),
  filters: z.object({ jobTitle: z.string() }).optional(),
  includeNames: z.boolean().default(false),
  mode: z.enum(['fast', 'full']),
  company_linkedin_url: z.string().url(),
});

describe('UI fields generated from an input schema', () => {
  const fields = describeInputFields(schema);
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));

  it('keeps declaration order, labels and help text', () => {
    expect(fields.map((f) => f.name)).toEqual(Object.keys(schema.shape));
    expect(byName.email).toMatchObject({ type: 'string', required: true, description: 'Address to check', label: 'Email' });
    expect(byName.company_linkedin_url.label).toBe('Company Linkedin URL');
  });

  it('carries defaults, limits and optionality', () => {
    expect(byName.pageSize).toMatchObject({ type: 'number', required: false, default: 25, min: 1, max: 100 });
    expect(byName.includeNames).toMatchObject({ type: 'boolean', default: false, required: false });
    expect(byName.emails).toMatchObject({ type: 'stringList', required: true, minItems: 1, maxItems: 500000 });
  });

  it('maps enums to options, arrays of enums to multi-options and objects to JSON', () => {
    expect(byName.mode.options?.map((o) => o.value)).toEqual(['fast', 'full']);
    expect(byName.fields).toMatchObject({ type: 'multiOptions', required: false });
    expect(byName.filters.type).toBe('json');
  });

  it('coerces text-box values and drops untouched ones so the schema decides', () => {
    const coerced = coerceFieldValues(fields, {
      email: '',
      pageSize: '50',
      emails: 'a@x.io, b@x.io\nc@x.io',
      filters: '{"jobTitle":"CEO"}',
      includeNames: 'true',
      extra: 1,
    });
    expect(coerced).toEqual({ pageSize: 50, emails: ['a@x.io', 'b@x.io', 'c@x.io'], filters: { jobTitle: 'CEO' }, includeNames: true, extra: 1 });
    expect(schema.safeParse({ ...coerced, mode: 'fast', company_linkedin_url: 'https://x.io', email: 'a@x.io' }).success).toBe(true);
  });

  it('passes malformed JSON through unchanged so the error names the field', () => {
    expect(coerceFieldValues(fields, { filters: '{oops' })).toEqual({ filters: '{oops' });
  });

  it('labels bracketed and snake-case names readably', () => {
    expect(labelFor('page[size]')).toBe('Page Size');
    expect(labelFor('ip_address')).toBe('IP Address');
  });
});
