/**
 * A trigger never spends credits on a poll. Zapier polls a trigger every few minutes, unattended,
 * so for every catalog in shared/providers (new providers included as they land) each polling
 * trigger must be built on an operation whose cost model is free for every input — not one that
 * is free for some inputs, like Lead Finder search (free for pages 1–3, 1 credit per result from
 * page 4), which the app used to offer as "New Lead" — and a poll runs with a budget of 0.
 */
import { catalogs, type OperationSpec } from '../../shared';
import { isWatchable } from '../../zapier-app/lib/build-app';
import { actionKey } from '../../zapier-app/lib/operations';
import { appFor } from './helpers';

const everyCatalog = Object.values(catalogs).map((c) => [c.id, c] as const);

describe.each(everyCatalog)('%s: polling triggers', (_id, catalog) => {
  const app = appFor(catalog);
  const byTrigger = new Map<string, OperationSpec>(catalog.operations.map((op) => [`new_${actionKey(op.key)}`, op]));

  it('every list trigger polls an operation that never charges', () => {
    const listTriggers = Object.values(app.triggers).filter((t) => byTrigger.has(t.key));
    for (const trigger of listTriggers) {
      const op = byTrigger.get(trigger.key)!;
      expect({ trigger: trigger.key, type: trigger.operation.type, free: op.cost.free }).toEqual({ trigger: trigger.key, type: 'polling', free: true });
    }
  });

  it('no operation that can charge becomes a trigger', () => {
    const chargeable = catalog.operations.filter((op: OperationSpec) => op.cost.free !== true);
    for (const op of chargeable) {
      expect(isWatchable(op)).toBe(false);
      expect(app.triggers[`new_${actionKey(op.key)}`]).toBeUndefined();
    }
  });
});

it('Enrich.so: Lead Finder search (paid from page 4) is not offered as a trigger', () => {
  const app = appFor(catalogs.enrichSo!);
  expect(app.triggers[`new_${actionKey('leadFinder.search')}`]).toBeUndefined();
  expect(app.searches[actionKey('leadFinder.search')]).toBeDefined(); // still there as a search the user runs on purpose
});
