/**
 * The UI, checked in a real browser: the packed package in the real n8n 2.41.1,
 * its editor in Debian's headless Chromium. For every node: open it from the canvas, pick each
 * resource and operation through the editor's own dropdowns, and check that the parameter
 * panel shows the fields the node's description says it shows (n8n-workflow's display rules),
 * that each operation's cost note is listed with it, and that the editor logged no errors.
 * Saves one screenshot per node — an action node on the operation a user comes for, its dropdown
 * open on that operation's cost note — and one of an executed workflow (its output items with
 * their credits): into docs/screenshots with UPDATE_SCREENSHOTS=1, otherwise into a temp dir so
 * CI runs leave the tree alone.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INodeTypeDescription } from 'n8n-workflow';
import { startSandbox, type Sandbox } from '../../../sandbox/server';
import { manifests } from '../../../shared/providers';
import { COST_NOTE, expectedFields, NODES, type OperationCase, operationCases, PACKAGE, SHOWCASE } from './editorExpectations';
import { CHROMIUM, CHROMIUM_INSTALLED, Editor, type PageError, restPost, setupOwner } from './editorPage';
import { N8N_INSTALLED, type N8nHome, startServer, TOOLS, waitFor } from './n8nCli';
import { installPackedPackage, newHome } from './package';
import { freePort } from '../../freePort';

const ROOT = path.resolve(__dirname, '../../..');
if (!N8N_INSTALLED) console.warn(`SKIPPED the editor end-to-end: n8n is not installed in ${TOOLS}; run scripts/n8n/install.sh first.`);
else if (!CHROMIUM_INSTALLED)
  console.warn(`SKIPPED the editor end-to-end: no Chromium at ${CHROMIUM}; run scripts/browser/install.sh (apt-get install chromium) first.`);
const d = N8N_INSTALLED && CHROMIUM_INSTALLED ? describe : describe.skip;

let SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

/**
 * Errors of n8n's own, unrelated to our nodes. Each entry says why it may be ignored;
 * anything else the editor logs fails the test.
 */
const ALLOWED: { why: string; match: (e: PageError) => boolean }[] = [
  {
    // n8n's front end asks its own cloud services (api.n8n.io: templates, versions, node
    // descriptions of n8n.io's catalogue) and npm's public registry (a community package's
    // latest version); this machine reaches neither, whatever node is open.
    why: 'an n8n request to a public n8n.io / npm host this machine cannot reach',
    match: (e) =>
      e.kind === 'console' && /^Failed to load resource: net::/.test(e.text) && /^https:\/\/([a-z0-9-]+\.)*(n8n\.io|npmjs\.org)\//.test(e.url ?? ''),
  },
];

/** The sandbox credential of each provider (examples/credentials.sandbox.json), pointed at this test's sandbox. */
function sandboxCredentials(sandbox: Sandbox) {
  const base: Record<string, string> = Object.fromEntries(Object.values(manifests).map((m) => [m.credential, sandbox.providers[m.id]!.baseUrl]));
  const creds = JSON.parse(readFileSync(path.join(ROOT, 'examples/credentials.sandbox.json'), 'utf8')) as {
    name: string;
    type: string;
    data: Record<string, string>;
  }[];
  return creds.map(({ name, type, data }) => ({ name, type, data: { ...data, baseUrl: base[type] } }));
}

type Credential = { id: string; name: string; type: string };

/** One workflow holding every node of the package, each with its provider's sandbox credential. */
function allNodesWorkflow(creds: Credential[]) {
  const nodes = Object.values(NODES).map(({ description }, i) => {
    const credential = creds.find((c) => c.type === description.credentials![0].name)!;
    return {
      id: `enrichflow-editor-${i}`,
      name: description.defaults.name!,
      type: `${PACKAGE}.${description.name}`,
      typeVersion: 1,
      position: [(i % 3) * 300, Math.floor(i / 3) * 250],
      parameters: {},
      credentials: { [credential.type]: { id: credential.id, name: credential.name } },
    };
  });
  return { name: 'Enrichflow editor check', active: false, nodes, connections: {}, settings: {} };
}

/** A workflow to execute in the editor: a manual start, then 5 creators discovered on the sandbox. */
function discoveryWorkflow(creds: Credential[]) {
  const credential = creds.find((c) => c.type === 'influencersClubApi')!;
  return {
    name: 'Discover creators (sandbox)',
    active: false,
    nodes: [
      { id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: 'discover',
        name: 'Discover Creators',
        type: `${PACKAGE}.influencersClub`,
        typeVersion: 1,
        position: [300, 0],
        parameters: {
          resource: 'discovery',
          operation: 'search',
          platform: 'instagram',
          returnAll: false,
          limit: 5,
          additionalFields: { filters: '{"number_of_followers": {"min": 50000}}' },
        },
        credentials: { influencersClubApi: { id: credential.id, name: credential.name } },
      },
    ],
    connections: { Start: { main: [[{ node: 'Discover Creators', type: 'main', index: 0 }]] } },
    settings: {},
  };
}

/**
 * Where n8n's editor showed an operation's raw value instead of its label. After a resource
 * change n8n sets the new resource's default operation; at times (timing-dependent, about one
 * node in three per run here) the dropdown's input then shows that raw value (`getCreditBalance`)
 * and keeps it, 10 s and more, through Escape and clicks, until another operation is picked:
 * the editor's own display race, not an early read (the value is raw before the test picks
 * anything) and not the description (the list shows the label, n8n's resource/operation
 * pattern). Only that case is tolerated, and said out loud; any other value fails.
 */
const rawShown: string[] = [];

let sandbox: Sandbox;
let home: N8nHome;
let server: ReturnType<typeof startServer> | undefined;
let editor: Editor | undefined;
let executable: { id: string } | undefined;

d('the editor in a real browser', () => {
  beforeAll(async () => {
    // Ports free right now (a random pick in a range could meet another suite's leftover).
    const port = await freePort();
    home = newHome(port);
    sandbox = await startSandbox({ port: 0 });
    await installPackedPackage(home);
    const log = path.join(home.dir, 'n8n-start.log');
    server = startServer(home, { brokerPort: await freePort(), logFile: log });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor('n8n to be ready', async () => ((await fetch(`${base}/healthz/readiness`).catch(() => undefined))?.ok ? true : undefined), 180_000, 500);
    } catch (error) {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-40).join('\n') : '(no log)';
      throw new Error(`${(error as Error).message}\nThe end of n8n's log:\n${tail}`);
    }
    const cookie = await setupOwner(base);
    // Through the REST API, as the editor's own forms do (no extra n8n boot for a CLI import).
    const creds: Credential[] = [];
    for (const c of sandboxCredentials(sandbox)) creds.push({ ...(await restPost<Credential>(base, cookie, 'credentials', c)), name: c.name, type: c.type });
    const workflow = await restPost(base, cookie, 'workflows', allNodesWorkflow(creds));
    executable = await restPost(base, cookie, 'workflows', discoveryWorkflow(creds));
    editor = await Editor.launch(base, cookie);
    await editor.openWorkflow(workflow.id);
    if (process.env.UPDATE_SCREENSHOTS !== '1') SCREENSHOTS = mkdtempSync(path.join(tmpdir(), 'enrichflow-screenshots-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 360_000);

  afterAll(async () => {
    await editor?.close();
    await server?.stop();
    await sandbox?.close();
    if (home && !process.env.KEEP_N8N_E2E) rmSync(home.dir, { recursive: true, force: true });
    if (process.env.UPDATE_SCREENSHOTS !== '1') console.log(`editor screenshots: ${SCREENSHOTS}`);
    if (rawShown.length > 0) console.log(`n8n showed the raw value of the resource's default operation (see rawShown):\n${rawShown.join('\n')}`);
  }, 60_000);

  afterEach(() => {
    if (!editor) return;
    const unexpected = editor.errors.filter((e) => !ALLOWED.some((a) => a.match(e)));
    // Said out loud, so the allow-list stays honest.
    const allowed = editor.errors.filter((e) => !unexpected.includes(e));
    if (allowed.length > 0) console.log(`allowed editor errors (n8n's own):\n${allowed.map((e) => `${e.text} ${e.url ?? ''}`).join('\n')}`);
    editor.errors.length = 0;
    expect(unexpected).toEqual([]);
  });

  /** Waits (bounded) until the panel shows every expected field; fails naming the missing ones. */
  async function expectFields(description: INodeTypeDescription, values: Record<string, string>, where: string): Promise<void> {
    const expected = expectedFields(description, values);
    expect(expected.length).toBeGreaterThan(0);
    let missing: string[] = [];
    await waitFor(
      `${where}: the fields ${JSON.stringify(expected.map((f) => f.displayName))}`,
      async () => {
        const lines = await editor!.panelLines();
        const text = lines.join('\n');
        missing = expected.filter((f) => (f.type === 'notice' ? !text.includes(f.displayName) : !lines.includes(f.displayName))).map((f) => f.displayName);
        return missing.length === 0 ? true : undefined;
      },
      10_000,
      200,
    ).catch(() => {
      throw new Error(`${where}: the parameter panel lacks ${JSON.stringify(missing)}`);
    });
  }

  /**
   * Picks the operation in the UI; while its dropdown is open, its cost note must be listed with
   * it (and `screenshot`, when given, is taken then, the pointer on that operation).
   */
  async function pickOperation(c: OperationCase, where: string, screenshot?: string): Promise<void> {
    expect(c.costNote).toMatch(COST_NOTE);
    const before = await editor!.shown('operation');
    await editor!.pick('operation', c.operationName, async (option) => {
      const note = option.locator('.option-description');
      if (!(await note.isVisible())) throw new Error(`${where}: the operation's cost note is not shown in its dropdown`);
      expect((await note.innerText()).replace(/\s+/g, ' ').trim()).toBe(c.costNote.replace(/\s+/g, ' ').trim());
      if (screenshot) {
        await option.hover();
        await editor!.screenshot(screenshot, { keepPointer: true });
      }
    });
    // The raw value only when n8n already showed it for this very operation before the pick
    // (picking the value the field holds changes nothing, so n8n does not relabel it).
    const accepted = before === c.operation ? [c.operationName, c.operation] : [c.operationName];
    const seen = await editor!.settledOn('operation', accepted);
    if (seen[seen.length - 1] === c.operation) rawShown.push(`${where}: ${JSON.stringify(c.operation)}`);
  }

  // EDITOR_E2E_NODES=Smarte,EnrichSoTrigger checks only those (a quicker run while working on one node).
  const only = process.env.EDITOR_E2E_NODES?.split(',');
  test.each(Object.keys(NODES).filter((n) => !only || only.includes(n)))(
    '%s: every resource and operation renders its fields and cost note',
    async (className) => {
      const { description } = NODES[className];
      await editor!.openNode(description.defaults.name!);
      const cases = operationCases(description);
      if (cases.length === 0) {
        // A trigger: no resource/operation, its fields as they open.
        await expectFields(description, {}, className);
        await editor!.screenshot(path.join(SCREENSHOTS, `${className}.png`));
      }
      // The operation users come for (a node not listed, e.g. a new provider's, shows its first).
      const showcase = SHOWCASE[className] ?? cases[0];
      if (cases.length > 0) expect(cases.some((c) => c.resource === showcase?.resource && c.operation === showcase?.operation)).toBe(true);
      let resource: string | undefined;
      for (const c of cases) {
        const where = `${className} ${c.resourceName} → ${c.operationName}`;
        if (c.resource !== resource) {
          await editor!.pick('resource', c.resourceName);
          await editor!.settledOn('resource', [c.resourceName]);
          resource = c.resource;
        }
        const shown = c.resource === showcase?.resource && c.operation === showcase.operation;
        await pickOperation(c, where, shown ? path.join(SCREENSHOTS, `${className}.png`) : undefined);
        await expectFields(description, { resource: c.resource, operation: c.operation }, where);
      }
      await editor!.closeNode();
    },
    150_000,
  );

  test('an executed workflow shows its output items, each with the credits it cost', async () => {
    await editor!.openWorkflow(executable!.id);
    await editor!.executeWorkflow();
    await editor!.openNode('Discover Creators');
    const output = await editor!.outputText();
    // Five creators, each with its share of the walk's cost (0.05 credits at 0.01 each, on the first).
    expect(output).toContain('_credits');
    expect(output).toMatch(/5 items/);
    await editor!.screenshot(path.join(SCREENSHOTS, 'ExecutedWorkflow.png'));
    await editor!.closeNode();
  }, 150_000);
});
