#!/usr/bin/env bash
# The whole test suite: installs what's missing, lints (ESLint + Prettier), builds, type-checks, runs unit,
# integration (real Prosody), browser (Debian Chromium) and demo suites, the bundle-size budgets and the
# packaging checks (what `pnpm pack` would publish).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
pnpm run --silent lint
pnpm run --silent build
pnpm run --silent typecheck
pnpm exec vitest run --project unit --project integration --project browser --project react18 --project demo --project size --project package --reporter=default --reporter=./test/summary-reporter.ts
