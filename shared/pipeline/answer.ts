/**
 * Reading an answer off the wire (the classify piece): the body parsed the way the operation
 * expects it (JSON, text, a results file), a garbled one marked rather than thrown, and which
 * failures mean the provider may have carried the call out (and charged) though we never saw it.
 */
import type { OperationSpec } from '../catalog/types';
import { ProviderFailureError, TransportError } from '../errors';
import { csvRecords } from '../files/csv';
import type { HttpResponse } from '../transport/types';

/** A body that should have been JSON and was not: kept apart from `undefined` (an empty body). */
export const MALFORMED = Symbol('malformed');
export const MALFORMED_BODY = 'malformed_body';

const ANSWER_REFUSED = new Set([MALFORMED_BODY, 'answer_too_large', 'answer_too_deep']);

/** The answer's body as the operation reads it: a results file, text, or JSON (MALFORMED when garbled). */
export function parseAnswer(op: OperationSpec, response: HttpResponse): unknown {
  return op.responseType === 'file' && response.status < 300 ? parseResultsFile(response) : parseBody(response, op.responseType === 'text');
}

/** The call may have been carried out (and charged) but its answer never arrived intact. */
export function answerLost(error: unknown): boolean {
  if (error instanceof ProviderFailureError) return ANSWER_REFUSED.has(error.code ?? '');
  return error instanceof TransportError && (error.reason === 'reset' || error.reason === 'timeout');
}

/** The provider carried the call out (its answer arrived, garbled): unlike a reset, never a call that did not happen. */
export function answerProcessed(error: unknown): boolean {
  return error instanceof ProviderFailureError && error.code === MALFORMED_BODY;
}

/** A results file: JSON as sent, CSV as records keyed by its header line. */
function parseResultsFile(response: HttpResponse): unknown {
  const type = response.headers['content-type'] ?? '';
  const text = response.body.trimStart();
  if (type.includes('csv') || (!type.includes('json') && !/^[[{]/.test(text))) return csvRecords(response.body);
  return parseBody(response, false);
}

function parseBody(response: HttpResponse, asText: boolean): unknown {
  const type = response.headers['content-type'] ?? '';
  if (asText && response.status < 300 && !type.includes('json')) return response.body;
  if (response.body === '') return undefined;
  try {
    return JSON.parse(response.body);
  } catch {
    return MALFORMED;
  }
}
