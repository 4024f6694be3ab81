#!/usr/bin/env bash
# Makes sure redis-server is installed for the Redis cache tests (they start their own servers on
# loopback). Installs Debian's package when it is missing and we may: as root, or with sudo.
set -euo pipefail
if command -v redis-server >/dev/null; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "redis-server is missing and cannot be installed without root: apt-get install redis-server" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null; then
  echo "redis-server is missing: install it with your package manager (the Redis cache tests need it)" >&2
  exit 1
fi
echo "installing redis-server (Debian package) for the Redis cache tests ..." >&2
$sudo apt-get update -q >&2
$sudo apt-get install -y -q --no-install-recommends redis-server >&2
