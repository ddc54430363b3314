/**
 * A 500,000-email batch is checked slice by slice (validateLists.ts) and walked without
 * stacking every entry (wireSafe.ts): the user sees the same verdicts a whole parse gives.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defaultIdempotencyKey } from '../../shared/batch';
import { wireSafetyIssue } from '../../shared/catalog/wireSafe';
import { emailField, listField } from '../../shared/catalog/inputs';
import { LIST_SLICE, safeParseLongLists } from '../../shared/validateLists';

const schema = z
  .object({ emails: listField('emails', emailField('emails', 'An email'), 'Emails', { min: 1, max: LIST_SLICE * 3 }), note: z.string().max(5).optional() })
  .strict();
const emails = (n: number) => Array.from({ length: n }, (_, i) => ` user.${i}@acme.com`);

describe('a long list checked in slices', () => {
  it('gives the whole parse its data back: every entry trimmed, in order, and the other fields', () => {
    const list = emails(LIST_SLICE * 2 + 7);
    const parsed = safeParseLongLists(schema, { emails: list, note: 'hi' });
    expect(parsed).toEqual(schema.safeParse({ emails: list, note: 'hi' }));
    expect(parsed.success && parsed.data.emails[LIST_SLICE + 1]).toBe(`user.${LIST_SLICE + 1}@acme.com`);
  });

  it('names a bad entry past the first slice by its place in the whole list', () => {
    const list = emails(LIST_SLICE * 2);
    list[LIST_SLICE + 42] = 'not-an-email';
    const parsed = safeParseLongLists(schema, { emails: list });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(parsed.error.issues.map((i) => [i.path, i.message])).toEqual([[['emails', LIST_SLICE + 42], 'emails must be a valid email address']]);
  });

  it("refuses a list past its maximum with the field's own message, and an unknown field beside it", () => {
    const parsed = safeParseLongLists(schema, { emails: emails(LIST_SLICE * 3 + 1), extra: 1 });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      const messages = parsed.error.issues.map((i) => i.message);
      expect(messages).toContain(`emails accepts at most ${LIST_SLICE * 3} entries`);
      expect(parsed.error.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
    }
  });
});

describe('the wire walk over a long list', () => {
  it('names the first unsafe entry, however deep into the list', () => {
    const list = emails(200_000);
    list[199_998] = 'a\u0000b@acme.com';
    expect(wireSafetyIssue({ emails: list })).toEqual({ field: 'emails[199998]', rule: 'must not contain control or bidi characters (found U+0000)' });
  });

  it('still finds a list that contains itself', () => {
    const list: unknown[] = ['a@acme.com'];
    list.push(list);
    expect(wireSafetyIssue({ emails: list })).toEqual({ field: 'emails[1]', rule: 'must not refer to itself (circular reference)' });
  });
});

describe('the idempotency key of a long list', () => {
  it("is the hash of the list's keys as one JSON document, so records written before still match", () => {
    const list = [...emails(30_000), undefined];
    const keyOf = (item: unknown) => (typeof item === 'string' ? item.trim().toLowerCase() : (undefined as unknown as string));
    const whole = createHash('sha256')
      .update(JSON.stringify(['emailValidation', list.map(keyOf)]))
      .digest('hex')
      .slice(0, 32);
    expect(defaultIdempotencyKey('emailValidation', list, keyOf)).toBe(whole);
  });
});
