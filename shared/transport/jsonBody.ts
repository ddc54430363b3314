/**
 * A request's JSON body. Most are a few hundred bytes and stay one string. A body with a long
 * list in it (a 500,000-email submit: 11 MB) is written in pieces of about 64 KB, each made as it
 * is sent, so neither its text nor its bytes are ever held whole — only its length, counted by
 * one pass over the same pieces. The pieces join to exactly what JSON.stringify would give.
 */
import type { StreamedBody } from './types';

/** A list this long or longer is sent in pieces. */
export const STREAM_FROM_ENTRIES = 10_000;
const PIECE_CHARS = 65_536;

/** The body as one string, or in pieces when `streamLong` and it holds a long list. */
export function jsonBody(body: unknown, streamLong: boolean): string | StreamedBody {
  if (!streamLong || !hasLongList(body)) return JSON.stringify(body);
  const pieces = () => jsonPieces(body);
  let byteLength = 0;
  for (const piece of pieces()) byteLength += Buffer.byteLength(piece);
  return { byteLength, pieces } satisfies StreamedBody;
}

function hasLongList(body: unknown): body is Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.getPrototypeOf(body) !== Object.prototype) return false;
  return Object.values(body).some((value) => Array.isArray(value) && value.length >= STREAM_FROM_ENTRIES);
}

/** The top-level fields in JSON.stringify's order; a long list's entries a piece at a time. */
function* jsonPieces(body: Record<string, unknown>): Generator<string> {
  let piece = '{';
  let fields = 0;
  for (const [key, value] of Object.entries(body)) {
    const long = Array.isArray(value) && value.length >= STREAM_FROM_ENTRIES;
    const text = long ? '[' : JSON.stringify(value);
    // A field JSON leaves out (undefined, a function) is left out here too.
    if (text === undefined) continue;
    piece += `${fields++ ? ',' : ''}${JSON.stringify(key)}:${text}`;
    if (!long) continue;
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) {
      piece += `${i ? ',' : ''}${JSON.stringify(list[i]) ?? 'null'}`;
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
    piece += ']';
  }
  yield `${piece}}`;
}
