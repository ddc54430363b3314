/**
 * What a saved Zap depends on in an integration: the keys of its triggers, searches and creates,
 * the keys of their input fields (values are stored by key; a choice by its value), the output
 * keys later steps map (`{{step.email}}`) and the authentication's fields. Removing or renaming
 * one, dropping a choice or changing a type breaks Zaps built on the version that had it;
 * anything added does not. Zapier versions a whole integration: Zaps stay on the version they
 * were built with until they are migrated, so a breaking change is a new major version.
 */
import type { ZApp, ZField } from '../../zapier-app/lib/zapier';

export interface FieldShape {
  key: string;
  type: string;
  list?: true;
  choices?: string[];
  children?: FieldShape[];
}

export interface ActionShape {
  inputFields: FieldShape[];
  outputFields: string[];
}

export interface ZapSnapshot {
  app: string;
  major: number;
  authentication: FieldShape[];
  triggers: Record<string, ActionShape>;
  searches: Record<string, ActionShape>;
  creates: Record<string, ActionShape>;
  searchOrCreates: string[];
}

const KINDS = ['triggers', 'searches', 'creates'] as const;

function fieldShape(f: ZField): FieldShape {
  const out: FieldShape = { key: f.key, type: f.type ?? 'string' };
  if (f.list) out.list = true;
  if (f.choices) out.choices = (Array.isArray(f.choices) ? f.choices.map((c) => (typeof c === 'string' ? c : c.value)) : Object.keys(f.choices)).map(String);
  if (f.children) out.children = f.children.map(fieldShape);
  return out;
}

// A field given as a function is computed at run time (dynamic fields): nothing static to hold.
const staticFields = (fields: unknown): ZField[] =>
  Array.isArray(fields) ? fields.filter((f): f is ZField => typeof f === 'object' && f !== null && 'key' in f) : [];

export function zapSnapshot(app: ZApp, name: string): ZapSnapshot {
  const actions = (kind: (typeof KINDS)[number]) =>
    Object.fromEntries(
      Object.entries(app[kind])
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, action]) => [
          key,
          {
            // Copy notes hold no value.
            inputFields: staticFields(action.operation.inputFields)
              .filter((f) => f.type !== 'copy')
              .map(fieldShape),
            outputFields: staticFields(action.operation.outputFields)
              .map((f) => f.key)
              .sort(),
          },
        ]),
    );
  return {
    app: name,
    major: Number(app.version.split('.')[0]),
    authentication: staticFields((app.authentication as { fields?: unknown }).fields).map(fieldShape),
    triggers: actions('triggers'),
    searches: actions('searches'),
    creates: actions('creates'),
    searchOrCreates: Object.keys(app.searchOrCreates ?? {}).sort(),
  };
}

function fieldBreaks(older: FieldShape[], newer: FieldShape[], at: string): string[] {
  const breaks: string[] = [];
  for (const before of older) {
    const now = newer.find((f) => f.key === before.key);
    const where = `${at} field "${before.key}"`;
    if (!now) {
      breaks.push(`${where} was removed or renamed`);
      continue;
    }
    if (now.type !== before.type || Boolean(now.list) !== Boolean(before.list))
      breaks.push(`${where} changed type from ${before.type}${before.list ? '[]' : ''} to ${now.type}${now.list ? '[]' : ''}`);
    // A field that now takes any value still takes the old choices.
    if (now.choices)
      for (const choice of before.choices ?? []) if (!now.choices.includes(choice)) breaks.push(`${where}: choice "${choice}" was removed or renamed`);
    if (before.children) breaks.push(...fieldBreaks(before.children, now.children ?? [], `${at} line item "${before.key}":`));
  }
  return breaks;
}

/** The ways `newer` breaks Zaps built on `older`; empty when it only adds. */
export function zapBreaks(older: ZapSnapshot, newer: ZapSnapshot): string[] {
  const breaks = fieldBreaks(older.authentication, newer.authentication, 'authentication');
  for (const kind of KINDS) {
    for (const [key, action] of Object.entries(older[kind])) {
      const now = newer[kind][key];
      if (!now) {
        breaks.push(`${kind.slice(0, -1)} "${key}" was removed or renamed`);
        continue;
      }
      breaks.push(...fieldBreaks(action.inputFields, now.inputFields, `${key}: input`));
      for (const out of action.outputFields)
        if (!now.outputFields.includes(out)) breaks.push(`${key}: output field "${out}" (mapped by later steps) was removed or renamed`);
    }
  }
  for (const key of older.searchOrCreates) if (!newer.searchOrCreates.includes(key)) breaks.push(`search-or-create "${key}" was removed or renamed`);
  return breaks;
}
