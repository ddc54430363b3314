/** Request/response plumbing shared by every provider: handlers return a Reply instead of writing to the socket, so faults can rewrite it. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export interface SandboxRequest {
  method: string;
  /** Path below the provider's prefix, e.g. `/email-validation/batch` (no query string). */
  path: string;
  /** Path as received, e.g. `/enrich-so/api/v3/email-validation/batch`. */
  fullPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): Reply {
  return { status, headers: { 'content-type': `${contentType}; charset=utf-8`, ...headers }, body: JSON.stringify(body) };
}

export function textReply(status: number, body: string, contentType: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': contentType, ...headers }, body };
}

/** Big batch submits (500 000 emails) are ~15 MB; anything far past that is a mistake. */
const MAX_BODY_BYTES = 128 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
