/**
 * `npm run sandbox -- --port 4010 --seed 1` — start the sandbox, print where each provider
 * lives and the sandbox API key, stay up until Ctrl-C.
 */
import { startSandbox } from './server';

function parseArgs(argv: string[]): { port: number; seed: number; host: string; latencyMs: number } {
  const out = { port: 4010, seed: 1, host: '127.0.0.1', latencyMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split('=', 2);
    const value = inline ?? argv[i + 1];
    const take = () => {
      if (inline === undefined) i++;
      return value;
    };
    if (flag === '--port') out.port = Number(take());
    else if (flag === '--seed') out.seed = Number(take());
    else if (flag === '--host') out.host = String(take());
    else if (flag === '--latency-ms') out.latencyMs = Number(take());
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: npm run sandbox -- [--port 4010] [--seed 1] [--host 127.0.0.1] [--latency-ms 150]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port must be 0..65535');
  if (!Number.isFinite(out.seed)) throw new Error('--seed must be a number');
  if (!(out.latencyMs >= 0 && out.latencyMs <= 60_000)) throw new Error('--latency-ms must be 0..60000 (milliseconds every answer takes)');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sandbox = await startSandbox(args);
  process.stdout.write(
    [
      `Enrichflow sandbox listening on ${sandbox.url} (seed ${args.seed}${args.latencyMs ? `, every answer takes ${args.latencyMs} ms` : ''})`,
      ...sandbox.mounted.flatMap((p) => {
        const note = p.keyNote();
        return [`  ${p.displayName} base URL: ${p.baseUrl}`, `  ${p.displayName} API key:  ${p.apiKey}${note ? `   (${note})` : ''}`];
      }),
      `  Control API: ${sandbox.url}/_sandbox/health`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`sandbox: ${err.message}\n`);
  process.exit(1);
});
