#!/usr/bin/env bash
# .ci/setup-chromium.sh: installs Chromium from Debian for the HTML report's render check
# (cmd/auth0audit TestHTMLReportRendersInChromium). Under CI that test fails without it, so a
# failed install fails here, with the reason, rather than later as a missing browser.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(chromium --version 2>/dev/null || echo present)"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and cannot be installed here (needs root and apt-get): install it (Debian: apt-get install chromium)" >&2
  exit 1
fi
echo "installing chromium (Debian) for the report render check"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
chromium --version
