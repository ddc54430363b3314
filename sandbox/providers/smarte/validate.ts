/** What the sandbox refuses as SMARTe would (a 400, nothing charged): records it cannot identify. */
import type { Endpoint, Rec } from './data';

const has = (r: Rec, k: string) => typeof r[k] === 'string' && (r[k] as string).trim() !== '';

const PERSON_ENDPOINTS = new Set<Endpoint>(['person', 'email', 'mobile']);

/** Why a record cannot be looked up, or undefined. */
export function recordProblem(endpoint: Endpoint, r: Rec): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'each record must be a JSON object';
  for (const [k, v] of Object.entries(r)) if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'boolean') return `${k} must be a string`;
  if (PERSON_ENDPOINTS.has(endpoint)) {
    const company = has(r, 'companyName') || has(r, 'companyWebsite');
    const ok =
      has(r, 'email') ||
      has(r, 'linkedinUrl') ||
      has(r, 'experienceId') ||
      (has(r, 'fullName') && company) ||
      (has(r, 'firstName') && has(r, 'lastName') && company);
    return ok ? undefined : 'not enough identifiers: give email, linkedinUrl, experienceId, or a name with companyName or companyWebsite';
  }
  const ok = ['companyId', 'companyName', 'companyWebsite', 'companyLinkedinUrl'].some((k) => has(r, k));
  return ok ? undefined : 'not enough identifiers: give companyId, companyName, companyWebsite or companyLinkedinUrl';
}
