/**
 * The README's first command: the five providers, each against its sandbox, no API key needed.
 * Each section is one file telling one provider's story and closing with its books: the credits
 * the client's ledger says it charged against the change of that sandbox's own wallet. A new
 * section is one more file and one more entry below.
 */
import { startSandbox } from '../sandbox/server';
import { enrichLayerSection } from './enrichlayer';
import { enrichSoSection } from './enrich-so';
import { influencersClubSection } from './influencers-club';
import { leadfeederSection } from './leadfeeder';
import { type Books, closeBooks, type DemoSection, exact } from './section';
import { smarteSection } from './smarte';
import { waterfallSection } from './waterfall';

export const SECTIONS: DemoSection[] = [influencersClubSection, leadfeederSection, smarteSection, enrichLayerSection, enrichSoSection, waterfallSection];

export async function runDemo(sections: DemoSection[] = SECTIONS): Promise<{ title: string; books?: Books; balanced: boolean; error?: string }[]> {
  const sandbox = await startSandbox({ port: 0, seed: 7 });
  const started = Date.now();
  const results: { title: string; books?: Books; balanced: boolean; error?: string }[] = [];
  try {
    console.log(`Enrichflow demo — five providers, then the waterfall across three, against the sandbox at ${sandbox.url}\n`);
    for (const [n, section] of sections.entries()) {
      console.log(`${n + 1}. ${section.title}`);
      try {
        const books = await section.run(sandbox);
        results.push({ title: section.title, books, balanced: closeBooks(books) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.log(`   ✗ failed: ${message}`);
        results.push({ title: section.title, balanced: false, error: message });
      }
      console.log();
    }
    const total = results.reduce((sum, r) => sum + (r.books?.charged ?? 0), 0);
    const balanced = results.filter((r) => r.balanced).length;
    console.log(
      `${balanced} of ${results.length} sections' books equal their wallets; ${exact(total)} credits in all, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await sandbox.close();
  }
  return results;
}

if (require.main === module) {
  runDemo().then(
    (results) => {
      if (results.some((r) => !r.balanced)) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
