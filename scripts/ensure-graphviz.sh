#!/usr/bin/env bash
# Makes sure Graphviz's `dot` exists, so the graph tests render real SVG instead of skipping.
# Safe to run again; when it cannot install (no root, no apt-get, no network) it says so and
# leaves the 16 graph tests to skip.
set -uo pipefail

if command -v dot >/dev/null 2>&1; then
    echo "ensure-graphviz: found $(command -v dot)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-graphviz: no dot and no root apt-get; the graph tests will skip" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get update >/dev/null && apt-get install -y --no-install-recommends graphviz >/dev/null; then
    echo "ensure-graphviz: installed $(command -v dot)"
else
    echo "ensure-graphviz: could not install graphviz; the graph tests will skip" >&2
fi
exit 0
