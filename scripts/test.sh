#!/usr/bin/env bash
# The whole test suite: installs what's missing, lints (ESLint + Prettier), builds, type-checks, runs unit,
# integration (real Prosody), browser (Debian Chromium, React 18 and 19) and demo suites, the cross-server suites
# (test/servers/: Prosody 0.12 and 13, ejabberd 23.01 and 24.12, an ejabberd cluster; Prosody 0.12 only with
# PRESENTLY_QUICK=1), one connection shared by several tabs (test/shared/), the bundle-size budgets and the
# packaging checks (what `pnpm pack` would publish, installed into throwaway React and Vue apps).
# With PRESENTLY_LONG=1 (.ci/run sets it) liveness's 10-minute no-false-positive run (test/long) runs too.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh

# The 10-minute run goes in the background beside everything else: one vitest process runs its projects one
# after another here, which would add its ten minutes to the total.
long_pid=
if [ "${PRESENTLY_LONG:-}" = 1 ]; then
  mkdir -p .tmp
  pnpm exec vitest run --project long >.tmp/long.log 2>&1 &
  long_pid=$!
  trap 'if [ -n "$long_pid" ]; then pkill -P "$long_pid" 2>/dev/null || true; kill "$long_pid" 2>/dev/null || true; fi' EXIT
fi

pnpm run --silent lint
pnpm run --silent build
pnpm run --silent typecheck
pnpm exec vitest run --project unit --project integration --project browser --project react18 --project demo --project shared --project servers --project size --project package --reporter=default --reporter=./test/summary-reporter.ts

if [ -n "$long_pid" ]; then
  echo "› waiting for the 10-minute liveness run (test/long)"
  status=0
  wait "$long_pid" || status=$?
  long_pid=
  grep -E '\[liveness\]|✓|×|FAIL|Error|Tests ' .tmp/long.log || true
  if [ "$status" != 0 ]; then
    cat .tmp/long.log
    exit "$status"
  fi
fi
