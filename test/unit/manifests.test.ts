/**
 * One spelling per provider: each manifest agrees with its catalog, and every place named after
 * the provider (its n8n node folder and credential, its Zapier integration, its sandbox) uses
 * the manifest's names. A manifest folder that is not registered is caught too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { manifestProblems, providers } from '../../shared';
import { startSandbox } from '../../sandbox/server';
import { credentialName } from '../../nodes/adapter/names';

const ROOT = path.join(__dirname, '..', '..');

describe.each(providers.map((p) => [p.manifest.id, p] as const))('the %s manifest', (_id, { manifest, catalog }) => {
  it('agrees with its catalog and the naming rules', () => {
    expect(manifestProblems(manifest, catalog)).toEqual([]);
    expect(credentialName(catalog)).toBe(manifest.credential);
  });

  it('names its n8n node folder and credential, and its Zapier integration', () => {
    const { className } = manifest.n8n;
    expect(existsSync(path.join(ROOT, 'nodes', className, `${className}.node.ts`))).toBe(true);
    expect(readFileSync(path.join(ROOT, 'credentials', `${className}Api.credentials.ts`), 'utf8')).toContain(`class ${className}Api`);
    const zapier = JSON.parse(readFileSync(path.join(ROOT, 'zapier-app', manifest.slug, 'package.json'), 'utf8')) as { name: string };
    expect(zapier.name).toBe(manifest.zapier.package);
    expect(readFileSync(path.join(ROOT, 'zapier-app', manifest.slug, 'index.js'), 'utf8')).toContain(`catalogs.${manifest.id}`);
  });
});

describe('the registry', () => {
  it('registers every manifest in shared/providers/', () => {
    const folders = readdirSync(path.join(ROOT, 'shared/providers'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(ROOT, 'shared/providers', d.name, 'manifest.json')))
      .map((d) => d.name)
      .sort();
    expect(providers.map((p) => p.manifest.id).sort()).toEqual(folders);
  });

  it('examples/credentials.sandbox.json holds one credential per provider, of its type, at its sandbox prefix with its sandbox key', async () => {
    const saved = JSON.parse(readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8')) as {
      type: string;
      data: { apiKey: string; baseUrl: string };
    }[];
    expect(saved.map((c) => c.type).sort()).toEqual(providers.map((p) => p.manifest.credential).sort());
    const sandbox = await startSandbox({ port: 0 });
    try {
      for (const { manifest } of providers) {
        const credential = saved.find((c) => c.type === manifest.credential)!;
        expect(credential.data.baseUrl).toBe(`http://127.0.0.1:4010${manifest.sandbox.prefix}`);
        expect(credential.data.apiKey).toBe(sandbox.providers[manifest.id]!.apiKey);
      }
    } finally {
      await sandbox.close();
    }
  });

  it('the sandbox mounts each provider at its manifest prefix, its control API under its slug', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      for (const { manifest } of providers) {
        const mounted = sandbox.providers[manifest.id]!;
        expect({ slug: mounted.slug, prefix: mounted.prefix, displayName: mounted.displayName }).toEqual({
          slug: manifest.slug,
          prefix: manifest.sandbox.prefix,
          displayName: manifest.displayName,
        });
        const requests = await fetch(`${sandbox.url}/_sandbox/${manifest.slug}/requests`);
        expect(requests.status).toBe(200);
      }
      expect(sandbox.mounted.map((p) => p.id).sort()).toEqual(providers.map((p) => p.manifest.id).sort());
    } finally {
      await sandbox.close();
    }
  });
});
