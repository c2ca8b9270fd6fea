#!/usr/bin/env bash
# The whole test suite: installs what's missing, builds, type-checks, runs unit, integration
# (real Prosody) and browser (Debian Chromium) suites, then checks the bundle size budgets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
pnpm run --silent build
pnpm run --silent typecheck
pnpm exec vitest run --reporter=default --reporter=./test/summary-reporter.ts
