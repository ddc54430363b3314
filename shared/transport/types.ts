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
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Raw text; the core parses JSON itself so that malformed bodies are classified, not thrown. */
  body: string;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
}
