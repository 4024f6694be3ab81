#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the admin UI's browser test (puppeteer-core drives
# /usr/bin/chromium; it never downloads a browser). Installs the package when it is missing and we
# may: as root, or with sudo.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "chromium is missing and cannot be installed without root: apt-get install chromium" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium is missing: install it with your package manager (the admin UI browser test needs /usr/bin/chromium)" >&2
  exit 1
fi
echo "installing chromium (Debian package) for the admin UI browser test ..." >&2
$sudo apt-get update -q >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >&2
