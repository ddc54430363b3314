/**
 * What a web-address field (a URL, a website, a domain, a LinkedIn profile) may hold: an
 * http(s) URL (webUrlRule), a bare domain, or plain text such as a company name where the
 * provider takes either — never another scheme (file:, javascript:, data:) and never a
 * link-local or cloud-metadata address, which a provider fetching the value would be asked to
 * reach.
 */
import { isBlockedHost, webUrlRule } from './inputs';

/** `scheme:` at the start … */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** … unless it is `host:port` (`acme.com:8080`, `localhost:3000`). */
const HOST_PORT = /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+):\d{1,5}(?:[/?#]|$)/i;

export function webAddressRule(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (SCHEME.test(text) && !HOST_PORT.test(text)) {
    const rule = webUrlRule(text);
    return rule ? `must be an http(s) URL or a bare domain: it ${rule}` : undefined;
  }
  // A bare host (`acme.com`, `acme.com/about`, `169.254.169.254:80`), or plain text.
  const host = text.replace(/^\/\//, '').split(/[/?#]/)[0]!.replace(/:\d+$/, '').toLowerCase();
  if (isBlockedHost(host) || isBlockedHost(normalisedHost(host)))
    return 'must be an http(s) URL or a bare domain: it must not point at a link-local or cloud metadata address';
  return undefined;
}

/** The host as a URL parser reads it (`2852039166` and `0xa9fea9fe` are 169.254.169.254). */
function normalisedHost(host: string): string {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return host;
  }
}
