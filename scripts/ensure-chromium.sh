#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed, for the browser test of `sales-trainer serve`
# (Playwright drives this system browser; it never downloads one). Safe to run again.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    echo "ensure-chromium: found $(command -v chromium)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: apt-get is not available; install Chromium by hand" >&2
    exit 1
fi
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "ensure-chromium: need root (or sudo) to run: $*" >&2
        exit 1
    fi
}
echo "ensure-chromium: installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update
as_root apt-get install -y --no-install-recommends chromium
echo "ensure-chromium: installed $(command -v chromium)"
