/**
 * What an integration folder needs: `buildApp(catalogs.<provider>, …)`. esbuild bundles this
 * file with the core into each integration's `lib/enrichflow.js` (scripts/zapier/prepare.sh).
 */
export { buildApp, roleOf, isWatchable, type BuildOptions } from './build-app';
export { catalogs } from '../../shared';
export { buildWaterfallApp } from './waterfall';
