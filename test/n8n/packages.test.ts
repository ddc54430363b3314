/**
 * The n8n packages `npm run build` makes (the all-in-one and one per provider), as n8n reads them: package.json by its
 * community-package rules, and every class it registers loaded from the bundle.
 * (n8n's own lint in strict mode and its scanner run on them in `npm run lint` and `npm test`;
 * test/n8n/e2e/packages.e2e.ts installs them into the real n8n.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { catalogs, manifests } from '../../shared';

const ROOT = path.resolve(__dirname, '../..');
// A build of its own (inside the project, where the bundles find n8n-workflow): `npm test` runs
// this beside the lint and the scanner, which read build/n8n.
mkdirSync(path.join(ROOT, 'build'), { recursive: true });
const BUILT = mkdtempSync(path.join(ROOT, 'build/packages-test-'));
const PROVIDERS = Object.values(manifests)
  .map((m) => m.slug)
  .sort();
const CATALOG_OF: Record<string, string> = Object.fromEntries(Object.values(manifests).map((m) => [m.slug, m.id]));

interface PackageJson {
  name: string;
  license: string;
  dependencies?: object;
  peerDependencies?: Record<string, string>;
  files: string[];
  keywords: string[];
  n8n: { strict: boolean; nodes: string[]; credentials: string[] };
}
const pkg = (name: string): PackageJson => JSON.parse(readFileSync(path.join(BUILT, name, 'package.json'), 'utf8'));
const load = <T>(name: string, file: string): T => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the built file as n8n does
  const exported = require(path.join(BUILT, name, file)) as Record<string, new () => T>;
  const [className] = Object.keys(exported);
  return new exported[className]();
};

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, ENRICHFLOW_N8N_BUILD_DIR: BUILT } });
}, 120_000);

afterAll(() => rmSync(BUILT, { recursive: true, force: true }));

test('the all-in-one and one package per provider', () => {
  expect(readdirSync(BUILT).sort()).toEqual(['n8n-nodes-enrichflow', ...PROVIDERS.map((p) => `n8n-nodes-enrichflow-${p}`)]);
});

describe.each(['n8n-nodes-enrichflow', ...PROVIDERS.map((p) => `n8n-nodes-enrichflow-${p}`)])('%s', (name) => {
  test('follows n8n community-package rules: no runtime dependencies, n8n-workflow the only peer, strict, MIT', () => {
    const p = pkg(name);
    expect(p.name).toBe(name);
    expect(p.dependencies).toBeUndefined();
    expect(p.peerDependencies).toEqual({ 'n8n-workflow': '*' });
    expect(p.n8n.strict).toBe(true);
    expect(p.license).toBe('MIT');
    expect(p.keywords).toContain('n8n-community-node-package');
    expect(p.files).toEqual(['dist']);
  });

  test("bundles no timers and no network library: its nodes give the core n8n's sleep and fetch, so Node's defaults stay out", () => {
    const bundle = readFileSync(path.join(BUILT, name, 'dist/enrichflow.js'), 'utf8');
    expect(bundle.match(/\b(setTimeout|setInterval|setImmediate|clearTimeout)\(/g) ?? []).toEqual([]);
    expect(bundle.match(/require\("(node:)?(undici|net|tls|http|https|timers)"\)/g) ?? []).toEqual([]);
  });

  test('every class it registers loads from the bundle, with its icons beside it', () => {
    const p = pkg(name);
    for (const file of p.n8n.nodes) {
      const node = load<INodeType>(name, file);
      expect(node.description.name).toBeTruthy();
      for (const icon of Object.values(node.description.icon as Record<string, string>)) {
        expect(existsSync(path.join(BUILT, name, path.dirname(file), icon.replace(/^file:/, '')))).toBe(true);
      }
    }
    for (const file of p.n8n.credentials) expect(load<ICredentialType>(name, file).name).toBeTruthy();
  });
});

test.each(PROVIDERS)('n8n-nodes-enrichflow-%s holds one service and no Shared Store (a socket n8n Cloud forbids)', (provider) => {
  const name = `n8n-nodes-enrichflow-${provider}`;
  const p = pkg(name);
  expect(p.n8n.credentials).toHaveLength(1);
  const credential = load<ICredentialType>(name, p.n8n.credentials[0]).name;
  for (const file of p.n8n.nodes) {
    const node = load<INodeType>(name, file);
    expect((node.description.credentials ?? []).map((c) => c.name)).toEqual([credential]);
    expect(node.description.properties.map((prop) => prop.name)).not.toContain('sharedStore');
  }
  expect(existsSync(path.join(BUILT, name, 'dist/store'))).toBe(false);
});

test('the all-in-one offers the Shared Store on every action node, its Redis client in a file of its own', () => {
  const p = pkg('n8n-nodes-enrichflow');
  expect(p.n8n.credentials.some((f) => f.includes('EnrichflowSharedStoreApi'))).toBe(true);
  const nodes = p.n8n.nodes.map((file) => load<INodeType>('n8n-nodes-enrichflow', file).description);
  for (const node of nodes.filter((n) => n.usableAsTool)) {
    expect(node.properties.map((prop) => prop.name)).toContain('sharedStore');
    expect((node.credentials ?? []).map((c) => c.name)).toContain('enrichflowSharedStoreApi');
  }
  const bundle = readFileSync(path.join(BUILT, 'n8n-nodes-enrichflow/dist/enrichflow.js'), 'utf8');
  expect(bundle).toContain('import("./store/redis.js")');
  expect(bundle).not.toMatch(/require\("(ioredis|undici|net|tls)"\)/);
});

test.each(PROVIDERS)('n8n-nodes-enrichflow-%s bundles its own provider only: no other service is named in it', (provider) => {
  const bundle = readFileSync(path.join(BUILT, `n8n-nodes-enrichflow-${provider}/dist/enrichflow.js`), 'utf8');
  for (const [slug, id] of Object.entries(CATALOG_OF)) {
    const host = new URL(catalogs[id].baseUrl).host;
    if (slug === provider) expect(bundle).toContain(host);
    else expect(bundle).not.toContain(host);
  }
});

test('the core has no module imported for its side effects (the bundler drops what a package does not use)', () => {
  const files = readdirSync(path.join(ROOT, 'shared'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'));
  const bare = files.filter((f) => /^import\s+['"]/m.test(readFileSync(path.join(ROOT, 'shared', f), 'utf8')));
  expect(bare).toEqual([]);
});
