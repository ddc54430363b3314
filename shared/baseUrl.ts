/**
 * The Base URL a credential sets: a valid http(s) URL, and https unless it points at this
 * machine (loopback, where the sandbox runs) or the credential explicitly allows plain http —
 * an http URL would send the API key in clear text to whoever is on the path.
 */
import { ValidationError } from './errors';

/** The credential setting that allows an http:// Base URL off loopback (both adapters show it). */
export const ALLOW_INSECURE_HTTP = 'allowInsecureHttp';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return host === '::1' || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/**
 * The Base URL without trailing slashes, or a ValidationError on the `baseUrl` field (a
 * credential error: nothing is sent). Messages name the origin only: a URL's path, query or
 * user info may carry a key.
 */
export function checkedBaseUrl(providerName: string, raw: string, opts: { allowInsecureHttp?: boolean; example?: string } = {}): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw baseUrlError(providerName, `must be a full URL such as ${opts.example ?? 'https://api.example.com'}`, 'a full https:// URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw baseUrlError(providerName, `must start with https:// (not ${url.protocol})`, 'an https:// URL');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && opts.allowInsecureHttp !== true) {
    throw baseUrlError(
      providerName,
      `${url.origin} is plain http://, which would send the API key in clear text. Use https://, or turn on "Allow Insecure HTTP" in the credential if this endpoint cannot do https (loopback addresses such as the sandbox on 127.0.0.1 are always allowed)`,
      'https:// unless loopback or "Allow Insecure HTTP" is on',
    );
  }
  return text.replace(/\/+$/, '');
}

function baseUrlError(providerName: string, what: string, rule: string): ValidationError {
  return new ValidationError(`${providerName}: the credential's Base URL ${what}. Nothing was sent.`, [{ field: 'baseUrl', rule }], { provider: providerName });
}

/** Parts of a Base URL that may hold a key (user info, query values): redacted like the key. */
export function baseUrlSecrets(baseUrl: string): string[] {
  try {
    const url = new URL(baseUrl);
    return [decodeURIComponent(url.username), decodeURIComponent(url.password), ...[...url.searchParams.values()]].filter((v) => v.length > 0);
  } catch {
    return [];
  }
}

/** The scheme, host and port of a Base URL: what an inspected client shows of it (never its path, user info or query). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid)';
  }
}
