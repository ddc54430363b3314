/**
 * What a creator handle may be (§1.3: a username, a profile URL or a YouTube channel id): an
 * http(s) profile URL, or a name made of the characters its platform allows in usernames, with
 * an optional leading `@`. Anything else — `=HYPERLINK(…)`, `@SUM(…)`, spaces, quotes — is no
 * one's handle, and would ride into the upload CSV and the user's sheet.
 */
import { z } from 'zod';
import { textField, webUrlRule } from '../../catalog';

/** Username characters per platform (each platform's own sign-up rules). */
const PLATFORM_HANDLE: Record<string, { chars: RegExp; rule: string }> = {
  instagram: { chars: /^[A-Za-z0-9._]+$/, rule: 'letters, digits, "." and "_"' },
  tiktok: { chars: /^[A-Za-z0-9._]+$/, rule: 'letters, digits, "." and "_"' },
  discord: { chars: /^[A-Za-z0-9._]+$/, rule: 'letters, digits, "." and "_"' },
  twitter: { chars: /^[A-Za-z0-9_]+$/, rule: 'letters, digits and "_"' },
  twitch: { chars: /^[A-Za-z0-9_]+$/, rule: 'letters, digits and "_"' },
  pinterest: { chars: /^[A-Za-z0-9_]+$/, rule: 'letters, digits and "_"' },
  facebook: { chars: /^[A-Za-z0-9.]+$/, rule: 'letters, digits and "."' },
  // Handles, legacy usernames and channel ids (UC…, which use "-" and "_").
  youtube: { chars: /^[A-Za-z0-9._-]+$/, rule: 'letters, digits, ".", "_" and "-"' },
  onlyfans: { chars: /^[A-Za-z0-9._-]+$/, rule: 'letters, digits, ".", "_" and "-"' },
  snapchat: { chars: /^[A-Za-z0-9._-]+$/, rule: 'letters, digits, ".", "_" and "-"' },
  linkedin: { chars: /^[A-Za-z0-9._-]+$/, rule: 'letters, digits, ".", "_" and "-"' },
};

/** Any platform's characters: the rule a handle meets before its platform is known. */
const ANY_HANDLE = /^@?[A-Za-z0-9._-]{1,100}$/;

const looksLikeUrl = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value);

/** Why `value` is no handle (on `platform`, when given), or undefined. */
export function handleRule(value: string, platform?: string): string | undefined {
  if (looksLikeUrl(value)) return webUrlRule(value) ? `must be a username or an http(s) profile URL (${webUrlRule(value)})` : undefined;
  if (!ANY_HANDLE.test(value)) return 'must be a username (letters, digits, ".", "_" or "-", at most 100, an optional leading "@") or an http(s) profile URL';
  const own = platform ? PLATFORM_HANDLE[platform] : undefined;
  if (own && !own.chars.test(value.replace(/^@/, ''))) return `must be a ${platform} username: ${own.rule} only`;
  return undefined;
}

/** A username, a profile URL or a YouTube channel id (§1.3). */
export function handleField(field = 'handle', help = 'Username, profile URL or YouTube channel ID') {
  return textField(field, help, { max: 300 }).superRefine((value, ctx) => {
    const rule = handleRule(value);
    if (rule) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${field} ${rule}` });
  });
}

/**
 * The input schema with every handle it holds (`handle`, `handles[]`, `creators[]`) checked
 * against its `platform`'s characters — a cross-field rule a field alone cannot state.
 */
export function withPlatformHandles<T extends z.ZodTypeAny>(schema: T) {
  return schema.superRefine((input: Record<string, unknown>, ctx) => {
    const platform = typeof input.platform === 'string' ? input.platform : undefined;
    if (!platform) return;
    for (const field of ['handle', 'handles', 'creators']) {
      const values = input[field];
      const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
      list.forEach((value, i) => {
        // The field itself already reported a value that is no handle on any platform.
        if (typeof value !== 'string' || handleRule(value)) return;
        const rule = handleRule(value, platform);
        if (rule) ctx.addIssue({ code: z.ZodIssueCode.custom, path: Array.isArray(values) ? [field, i] : [field], message: `${field} ${rule}` });
      });
    }
  });
}
