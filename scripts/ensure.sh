#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh machine with only Node 20 and npm:
# pnpm (the version pinned in package.json), Prosody and Chromium from Debian's packages, then the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

need_node_major=20
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt "$need_node_major" ]; then
  echo "Presently needs Node.js >= 20: install it from https://nodejs.org and run this again." >&2
  exit 1
fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "› installing pnpm $pnpm_version"
  npm install --global --no-fund --no-audit "pnpm@$pnpm_version" >/dev/null
fi

missing=()
[ -n "${PRESENTLY_SKIP_PROSODY:-}" ] || command -v prosody >/dev/null 2>&1 || missing+=(prosody)
[ -n "${PRESENTLY_SKIP_CHROMIUM:-}" ] || [ -x "${PRESENTLY_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# nginx runs docs/servers/nginx.conf in the cross-server suite (TLS, origin check); openssl makes its certificate.
[ -n "${PRESENTLY_SKIP_PROSODY:-}" ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ -n "${PRESENTLY_SKIP_PROSODY:-}" ] || command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "› installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The Debian package may start a system-wide Prosody; ours runs from a generated config on free ports.
    if command -v service >/dev/null 2>&1; then service prosody stop >/dev/null 2>&1 || true; fi
    # Likewise nginx: ours runs from a generated config on a free port.
    if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
  else
    echo "Presently needs ${missing[*]}: run 'sudo apt-get install ${missing[*]}' (Debian/Ubuntu) and run this again." >&2
    exit 1
  fi
fi

# The cross-server and cluster suites (test/servers/) also need ejabberd 23.01 and bookworm-backports'
# Prosody 13 and ejabberd 24.12; PRESENTLY_QUICK=1 tests against Prosody 0.12 only and skips this.
[ "${PRESENTLY_QUICK:-}" = 1 ] || bash scripts/servers.sh

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
pnpm install --frozen-lockfile --reporter=silent
