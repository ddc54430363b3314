/**
 * The servers n8n's queue mode needs, started and stopped by the test: PostgreSQL (n8n's
 * queue mode shares one database between main and workers; SQLite is one process's file) and
 * Redis (see test/redis/redisServer.ts). Both from Debian (scripts/redis/install.sh), on random
 * ports in temp dirs. initdb refuses to run as root: as root, the cluster belongs to `postgres`.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../freePort';

const run = promisify(execFile);

function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(path.join(base, v, 'bin/initdb'))) return path.join(base, v, 'bin');
  return undefined;
}

export const POSTGRES_AVAILABLE = postgresBin() !== undefined;

export class PostgresServer {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly asUser: string[],
  ) {}

  /** A fresh cluster with a trusted superuser `n8n` and the `postgres` database. */
  static async start(): Promise<PostgresServer> {
    const bin = postgresBin();
    if (!bin) throw new Error('PostgreSQL is not installed: run scripts/redis/install.sh');
    const dir = mkdtempSync(path.join(tmpdir(), 'enrichflow-pg-'));
    const root = process.getuid?.() === 0;
    if (root) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const asUser = root ? ['runuser', '-u', 'postgres', '--'] : [];
    let pg = new PostgresServer(dir, await freePort(), asUser);
    const data = path.join(dir, 'data');
    await pg.exec(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'n8n', '--no-sync', '-E', 'UTF8']);
    const log = path.join(dir, 'postgres.log');
    const logged = () => (existsSync(log) ? readFileSync(log, 'utf8') : '');
    for (let attempt = 1; ; attempt++) {
      const before = logged().length;
      try {
        await pg.exec(path.join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-l',
          log,
          '-w',
          '-t',
          '60',
          '-o',
          `-p ${pg.port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=100`,
          'start',
        ]);
        break;
      } catch (error) {
        // Another process took the port between the pick and the bind: the next free one.
        const said = logged().slice(before);
        if (attempt === 3 || !/Address already in use/.test(said)) throw new Error(`${(error as Error).message}\n${said.slice(-2000)}`);
        pg = new PostgresServer(dir, await freePort(), asUser);
      }
    }
    return pg;
  }

  /** What n8n needs to use this database. */
  env(): Record<string, string> {
    return {
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: '127.0.0.1',
      DB_POSTGRESDB_PORT: String(this.port),
      DB_POSTGRESDB_DATABASE: 'postgres',
      DB_POSTGRESDB_USER: 'n8n',
      DB_POSTGRESDB_PASSWORD: '',
    };
  }

  async stop(): Promise<void> {
    const bin = postgresBin()!;
    await this.exec(path.join(bin, 'pg_ctl'), ['-D', path.join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async exec(cmd: string, args: string[]): Promise<void> {
    const [head, ...rest] = [...this.asUser, cmd, ...args];
    await run(head, rest, { cwd: this.dir });
  }
}
