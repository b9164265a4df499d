#!/usr/bin/env bash
# Makes sure redis-server and nginx are installed for the scale-out proof (npm run scale-out,
# test/scale-out, test/cache, test/cluster). Installs the Debian/Ubuntu packages only when one is
# missing; non-interactive, idempotent. It never starts them as services: the tests run their own
# processes on loopback ports with a config in a temp folder. Needs root (or passwordless sudo)
# only when it has to install.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)

if [ ${#missing[@]} -eq 0 ]; then
  echo "redis-server present: $(redis-server --version | head -n1)"
  echo "nginx present: $( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | head -n1)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing: ${missing[*]}; apt-get is not available; install them by other means" >&2
  exit 1
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "missing: ${missing[*]}; installing needs root: run 'sudo apt-get install -y ${missing[*]}' or run this script as root" >&2
    exit 1
  fi
fi

echo "missing: ${missing[*]}: installing with apt-get"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
# policy-rc.d-free containers may try to start the services; they are not needed and a failure to start is harmless.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

for bin in redis-server nginx; do
  if ! command -v "$bin" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$bin" ]; then
    echo "apt-get ran, but $bin is still missing" >&2
    exit 1
  fi
done
echo "installed: ${missing[*]}"
