/**
 * The hostile inputs issue 8 measured, one by one, against Enrich.so: each used to crash the
 * client or reach the wire; each is now a validation error naming the field, and nothing is sent.
 */
import { createClient } from '../../shared/client';
import { FakeClock } from '../../shared/clock';
import { ValidationError } from '../../shared/errors';
import { enrichSo } from '../../shared/providers/enrichSo';
import { MemoryStore } from '../../shared/store/memory';
import { json, ScriptedTransport } from './fixtures/toy-catalog';

function enrichSoClient() {
  const clock = new FakeClock(1_700_000_000_000);
  const transport = new ScriptedTransport(() => json(200, { success: true, data: {}, meta: {} }));
  return { client: createClient({ provider: enrichSo, apiKey: 'sk_test_cases', transport, clock, store: new MemoryStore({ clock }) }), transport };
}

async function refused(call: Promise<unknown>): Promise<ValidationError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

const deep = (levels: number) => {
  let v: unknown = 'VP';
  for (let i = 0; i < levels; i++) v = { and: v };
  return v;
};

describe('the crashes and leaks issue 8 measured are validation errors now', () => {
  const cases: [string, string, () => unknown, string][] = [
    [
      'circular lead filters',
      'leadFinder.search',
      () => {
        const f: Record<string, unknown> = { jobLevel: ['VP'] };
        f.self = f;
        return { filters: f };
      },
      'filters.self',
    ],
    ['5,000-deep lead filters', 'leadFinder.search', () => ({ filters: { custom: deep(5000) } }), 'filters.custom'],
    ['BigInt in the free-form lead filters', 'leadFinder.count', () => ({ filters: { employeeCountMin: BigInt(50) } }), 'filters.employeeCountMin'],
    ['a $gt operator in filters', 'leadFinder.search', () => ({ filters: { jobTitle: { $gt: '' } } }), 'filters.jobTitle.$gt'],
    ['__proto__ as an id', 'emailValidation.getBatchStatus', () => ({ batchId: '__proto__' }), 'batchId'],
    ['__proto__ as a key', 'leadFinder.count', () => ({ filters: JSON.parse('{"__proto__": {"isAdmin": true}}') }), 'filters.__proto__'],
    ['page = 1e308', 'emailValidation.getBatchResults', () => ({ batchId: '665a1f4e2c3b7800129dce01', page: 1e308 }), 'page'],
    ['a NUL in a name', 'emailFinder.find', () => ({ firstName: 'Ada\u0000', lastName: 'Lovelace', domain: 'acme.com' }), 'firstName'],
    ['a bidi override in a name', 'emailFinder.find', () => ({ firstName: 'Ada', lastName: '\u202Eecalevol', domain: 'acme.com' }), 'lastName'],
    ['a file:// callback URL', 'emailValidation.submitBatch', () => ({ emails: ['a@acme.com'], webhookUrl: 'file:///etc/passwd' }), 'webhookUrl'],
    [
      'a javascript: callback URL',
      'emailValidation.submitBatch',
      () => ({ emails: ['a@acme.com'], webhookUrl: 'javascript:alert(document.cookie)' }),
      'webhookUrl',
    ],
    [
      'a CRLF header injection in a callback URL',
      'emailFinder.submitBatch',
      () => ({ leads: [{ firstName: 'A', lastName: 'B', domain: 'acme.com' }], webhookUrl: 'https://hooks.example.com/x\r\nX-Evil: 1' }),
      'webhookUrl',
    ],
    [
      'the cloud metadata address as a callback URL',
      'reverseLookup.submitBatch',
      () => ({ emails: ['a@acme.com'], webhookUrl: 'http://169.254.169.254/latest/meta-data/' }),
      'webhookUrl',
    ],
    [
      'credentials in a callback URL',
      'reverseLookup.submitBatch',
      () => ({ emails: ['a@acme.com'], webhookUrl: 'https://admin:hunter2@hooks.example.com/x' }),
      'webhookUrl',
    ],
    ['null as the whole input', 'wallet.getBalance', () => null, '(input)'],
  ];

  it.each(cases)('%s', async (_story, key, input, field) => {
    const { client, transport } = enrichSoClient();
    const error = await refused(client.call(key, input()));
    expect(error.field!.startsWith(field)).toBe(true);
    expect(error.message).toContain(field);
    expect(transport.requests).toHaveLength(0);
  });

  it('a callback URL on loopback (a local n8n, the sandbox) is still accepted', () => {
    const { client } = enrichSoClient();
    expect(() =>
      client.validate('emailValidation.submitBatch', { emails: ['a@acme.com'], webhookUrl: 'http://127.0.0.1:5678/webhook-waiting/1' }),
    ).not.toThrow();
  });

  it('no input at all still means "no fields" for an operation that takes none', () => {
    const { client } = enrichSoClient();
    expect(() => client.validate('wallet.getBalance', undefined)).not.toThrow();
  });
});
