import { spawn } from 'node:child_process';
import path from 'node:path';
import { call, harness, type Harness } from './helpers';

describe('sandbox control API and CLI', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.close());

  const ctl = (method: string, p: string, body?: unknown) => call(`${h.sandbox.url}/_sandbox/enrich-so${p}`, method, { key: null, body });

  it('reads and sets the wallet, shows requests and masked config, changes config', async () => {
    expect((await ctl('GET', '/wallet')).body).toMatchObject({ balance: 1_000_000, plan: 'growth' });
    expect((await ctl('PUT', '/wallet', { balance: 42 })).body.balance).toBe(42);
    expect((await h.api('GET', '/wallets/balance')).body.data.balance).toBe(42);
    expect((await ctl('PUT', '/wallet', { balance: -1 })).status).toBe(400);

    const requests = (await ctl('GET', '/requests')).body.requests;
    expect(requests).toEqual([expect.objectContaining({ method: 'GET', path: '/enrich-so/api/v3/wallets/balance', status: 200, time: expect.any(String) })]);

    const config = await ctl('POST', '/config', { errorShape: 'sdk', itemsPerSecond: 1000 });
    expect(config.body).toMatchObject({ errorShape: 'sdk', itemsPerSecond: 1000 });
    expect(JSON.stringify(config.body)).not.toContain('sk_test_enrichflow_sandbox');
    expect((await h.api('GET', '/wallets/balance', { key: null })).body).toMatchObject({ success: false, error: { code: 'unauthorized' } });
    expect((await ctl('POST', '/config', { phoneBulkCreditsPerItem: 7 })).status).toBe(400);
    expect((await ctl('GET', '/nothing')).status).toBe(404);
  });

  it('`npm run sandbox` prints the base URL and the sandbox key and serves until stopped', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'sandbox/cli.ts', '--port', '0', '--seed', '3'], { cwd: root });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('Ctrl-C')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      expect(out).toContain('API key:  sk_test_enrichflow_sandbox');
      const base = out.match(/Enrich\.so base URL: (\S+)/)?.[1] as string;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/enrich-so\/api\/v3$/);
      expect((await call(`${base}/wallets/balance`, 'GET')).body.data.balance).toBe(1_000_000);
    } finally {
      child.kill('SIGINT');
    }
  }, 15_000);
});
