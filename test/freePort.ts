/**
 * Free TCP ports for tests, never the same one to two processes on this machine at once. The OS
 * offers a port nobody listens on, but may offer it again as soon as the probe has closed, to
 * this process or another (jest's workers, `npm test`'s lanes and other people's runs share the
 * machine), before the server meant for it is up. So each port handed out is claimed with a file
 * in a folder every process asks through, created only if absent, holding the claimant's pid: a
 * port claimed by a live process is never handed out again. A process's claims go when it exits;
 * those of a killed one are cleared when the OS offers their port again.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLAIMS = path.join(tmpdir(), 'enrichflow-test-ports');
const claimed = new Set<string>();
process.on('exit', () => {
  for (const file of claimed) rmSync(file, { force: true });
});

/** A port nobody listens on now, as the OS picks it. */
function offeredByOs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether this process now holds `port`. The claim of a process that died without cleaning up
 * (SIGKILL) is removed but not taken over here: two processes could both find it dead.
 */
function claim(dir: string, port: number): boolean {
  const file = path.join(dir, String(port));
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    claimed.add(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let owner = 0;
  try {
    owner = Number(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  // An empty file is a claim still being written: its owner is alive.
  if (Number.isInteger(owner) && owner > 0 && !alive(owner)) rmSync(file, { force: true });
  return false;
}

/** A free port no other process (nor this one) has been handed and still holds. */
export async function freePort(offer: () => Promise<number> = offeredByOs, dir = CLAIMS): Promise<number> {
  // Shared by every user's runs on this machine, as /tmp is: writable by all, each claim its owner's.
  if (mkdirSync(dir, { recursive: true }) !== undefined) chmodSync(dir, 0o1777);
  for (;;) {
    const port = await offer();
    if (claim(dir, port)) return port;
  }
}
