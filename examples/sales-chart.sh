#!/usr/bin/env bash
# Draws docs/sales.svg, the README's example of `boxoffice report --chart`: an evening's sale of
# the demo showtime 24 played fast (about 15 s) into a scratch database, then its chart.
# Customers hold one to four seats; most pay, some give seats back, some let the hold run out
# (and the sweep expires it), so both curves move. The times on the chart are the run's own.
#
#   examples/sales-chart.sh [OUT.svg]        (default: docs/sales.svg)
#
# SALES_CHART_PAUSE (seconds, default 0.2) is the pause between two steps of a customer; the
# test suite runs it with 0.
#
# Uses boxoffice from $BOXOFFICE (default: `boxoffice` on PATH) and the Redis in $REDIS_URL,
# which it writes showtime 24's keys into (use an empty scratch Redis: a second run on the same
# one finds the first run's holds); the database is a temporary
# file, removed afterwards, so your real bookings are never touched.
set -euo pipefail

BOXOFFICE=${BOXOFFICE:-boxoffice}
out=${1:-docs/sales.svg}
pause=${SALES_CHART_PAUSE:-0.2}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export BOXOFFICE_DB=$scratch/boxoffice.db
bo() { "$BOXOFFICE" "$@" >/dev/null; }

bo init --demo 2>/dev/null
rows=(A B C D E F G H I J)
for customer in $(seq 1 30); do
    row=${rows[$(((customer - 1) / 3))]}
    first=$((((customer - 1) % 3) * 4 + 1))
    count=$((customer % 4 + 1))
    user=$((100 + customer))
    case $((customer % 5)) in
        4) bo reserve --showtime 24 --user "$user" "$row$first-$row$((first + count - 1))" --hold 1s ;;
        *) bo reserve --showtime 24 --user "$user" "$row$first-$row$((first + count - 1))" ;;
    esac
    sleep "$pause"
    case $((customer % 5)) in
        0 | 1 | 2) bo confirm --showtime 24 --user "$user" --payment-id "pay_$user" ;;
        3) if [ "$count" -gt 1 ]; then bo release --showtime 24 --user "$user" --seat "$row$first"; fi ;;
    esac
    if [ $((customer % 6)) -eq 0 ]; then bo sweep; fi
    sleep "$pause"
done
bo sweep
"$BOXOFFICE" report --showtime 24 --chart "$out"
