#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 cluster for the tests and benchmarks, from Debian's
# packages (postgresql-15, postgresql-15-postgis-3; scripts/install-deps.sh installs them).
#
#   pg_cluster.sh start STATE   initdb in a fresh temporary directory, start the server on a free
#                               port of 127.0.0.1 and a private unix socket directory, create the
#                               database `tecsmap` with the postgis extension, and write STATE: a
#                               shell file of `export` lines (PGHOST, PGPORT, PGDATABASE, PGUSER
#                               for the superuser over the socket; TECSMAP_PG_* for the rest).
#   pg_cluster.sh stop STATE    stop the server and remove its directory (idempotent).
#   pg_cluster.sh run CMD...    start, run CMD with the cluster's environment, stop — also when
#                               CMD fails or the script is interrupted.
#
# The server never runs as root (PostgreSQL refuses to): when called as root, the cluster belongs
# to the `postgres` system user that the Debian package creates. The superuser `postgres` has
# trust access over the private socket only; TCP on 127.0.0.1 asks for a password
# (scram-sha-256), so the tests can exercise ~/.pgpass, PGPASSWORD and authentication failures.
# A watchdog stops the server if the process that started it (ctest) dies without cleaning up.
set -euo pipefail

die() {
    echo "pg_cluster: $*" >&2
    exit 1
}

bindir=""
for d in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null || true)"; do
    [ -n "$d" ] && [ -x "$d/initdb" ] && bindir=$d && break
done

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_cluster() { # STATE
    local state=$1
    [ -f "$state" ] || return 0
    local dir
    dir=$(sed -n 's/^export TECSMAP_PG_DIR=//p' "$state" | tr -d "'")
    rm -f "$state"
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    if [ -f "$dir/watchdog.pid" ]; then
        kill "$(cat "$dir/watchdog.pid")" 2>/dev/null || true
    fi
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

start_cluster() { # STATE
    local state=$1
    [ -n "$bindir" ] || die "initdb introuvable : installez postgresql-15 (scripts/install-deps.sh)"
    [ -f /usr/share/postgresql/15/extension/postgis.control ] ||
        die "extension PostGIS absente : installez postgresql-15-postgis-3 (scripts/install-deps.sh)"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "utilisateur système postgres absent (paquet postgresql-common)"
    fi
    stop_cluster "$state" # a cluster left by an interrupted earlier run

    local dir
    dir=$(mktemp -d /tmp/tecsmap-pg.XXXXXX)
    # Until the state file is written, any failure removes what was made.
    trap 'as_owner "$bindir/pg_ctl" -D "'"$dir"'/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "'"$dir"'"' EXIT
    chmod 755 "$dir"
    mkdir -p "$dir/data" "$dir/socket"
    local superpass
    superpass=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    echo "$superpass" >"$dir/superpass"
    [ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
    chmod 700 "$dir/data"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/superpass" -E UTF8 \
        --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 --no-sync \
        >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        die "initdb a échoué"
    }
    rm -f "$dir/superpass"

    # A free port: the server itself says whether it could bind; retry on another one if not.
    local port="" try
    for try in 1 2 3 4 5 6 7 8 9 10; do
        local candidate=$((20000 + (RANDOM * 32768 + RANDOM) % 30000))
        ss -Htln "sport = :$candidate" 2>/dev/null | grep -q . && continue
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$dir/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=120 -c shared_buffers=128MB -c log_min_messages=warning" \
            start >/dev/null 2>&1; then
            port=$candidate
            break
        fi
    done
    [ -n "$port" ] || {
        cat "$dir/server.log" >&2 || true
        die "le serveur n'a pas démarré (aucun port libre trouvé)"
    }
    local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -U postgres)
    "${psql[@]}" -d postgres -c "CREATE DATABASE tecsmap" >/dev/null
    "${psql[@]}" -d tecsmap -c "CREATE EXTENSION postgis" >/dev/null

    # Watchdog: if the starter (ctest, or the shell of `run`) dies, stop the server anyway.
    local starter=${TECSMAP_PG_STARTER_PID:-$PPID}
    (
        trap - EXIT
        while kill -0 "$starter" 2>/dev/null && [ -d "$dir/data" ]; do sleep 2; done
        [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
        rm -rf "$dir"
        rm -f "$state"
    ) </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/watchdog.pid"

    cat >"$state" <<EOF
export TECSMAP_PG_DIR='$dir'
export TECSMAP_PG_BIN='$bindir'
export TECSMAP_PG_SOCKET='$dir/socket'
export TECSMAP_PG_TCP_HOST='127.0.0.1'
export PGHOST='$dir/socket'
export PGPORT='$port'
export PGDATABASE='tecsmap'
export PGUSER='postgres'
EOF
    trap - EXIT
    echo "pg_cluster: PostgreSQL $("${psql[@]}" -d tecsmap -tAc 'SHOW server_version') +" \
        "PostGIS $("${psql[@]}" -d tecsmap -tAc 'SELECT postgis_lib_version()') sur 127.0.0.1:$port ($dir)"
}

case "${1:-}" in
start)
    [ $# -eq 2 ] || die "usage : pg_cluster.sh start FICHIER_ÉTAT"
    start_cluster "$2"
    ;;
stop)
    [ $# -eq 2 ] || die "usage : pg_cluster.sh stop FICHIER_ÉTAT"
    stop_cluster "$2"
    echo "pg_cluster: arrêté"
    ;;
run)
    shift
    [ $# -ge 1 ] || die "usage : pg_cluster.sh run COMMANDE..."
    state=$(mktemp -u /tmp/tecsmap-pg-state.XXXXXX)
    trap 'stop_cluster "$state"' EXIT INT TERM
    TECSMAP_PG_STARTER_PID=$$ start_cluster "$state"
    # shellcheck disable=SC1090
    (source "$state" && "$@")
    ;;
*)
    die "usage : pg_cluster.sh start|stop FICHIER_ÉTAT, ou pg_cluster.sh run COMMANDE..."
    ;;
esac
