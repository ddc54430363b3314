/**
 * How big and how deep an answer may be. Provider answers are kilobytes (a profile, a page of
 * records); a results file holds a whole job. Anything far past that is a broken or hostile
 * endpoint, and reading it whole would take the workflow's memory with it. Every transport reads
 * an answer as a stream and stops at its operation kind's cap; a JSON answer nested deeper than
 * any provider nests (the deepest documented answer is 7 levels) is refused before it is parsed.
 */
import type { OperationKind, OperationSpec, ProviderCatalog } from './catalog/types';
import { ProviderFailureError } from './errors';
import type { HttpResponse } from './transport/types';

const MiB = 1024 * 1024;

/** The byte cap per operation kind (documented in README "What we refuse"). */
export const ANSWER_BYTE_LIMITS: Readonly<Record<OperationKind, number>> = {
  lookup: 16 * MiB,
  action: 16 * MiB,
  batchSubmit: 16 * MiB,
  batchStatus: 16 * MiB,
  list: 64 * MiB,
  // A whole job's results (up to 500,000 items) in one file or page walk.
  batchResults: 512 * MiB,
  download: 512 * MiB,
};

/** JSON nesting refused past this many levels. */
export const MAX_ANSWER_DEPTH = 64;

/** Whether a JSON text opens more than `max` nested objects/arrays (strings skipped), without parsing it. */
export function jsonDeeperThan(text: string, max = MAX_ANSWER_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/**
 * The answer's text, read chunk by chunk, or `undefined` as soon as it passes `maxBytes` (the
 * rest is never read). `stop` lets the transport drop the connection.
 */
export async function readCapped(chunks: AsyncIterable<Uint8Array | string>, maxBytes: number | undefined, stop?: () => void): Promise<string | undefined> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.byteLength;
    if (maxBytes !== undefined && size > maxBytes) {
      stop?.();
      return undefined;
    }
    parts.push(decoder.decode(bytes, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Whether a declared Content-Length already says the answer is over the cap. */
export function declaredOver(headers: Record<string, string>, maxBytes: number | undefined): boolean {
  const length = Number(headers['content-length']);
  return maxBytes !== undefined && Number.isFinite(length) && length > maxBytes;
}

/**
 * An answer too big or too deeply nested to read (answerLimits.ts), refused with a clear error;
 * never retried (the same request would bring the same answer, and could be charged again).
 * A refused error answer is still classified by its status, from an empty body.
 */
export function refusedAnswer(provider: ProviderCatalog, op: OperationSpec, response: HttpResponse, maxBytes: number): ProviderFailureError | undefined {
  const ok = response.status >= 200 && response.status < 300;
  const tooLarge = response.overLimit === true;
  const tooDeep = !tooLarge && /^\s*[[{]/.test(response.body) && jsonDeeperThan(response.body, MAX_ANSWER_DEPTH);
  if (!tooLarge && !tooDeep) return undefined;
  if (!ok) {
    response.body = '';
    return undefined;
  }
  const what = tooLarge
    ? `larger than ${Math.round(maxBytes / (1024 * 1024))} MiB (the cap for a ${op.kind} answer)`
    : `nested deeper than ${MAX_ANSWER_DEPTH} levels`;
  return new ProviderFailureError(
    `${provider.displayName}: the answer of ${op.displayName} is ${what}; it was not read. If it was a paid call, its charge is settled from your next balance.`,
    {
      provider: provider.id,
      code: tooLarge ? 'answer_too_large' : 'answer_too_deep',
      status: response.status,
      retryable: false,
    },
  );
}
