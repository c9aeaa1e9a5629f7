#!/usr/bin/env bash
# Prints the path of a usable nats-server binary (>= 2.10), installing it into a cache first if needed.
#
# Order: $NATS_SERVER_BIN if set; a nats-server on PATH at version 2.10 or later; otherwise the newest
# build from Debian's archive, suite $NATS_SERVER_SUITE (default: unstable; "trixie" gives the 2.10 line),
# fetched with apt into a private state directory and unpacked with dpkg -x into
# ${WINDSHIFT_CACHE:-$HOME/.cache/windshift}/nats-server/<suite>. Later runs reuse the cache.
# Everything except the final path goes to stderr.
set -euo pipefail

log() { printf 'nats-server.sh: %s\n' "$*" >&2; }
fail() { log "error: $*"; exit 1; }

version_ok() { # $1 = binary; true when it reports 2.10 or later
  local v major minor
  v=$("$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1) || return 1
  [ -n "$v" ] || return 1
  major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
  [ "$major" -gt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -ge 10 ]; }
}

if [ -n "${NATS_SERVER_BIN:-}" ]; then
  [ -x "$NATS_SERVER_BIN" ] || fail "NATS_SERVER_BIN=$NATS_SERVER_BIN is not an executable file"
  printf '%s\n' "$NATS_SERVER_BIN"; exit 0
fi

suite=${NATS_SERVER_SUITE:-unstable}
if [ -z "${NATS_SERVER_SUITE:-}" ] && command -v nats-server >/dev/null 2>&1 && version_ok "$(command -v nats-server)"; then
  command -v nats-server; exit 0
fi

cache=${WINDSHIFT_CACHE:-$HOME/.cache/windshift}/nats-server/$suite
bin=$cache/root/usr/sbin/nats-server
if [ -x "$bin" ] && version_ok "$bin"; then
  printf '%s\n' "$bin"; exit 0
fi

command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 \
  || fail "no nats-server >= 2.10 found and this machine has no apt-get/dpkg to fetch one; install nats-server 2.10+ and set NATS_SERVER_BIN"

# Reuse the Debian archive URI this machine is already configured with (never hard-coded here).
uri=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  uri=$(awk '/^URIs:/ {print $2}' "$f" | grep -E '/debian/?$' | head -n1 || true)
  [ -n "$uri" ] && break
done
if [ -z "$uri" ]; then
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | awk '$1=="deb" {for (i=2;i<=NF;i++) if ($i ~ /^(https?|file):/) {print $i; exit}}' | grep -E '/debian/?$' | head -n1 || true)
fi
[ -n "$uri" ] || fail "could not find a Debian archive URI in /etc/apt/sources.list*; set NATS_SERVER_BIN"

work=$cache/apt
rm -rf "$work"; mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/etc"
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$uri" "$suite" > "$work/etc/sources.list"
apt_opts=(-o "Dir::State::Lists=$work/lists" -o "Dir::Etc::SourceList=$work/etc/sources.list"
          -o "Dir::Etc::SourceParts=-" -o "Dir::Cache::Archives=$work/archives"
          -o "Dir::State::Status=/dev/null" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root"
          -o "Acquire::Languages=none")
log "fetching nats-server from Debian suite '$suite' into $cache (one-time)"
apt-get "${apt_opts[@]}" -qq update >&2 || fail "apt-get update for suite '$suite' failed"
( cd "$work/archives" && apt-get "${apt_opts[@]}" -qq download nats-server >&2 ) \
  || fail "could not download the nats-server package from suite '$suite'"
deb=$(ls -1 "$work/archives"/nats-server_*.deb | head -n1)
rm -rf "$cache/root"; mkdir -p "$cache/root"
dpkg -x "$deb" "$cache/root"
rm -rf "$work"
[ -x "$bin" ] || fail "package unpacked but $bin is missing"
version_ok "$bin" || fail "$bin is older than 2.10"
log "installed $("$bin" --version)"
printf '%s\n' "$bin"
