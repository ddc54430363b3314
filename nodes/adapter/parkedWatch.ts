/**
 * The self-check of a parked batch execution (see resume.ts): in the process that parked it,
 * poll the job's free status operation every poll interval and, once every job has finished,
 * call the execution's own resume URL — one call, so n8n loads the waiting execution once,
 * not once per item. Always one final call just before Maximum Wait, which resumes the
 * execution whatever the job's state. A refused or lost resume call (n8n busy, `503 Database
 * is not ready!`, a reset) is retried with backoff; status outages are ridden out the same way.
 */
import { sleep } from 'n8n-workflow';
import { type EnrichflowClient, getBatchStatus } from '@enrichflow/core';
import { standaloneTransport } from './platform';

const TERMINAL = new Set(['completed', 'failed', 'partial']);
/** The final check comes this long before Maximum Wait (at most a quarter of the wait). */
const FINAL_MARGIN_MS = 30_000;
/** Between refused resume calls: doubling from 1 s up to this. */
const RESUME_RETRY_MAX_MS = 30_000;

/** The body of a resume call (the parked execution's webhook checks `token` against its record). */
export interface ResumeCheck {
  enrichflow: 'check';
  token: string;
  /** Maximum Wait is here: resume whatever the job's state. */
  final: boolean;
}

export interface ParkedJob {
  client: EnrichflowClient;
  batch: string;
  jobIds: string[];
  resumeUrl: string;
  token: string;
  pollIntervalMs: number;
  maxWaitAt: number;
}

type Answer = 'resumed' | 'waiting' | 'gone' | 'retry';

/** The watches running in this process, so a host shutting down (or a test) can end them. */
const active = new Set<AbortController>();

/** End every watch of this process now (their executions fall back to Maximum Wait). */
export function stopParkedWatches(): void {
  for (const stop of active) stop.abort();
  active.clear();
}

async function callResume(job: ParkedJob, final: boolean): Promise<Answer> {
  const body: ResumeCheck = { enrichflow: 'check', token: job.token, final };
  try {
    // Not n8n's request helper: it belongs to the node run, which ended when the execution parked.
    const response = await resumeTransport.send({
      method: 'POST',
      url: job.resumeUrl,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: 120_000,
    });
    const status = response.status;
    // 404/409/410: the execution is no longer waiting (resumed, cancelled, deleted).
    if (status === 404 || status === 409 || status === 410) return 'gone';
    if (status === 401 || status === 403) return 'gone';
    if (status >= 200 && status < 300) return resumedFalse(response.body) ? 'waiting' : 'resumed';
    return 'retry';
  } catch {
    return 'retry';
  }
}

const resumeTransport = standaloneTransport();

function resumedFalse(text: string): boolean {
  try {
    return (JSON.parse(text) as { resumed?: boolean }).resumed === false;
  } catch {
    return false;
  }
}

/** Resume with backoff until n8n takes the call, Maximum Wait (plus one more try) passes, or the execution is gone. */
async function resumeUntilHeard(job: ParkedJob, final: boolean, signal: AbortSignal): Promise<Answer> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, RESUME_RETRY_MAX_MS)) {
    const answer = await callResume(job, final);
    if (answer !== 'retry') return answer;
    if (Date.now() + delay >= job.maxWaitAt) return 'retry';
    await sleep(delay, signal);
  }
}

async function allFinished(job: ParkedJob): Promise<boolean | undefined> {
  try {
    for (const jobId of job.jobIds) if (!TERMINAL.has((await getBatchStatus(job.client, job.batch, jobId)).status)) return false;
    return true;
  } catch {
    // An outage: the next round asks again.
    return undefined;
  }
}

/** Watch until the execution resumed or Maximum Wait came; never throws (nobody awaits it). */
export async function watchParkedJob(job: ParkedJob): Promise<void> {
  const stop = new AbortController();
  active.add(stop);
  try {
    const finalAt = job.maxWaitAt - Math.min(FINAL_MARGIN_MS, (job.maxWaitAt - Date.now()) / 4);
    while (Date.now() < finalAt) {
      await sleep(Math.max(0, Math.min(job.pollIntervalMs, finalAt - Date.now())), stop.signal);
      if (Date.now() >= finalAt) break;
      if ((await allFinished(job)) !== true) continue;
      const answer = await resumeUntilHeard(job, false, stop.signal);
      if (answer === 'resumed' || answer === 'gone') return;
    }
    await resumeUntilHeard(job, true, stop.signal);
  } catch {
    // Stopped, or nothing to report to: the Maximum Wait fallback (n8n passes the pending errors on) remains.
  } finally {
    active.delete(stop);
  }
}
