#!/usr/bin/env bash
# The whole test suite: installs what's missing, builds, type-checks, runs unit, integration
# (real Prosody), browser (Debian Chromium) and demo suites, and the bundle-size budgets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
pnpm run --silent build
pnpm run --silent typecheck
pnpm exec vitest run --project unit --project integration --project browser --project react18 --project demo --project size --reporter=default --reporter=./test/summary-reporter.ts
