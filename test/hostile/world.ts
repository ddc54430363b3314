/**
 * The hostile world the issue-18 suites play: all five providers' sandboxes, each with the key
 * it accepts (the canary: every form of it is counted wherever a user could see it) and the
 * free operation its credential test calls.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { HostilePlay } from '../../sandbox/kit/hostile';
import { catalogs, credentialTest, type ProviderCatalog } from '../../shared';
import type { ProviderId } from '../../sandbox/kit/provider';

export interface ProviderUnderTest {
  id: ProviderId;
  catalog: ProviderCatalog;
  apiKey: string;
  baseUrl: string;
  /** Credential settings the sandbox account needs (Leadfeeder's account id, SMARTe's request rate). */
  credential: Record<string, string>;
  freeOp: string;
  freeInput: Record<string, unknown>;
}

export const PROVIDER_IDS: readonly ProviderId[] = ['enrichSo', 'enrichLayer', 'leadfeeder', 'smarte', 'influencersClub'];

export function startWorld(): Promise<Sandbox> {
  return startSandbox({ port: 0, leadfeeder: { rateLimit: null } });
}

export function providerUnderTest(sandbox: Sandbox, id: ProviderId): ProviderUnderTest {
  const played = sandbox.providers[id] as unknown as { apiKey: string; baseUrl: string; accountId?: string };
  const catalog = catalogs[id]!;
  const { op, input } = credentialTest(catalog);
  return {
    id,
    catalog,
    apiKey: played.apiKey,
    baseUrl: played.baseUrl,
    // Leadfeeder's account id; SMARTe's per-contract rate set high, so dozens of runs in one process never wait a minute.
    credential: id === 'leadfeeder' ? { accountId: String(played.accountId) } : id === 'smarte' ? { requestRate: '6000' } : {},
    freeOp: op.key,
    freeInput: input,
  };
}

/** Switch a hostile answer on for the provider's next matching request(s). */
export function playHostile(
  sandbox: Sandbox,
  id: ProviderId,
  play: HostilePlay,
  opts: { status?: number; bytes?: number; depth?: number; times?: number | 'always'; path?: string } = {},
): void {
  sandbox.faults.add({ provider: id, kind: 'hostile', play, times: opts.times ?? 'always', ...opts });
}

/** Every form the key could be shown in: whole, upper/lower case, base64, either half. */
export function keyForms(key: string): string[] {
  const half = Math.ceil(key.length / 2);
  return [key, key.toUpperCase(), key.toLowerCase(), Buffer.from(key).toString('base64').replace(/=+$/, ''), key.slice(0, half), key.slice(-half)];
}

/** How often any form of `key` occurs in `text` (case-insensitively for the plain forms). */
export function occurrences(text: string, key: string): number {
  let n = 0;
  const lower = text.toLowerCase();
  for (const form of keyForms(key)) {
    const hay = /[A-Z]/.test(form) && form !== form.toUpperCase() ? text : lower;
    const needle = hay === lower ? form.toLowerCase() : form;
    for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) n++;
  }
  return n;
}

/** How many requests the provider's sandbox has seen (each of the five keeps a request log). */
export function requestsSeen(sandbox: Sandbox, id: ProviderId): number {
  return (sandbox.providers[id] as unknown as { requests(): unknown[] }).requests().length;
}
