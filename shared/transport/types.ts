/**
 * The only way the core talks to the network. Three implementations: undici (standalone,
 * sandbox, tests), n8n's `httpRequestWithAuthentication`, Zapier's `z.request`.
 * A transport never throws on an HTTP status; it throws TransportError when no answer came.
 */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Already serialized. */
  body?: string;
  /**
   * A long body in pieces (jsonBody.ts), given instead of `body` only to a transport that takes
   * them (`streamsBodies`); every other transport gets every body as one string.
   */
  streamedBody?: StreamedBody;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Stop reading an answer past this many bytes (answerLimits.ts): it comes back `overLimit`. */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Raw text; the core parses JSON itself so that malformed bodies are classified, not thrown. */
  body: string;
  /** The answer passed the request's `maxBytes`: its body was not read (and is empty here). */
  overLimit?: true;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Takes a long body in pieces (`HttpRequest.streamedBody`): the default transport does. */
  readonly streamsBodies?: boolean;
}

/**
 * A body too long to hold as one string (a 500,000-email submit is 11 MB of JSON): its size in
 * bytes, known before anything is sent, and its text in pieces, produced afresh for every attempt.
 */
export interface StreamedBody {
  readonly byteLength: number;
  pieces(): Iterable<string>;
}
