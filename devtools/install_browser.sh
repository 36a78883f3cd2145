#!/usr/bin/env bash
# System packages from apt: CJK fonts (the preview cards are drawn with them at build time) and, unless
# --fonts-only, the system Chromium the browser tests drive (never a downloaded browser).
set -euo pipefail
want=(fonts-noto-cjk)
[ "${1:-}" = "--fonts-only" ] || want+=(chromium)
missing=()
for pkg in "${want[@]}"; do
    case "$pkg" in
        chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
        fonts-noto-cjk) [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk) ;;
    esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root to run: apt-get install -y ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
fi
echo "setup: installing ${missing[*]} with apt-get"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
