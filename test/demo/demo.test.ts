/**
 * `npm run demo`, the first thing a newcomer runs: every provider's section runs to its end and
 * its ledger equals the change of its sandbox wallet.
 */
import { runDemo, SECTIONS } from '../../demo/run';

test("the demo shows the five providers and the waterfall, and each section's books equal its sandbox wallets", async () => {
  const printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const results = await runDemo();
    expect(results.map((r) => r.title.split(' — ')[0])).toEqual(['influencers.club', 'Leadfeeder', 'SMARTe', 'EnrichLayer', 'Enrich.so', 'Waterfall']);
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.balanced).toBe(true);
      expect(r.books!.charged).toBeGreaterThan(0);
    }
    expect(printed.filter((l) => l.includes('✓ ledger'))).toHaveLength(SECTIONS.length);
    expect(printed.join('\n')).toMatch(/second fetch: 0 credits/);
    // The waterfall stops at the first hit: a lead SMARTe found is asked of nobody else.
    expect(printed.join('\n')).toMatch(/ann\.lee@acme\.io +smarte hit \(1\)\n/);
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}, 120_000);
