/**
 * `npm run spend -- --redis 127.0.0.1:6379 [--db 0] [--prefix enrichflow:] [--from 2026-12-01]
 * [--to 2026-12-31] [--provider leadfeeder] [--workflow <id>] [--json]` — the spend report of a
 * shared store, the same rows the n8n Spend → Report operation and the Zapier search return.
 * The Redis password is read from ENRICHFLOW_REDIS_PASSWORD (never from the command line, which
 * other users of the machine can see).
 */
import { formatSpendTable, spendReport } from '../../shared/spend/report';
import { openSharedStore } from '../../shared/store/shared';

interface Args {
  host: string;
  port: number;
  db: number;
  prefix: string;
  from?: string;
  to?: string;
  provider?: string;
  workflow?: string;
  json: boolean;
  tls: boolean;
}

const USAGE =
  'usage: npm run spend -- --redis host:port [--db 0] [--prefix enrichflow:] [--tls] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--provider id] [--workflow id] [--json]';

export function parseArgs(argv: string[]): Args {
  const out: Args = { host: '127.0.0.1', port: 6379, db: 0, prefix: 'enrichflow:', json: false, tls: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split(/=(.*)/s, 2);
    const take = (): string => {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return value;
    };
    if (flag === '--redis') {
      const [host, port] = take().split(':');
      out.host = host || '127.0.0.1';
      out.port = Number(port ?? 6379);
    } else if (flag === '--db') out.db = Number(take());
    else if (flag === '--prefix') out.prefix = take();
    else if (flag === '--from') out.from = take();
    else if (flag === '--to') out.to = take();
    else if (flag === '--provider') out.provider = take();
    else if (flag === '--workflow') out.workflow = take();
    else if (flag === '--json') out.json = true;
    else if (flag === '--tls') out.tls = true;
    else if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (!Number.isInteger(out.port) || out.port < 1 || out.port > 65535) throw new Error('--redis needs host:port with a port 1..65535');
  if (!Number.isInteger(out.db) || out.db < 0) throw new Error('--db must be a database number, 0 or more');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const store = await openSharedStore({
    host: args.host,
    port: args.port,
    database: args.db,
    keyPrefix: args.prefix,
    tls: args.tls,
    password: process.env.ENRICHFLOW_REDIS_PASSWORD || undefined,
  });
  try {
    const report = await spendReport(store, { from: args.from, to: args.to, provider: args.provider, workflow: args.workflow });
    process.stdout.write(`${args.json ? JSON.stringify(report, null, 2) : formatSpendTable(report)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
