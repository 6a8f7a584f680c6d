#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's screenshot test when it is missing.
# Needs root (CI and the dev machines run as root); elsewhere it says what to do and exits 0,
# and the test reports itself skipped.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is not installed; install it (Debian: 'apt-get install -y chromium' as root) to run the HTML report test" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }; then
  echo "could not install chromium with apt-get; the HTML report's screenshot test will say it is skipped" >&2
  exit 0
fi
command -v chromium
