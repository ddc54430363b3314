/**
 * A queue-mode worker killed the hard way (SIGKILL), as a crashed machine would lose it, and the
 * wait for what n8n's queue sees next: Redis having dropped the dead worker's connections. Until
 * Redis has read their close, it can still hand the next job to the dead worker's blocking pop
 * (seen on CI: a rerun taken by the killed worker, failed as stalled) — a race of n8n's queue,
 * not of ours. The worker's connections are known by their local ports (Linux's /proc), and
 * Redis's CLIENT LIST says when none is left.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import Redis from 'ioredis';
import { waitFor } from './n8nCli';

/** The local ports of the TCP connections process `pid` holds to `port`. */
function connectionsTo(pid: number, port: number): number[] {
  const sockets = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode) sockets.add(inode);
    } catch {
      // closed while we read
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    // sl, local address:port, remote address:port, state, queues, timers, retransmits, uid, timeout, inode (hex ports).
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || !sockets.has(fields[9]!)) continue;
      if (parseInt(fields[2]!.split(':')[1]!, 16) === port) ports.push(parseInt(fields[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

export async function killWorker(worker: ChildProcess, redisPort: number): Promise<void> {
  const ports = connectionsTo(worker.pid!, redisPort);
  if (ports.length === 0) throw new Error(`the worker (pid ${worker.pid}) holds no connection to Redis on port ${redisPort}`);
  const gone = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGKILL');
  await gone;
  const redis = new Redis({ host: '127.0.0.1', port: redisPort });
  try {
    await waitFor(
      `Redis to drop the killed worker's ${ports.length} connections`,
      async () => {
        const clients = (await redis.call('CLIENT', 'LIST')) as string;
        const open = clients.split('\n').some((line) => ports.includes(Number(/\baddr=\S*:(\d+)/.exec(line)?.[1])));
        return open ? undefined : true;
      },
      30_000,
      50,
    );
  } finally {
    redis.disconnect();
  }
}
