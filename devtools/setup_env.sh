#!/usr/bin/env bash
# Creates .venv with a Python >= 3.12 and installs the pinned tools; runs `npm ci` for the Pyodide runtime and the widget bundler (esbuild).
# Idempotent: a stamp file skips reinstalling when requirements have not changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    local candidates=(python3.14 python3.13 python3.12 python3 python)
    if command -v pyenv >/dev/null 2>&1; then
        local root; root="$(pyenv root)"
        for v in $(ls -1 "$root/versions" 2>/dev/null | sort -rV); do
            candidates+=("$root/versions/$v/bin/python3")
        done
    fi
    for c in "${candidates[@]}"; do
        local exe
        exe="$(command -v "$c" 2>/dev/null || true)"
        [ -n "$exe" ] || continue
        if "$exe" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
            echo "$exe"; return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    PY="$(find_python)" || {
        echo "setup: this project needs Python 3.12 or newer with the venv module, and none was found." >&2
        echo "setup: looked for python3.14/3.13/3.12/python3 on PATH and in pyenv's versions." >&2
        echo "setup: install one (e.g. 'apt-get install python3.12-venv' or 'pyenv install 3.13') and run again." >&2
        exit 1
    }
    echo "setup: creating .venv with $PY ($("$PY" --version))"
    rm -rf .venv
    "$PY" -m venv .venv
fi

stamp=.venv/.requirements.sha
want="$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.txt
    .venv/bin/python -m pip install --quiet --no-deps -e .
    echo "$want" > "$stamp"
fi
# The build package (guide/) and the dev tools (devtools/) are imported from the repository itself: a .pth file
# puts its root on the venv's path, so `python -m guide` and scripts/build_pages.py work from any folder.
site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
echo "$PWD" > "$site/guide-repository.pth"

if [ -f package-lock.json ]; then
    lockhash="$(sha256sum package-lock.json | cut -d' ' -f1)"
    if [ "$(cat node_modules/.lock.sha 2>/dev/null)" != "$lockhash" ]; then
        command -v npm >/dev/null 2>&1 || { echo "setup: npm (Node.js 20+) is needed for the Pyodide runtime and the widget bundler" >&2; exit 1; }
        npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
        echo "$lockhash" > node_modules/.lock.sha
    fi
fi
