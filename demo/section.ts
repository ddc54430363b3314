/**
 * One section of `npm run demo`: one provider's story against its sandbox, closed by its books —
 * what the client's ledger says it charged must equal the change of that sandbox's own wallet.
 */
import type { Sandbox } from '../sandbox/server';

export interface Books {
  /** What the client's ledger says the section charged. */
  charged: number;
  /** How much the sandbox's own wallet (or credit counter) moved. */
  walletChange: number;
  unit: string;
}

export interface DemoSection {
  title: string;
  run(sandbox: Sandbox): Promise<Books>;
}

/** Micro-credit exact: 0.01 + 0.03 + … compared without float noise. */
export const exact = (n: number) => Math.round(n * 1e6) / 1e6;

export function say(line = ''): void {
  console.log(line ? `   ${line}` : '');
}

/** The section's last line: its ledger against its wallet. */
export function closeBooks(books: Books): boolean {
  const ok = exact(books.charged) === exact(books.walletChange);
  say(
    ok
      ? `✓ ledger ${exact(books.charged)} ${books.unit} = sandbox wallet change ${exact(books.walletChange)}`
      : `✗ MISMATCH: the ledger says ${exact(books.charged)} ${books.unit}, the sandbox wallet moved ${exact(books.walletChange)}`,
  );
  return ok;
}
