#!/usr/bin/env bash
# Makes sure Chromium is at /usr/bin/chromium for the browser test (test/e2e/graphiql.test.ts).
# Installs the Debian/Ubuntu package only when it is missing; non-interactive, idempotent.
# Needs root (or passwordless sudo) when it has to install.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing at $CHROMIUM and apt-get is not available; install Chromium by other means" >&2
  exit 1
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "chromium is missing at $CHROMIUM; installing it needs root (run as root or install sudo)" >&2
    exit 1
  fi
fi

echo "chromium missing at $CHROMIUM: installing it with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "apt-get installed chromium, but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
