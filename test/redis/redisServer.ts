/**
 * A real redis-server for tests: random free port on 127.0.0.1, its own temp dir, an
 * append-only file synced on every write (so, like a production Redis, it comes back with its
 * data after a stop); stopped and restarted on the same port by the test. Installed by
 * scripts/redis/install.sh; `redisAvailable()` lets a suite say plainly when it is missing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../freePort';

export function redisAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Ports for tests' servers: see ../freePort.ts (distinct across processes). */
export { freePort };

/** Said by redis-server on its own output once it listens (7.x: "… connections tcp"). */
const READY = /Ready to accept connections/;
/** Another process took the port between the pick and the bind. */
const PORT_TAKEN = /Address already in use/;

export class RedisServer {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'enrichflow-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.resume();
        return server;
      } catch (error) {
        await server.shutdown();
        if (attempt === 3 || !PORT_TAKEN.test((error as Error).message)) throw error;
      }
    }
  }

  /**
   * (Re)start on the same port, ready when this very server says it listens: a PING answered on
   * the port could come from another process's Redis there.
   */
  async resume(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--daemonize',
      'no',
    ];
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    const collect = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
    child.stderr.on('data', collect);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        collect(d);
        if (READY.test(output)) resolve();
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before listening on port ${this.port}:\n${output}`)));
    });
  }

  /** Stop the server at once (the test's "Redis went away"); `resume()` brings it back with its data. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async shutdown(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
