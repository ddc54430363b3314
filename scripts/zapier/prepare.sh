#!/usr/bin/env bash
# Makes each Zapier integration folder (zapier-app/<provider>/) self-contained and runnable:
#  1. bundles the TypeScript core + the shared Zapier adapter (zapier-app/lib) into
#     <integration>/lib/enrichflow.js with esbuild (zod and undici inlined; zapier-platform-core
#     is left to the integration's own node_modules, where the Zapier runtime expects it);
#  2. installs the integration's dependencies from its lockfile (only zapier-platform-core).
# After this, `zapier-platform validate|build|push|invoke` work in the folder, offline.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
for pkg in zapier-app/*/package.json; do
  dir="$(dirname "$pkg")"
  echo "== $dir" >&2
  node_modules/.bin/esbuild zapier-app/lib/index.ts --bundle --platform=node --target=node20 --format=cjs \
    --external:zapier-platform-core --log-level=warning --outfile="$dir/lib/enrichflow.js"
  if [ ! -f "$dir/node_modules/zapier-platform-core/package.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >&2)
  fi
done
