#!/usr/bin/env bash
# The browser tests drive the system Chromium (never a downloaded one) and need CJK fonts for Chinese pages.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "browser-deps: need root to run: apt-get install -y chromium fonts-noto-cjk" >&2; exit 1
    fi
fi
echo "browser-deps: installing chromium and fonts-noto-cjk with apt-get"
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
