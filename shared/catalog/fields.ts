/**
 * The one place a zod input schema becomes UI fields. The n8n node builder and the Zapier
 * adapter both read these descriptors, so no provider ever has a hand-written field list.
 */
import { z } from 'zod';

export type FieldType = 'string' | 'number' | 'boolean' | 'options' | 'multiOptions' | 'stringList' | 'json';

export interface FieldDescriptor {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  description?: string;
  default?: unknown;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  minItems?: number;
  maxItems?: number;
  secret?: boolean;
}

interface Unwrapped {
  schema: z.ZodTypeAny;
  optional: boolean;
  default?: unknown;
  description?: string;
}

/** Peel optional/nullable/default/effects wrappers, keeping what they say about the field. */
function unwrap(schema: z.ZodTypeAny): Unwrapped {
  let current = schema;
  let optional = false;
  let def: unknown;
  let description = schema.description;
  for (;;) {
    description ??= current.description;
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
      optional = true;
      current = current.unwrap();
    } else if (current instanceof z.ZodDefault) {
      optional = true;
      def = current._def.defaultValue();
      current = current._def.innerType;
    } else if (current instanceof z.ZodEffects) {
      current = current.innerType();
    } else if (current instanceof z.ZodBranded) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipeline) {
      current = current._def.in;
    } else {
      return { schema: current, optional, default: def, description };
    }
  }
}

/** `companyLinkedinUrl` / `company_linkedin_url` → "Company Linkedin Url". */
export function labelFor(name: string): string {
  const words = name
    .replace(/\[(\w+)\]/g, ' $1')
    .replace(/[_\-.]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/);
  return words.map((w) => (/^(id|ip|url|csv|icp|api)$/i.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1))).join(' ');
}

function checks(schema: z.ZodTypeAny): { kind: string; value?: number }[] {
  return ((schema._def as { checks?: { kind: string; value?: number }[] }).checks ?? []) as { kind: string; value?: number }[];
}

function describeOne(name: string, raw: z.ZodTypeAny): FieldDescriptor {
  const { schema, optional, default: def, description } = unwrap(raw);
  const field: FieldDescriptor = { name, label: labelFor(name), type: 'string', required: !optional, description };
  if (def !== undefined) field.default = def;

  if (schema instanceof z.ZodNumber) {
    field.type = 'number';
    for (const c of checks(schema)) {
      if (c.kind === 'min') field.min = c.value;
      if (c.kind === 'max') field.max = c.value;
    }
  } else if (schema instanceof z.ZodBoolean) {
    field.type = 'boolean';
  } else if (schema instanceof z.ZodEnum || schema instanceof z.ZodNativeEnum) {
    field.type = 'options';
    const values: string[] = schema instanceof z.ZodEnum ? schema.options : Object.values(schema.enum).map(String);
    field.options = values.map((v) => ({ value: v, label: labelFor(v) }));
  } else if (schema instanceof z.ZodLiteral) {
    field.type = 'options';
    field.options = [{ value: String(schema.value), label: String(schema.value) }];
  } else if (schema instanceof z.ZodArray) {
    const element = unwrap(schema.element).schema;
    if (element instanceof z.ZodEnum) {
      field.type = 'multiOptions';
      field.options = (element.options as string[]).map((v) => ({ value: v, label: labelFor(v) }));
    } else if (element instanceof z.ZodString || element instanceof z.ZodNumber) {
      field.type = 'stringList';
    } else {
      field.type = 'json';
    }
    const def2 = schema._def as { minLength?: { value: number } | null; maxLength?: { value: number } | null };
    if (def2.minLength) field.minItems = def2.minLength.value;
    if (def2.maxLength) field.maxItems = def2.maxLength.value;
  } else if (schema instanceof z.ZodString) {
    field.type = 'string';
    if (/key|secret|password|token/i.test(name)) field.secret = true;
  } else {
    // objects, records, unions of shapes: the user gives JSON and the schema checks it
    field.type = 'json';
  }
  return field;
}

/** Fields of a top-level object schema, in declaration order. */
export function describeInputFields(schema: z.ZodTypeAny): FieldDescriptor[] {
  const object = unwrap(schema).schema;
  if (!(object instanceof z.ZodObject)) return [];
  const shape = object.shape as Record<string, z.ZodTypeAny>;
  return Object.entries(shape).map(([name, s]) => describeOne(name, s));
}

function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Turn what a UI hands over (strings from text boxes, '' for untouched fields) into the
 * values the schema expects. Anything that cannot be coerced is passed through unchanged so
 * the schema's own message names the field.
 */
export function coerceFieldValues(fields: FieldDescriptor[], raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Map(fields.map((f) => [f.name, f]));
  for (const [name, value] of Object.entries(raw)) {
    const field = known.get(name);
    if (value === '' || value === null || value === undefined) continue;
    if (!field) {
      out[name] = value;
      continue;
    }
    out[name] = coerceOne(field, value);
  }
  return out;
}

function coerceOne(field: FieldDescriptor, value: unknown): unknown {
  switch (field.type) {
    case 'number':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return value;
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    case 'stringList':
    case 'multiOptions':
      if (typeof value === 'string') return splitList(value);
      return value;
    case 'json':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value);
        } catch {
          return value;
        }
      }
      return value;
    default:
      return value;
  }
}
