#!/usr/bin/env bash
# A tour of boxoffice on a fresh machine: hold seats, lose a race, pay, pay late, give seats back,
# and let the sweep heal a Redis that lost locks.
#
# Uses the Redis at $REDIS_URL when one answers there (and it has no holds on showtime 24);
# otherwise starts a throwaway redis-server on a free loopback port (never 6379), installing
# the package with apt-get when it is missing. The database is a temp file, so your real
# bookings are never touched. Everything the demo started is stopped and removed on exit.
#
#   examples/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

# Runs boxoffice, showing the command line first.
box() {
    printf '$ boxoffice %s\n' "$*" >&2
    "$BOX" "$@"
}

# Runs boxoffice where a non-zero exit code is the point: prints it, and stops the demo only
# when it is not the expected one.
expect_exit() {
    local want=$1 rc=0
    shift
    box "$@" || rc=$?
    echo "exit $rc"
    [ "$rc" -eq "$want" ] || die "expected exit $want from: boxoffice $*"
}

# Settings of yours that would change the story are set aside for the demo.
unset BOXOFFICE_HOLD BOXOFFICE_FAILPOINT BOXOFFICE_REDIS_TIMEOUT
export BOXOFFICE_CONFIG=/dev/null  # and so is your config file
export BOXOFFICE_OPERATOR=${BOXOFFICE_OPERATOR:-demo}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/boxoffice-demo.XXXXXX")
REDIS_PID=
cleanup() {
    if [ -n "$REDIS_PID" ]; then
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the binary -------------------------------------------------------------------------------
say "Building boxoffice (cargo build)"
cargo build --quiet
BOX="${CARGO_TARGET_DIR:-target}/debug/boxoffice"
[ -x "$BOX" ] || die "cargo build did not produce $BOX"

# --- the database: a temp file ----------------------------------------------------------------
export BOXOFFICE_DB="$TMP/boxoffice.db"

# --- Redis ------------------------------------------------------------------------------------
# True when a Redis answers PING at the URL $1.
redis_answers() {
    local url=$1
    if command -v redis-cli >/dev/null 2>&1; then
        timeout 3 redis-cli -u "$url" ping 2>/dev/null | grep -q PONG
    else
        # No redis-cli: speak just enough RESP over bash's /dev/tcp (no password support).
        local rest=${url#*://}
        rest=${rest##*@}
        rest=${rest%%/*}
        local host=${rest%:*} port=6379
        [ "$rest" != "$host" ] && port=${rest##*:}
        timeout 3 bash -c '
            exec 3<>"/dev/tcp/$1/$2" || exit 1
            printf "PING\r\n" >&3
            IFS= read -r -t 2 line <&3 && [[ $line == +PONG* ]]
        ' _ "$host" "$port" 2>/dev/null
    fi
}

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    else
        local p
        while :; do
            p=$((20000 + RANDOM % 40000))
            # Nothing accepting a connection there: take it.
            if ! timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$p" 2>/dev/null; then
                echo "$p"
                return
            fi
        done
    fi
}

install_redis_server() {
    command -v redis-server >/dev/null 2>&1 && return
    command -v apt-get >/dev/null 2>&1 ||
        die "redis-server is missing and there is no apt-get to install it: install Redis, or set REDIS_URL"
    say "Installing redis-server (apt-get)"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "installing redis-server needs root (no sudo found)"
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server
}

start_throwaway_redis() {
    install_redis_server
    local port tries i
    for tries in 1 2 3 4 5; do
        port=$(free_port)
        [ "$port" = 6379 ] && continue
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
            --protected-mode no --dir "$TMP" --logfile "$TMP/redis.log" &
        REDIS_PID=$!
        for i in $(seq 50); do
            if ! kill -0 "$REDIS_PID" 2>/dev/null; then
                break # lost the port to someone else: try another
            fi
            if redis_answers "redis://127.0.0.1:$port/0"; then
                export REDIS_URL="redis://127.0.0.1:$port/0"
                return
            fi
            sleep 0.1
        done
        kill "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
        REDIS_PID=
    done
    die "could not start redis-server (see $TMP/redis.log)"
}

say "Creating a demo database in a temp dir, with the guide's showtime 24"
box init --demo

if [ -n "${REDIS_URL:-}" ] && redis_answers "$REDIS_URL"; then
    # Someone's live holds on showtime 24 would spoil the story (and the demo would meddle
    # with them): `inspect --check` against our empty database finds any such keys.
    if "$BOX" inspect 24 --check >/dev/null 2>&1; then
        say "Using the Redis at \$REDIS_URL (it answers, and has no holds on showtime 24)"
    else
        say "The Redis at \$REDIS_URL has keys for showtime 24; leaving it alone"
        start_throwaway_redis
        say "Started a throwaway redis-server at $REDIS_URL"
    fi
else
    start_throwaway_redis
    say "Started a throwaway redis-server at $REDIS_URL (stopped when the demo ends)"
fi

# Prints every key of showtime 24 with its value and time to live.
show_keys() {
    command -v redis-cli >/dev/null 2>&1 || {
        echo "(no redis-cli: skipping the key listing)"
        return
    }
    local key
    redis-cli -u "$REDIS_URL" --scan 2>/dev/null |
        grep -E '^(seat_lock:24:|seat_reservation_24_|reserved_seats_24$|available_seats_24$)' |
        sort | while IFS= read -r key; do
            printf '%-24s %-56s PTTL %s ms\n' "$key" \
                "$(redis-cli -u "$REDIS_URL" GET "$key" 2>/dev/null)" \
                "$(redis-cli -u "$REDIS_URL" PTTL "$key" 2>/dev/null)"
        done
}

# --- the story --------------------------------------------------------------------------------
say "The catalog: one showtime, 120 seats"
box showtime list

say "User 7 picks A1 and A2: they are held in Redis for 10 minutes while the customer pays"
box reserve --showtime 24 --user 7 A1 A2

say "What that put in Redis (the old system's keys, byte for byte)"
show_keys

say "User 8 wants A2 and A3; A2 is held, so nothing is held (all or none) and the exit code is 3"
expect_exit 3 reserve --showtime 24 --user 8 A2 A3

say "User 7's payment arrives: the hold becomes a CONFIRMED booking"
box confirm --showtime 24 --user 7 --payment-id pay_demo_7

say "The payment webhook fires twice: the retry changes nothing"
box confirm --showtime 24 --user 7 --payment-id pay_demo_7

say "User 9 holds B1 for just 1s, and does not pay in time"
box reserve --showtime 24 --user 9 B1 --hold 1s
sleep 2

say "User 10 takes B1: the hold ran out, so the seat is free again"
box reserve --showtime 24 --user 10 B1

say "User 9's payment comes in late: B1 is gone, so it exits 3 and says to refund"
expect_exit 3 confirm --showtime 24 --user 9 --payment-id pay_demo_9

say "User 10 changes their mind and gives B1 back"
box release --showtime 24 --user 10

say "User 11 holds C5 and walks away from the counter; staff free it (--force needs --yes without a terminal)"
box reserve --showtime 24 --user 11 C5
box release --showtime 24 --seat C5 --force --yes

say "User 12 holds D1 and D2; then Redis loses those locks (an eviction, a restart)"
box reserve --showtime 24 --user 12 D1 D2
if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -u "$REDIS_URL" DEL seat_lock:24:D1 seat_lock:24:D2 >/dev/null
    say "inspect --check notices (exit 6): the database still has the hold, Redis doesn't"
    expect_exit 6 inspect 24 --check
fi

say "The sweep (cron, every minute) restores user 12's locks from the database, for the time left"
box sweep
box inspect 24 --check
echo "exit 0: Redis and the database agree again"
box release --showtime 24 --user 12

say "Every booking, from SQLite"
box bookings

say "The same as JSON, for scripts"
if command -v jq >/dev/null 2>&1; then
    box bookings --json | jq -c '.[] | {booking_id, user, seats, status, payment_id}'
else
    json=$(box bookings --json)
    printf '%s' "$json" | head -c 400
    printf '\n...\n'
fi

say "How tonight is selling (SQLite only: it works while Redis is down)"
box report --showtime 24

say "Who did what to A1, oldest first"
box history --showtime 24 --seat A1

say "Done: the demo's database and Redis go away now"
