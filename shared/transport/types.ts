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
}
