#!/usr/bin/env bash
# Makes sure Chromium is there for the browser test (test/e2e/graphiql.test.ts); `npm test`
# runs this first. Installs Debian's package with apt-get when the binary is missing, as root
# or through passwordless sudo; non-interactive and idempotent. When it cannot install, it
# fails naming the one command that fixes it.
# CHROMIUM_PATH overrides the binary's place (default /usr/bin/chromium, where apt puts it).
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
APT_CMD="apt-get install -y chromium"

fail() {
  printf 'ensure-chromium: %s\n' "$1" >&2
  exit 1
}

if [ -x "$CHROMIUM" ]; then
  echo "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  fail "Chromium is missing at $CHROMIUM and this machine has no apt-get. Install Chromium, then run: CHROMIUM_PATH=/path/to/chromium npm test"
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    fail "Chromium is missing at $CHROMIUM and installing it needs root. Run: sudo $APT_CMD"
  fi
fi

echo "chromium missing at $CHROMIUM: installing Debian's package with apt-get"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
  fail "apt-get update failed (see above). Once the package sources are reachable, run: $APT_CMD"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium ||
  fail "apt-get could not install chromium (see above). Run: $APT_CMD"

if [ ! -x "$CHROMIUM" ]; then
  fail "apt-get installed chromium, but $CHROMIUM is still missing. Point CHROMIUM_PATH at the binary: CHROMIUM_PATH=\$(command -v chromium) npm test"
fi
echo "chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
