/**
 * `npm run sandbox -- --port 4010 --seed 1` — start the sandbox, print where each provider
 * lives and the sandbox API key, stay up until Ctrl-C.
 */
import { startSandbox } from './server';

function parseArgs(argv: string[]): { port: number; seed: number; host: string } {
  const out = { port: 4010, seed: 1, host: '127.0.0.1' };
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
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: npm run sandbox -- [--port 4010] [--seed 1] [--host 127.0.0.1]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port must be 0..65535');
  if (!Number.isFinite(out.seed)) throw new Error('--seed must be a number');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sandbox = await startSandbox(args);
  const es = sandbox.providers.enrichSo;
  const el = sandbox.providers.enrichLayer;
  const lf = sandbox.providers.leadfeeder;
  process.stdout.write(
    [
      `Enrichflow sandbox listening on ${sandbox.url} (seed ${args.seed})`,
      `  Enrich.so base URL: ${es.baseUrl}`,
      `  Enrich.so API key:  ${es.apiKey}   (a sandbox key; balance ${es.wallet().balance} credits)`,
      `  EnrichLayer base URL: ${el.baseUrl}`,
      `  EnrichLayer API key:  ${el.apiKey}   (a sandbox key; balance ${el.wallet().balance} credits)`,
      `  Leadfeeder base URL: ${lf.baseUrl}`,
      `  Leadfeeder API key:  ${lf.apiKey}   (account ids ${lf.config().users[0]!.accounts.map((a) => a.id).join(', ')})`,
      `  SMARTe base URL:    ${sandbox.providers.smarte.baseUrl}`,
      `  SMARTe API key:     ${sandbox.providers.smarte.apiKey}   (balance ${sandbox.providers.smarte.wallet().balance} credits)`,
      `  Influencers.club base URL: ${sandbox.providers.influencersClub.baseUrl}`,
      `  Influencers.club API key:  ${sandbox.providers.influencersClub.apiKey}   (a sandbox key; balance ${sandbox.providers.influencersClub.wallet().balance} credits)`,
      `  Control API:        ${sandbox.url}/_sandbox/health`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    sandbox.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`sandbox: ${err.message}\n`);
  process.exit(1);
});
