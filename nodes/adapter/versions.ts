/**
 * The versions of a node that saved workflows may use. A workflow stores the version it was
 * built with and its parameter values by name, so a node starts at [1] and a change that would
 * break saved workflows (a parameter renamed or removed, an option value dropped, a type changed)
 * adds the next version instead: the new parameters are shown for it only
 * (`displayOptions: { show: { '@version': [2] } }`), the old ones stay for the versions before,
 * and execution reads `ctx.getNode().typeVersion`. test/n8n/saved-workflows.test.ts holds every
 * version to its committed snapshot.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

/** Every version saved workflows may use, oldest first. */
export type NodeVersions = readonly [number, ...number[]];

export interface VersionOptions {
  /** Default [1]. */
  versions?: NodeVersions;
}

/** `version` (and, for several, the `defaultVersion` a newly added node gets: the newest). */
export function versionFields(versions: NodeVersions = [1]): Pick<INodeTypeDescription, 'version' | 'defaultVersion'> {
  const sorted = [...versions].sort((a, b) => a - b);
  if (sorted.some((v, i) => !Number.isInteger(v) || v < 1 || (i > 0 && v === sorted[i - 1]))) {
    throw new RangeError(`node versions must be distinct whole numbers from 1 (got ${versions.join(', ')})`);
  }
  if (sorted.length === 1) return { version: sorted[0]! };
  return { version: sorted, defaultVersion: sorted[sorted.length - 1]! };
}
