#!/usr/bin/env bash
# Installs the Debian packages the tests and `npm start` use: pebble (LetsEncrypt's ACME test
# server), nginx (the sidecar's config is checked with `nginx -t`) and postgresql (a real database
# for the workload's tests, test/support/postgres.ts). Idempotent; as root it
# installs with apt-get, otherwise it prints the exact command to run.
set -euo pipefail

missing=()
command -v pebble >/dev/null 2>&1 || [ -x /usr/bin/pebble ] || missing+=(pebble)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
# PostgreSQL's server tools live under /usr/lib/postgresql/<version>/bin, off PATH.
compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null || missing+=(postgresql)
# Headless Chromium for the dashboard's browser test (test/support/chromium.ts).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
