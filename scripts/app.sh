#!/usr/bin/env bash
# The one command that installs and runs the app on a fresh machine: bootstrap, build, then the
# Electron app where its binary can run, else the browser host opened in Chromium, on the sandbox
# operator preconfigured with the sandbox secretary (see README "Demo").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  # No desktop session (a bare server): a private Secret Service whose keyring persists under .sandbox,
  # so the cache key survives between runs.
  export KEYRING_HOME="$PWD/.sandbox/demo-keyring"
  exec bash scripts/with-keyring.sh npm run -s demo -- "$@"
fi
exec npm run -s demo -- "$@"
