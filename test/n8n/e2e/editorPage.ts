/**
 * The real n8n editor in Debian's Chromium (playwright-core, never a downloaded browser): the
 * owner set up and logged in through n8n's REST API, one page reused for every node, the
 * node details view (NDV) driven through n8n's own `data-test-id` attributes, and every
 * console error and page error the editor raises collected for the test to judge.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type ConsoleMessage, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_INSTALLED = existsSync(CHROMIUM);

const OWNER = { email: 'owner@enrichflow.test', firstName: 'Enrich', lastName: 'Flow', password: 'Enrichflow-Editor-1' };

export interface PageError {
  kind: 'console' | 'pageerror';
  text: string;
  /** Where a console error came from (a failed resource load names its URL here). */
  url?: string;
}

/** Owner setup (n8n 2.x: POST /rest/owner/setup answers with the auth cookie), as the first user of a fresh n8n. */
export async function setupOwner(base: string): Promise<string> {
  const res = await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
  if (!res.ok) throw new Error(`owner setup: ${res.status} ${await res.text()}`);
  const cookie = /n8n-auth=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('owner setup answered without an n8n-auth cookie');
  return cookie;
}

/** A POST to n8n's REST API as the owner (what the editor itself sends): the created entity's `data`. */
export async function restPost<T = { id: string }>(base: string, cookie: string, route: string, body: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${base}/rest/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `n8n-auth=${cookie}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST /rest/${route}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: T }).data;
}

function exact(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

export class Editor {
  readonly errors: PageError[] = [];

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly base: string,
  ) {
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') this.errors.push({ kind: 'console', text: m.text(), url: m.location().url });
    });
    page.on('pageerror', (e) => this.errors.push({ kind: 'pageerror', text: `${e.name}: ${e.message}` }));
  }

  /** One headless browser, logged in with the owner's cookie (set before the first page load). */
  static async launch(base: string, cookie: string): Promise<Editor> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--disable-dev-shm-usage'] });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    // No transitions: a dropdown is usable (and gone) as soon as it is opened (closed), which
    // keeps ~150 picks within the CI budget on a loaded 2-core machine.
    await context.addInitScript({
      content: `document.addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style');
        style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
        document.head.appendChild(style);
      });`,
    });
    await context.addCookies([{ name: 'n8n-auth', value: cookie, url: base }]);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    return new Editor(browser, page, base);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Opens a workflow on the canvas and waits for its nodes. */
  async openWorkflow(id: string): Promise<void> {
    await this.page.goto(`${this.base}/workflow/${id}`);
    await this.page.locator('[data-test-id=canvas-node]').first().waitFor({ timeout: 90_000 });
  }

  get ndv(): Locator {
    return this.page.locator('[data-test-id=ndv]');
  }

  /** Double-clicks the node on the canvas: its details view opens on the Parameters tab. */
  async openNode(name: string): Promise<void> {
    // A node whose check failed may have left its details view open: the next one starts clean.
    if (await this.ndv.isVisible()) await this.closeNode();
    await this.page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`).dblclick();
    await this.ndv.locator('[data-test-id=node-parameters]').waitFor();
  }

  async closeNode(): Promise<void> {
    await this.page.locator('[data-test-id=ndv-close-button]').click();
    await this.ndv.waitFor({ state: 'hidden' });
  }

  /** The open dropdown's option called `name` (n8n renders every dropdown's list up front, hidden). */
  private option(name: string): Locator {
    return this.page
      .locator('.el-select-dropdown__list:visible [data-test-id=parameter-input-item]')
      .filter({ has: this.page.locator('.option-headline', { hasText: exact(name) }) });
  }

  /**
   * Opens the dropdown of parameter `param`, checks `check` on the option called `name`
   * while it is listed (e.g. its description), then picks it. Picking the shown value again
   * just closes the list.
   */
  async pick(param: string, name: string, check?: (option: Locator) => Promise<void>): Promise<void> {
    const input = this.ndv.locator(`[data-test-id=parameter-input-${param}]`);
    await input.click();
    const option = this.option(name);
    await option.scrollIntoViewIfNeeded();
    if (check) await check(option);
    await option.click();
    await option.waitFor({ state: 'hidden' });
  }

  /** The value a dropdown parameter shows right now. */
  async shown(param: string): Promise<string> {
    return (await this.ndv.locator(`[data-test-id=parameter-input-${param}] input`).first().inputValue()).trim();
  }

  /**
   * Waits until dropdown `param` shows one of `accepted` (the picked label; the raw value too
   * where the caller knows n8n may show it), as a user looking at the panel would, and returns
   * every distinct value it showed on the way. A value that never settles fails, naming what
   * was shown.
   */
  async settledOn(param: string, accepted: string[], timeoutMs = 10_000): Promise<string[]> {
    const seen: string[] = [];
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.shown(param);
      if (seen[seen.length - 1] !== value) seen.push(value);
      if (accepted.includes(value)) return seen;
      if (Date.now() > until)
        throw new Error(
          `the ${param} field shows ${JSON.stringify(value)} after ${timeoutMs} ms, not ${accepted.map((a) => JSON.stringify(a)).join(' or ')} (shown on the way: ${JSON.stringify(seen)})`,
        );
      await this.page.waitForTimeout(50);
    }
  }

  /** The text lines of the parameter panel: every label, notice and collection title it renders. */
  async panelLines(): Promise<string[]> {
    const text = await this.ndv.locator('[data-test-id=node-parameters]').innerText();
    return text
      .split('\n')
      .map((l) => l.replace(/\s*\*$/, '').trim())
      .filter(Boolean);
  }

  /** The open node's panel; `keepPointer` leaves the pointer where it is (on a hovered option). */
  async screenshot(file: string, opts: { keepPointer?: boolean } = {}): Promise<void> {
    if (!opts.keepPointer) await this.page.mouse.move(0, 0);
    await this.ndv.screenshot({ path: file, animations: 'disabled' });
  }

  /** Runs the open workflow with the canvas's own button and waits until its last node succeeded. */
  async executeWorkflow(): Promise<void> {
    await this.page.locator('[data-test-id=execute-workflow-button]').click();
    await this.page.locator('[data-test-id=canvas-node]').last().locator('[data-test-id=canvas-node-status-success]').waitFor({ timeout: 90_000 });
  }

  /** The open node's output as its JSON view shows it (after its item count). */
  async outputText(): Promise<string> {
    const panel = this.ndv.locator('[data-test-id=output-panel]');
    await panel.locator('[data-test-id=ndv-run-data-display-mode]').getByText('JSON', { exact: true }).click();
    await panel.getByText('_credits').first().waitFor();
    return panel.innerText();
  }
}
