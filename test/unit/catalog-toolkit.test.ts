/**
 * The catalog toolkit (shared/catalog) is provider-neutral: a new provider builds its catalog from
 * it, so nothing there may speak for one provider in particular.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainField, requireOneOf, submittedJobId, withThousands } from '../../shared/catalog';
import { ProviderFailureError, ValidationError } from '../../shared/errors';

const PROVIDER_NAMES = /enrich\.?so|influencers|leadfeeder|smarte|enrichlayer/i;

describe('the catalog toolkit names no provider', () => {
  const dir = join(__dirname, '../../shared/catalog');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    it(`${file} has no provider name in its code or messages`, () => {
      // Comments may cite a provider as an example of a construct; code and messages may not.
      const code = readFileSync(join(dir, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(code).not.toMatch(PROVIDER_NAMES);
    });
  }

  it('requireOneOf names the missing field and the rule, and nothing else', () => {
    expect(() => requireOneOf({ email: '' }, ['email', 'linkedin'], 'who to look up')).toThrow(ValidationError);
    expect(() => requireOneOf({}, ['email', 'linkedin'], 'who to look up')).toThrow(/email: give at least one of email or linkedin \(who to look up\)/);
    expect(() => requireOneOf({ linkedin: 'x' }, ['email', 'linkedin'], 'who to look up')).not.toThrow();
  });

  it('submittedJobId speaks for the provider it is given', () => {
    expect(submittedJobId({ jobId: 'j1' }, 'batch', { id: 'toy', displayName: 'Toy' })).toBe('j1');
    expect(() => submittedJobId({}, 'batch', { id: 'toy', displayName: 'Toy' })).toThrow(ProviderFailureError);
    expect(() => submittedJobId({}, 'batch', { id: 'toy', displayName: 'Toy' })).toThrow(/^Toy accepted the batch but its answer carried no job id$/);
  });
});

describe('a domain field accepts every host name the providers accept (they document only a length cap)', () => {
  const domain = domainField('domain', 'a domain');
  it.each(['acme.com', 'example.xn--p1ai', 'пример.рф', 'bücher.de', 'acme.com.', 'sub.acme.co.uk', '1and1.com'])('%s is a domain', (value) => {
    expect(domain.safeParse(value).success).toBe(true);
  });
  it.each(['https://acme.com', 'acme.com/about', 'acme', 'acme..com', '-acme.com', 'acme.com..', '10.0.0.1', 'acme com.io', `${'a'.repeat(64)}.com`])(
    '%s is refused',
    (value) => {
      expect(domain.safeParse(value).success).toBe(false);
    },
  );
});

describe('counts in messages', () => {
  it('are spelled as en-US spells them (25,000), without ICU number formatting', () => {
    for (const n of [0, 7, 999, 1000, 25_000, 100_000, 500_000, 1_234_567, 10_000_000]) expect(withThousands(n)).toBe(n.toLocaleString('en-US'));
  });

  // The core, and the adapters that ship it: the Zapier bundle loads zapier-app/lib, every n8n package nodes/.
  it('never reach for Intl in the core or the adapters: it costs every process loading them ~7 MB (BENCHMARKS.md, memory)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && /toLocaleString\(|new Intl\./.test(readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')))
          offenders.push(path);
      }
    };
    for (const dir of ['shared', 'zapier-app/lib', 'nodes']) walk(join(__dirname, '../..', dir));
    expect(offenders).toEqual([]);
  });
});
