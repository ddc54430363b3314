/** influencers.club: discover creators (0.01 each, 100 = 2 requests), then enrich the top three. */
import { createClient } from '../shared';
import { influencersClub } from '../shared/providers/influencersClub';
import type { DemoSection } from './section';
import { say } from './section';

interface Creator {
  user_id?: string | number;
  profile?: { username?: string; followers?: number };
}

export const influencersClubSection: DemoSection = {
  title: 'influencers.club — discover Instagram creators over 50k followers, enrich the top three',
  async run(sandbox) {
    const icl = sandbox.providers.influencersClub;
    const client = createClient({ provider: influencersClub, apiKey: icl.apiKey, baseUrl: icl.baseUrl, budget: 10 });
    const before = icl.wallet().balance;

    const found = await client.list(
      'discovery.search',
      { platform: 'instagram', filters: { number_of_followers: { min: 50_000 } } },
      { limit: 100, pageSize: 50 },
    );
    say(
      `discovered ${found.items.length} creators in ${found.pages} requests of 50 (${found.credits.charged} credit${found.credits.charged === 1 ? '' : 's'} at 0.01 per creator)`,
    );

    for (const creator of found.items.slice(0, 3) as Creator[]) {
      const handle = String(creator.profile?.username);
      const full = await client.call<{ result: Record<string, { email?: string; follower_count?: number }> }>('creator.enrichHandleFull', {
        handle,
        platform: 'instagram',
      });
      const email = full.data.result.instagram?.email ?? '(no email)';
      say(`enriched @${handle.padEnd(22)} ${String(email).padEnd(34)} (${full.credits.charged} credit)`);
    }
    return { charged: client.summary().charged, walletChange: before - icl.wallet().balance, unit: 'credits' };
  },
};
