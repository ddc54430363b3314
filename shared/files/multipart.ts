/**
 * `multipart/form-data` bodies, encoded by the core so that every transport (undici, n8n's
 * request helper, `z.request`) sends the same bytes with the same boundary: a transport only
 * passes a string body and its content-type on. File parts carry text (CSV, JSON).
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../errors';

export interface MultipartFile {
  /** Form field name, e.g. `file`. */
  name: string;
  filename: string;
  contentType: string;
  content: string;
}

export interface MultipartForm {
  /** Plain form fields; undefined values are left out, objects are sent as JSON text. */
  fields: Record<string, string | number | boolean | object | undefined>;
  files: MultipartFile[];
}

export interface EncodedBody {
  body: string;
  contentType: string;
}

/** Quoted-string in a Content-Disposition parameter: no CR/LF, quotes escaped. */
function dispositionValue(text: string): string {
  if (/[\r\n]/.test(text))
    throw new ValidationError(`multipart: "${text.slice(0, 40)}" may not contain line breaks`, [{ field: 'name', rule: 'no line breaks' }]);
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function fieldText(value: string | number | boolean | object): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function encodeMultipart(form: MultipartForm, boundary = `----enrichflow${randomBytes(12).toString('hex')}`): EncodedBody {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(form.fields)) {
    if (value === undefined) continue;
    parts.push(`Content-Disposition: form-data; name="${dispositionValue(name)}"\r\n\r\n${fieldText(value)}`);
  }
  for (const file of form.files) {
    parts.push(
      `Content-Disposition: form-data; name="${dispositionValue(file.name)}"; filename="${dispositionValue(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n${file.content}`,
    );
  }
  for (const part of parts) {
    // A value containing the boundary line would end its part early.
    if (part.includes(`--${boundary}`)) return encodeMultipart(form);
  }
  const body = parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Read a multipart body back (sandbox, tests): fields as text, files with their names. */
export function decodeMultipart(body: string, contentType: string): { fields: Record<string, string>; files: MultipartFile[] } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('multipart body without a boundary');
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4);
    const name = /name="((?:[^"\\]|\\.)*)"/i.exec(head)?.[1]?.replace(/\\(.)/g, '$1');
    if (name === undefined) continue;
    const filename = /filename="((?:[^"\\]|\\.)*)"/i.exec(head)?.[1]?.replace(/\\(.)/g, '$1');
    if (filename === undefined) fields[name] = content;
    else files.push({ name, filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? 'application/octet-stream', content });
  }
  return { fields, files };
}
