/**
 * Saved workflows keep working: every version of every node, and every credential, is held to
 * its committed snapshot (test/n8n/description-snapshots/). Adding operations, fields, option
 * values or nodes passes; renaming or removing what a saved workflow uses fails, unless the node
 * gains a version that keeps the old parameters for the old version.
 *
 * Record additions (and new nodes) with: UPDATE_SNAPSHOTS=1 npx jest test/n8n/saved-workflows.test.ts
 * It refuses to record a breaking change.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { versionFields } from '../../nodes/adapter/versions';
import { packageCredentials, packageNodes } from './packageClasses';
import { credentialBreaks, credentialSnapshot, type NodeSnapshot, nodeBreaks, nodeSnapshot, versionsOf } from './savedWorkflows';

const SNAPSHOTS = path.join(__dirname, 'description-snapshots');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const RECORD = 'UPDATE_SNAPSHOTS=1 npx jest test/n8n/saved-workflows.test.ts';

const nodes = Object.values(packageNodes).map((n) => n.description);
const credentials = Object.values(packageCredentials);

const nodeFile = (name: string, version: number) => path.join(SNAPSHOTS, `${name}.v${version}.json`);
const credentialFile = (name: string) => path.join(SNAPSHOTS, 'credentials', `${name}.json`);

function readSnapshot<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

/** Writes the snapshot under UPDATE_SNAPSHOTS=1 (only ever called once it is known to break nothing). */
function record(file: string, snapshot: unknown, saved: unknown): void {
  if (!UPDATE || JSON.stringify(saved) === JSON.stringify(snapshot)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(snapshot, null, 2)}\n`);
}

function brokenNode(node: string, version: number, versions: number[], breaks: string[]): Error {
  const next = Math.max(...versions) + 1;
  return new Error(
    [
      `Workflows saved with the n8n node "${node}" version ${version} would break:`,
      ...breaks.map((b) => `  - ${b}`),
      `Keep what they use (add beside it instead of renaming), or give the node version ${next}: pass`,
      `{ versions: [${[...versions, next].join(', ')}] } to its description in nodes/<Provider>/<Node>.node.ts`,
      `(nodes/adapter/versions.ts), show the changed parameters only for '@version': [${next}], keep the old`,
      `ones for the versions before and read ctx.getNode().typeVersion where they differ, so workflows`,
      `saved with version ${version} still run. Then record version ${next}: ${RECORD}`,
    ].join('\n'),
  );
}

describe('workflows saved with any version of a node keep working', () => {
  it('finds the nodes and credentials of the packages', () => {
    expect(nodes.map((d) => d.name)).toEqual(expect.arrayContaining(['enrichSo', 'enrichLayer', 'leadfeeder', 'smarte', 'influencersClub', 'enrichSoTrigger']));
    expect(credentials.map((c) => c.name)).toEqual(expect.arrayContaining(['enrichSoApi', 'enrichLayerApi']));
  });

  for (const description of nodes) {
    for (const version of versionsOf(description)) {
      it(`${description.name} version ${version}: every parameter, option value and credential a saved workflow uses is still there`, () => {
        const file = nodeFile(description.name, version);
        const current = nodeSnapshot(description, version);
        const saved = readSnapshot<NodeSnapshot>(file);
        if (saved) {
          const breaks = nodeBreaks(saved, current);
          if (breaks.length > 0) throw brokenNode(description.name, version, versionsOf(description), breaks);
        }
        record(file, current, saved);
      });
    }
  }

  for (const credential of credentials) {
    it(`credential ${credential.name}: every field a saved credential holds is still there`, () => {
      const file = credentialFile(credential.name);
      const current = credentialSnapshot(credential);
      const saved = readSnapshot<typeof current>(file);
      if (saved) {
        const breaks = credentialBreaks(saved, current);
        if (breaks.length > 0) {
          throw new Error(
            [
              `Credentials saved as "${credential.name}" would break (n8n does not version credentials):`,
              ...breaks.map((b) => `  - ${b}`),
              'Keep the field names, types and option values; add new ones beside them.',
            ].join('\n'),
          );
        }
      }
      record(file, current, saved);
    });
  }

  it('no node version or credential with saved workflows has disappeared', () => {
    const live = new Set([
      ...nodes.flatMap((d) => versionsOf(d).map((v) => `${d.name}.v${v}.json`)),
      ...credentials.map((c) => path.join('credentials', `${c.name}.json`)),
    ]);
    const snapshots = [
      ...readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.json')),
      ...readdirSync(path.join(SNAPSHOTS, 'credentials')).map((f) => path.join('credentials', f)),
    ];
    const gone = snapshots.filter((f) => !live.has(f));
    expect(gone).toEqual([]);
  });
});

/** A node as the generators build it, small enough to read. */
function toyNode(properties: INodeProperties[], version: INodeTypeDescription['version'] = 1): INodeTypeDescription {
  return {
    displayName: 'Toy',
    name: 'toy',
    group: ['transform'],
    version,
    description: 'A toy',
    defaults: { name: 'Toy' },
    inputs: [],
    outputs: [],
    credentials: [{ name: 'toyApi', required: true }],
    properties,
  };
}

const resource: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  default: 'person',
  options: [{ name: 'Person', value: 'person' }],
};
const email: INodeProperties = { displayName: 'Email', name: 'email', type: 'string', default: '', displayOptions: { show: { resource: ['person'] } } };
const mode: INodeProperties = {
  displayName: 'Mode',
  name: 'mode',
  type: 'options',
  default: 'fast',
  options: [
    { name: 'Fast', value: 'fast' },
    { name: 'Thorough', value: 'thorough' },
  ],
};
const options: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  default: {},
  options: [{ displayName: 'Budget', name: 'budget', type: 'number', default: 1 }],
};
const v1 = nodeSnapshot(toyNode([resource, email, mode, options]), 1);

describe('what counts as breaking a saved workflow', () => {
  it('adding a parameter, an option value, a resource or a collection option breaks nothing', () => {
    const added = toyNode([
      { ...resource, options: [...resource.options!, { name: 'Company', value: 'company' }] },
      { ...email, displayOptions: { show: { resource: ['person', 'company'] } } },
      { displayName: 'Domain', name: 'domain', type: 'string', default: '', displayOptions: { show: { resource: ['company'] } } },
      { ...mode, options: [...mode.options!, { name: 'Cheap', value: 'cheap' }] },
      { ...options, options: [...options.options!, { displayName: 'Estimate Only', name: 'estimateOnly', type: 'boolean', default: false }] },
    ]);
    expect(nodeBreaks(v1, nodeSnapshot(added, 1))).toEqual([]);
  });

  it('relabelling an option keeps its saved value, so it breaks nothing', () => {
    const relabelled = toyNode([
      resource,
      email,
      {
        ...mode,
        options: [
          { name: 'Quick', value: 'fast' },
          { name: 'Careful', value: 'thorough' },
        ],
      },
      options,
    ]);
    expect(nodeBreaks(v1, nodeSnapshot(relabelled, 1))).toEqual([]);
  });

  it('a renamed parameter, a dropped option value, a changed type or a narrower display break it', () => {
    const broken = toyNode([
      resource,
      { ...email, name: 'emailAddress' },
      { ...mode, options: [{ name: 'Fast', value: 'fast' }] },
      { ...options, options: [{ displayName: 'Budget', name: 'budget', type: 'string', default: '1' }] },
    ]);
    expect(nodeBreaks(v1, nodeSnapshot(broken, 1))).toEqual([
      'parameter "email" (shown for resource="person") was removed or renamed',
      'option value "thorough" of parameter "mode" was removed or renamed',
      'parameter "options.budget" changed type from number to string',
    ]);
    const hidden = toyNode([resource, { ...email, displayOptions: { show: { resource: ['person'], mode: ['fast'] } } }, mode, options]);
    expect(nodeBreaks(v1, nodeSnapshot(hidden, 1))).toEqual([
      expect.stringContaining('"email" (shown for resource="person") is no longer displayed everywhere it was'),
    ]);
    expect(nodeBreaks(v1, nodeSnapshot({ ...toyNode([resource, email, mode, options]), credentials: [] }, 1))).toEqual([
      'credential type "toyApi" is no longer accepted',
    ]);
  });

  it('a rename in a new version keeps version 1 whole: its workflows still find the old parameter', () => {
    const versioned = toyNode(
      [
        resource,
        { ...email, displayOptions: { show: { resource: ['person'], '@version': [1] } } },
        { ...email, name: 'emailAddress', displayOptions: { show: { resource: ['person'], '@version': [{ _cnd: { gte: 2 } }] } } },
        mode,
        options,
      ],
      [1, 2],
    );
    expect(versionsOf(versioned)).toEqual([1, 2]);
    expect(nodeBreaks(v1, nodeSnapshot(versioned, 1))).toEqual([]);
    expect(nodeSnapshot(versioned, 2).parameters.map((p) => p.name)).toEqual(['resource', 'emailAddress', 'mode', 'options']);
  });

  it('a node lists its versions; with several, a newly added node gets the newest', () => {
    expect(versionFields()).toEqual({ version: 1 });
    expect(versionFields([2, 1])).toEqual({ version: [1, 2], defaultVersion: 2 });
    expect(() => versionFields([1, 1])).toThrow(/distinct whole numbers/);
  });

  it('says what to do when a node would break its saved workflows', () => {
    const message = brokenNode('toy', 1, [1], ['parameter "email" was removed or renamed']).message;
    expect(message).toContain('give the node version 2');
    expect(message).toContain('{ versions: [1, 2] }');
    expect(message).toContain(RECORD);
  });
});
