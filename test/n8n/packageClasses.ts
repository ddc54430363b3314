/**
 * The node and credential classes of the n8n packages, found the way the build finds them (every
 * `nodes/<Provider>/*.node.ts`, every `credentials/*.credentials.ts`): a provider's node files
 * reach the engine harness, the editor expectations and the saved-workflow guard without being
 * listed anywhere.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

const ROOT = path.join(__dirname, '..', '..');

function classesIn<T>(dir: string, suffix: string): Record<string, T> {
  const found: Record<string, T> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(suffix)) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the files n8n loads, loaded as n8n does
        for (const [name, exported] of Object.entries(require(file) as Record<string, unknown>)) {
          if (typeof exported === 'function') found[name] = new (exported as new () => T)();
        }
      }
    }
  };
  walk(path.join(ROOT, dir));
  return found;
}

/** Every node class of the packages, by class name. */
export const packageNodes: Record<string, INodeType> = classesIn<INodeType>('nodes', '.node.ts');

/** Every credential class of the packages, by class name. */
export const packageCredentials: Record<string, ICredentialType> = classesIn<ICredentialType>('credentials', '.credentials.ts');
