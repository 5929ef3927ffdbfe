#!/usr/bin/env bash
# Every test, in order of cost. Assumes bootstrap ran (scripts/test.sh does it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
step() { printf '\n=== %s\n' "$1"; }
step "typecheck";   npm run -s typecheck
step "lint";        npm run -s lint
step "build";       npm run -s build
step "unit";        npx vitest run --project unit
step "integration"; npx vitest run --project integration
step "e2e";         npx playwright test
