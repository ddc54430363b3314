/**
 * Free ports for tests that run side by side in several processes: a port one process was handed
 * is never handed to another while the first lives, even when the OS offers it again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './freePort';

let dir: string;
let other: ChildProcess | undefined;

/** The OS offering these ports, in this order. */
const offers = (...ports: number[]) => {
  const queue = [...ports];
  return async () => {
    const port = queue.shift();
    if (port === undefined) throw new Error('no more ports on offer');
    return port;
  };
};

/** Another process (another jest worker, another lane) that was handed `port` and keeps running. */
async function otherProcessHolding(port: number): Promise<ChildProcess> {
  const code = `const { freePort } = require(${JSON.stringify(path.join(__dirname, 'freePort.ts'))});
    freePort(async () => ${port}, ${JSON.stringify(dir)}).then((p) => { console.log('holding ' + p); setInterval(() => {}, 60_000); });`;
  // Node itself with tsx's loader (not the tsx CLI, whose own child would outlive a kill).
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: path.resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => (d.toString().includes(`holding ${port}`) ? resolve() : undefined));
    child.once('exit', (code) => reject(new Error(`the other process exited (${code}) before holding its port`)));
  });
  return child;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'enrichflow-ports-test-'));
});

afterEach(() => {
  other?.kill('SIGKILL');
  other = undefined;
  rmSync(dir, { recursive: true, force: true });
});

test('the same port is never handed out twice in one process, though the OS offers it again', async () => {
  expect(await freePort(offers(41001), dir)).toBe(41001);
  expect(await freePort(offers(41001, 41001, 41002), dir)).toBe(41002);
});

test('a port another live process was handed is passed over when the OS offers it here', async () => {
  other = await otherProcessHolding(41001);
  expect(await freePort(offers(41001, 41002), dir)).toBe(41002);
});

test('the port of a process that was killed is free again (its stale claim cleared first, not taken over)', async () => {
  other = await otherProcessHolding(41001);
  const gone = new Promise((resolve) => other!.once('exit', resolve));
  other.kill('SIGKILL');
  await gone;
  expect(await freePort(offers(41001, 41001), dir)).toBe(41001);
});

test('ports the OS offers, asked for at once: all distinct', async () => {
  const ports = await Promise.all(Array.from({ length: 5 }, () => freePort(undefined, dir)));
  expect(new Set(ports).size).toBe(5);
});

test('the claims folder it creates is shared by every user of the machine, as /tmp is', async () => {
  const claims = path.join(dir, 'claims');
  await freePort(offers(41001), claims);
  expect(statSync(claims).mode & 0o7777).toBe(0o1777);
});
