#!/usr/bin/env bash
# Debian's Chromium for the editor end-to-end (test/n8n/e2e/editor.e2e.ts): playwright-core
# drives /usr/bin/chromium; it never downloads a browser of its own. Idempotent: does nothing
# when Chromium is already installed.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Recommends bring fonts (the editor's text renders, screenshots are legible) and the sandbox helper.
$SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
