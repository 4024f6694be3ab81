#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are installed for the Postgres store and multi-instance
# tests (they start their own servers on loopback, in temp dirs, as the postgres user when run as
# root). Installs Debian's postgresql package when initdb is missing and we may: as root, or with
# sudo. Debian keeps the binaries in /usr/lib/postgresql/<version>/bin, not on PATH.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "PostgreSQL is missing and cannot be installed without root: apt-get install postgresql" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null; then
  echo "PostgreSQL is missing: install its server (initdb, pg_ctl) with your package manager; the Postgres tests need it" >&2
  exit 1
fi
echo "installing postgresql (Debian package) for the Postgres store tests ..." >&2
$sudo apt-get update -q >&2
# the package would start a cluster of its own; the tests never use it
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
