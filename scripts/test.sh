#!/usr/bin/env bash
# The one command that installs and runs every test (README, .ci/run): bootstrap, then type checks,
# lint, build, unit tests, integration tests against the sandbox operator, e2e in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
# A real Secret Service (gnome-keyring in a private D-Bus session) for keytar, for the whole run.
exec bash scripts/with-keyring.sh bash scripts/run-tests.sh "$@"
