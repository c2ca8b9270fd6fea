#!/usr/bin/env bash
# The whole test suite: installs what's missing, lints (ESLint + Prettier), builds, type-checks, runs unit,
# integration (real Prosody), browser (Debian Chromium, React 18 and 19) and demo suites, the cross-server suites
# (test/servers/: Prosody 0.12 and 13, ejabberd 23.01 and 24.12, an ejabberd cluster; Prosody 0.12 only with
# PRESENTLY_QUICK=1), the bundle-size budgets and the packaging checks (what `pnpm pack` would publish).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
pnpm run --silent lint
pnpm run --silent build
pnpm run --silent typecheck
pnpm exec vitest run --project unit --project integration --project browser --project react18 --project demo --project servers --project size --project package --reporter=default --reporter=./test/summary-reporter.ts
