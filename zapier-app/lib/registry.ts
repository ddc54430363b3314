/**
 * What the app remembers between runs, in z.cache (through the core Store), per account:
 * the REST-hook subscriptions of "Batch Completed" triggers (so "Start batch" can hand the
 * provider a URL), and the jobs this integration started (for samples and polling triggers).
 */
import { randomBytes } from 'node:crypto';
import type { EnrichflowClient } from '../../shared';

const THIRTY_DAYS_MS = 30 * 24 * 3600_000;
const MAX_RECENT_JOBS = 20;

export interface HookSubscription {
  id: string;
  targetUrl: string;
  at: number;
}

export interface RecentJob {
  jobId: string;
  at: number;
}

const hooksKey = (client: EnrichflowClient, batch: string) => `hooks:${client.provider.id}:${client.account}:${batch}`;
const jobsKey = (client: EnrichflowClient, batch: string) => `jobs:${client.provider.id}:${client.account}:${batch}`;

export async function addHook(client: EnrichflowClient, batch: string, targetUrl: string): Promise<HookSubscription> {
  const hooks = (await client.store.get<HookSubscription[]>(hooksKey(client, batch))) ?? [];
  const sub: HookSubscription = { id: randomBytes(12).toString('hex'), targetUrl, at: client.clock.now() };
  await client.store.set(hooksKey(client, batch), [...hooks.filter((h) => h.targetUrl !== targetUrl), sub], THIRTY_DAYS_MS);
  return sub;
}

export async function removeHook(client: EnrichflowClient, batch: string, id: string): Promise<boolean> {
  const hooks = (await client.store.get<HookSubscription[]>(hooksKey(client, batch))) ?? [];
  const left = hooks.filter((h) => h.id !== id);
  if (left.length === hooks.length) return false;
  await client.store.set(hooksKey(client, batch), left, THIRTY_DAYS_MS);
  return true;
}

/**
 * The subscription a new job reports to. A provider takes one callback URL per job, so with
 * several subscribed zaps the most recently turned-on one receives it.
 */
export async function currentHook(client: EnrichflowClient, batch: string): Promise<HookSubscription | undefined> {
  const hooks = (await client.store.get<HookSubscription[]>(hooksKey(client, batch))) ?? [];
  return hooks.at(-1);
}

export async function rememberJobs(client: EnrichflowClient, batch: string, jobIds: string[]): Promise<void> {
  const jobs = (await client.store.get<RecentJob[]>(jobsKey(client, batch))) ?? [];
  const fresh = jobIds.filter((id) => !jobs.some((j) => j.jobId === id)).map((jobId) => ({ jobId, at: client.clock.now() }));
  await client.store.set(jobsKey(client, batch), [...jobs, ...fresh].slice(-MAX_RECENT_JOBS), THIRTY_DAYS_MS);
}

export async function recentJobs(client: EnrichflowClient, batch: string): Promise<RecentJob[]> {
  return (await client.store.get<RecentJob[]>(jobsKey(client, batch))) ?? [];
}
