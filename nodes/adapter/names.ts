/** Every n8n name a provider gets is derived from its catalog id, so a new provider names nothing by hand. */
import type { ProviderCatalog } from '@enrichflow/core';

/** `enrichSo` → `enrichSoApi`. */
export function credentialName(catalog: Pick<ProviderCatalog, 'id'>): string {
  return `${catalog.id}Api`;
}

/** "Validate email" → "Validate Email" (n8n shows option names in title case). */
export function titleCase(text: string): string {
  return text
    .replace(/\b([a-z])([a-z]*)/g, (word, first: string, rest: string) =>
      /^(a|an|and|as|at|by|for|in|of|on|or|the|to|per|via|with)$/.test(word) ? word : first.toUpperCase() + rest,
    )
    .replace(/^./, (c) => c.toUpperCase());
}

/** `emailValidation` → "Email Validation". */
export function resourceLabel(resource: string): string {
  return titleCase(resource.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/\bip\b/gi, 'IP'));
}
