#!/usr/bin/env bash
# `npm run demo`: a live office on your machine — a real Prosody, 40 simulated colleagues and three
# host apps (intranet directory, web mail, support portal) on loopback. Ctrl-C stops everything.
# Extra arguments go to the demo server: --verbose (what the colleagues do), --port N.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure.sh

# Build only when the bundle is missing or older than its sources: a second run starts in seconds.
bundle=packages/elements/dist/presently.js
core=packages/core/dist/index.js
if [ ! -f "$bundle" ] || [ ! -f "$core" ] \
  || [ -n "$(find packages/*/src rollup.config.mjs pnpm-lock.yaml -newer "$bundle" -print -quit 2>/dev/null)" ]; then
  echo "› building @presently/core and @presently/elements"
  pnpm run --silent build
fi

# exec: Ctrl-C and SIGTERM reach the demo server itself, which stops what it started.
exec node --import tsx examples/server/main.ts "$@"
