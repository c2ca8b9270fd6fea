#!/usr/bin/env bash
# Installs the XMPP servers the cross-server and cluster suites run against, besides Debian stable's
# Prosody 0.12 (which scripts/ensure.sh installs for every run):
#   - ejabberd 23.01: Debian stable's package, installed with apt (it brings Erlang/OTP 25);
#   - Prosody 13.0 and ejabberd 24.12: from bookworm-backports, which can't be installed beside the
#     stable versions of the same packages. Their .debs (and the newer Erlang libraries ejabberd 24.12
#     needs) are downloaded with `apt-get download` and unpacked with `dpkg-deb -x` into a private
#     folder; the launcher (test/server/servers.ts) runs them from there. Nothing system-wide changes
#     except the backports line in apt's sources (pinned low by Debian, so no upgrade ever picks it).
# The folder: $PRESENTLY_BACKPORTS_DIR, default /var/cache/presently/backports (readable by the ejabberd user).
# Idempotent and quiet when everything is there already.
set -euo pipefail

dir=${PRESENTLY_BACKPORTS_DIR:-/var/cache/presently/backports}
prosody13=13.0.1-1~bpo12+1
# Community modules for Prosody 13, among them mod_sasl2 and mod_sasl2_fast (FAST reconnects).
prosodymodules=0.0~hg20250402.f315edc39f3d+dfsg-1~bpo12+1
ejabberd24=24.12-3~bpo12+1
# ejabberd 24.12's Erlang libraries that are newer in backports than in stable.
erlang_libs=(erlang-jose erlang-p1-acme erlang-p1-cache-tab erlang-p1-eimp erlang-p1-mqtree erlang-p1-pkix
  erlang-p1-stringprep erlang-p1-stun erlang-p1-tls erlang-p1-utils erlang-p1-xml erlang-p1-xmpp erlang-p1-yaml
  erlang-p1-yconf erlang-p1-zlib)

stamp="$dir/.installed"
want="prosody=$prosody13 prosody-modules=$prosodymodules ejabberd=$ejabberd24"
have_ejabberd=1
command -v ejabberdctl >/dev/null 2>&1 || [ -x /usr/sbin/ejabberdctl ] || have_ejabberd=0
if [ "$have_ejabberd" = 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
  echo "The cross-server suites need ejabberd and Debian's bookworm-backports: run scripts/servers.sh as root" >&2
  echo "on Debian 12, or set PRESENTLY_QUICK=1 to test against Prosody 0.12 only." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

sources=/etc/apt/sources.list.d/bookworm-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "› adding bookworm-backports to apt's sources"
  cat >"$sources" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
echo "› updating apt's package lists"
apt-get update -qq >/dev/null

if [ "$have_ejabberd" = 0 ]; then
  echo "› installing ejabberd (Debian stable) with apt"
  # policy-rc.d or not, never leave a system-wide ejabberd running: ours run from generated configs.
  apt-get install -y -qq --no-install-recommends ejabberd >/dev/null
  if command -v service >/dev/null 2>&1; then service ejabberd stop >/dev/null 2>&1 || true; fi
fi

echo "› unpacking Prosody $prosody13 (with prosody-modules) and ejabberd $ejabberd24 from bookworm-backports into $dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(
  cd "$tmp"
  apt-get download -qq "prosody=$prosody13" "prosody-modules=$prosodymodules" "ejabberd=$ejabberd24" >/dev/null 2>&1
  apt-get download -qq -t bookworm-backports "${erlang_libs[@]}" >/dev/null 2>&1
)
rm -rf "$dir.new"
mkdir -p "$dir.new/prosody-13" "$dir.new/prosody-modules" "$dir.new/ejabberd-24.12"
dpkg-deb -x "$tmp"/prosody_*.deb "$dir.new/prosody-13"
dpkg-deb -x "$tmp"/prosody-modules_*.deb "$dir.new/prosody-modules"
for deb in "$tmp"/ejabberd_*.deb "$tmp"/erlang-*.deb; do dpkg-deb -x "$deb" "$dir.new/ejabberd-24.12"; done

# The scripts name their install paths; point them at the unpacked trees instead.
p13="$dir/prosody-13"
for script in prosody prosodyctl; do
  sed -i \
    -e "s|^CFG_SOURCEDIR=.*|CFG_SOURCEDIR='$p13/usr/lib/prosody';|" \
    -e "s|^CFG_PLUGINDIR=.*|CFG_PLUGINDIR='$p13/usr/lib/prosody/modules/';|" \
    "$dir.new/prosody-13/usr/bin/$script"
done
e24="$dir/ejabberd-24.12"
# ERL_LIBS first lists the newer libraries, so they win over stable's copies of the same applications.
sed -i \
  -e "s|^ERL_LIBS=.*|ERL_LIBS='$e24/usr/lib/x86_64-linux-gnu:$e24/usr/lib/erlang/lib'|" \
  "$dir.new/ejabberd-24.12/usr/sbin/ejabberdctl"
chmod -R a+rX "$dir.new"
rm -rf "$dir"
mv "$dir.new" "$dir"
echo "$want" >"$stamp"
