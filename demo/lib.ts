/** What the demo uses from the core, in one place. */
export * from '../shared';
export { enrichSo as enrichSoCatalog } from '../shared/providers/enrichSo';
