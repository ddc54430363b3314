/**
 * What a saved n8n workflow depends on in a node's description, and whether a new description
 * still honours it. A workflow stores the node's type and version, its parameter values by name
 * (option values as the value, not the label) and its credential by type; n8n keeps a value only
 * while its parameter is displayed. So a parameter renamed or removed, hidden where it showed, an
 * option value dropped or a changed type breaks it; anything added does not.
 *
 * A node that must change that way gains a version (`version: [1, 2]`): saved workflows keep
 * their version, so each version is compared with its own snapshot, seen as that version shows
 * it (`displayOptions.show['@version']`).
 */
import type { ICredentialType, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

/** The part of a parameter a saved workflow relies on. */
export interface ParameterShape {
  name: string;
  type: string;
  /** Values saved as a list (`typeOptions.multipleValues`). */
  multipleValues?: true;
  show?: Record<string, unknown[]>;
  hide?: Record<string, unknown[]>;
  /** The values of an options / multiOptions parameter (static ones only). */
  values?: unknown[];
  /** The parameters inside a collection. */
  children?: ParameterShape[];
  /** The groups of a fixedCollection and their parameters. */
  groups?: { name: string; children: ParameterShape[] }[];
}

export interface NodeSnapshot {
  node: string;
  version: number;
  credentials: string[];
  parameters: ParameterShape[];
}

export interface CredentialSnapshot {
  credential: string;
  parameters: ParameterShape[];
}

export function versionsOf(description: Pick<INodeTypeDescription, 'version'>): number[] {
  return Array.isArray(description.version) ? [...description.version] : [description.version];
}

type Condition = unknown;

function conditionHolds(condition: Condition, value: number): boolean {
  if (typeof condition === 'number') return condition === value;
  const cnd = (condition as { _cnd?: Record<string, unknown> })?._cnd;
  if (!cnd) return false;
  const [op, arg] = Object.entries(cnd)[0] ?? [];
  const n = arg as number;
  switch (op) {
    case 'eq':
      return value === n;
    case 'gte':
      return value >= n;
    case 'gt':
      return value > n;
    case 'lte':
      return value <= n;
    case 'lt':
      return value < n;
    case 'between': {
      const { from, to } = arg as { from: number; to: number };
      return value >= from && value <= to;
    }
    default:
      throw new Error(`@version condition ${op} is not understood by the saved-workflow guard`);
  }
}

/** Whether a parameter is part of the node at `version`. */
function shownAt(p: { displayOptions?: INodeProperties['displayOptions'] }, version: number): boolean {
  const show = p.displayOptions?.show?.['@version'];
  const hide = p.displayOptions?.hide?.['@version'];
  if (show && !show.some((c) => conditionHolds(c, version))) return false;
  if (hide && hide.some((c) => conditionHolds(c, version))) return false;
  return true;
}

function conditions(map: Record<string, unknown> | undefined): Record<string, unknown[]> | undefined {
  if (!map) return undefined;
  const entries = Object.entries(map).filter(([key]) => key !== '@version');
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, v as unknown[]])) : undefined;
}

function shape(p: INodeProperties, version: number): ParameterShape {
  const out: ParameterShape = { name: p.name, type: p.type };
  if (p.typeOptions?.multipleValues) out.multipleValues = true;
  const show = conditions(p.displayOptions?.show);
  const hide = conditions(p.displayOptions?.hide);
  if (show) out.show = show;
  if (hide) out.hide = hide;
  const options = (p.options ?? []) as unknown[];
  if (p.type === 'options' || p.type === 'multiOptions') {
    if (options.length) out.values = options.map((o) => (o as { value: unknown }).value);
  } else if (p.type === 'collection') {
    out.children = shapes(options as INodeProperties[], version);
  } else if (p.type === 'fixedCollection') {
    out.groups = (options as { name: string; values: INodeProperties[] }[]).map((g) => ({ name: g.name, children: shapes(g.values, version) }));
  }
  return out;
}

function shapes(properties: INodeProperties[], version: number): ParameterShape[] {
  // Notices hold no value: nothing is saved for them.
  return properties.filter((p) => p.type !== 'notice' && shownAt(p, version)).map((p) => shape(p, version));
}

export function nodeSnapshot(description: INodeTypeDescription, version: number): NodeSnapshot {
  return {
    node: description.name,
    version,
    credentials: (description.credentials ?? []).map((c) => c.name).sort(),
    parameters: shapes(description.properties, version),
  };
}

export function credentialSnapshot(credential: ICredentialType): CredentialSnapshot {
  return { credential: credential.name, parameters: shapes(credential.properties, 1) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const includesValue = (list: unknown[] | undefined, value: unknown) => (list ?? []).some((v) => same(v, value));

/**
 * Whether the new parameter is displayed everywhere the old one was: it may be shown in more
 * places (more values, fewer conditions), never in fewer.
 */
function displayedWherever(older: ParameterShape, newer: ParameterShape): boolean {
  for (const [key, values] of Object.entries(newer.show ?? {})) {
    const before = older.show?.[key];
    if (!before || !before.every((v) => includesValue(values, v))) return false;
  }
  for (const [key, values] of Object.entries(newer.hide ?? {})) {
    const before = older.hide?.[key];
    if (!before || !values.every((v) => includesValue(before, v))) return false;
  }
  return true;
}

function where(p: ParameterShape): string {
  const show = p.show ? Object.entries(p.show).map(([k, v]) => `${k}=${v.map((x) => JSON.stringify(x)).join('|')}`) : [];
  return show.length ? ` (shown for ${show.join(', ')})` : '';
}

/** The ways `newer` breaks what `older` promised; empty when it only adds. */
function parameterBreaks(older: ParameterShape, newer: ParameterShape, path: string): string[] {
  const breaks: string[] = [];
  const at = `"${path}${older.name}"${where(older)}`;
  if (older.type !== newer.type || Boolean(older.multipleValues) !== Boolean(newer.multipleValues)) {
    breaks.push(`parameter ${at} changed type from ${older.type}${older.multipleValues ? '[]' : ''} to ${newer.type}${newer.multipleValues ? '[]' : ''}`);
    return breaks;
  }
  for (const value of older.values ?? []) {
    if (!includesValue(newer.values, value)) breaks.push(`option value ${JSON.stringify(value)} of parameter ${at} was removed or renamed`);
  }
  if (older.children) breaks.push(...listBreaks(older.children, newer.children ?? [], `${path}${older.name}.`));
  for (const group of older.groups ?? []) {
    const now = newer.groups?.find((g) => g.name === group.name);
    if (!now) breaks.push(`group "${path}${older.name}.${group.name}" was removed or renamed`);
    else breaks.push(...listBreaks(group.children, now.children, `${path}${older.name}.${group.name}.`));
  }
  return breaks;
}

function listBreaks(older: ParameterShape[], newer: ParameterShape[], path = ''): string[] {
  const breaks: string[] = [];
  for (const before of older) {
    const named = newer.filter((p) => p.name === before.name);
    if (named.length === 0) {
      breaks.push(`parameter "${path}${before.name}"${where(before)} was removed or renamed`);
      continue;
    }
    const displayed = named.filter((p) => displayedWherever(before, p));
    if (displayed.length === 0) {
      breaks.push(`parameter "${path}${before.name}"${where(before)} is no longer displayed everywhere it was, so n8n would drop its saved value`);
      continue;
    }
    // Several parameters may share a name (one per operation): one that keeps everything is enough.
    const candidates = displayed.map((p) => parameterBreaks(before, p, path));
    if (!candidates.some((c) => c.length === 0)) breaks.push(...candidates[0]!);
  }
  return breaks;
}

export function nodeBreaks(older: NodeSnapshot, newer: NodeSnapshot): string[] {
  const breaks = older.credentials.filter((c) => !newer.credentials.includes(c)).map((c) => `credential type "${c}" is no longer accepted`);
  return [...breaks, ...listBreaks(older.parameters, newer.parameters)];
}

export function credentialBreaks(older: CredentialSnapshot, newer: CredentialSnapshot): string[] {
  return listBreaks(older.parameters, newer.parameters);
}
