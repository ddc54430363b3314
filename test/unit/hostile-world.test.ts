/**
 * Issue 18, the core's half: what a hostile world tries and what the client refuses — a key
 * sent in clear, a Base URL that hides a key or is no URL at all, a key echoed in a successful
 * answer or in a form the redactor did not know, an input whose getters throw, a web-address
 * field carrying file:, javascript: or the cloud-metadata address. Each is refused (or hidden)
 * before anything is sent.
 */
import { inspect } from 'node:util';
import { createClient, type ClientOptions } from '../../shared/client';
import { FakeClock } from '../../shared/clock';
import { AuthError, ValidationError } from '../../shared/errors';
import { describeInputFields } from '../../shared/catalog/fields';
import { catalogs } from '../../shared/providers';
import { enrichSo } from '../../shared/providers/enrichSo';
import { MemoryStore } from '../../shared/store/memory';
import { csvField, singleColumnCsv } from '../../shared/files/csv';
import { handleRule } from '../../shared/providers/influencersClub/handles';
import type { HttpRequest, HttpResponse } from '../../shared/transport/types';
import { json, ScriptedTransport } from './fixtures/toy-catalog';

// A canary, assembled at run time so no secret scanner mistakes the file for a leak.
const KEY = ['sk', 'live', 'Canary0123456789abcdefCANARY99'].join('_');

function client(
  answer: (req: HttpRequest) => HttpResponse = () => json(200, { success: true, data: { balance: 5 }, meta: {} }),
  opts: Partial<ClientOptions> = {},
) {
  const clock = new FakeClock(1_700_000_000_000);
  const transport = new ScriptedTransport(answer);
  const made = () => createClient({ provider: enrichSo, apiKey: KEY, transport, clock, store: new MemoryStore({ clock }), retry: { retries: 0 }, ...opts });
  return { made, transport };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a Base URL that would send the key in clear is refused, unless the credential allows it', () => {
  it.each(['http://api.enrich.example/api/v3', 'http://10.0.0.8/api/v3'])(
    '%s is refused before anything is sent, naming the setting that allows it',
    (baseUrl) => {
      const { made, transport } = client(undefined, { baseUrl });
      const error = thrown(made) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe('baseUrl');
      expect(error.message).toMatch(/clear text.*Allow Insecure HTTP/);
      expect(transport.requests).toHaveLength(0);
    },
  );

  it.each(['http://127.0.0.1:4010/enrich-so/api/v3', 'http://localhost:4010/x', 'http://[::1]:4010/x', 'https://dev.enrich.so/api/v3'])(
    '%s (https, or loopback where the sandbox runs) is used',
    async (baseUrl) => {
      const { made, transport } = client(undefined, { baseUrl });
      await made().call('wallet.getBalance', {});
      expect(transport.requests[0].url.startsWith(baseUrl)).toBe(true);
    },
  );

  it('an explicit "Allow Insecure HTTP" lets an http endpoint through', async () => {
    const { made, transport } = client(undefined, { baseUrl: 'http://api.enrich.example/api/v3', allowInsecureHttp: true });
    await made().call('wallet.getBalance', {});
    expect(transport.requests).toHaveLength(1);
  });

  it.each(['not a url', 'ftp://files.example/x', '://'])('an invalid Base URL (%s) is a credential error, not a bare TypeError', (baseUrl) => {
    const error = thrown(client(undefined, { baseUrl }).made);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('baseUrl');
  });
});

describe('the key stays hidden wherever it turns up', () => {
  it('a key inside the Base URL does not show in an inspected or serialized client, nor in its errors', async () => {
    const { made } = client(() => json(401, { message: `bad key ${KEY}` }), { baseUrl: `https://user:${KEY}@dev.enrich.so/api/v3?key=${KEY}` });
    const c = made();
    expect(inspect(c, { depth: Infinity, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(c)).not.toContain(KEY);
    const error = await c.call('wallet.getBalance', {}).catch((e: unknown) => e);
    expect(inspect(error, { depth: Infinity })).not.toContain(KEY);
  });

  it("a key echoed inside a successful answer's data is redacted from the result", async () => {
    const { made } = client(() =>
      json(200, { success: true, data: { balance: 5, note: `your key is ${KEY}`, [KEY]: 'as a name', nested: [{ echoed: KEY.toUpperCase() }] }, meta: {} }),
    );
    const result = await made().call('wallet.getBalance', {});
    expect(JSON.stringify(result)).not.toMatch(new RegExp(KEY, 'i'));
    expect(JSON.stringify(result.data)).toContain('[redacted]');
  });

  it('a key hidden behind JSON \\u escapes in an answer is redacted once decoded', async () => {
    const escaped = [...KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const { made } = client(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"success":true,"data":{"balance":5,"note":"${escaped}"},"meta":{}}`,
    }));
    const result = await made().call('wallet.getBalance', {});
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  const b64 = (text: string) => Buffer.from(text).toString('base64');
  it.each([
    ['upper-case', KEY.toUpperCase()],
    ['lower-case', KEY.toLowerCase()],
    ['base64', b64(KEY)],
    ['base64 of user:key (Basic auth)', b64(`ops:${KEY}`)],
    ['truncated at 100 characters of a quoted answer', `${'x'.repeat(80)}${KEY}`.slice(0, 100)],
    ['its first half', KEY.slice(0, Math.ceil(KEY.length / 2))],
    ['its last half', KEY.slice(-Math.ceil(KEY.length / 2))],
  ])('a 401 echoing the key %s is redacted', async (_, echoed) => {
    const { made } = client(() => json(401, { message: `rejected: ${echoed}` }));
    const error = (await made()
      .call('wallet.getBalance', {})
      .catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toContain('[redacted]');
    expect(inspect(error, { depth: Infinity })).not.toContain(echoed.slice(-Math.ceil(KEY.length / 2)));
  });
});

describe('an input whose getters or Proxy traps throw is a validation error naming the field', () => {
  const throwing = () => {
    const input: Record<string, unknown> = {};
    Object.defineProperty(input, 'email', {
      enumerable: true,
      get: () => {
        throw new Error('getter exploded');
      },
    });
    return input;
  };
  it.each([
    ['a throwing getter', () => throwing(), 'email'],
    [
      'a Proxy whose ownKeys trap throws',
      () =>
        new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error('trap');
            },
          },
        ),
      '(input)',
    ],
    [
      'a Proxy whose getPrototypeOf trap throws',
      () =>
        new Proxy(
          {},
          {
            getPrototypeOf: () => {
              throw new Error('trap');
            },
          },
        ),
      '(input)',
    ],
    [
      'a list whose get trap throws',
      () => ({
        emails: new Proxy(['a@b.io'], {
          get: () => {
            throw new Error('trap');
          },
        }),
      }),
      'emails',
    ],
  ])('%s', async (_, input, field) => {
    const { made, transport } = client();
    const error = await made()
      .call('emailValidation.validate', input())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(transport.requests).toHaveLength(0);
  });
});

describe('every URL or domain field takes an http(s) URL or a bare domain, never another scheme or the metadata address', () => {
  const hostile = [
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://169.254.169.254/latest/meta-data/',
    '169.254.169.254',
    'metadata.google.internal',
    'data:text/html,<script>1</script>',
  ];
  const webName = /(url|urls|uri|website|websites|domain|domains|homepage|linkedin|linkedins)$/i;
  const cases = Object.values(catalogs).flatMap((catalog) =>
    catalog.operations.flatMap((op) =>
      describeInputFields(op.input)
        .filter((f) => webName.test(f.name))
        .map((f) => [`${catalog.displayName} ${op.key} ${f.name}`, catalog, op.key, f.name, f.type] as const),
    ),
  );

  it('the named fields are among them (Enrich.so phone finder linkedin, SMARTe companyWebsite, EnrichLayer company_domain)', () => {
    const names = cases.map((c) => c[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Enrich\.so phoneFinder\.find linkedin$/),
        expect.stringMatching(/^SMARTe .* companyWebsite$/),
        expect.stringMatching(/^EnrichLayer .* company_domain$/),
      ]),
    );
    expect(cases.length).toBeGreaterThan(15);
  });

  it.each(cases)('%s refuses every hostile address, nothing sent', async (_, catalog, key, field, type) => {
    for (const value of hostile) {
      const clock = new FakeClock(1_700_000_000_000);
      const transport = new ScriptedTransport(() => json(200, {}));
      const c = createClient({
        provider: catalog,
        apiKey: KEY,
        transport,
        clock,
        store: new MemoryStore({ clock }),
        credential: { accountId: '1', account_id: '1' },
      });
      const error = await c.call(key, { [field]: type === 'stringList' || type === 'json' ? [value] : value }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toMatch(new RegExp(`^${field}`));
      expect(transport.requests).toHaveLength(0);
    }
  });
});

describe('spreadsheet formulas never leave in a CSV we write, and are no handle', () => {
  it.each(["=cmd|' /C calc'!A0", '+1+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("https://evil.example","x")'])(
    '%s is neutralised with a leading quote (OWASP)',
    (value) => {
      const cell = csvField(value);
      expect(cell.replace(/^"/, '')).toMatch(/^'/);
      expect(singleColumnCsv('handle', [value]).split('\r\n')[1].replace(/^"/, '')).toMatch(/^'/);
    },
  );

  it.each([
    ['instagram', 'nat.geo_1', true],
    ['instagram', 'https://www.instagram.com/natgeo/', true],
    ['youtube', 'UC-lHJZR3Gqxm24_Vd_AJ5Yw', true],
    ['twitter', 'nat.geo', false],
    ['facebook', 'nat_geo', false],
    ['instagram', '=HYPERLINK("https://evil.example")', false],
    ['tiktok', '@SUM(1+1)', false],
    ['instagram', 'javascript:alert(1)', false],
  ])('%s handle %s accepted: %s', (platform, handle, ok) => {
    expect(handleRule(handle, platform) === undefined).toBe(ok);
  });
});
