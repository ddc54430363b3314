/**
 * Deterministic creators: the same seed, platform and handle always give the same answer, so
 * tests can assert exact values and costs. Handles starting with `nobody` have no data (free),
 * `broken` ones fail in batches.
 */
import { hash32, Rng } from '../../kit/random';

export const PLATFORMS = [
  'instagram',
  'youtube',
  'tiktok',
  'twitch',
  'twitter',
  'onlyfans',
  'snapchat',
  'discord',
  'pinterest',
  'facebook',
  'linkedin',
] as const;

export interface Creator {
  user_id: string;
  profile: { full_name: string; username: string; picture: string; followers: number; engagement_percent: number };
  growth_rate: number;
}

export function hasNoData(handle: string): boolean {
  return /^@?nobody/i.test(handle.trim());
}

export function isBroken(handle: string): boolean {
  return /^@?broken/i.test(handle.trim());
}

/** `https://instagram.com/Alice/` → `alice`. */
export function usernameOf(handle: string): string {
  const text = handle.trim().replace(/\/+$/, '');
  const last = text.includes('/') ? (text.split('/').pop() ?? text) : text;
  return last.replace(/^@/, '').toLowerCase();
}

function creatorFor(seed: number, platform: string, username: string): Creator {
  const rng = new Rng(seed, 'icl-creator', platform, username);
  const followers = Math.round(1000 * Math.exp(rng.float() * 8)); // 1k … ~3M
  return {
    user_id: String(hash32(`${seed}:${platform}:${username}`)),
    profile: {
      full_name: `Creator ${username}`,
      username,
      picture: `https://cdn.sandbox.invalid/${platform}/${username}.jpg`,
      followers,
      engagement_percent: Math.round(rng.float() * 1000) / 100,
    },
    growth_rate: Math.round(rng.float() * 500) / 100,
  };
}

/** The discovery index of one platform: `count` creators, in relevancy order. */
export function index(seed: number, platform: string, count: number): Creator[] {
  const out: Creator[] = [];
  for (let i = 0; i < count; i++) out.push(creatorFor(seed, platform, `${platform.slice(0, 2)}_creator_${String(i).padStart(5, '0')}`));
  return out;
}

export function lookalikes(seed: number, platform: string, of: string, count: number): Creator[] {
  const base = hash32(`${seed}:${platform}:${of}`) % 1000;
  return index(seed, platform, Math.min(count, 20_000)).map((c, i) => ({ ...c, user_id: `${c.user_id}${(base + i) % 7}` }));
}

export type Tier = 'raw' | 'full' | 'profile' | 'analytics' | 'socials';

/** One creator's enrichment answer for a tier; `{}` when the handle has no data. */
export function enrichment(
  seed: number,
  platform: string,
  handle: string,
  tier: Tier,
  opts: { includeLookalikes?: boolean; includeAudience?: boolean } = {},
): Record<string, unknown> {
  if (hasNoData(handle)) return {};
  const username = usernameOf(handle);
  const c = creatorFor(seed, platform, username);
  const basics = {
    username,
    full_name: c.profile.full_name,
    followers: c.profile.followers,
    biography: `Sandbox creator on ${platform}`,
    picture: c.profile.picture,
  };
  const email = `${username.replace(/[^a-z0-9]/g, '')}@creators.sandbox.invalid`;
  const analytics = { engagement_percent: c.profile.engagement_percent, avg_likes: Math.round(c.profile.followers * 0.03), growth_rate: c.growth_rate };
  switch (tier) {
    case 'raw':
      return { [platform]: basics };
    case 'profile':
      return { [platform]: { ...basics, email } };
    case 'analytics':
      return {
        [platform]: { ...analytics, ...(opts.includeLookalikes ? { lookalikes: lookalikes(seed, platform, username, 3).map((l) => l.profile.username) } : {}) },
      };
    case 'socials':
      return { socials: PLATFORMS.filter((p) => p !== platform && hash32(`${username}:${p}`) % 3 === 0).map((p) => ({ platform: p, username })) };
    case 'full':
      return {
        [platform]: {
          ...basics,
          ...analytics,
          email,
          brands: ['Acme', 'Globex'].slice(0, 1 + (hash32(username) % 2)),
          ...(opts.includeAudience ? { audience: { gender: { female: 0.55, male: 0.45 }, top_country: 'US' } } : {}),
          ...(opts.includeLookalikes ? { lookalikes: lookalikes(seed, platform, username, 3).map((l) => l.profile.username) } : {}),
        },
      };
  }
}

export const DICTIONARIES: Record<string, unknown[]> = {
  languages: [
    { abbr: 'en', name: 'English' },
    { abbr: 'es', name: 'Spanish' },
    { abbr: 'de', name: 'German' },
    { abbr: 'fr', name: 'French' },
  ],
  'yt-topics': [{ name: 'Gaming' }, { name: 'Beauty' }, { name: 'Technology' }],
  games: [
    { id: '21779', name: 'League of Legends' },
    { id: '33214', name: 'Fortnite' },
  ],
  brands: [{ name: 'Nike' }, { name: 'Adidas' }, { name: 'Sephora' }, { name: 'Samsung' }],
  'audience-brand-categories': [{ name: 'Clothes, Shoes, Handbags & Accessories' }, { name: 'Beauty & Cosmetics' }],
  'audience-brand-names': [{ name: 'Nike' }, { name: 'Zara' }],
  'audience-interests': [{ name: 'Fitness & Yoga' }, { name: 'Travel, Tourism & Aviation' }],
  'audience-locations': [{ name: 'United States' }, { name: 'Germany' }, { name: 'Brazil' }],
  locations: [{ name: 'United States' }, { name: 'United Kingdom' }, { name: 'Germany' }],
};
