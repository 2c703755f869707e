#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries (initdb, pg_ctl) and the `postgres` system user
# exist, so the store tests can start a throwaway cluster. Safe to run again: when everything
# is present it changes nothing.
set -euo pipefail

find_initdb() {
    if command -v initdb >/dev/null 2>&1; then
        command -v initdb
        return 0
    fi
    local candidate
    for candidate in $(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V -r); do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "ensure-postgres: need root (or sudo) to run: $*" >&2
        exit 1
    fi
}

if initdb_path="$(find_initdb)"; then
    echo "ensure-postgres: found $initdb_path"
else
    echo "ensure-postgres: no initdb found; installing PostgreSQL with apt-get"
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "ensure-postgres: apt-get is not available; install PostgreSQL by hand" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update
    as_root apt-get install -y --no-install-recommends postgresql
    initdb_path="$(find_initdb)" || {
        echo "ensure-postgres: PostgreSQL installed but initdb still not found" >&2
        exit 1
    }
    echo "ensure-postgres: installed $initdb_path"
fi

# The server refuses to run as root; tests running as root switch to this user.
if id -u postgres >/dev/null 2>&1; then
    echo "ensure-postgres: user postgres exists"
else
    echo "ensure-postgres: creating system user postgres"
    as_root useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
