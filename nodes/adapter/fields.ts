/**
 * Catalog field descriptors (from the core's `describeInputFields`) → n8n parameters, and the
 * values a user set → the core's input. Required fields sit on the node; optional ones in an
 * "Additional Fields" collection, as n8n users expect.
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { coerceFieldValues, type FieldDescriptor } from '@enrichflow/core';

export const ADDITIONAL_FIELDS = 'additionalFields';

function defaultFor(field: FieldDescriptor): INodeProperties['default'] {
  const d = field.default;
  switch (field.type) {
    case 'number':
      return typeof d === 'number' ? d : (field.min ?? 0);
    case 'boolean':
      return typeof d === 'boolean' ? d : false;
    case 'options':
      return typeof d === 'string' ? d : (field.options?.[0]?.value ?? '');
    case 'multiOptions':
      return Array.isArray(d) ? (d as string[]) : [];
    case 'stringList':
      return Array.isArray(d) ? d.join(', ') : '';
    case 'json':
      return d === undefined ? '' : JSON.stringify(d, null, 2);
    default:
      return d === undefined ? '' : String(d);
  }
}

function describe(field: FieldDescriptor): string | undefined {
  const parts = [field.description];
  if (field.type === 'stringList') parts.push('Separate several values with commas or new lines.');
  if (field.type === 'json') parts.push('JSON.');
  if (field.min !== undefined && field.max !== undefined && field.type === 'number') parts.push(`${field.min}–${field.max}.`);
  const text = parts.filter(Boolean).join(' ').trim();
  return text === '' ? undefined : text;
}

function options(field: FieldDescriptor): INodePropertyOptions[] {
  return (field.options ?? []).map((o) => ({ name: o.label, value: o.value }));
}

/** A field whose choices are loaded from the API (see loadOptions.ts). */
export interface LoadedOptions {
  method: string;
  dependsOn: string[];
}

/** One descriptor → one n8n parameter (without displayOptions). */
export function toProperty(field: FieldDescriptor, loaded?: LoadedOptions): INodeProperties {
  const base = { displayName: field.label, name: field.name, default: defaultFor(field), description: describe(field) };
  if (loaded) {
    const many = field.type === 'stringList' || field.type === 'multiOptions';
    const typeOptions = { loadOptionsMethod: loaded.method, ...(loaded.dependsOn.length ? { loadOptionsDependsOn: loaded.dependsOn } : {}) };
    return { ...base, default: many ? [] : base.default, type: many ? 'multiOptions' : 'options', typeOptions };
  }
  switch (field.type) {
    case 'number': {
      const typeOptions: INodeProperties['typeOptions'] = {};
      if (field.min !== undefined) typeOptions.minValue = field.min;
      if (field.max !== undefined) typeOptions.maxValue = field.max;
      return { ...base, type: 'number', typeOptions };
    }
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'options':
      return { ...base, type: 'options', options: options(field) };
    case 'multiOptions':
      return { ...base, type: 'multiOptions', options: options(field) };
    case 'json':
      return { ...base, type: 'json' };
    case 'stringList':
      return { ...base, type: 'string' };
    default:
      return field.secret ? { ...base, type: 'string', typeOptions: { password: true } } : { ...base, type: 'string' };
  }
}

/** Parameters for a field list shown under `show` (resource + operation). */
export function fieldProperties(
  fields: FieldDescriptor[],
  show: IDataObject,
  collectionHint: string,
  loaded: Record<string, LoadedOptions> = {},
): INodeProperties[] {
  const displayOptions = { show: show as never };
  const props: INodeProperties[] = fields.filter((f) => f.required).map((f) => ({ ...toProperty(f, loaded[f.name]), required: true, displayOptions }));
  const optional = fields.filter((f) => !f.required);
  if (optional.length > 0) {
    props.push({
      displayName: 'Additional Fields',
      name: ADDITIONAL_FIELDS,
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      description: collectionHint,
      displayOptions,
      options: optional.map((f) => toProperty(f, loaded[f.name])).sort((a, b) => a.displayName.localeCompare(b.displayName)),
    });
  }
  return props;
}

type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** What the user set for these fields (required + additional), coerced into the core's input shape. */
export function readFieldValues(fields: FieldDescriptor[], read: ParameterReader): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const field of fields.filter((f) => f.required)) raw[field.name] = read(field.name, undefined);
  if (fields.some((f) => !f.required)) {
    const extra = (read(ADDITIONAL_FIELDS, {}) ?? {}) as Record<string, unknown>;
    for (const field of fields.filter((f) => !f.required)) if (field.name in extra) raw[field.name] = extra[field.name];
  }
  return coerceFieldValues(fields, raw);
}
