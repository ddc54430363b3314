/**
 * Output fields and sample records from an operation's output schema (the catalog's lenient
 * zod object), so the Zap editor shows labelled fields before the first real run.
 */
import { describeInputFields, type FieldDescriptor } from '../../shared';
import type { z } from 'zod';
import type { ZField } from './zapier';

export function outputFieldsFor(schema: z.ZodTypeAny, extra: ZField[] = []): ZField[] {
  const fields: ZField[] = describeInputFields(schema)
    .filter((d) => d.type !== 'json')
    .map((d) => ({ key: d.name, label: d.label, type: outputType(d) }));
  const seen = new Set(fields.map((f) => f.key));
  return [...fields, ...extra.filter((f) => !seen.has(f.key))];
}

export function sampleFor(schema: z.ZodTypeAny, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  for (const d of describeInputFields(schema)) {
    const value = sampleValue(d);
    if (value !== undefined) sample[d.name] = value;
  }
  return { ...sample, ...extra };
}

function outputType(d: FieldDescriptor): ZField['type'] {
  if (d.type === 'number') return 'number';
  if (d.type === 'boolean') return 'boolean';
  if (/(At|Date)$|^timestamp$/.test(d.name)) return 'datetime';
  return 'string';
}

/** A plausible value: the field's first documented alternative, else one shaped by its name. */
function sampleValue(d: FieldDescriptor): unknown {
  switch (d.type) {
    case 'number':
      return d.min ?? 1;
    case 'boolean':
      return true;
    case 'options':
    case 'multiOptions':
      return d.type === 'options' ? d.options?.[0]?.value : d.options?.slice(0, 1).map((o) => o.value);
    case 'stringList':
      return [stringSample(d)];
    case 'json':
      return undefined;
    default:
      return stringSample(d);
  }
}

function stringSample(d: FieldDescriptor): string {
  const alternatives = d.description?.match(/^\s*([\w-]+)(\s*\|\s*[\w-]+)+\s*$/);
  if (alternatives) return alternatives[1]!;
  const n = d.name;
  if (/email/i.test(n)) return 'jane.doe@example.com';
  if (/linkedin/i.test(n)) return 'https://www.linkedin.com/in/jane-doe';
  if (/url$/i.test(n)) return 'https://example.com/';
  if (/domain/i.test(n)) return 'example.com';
  if (/(^|[a-z])(Id|ID)$|^id$/.test(n)) return '665a1f4e2c3b7800129dce01';
  if (/(At|Date)$|^timestamp$/.test(n)) return '2025-01-15T10:00:00.000Z';
  if (/status/i.test(n)) return 'completed';
  if (/^ip$/i.test(n)) return '203.0.113.7';
  if (/firstName/i.test(n)) return 'Jane';
  if (/lastName/i.test(n)) return 'Doe';
  return d.label;
}
