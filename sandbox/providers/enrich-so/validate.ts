/** Input validation with the API's error detail format: `body/email Invalid email` (location/path message). */
import { z } from 'zod';
import { validationError } from './problems';

export type Location = 'body' | 'querystring' | 'params';

export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, location: Location): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues.map((issue) => `${[location, ...issue.path.map(String)].join('/')} ${issue.message}`).join(', ');
  throw validationError(detail);
}

/** Query strings as an object of their first values, for zod. */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (!(k in out)) out[k] = v;
  return out;
}

/** `page`/`limit` query parameters with the API's defaults and bounds. */
export function pageQuery(defaultLimit: number, maxLimit: number) {
  return z.object({
    page: z.coerce.number().int().min(1).default(1),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  });
}

export const email = z.string().min(1).max(254).email();
export const webhookUrl = z.string().url().optional();
export const hex24 = /^[0-9a-f]{24}$/i;
