#!/usr/bin/env bash
# A sale driven by a script: hold seats, take the payment, confirm — reading every answer from
# boxoffice's --json output with jq and branching on its documented exit codes. (With --json,
# errors are a JSON document on stdout too, so stderr is dropped and the script words its own.)
#
#   examples/sale.sh SHOWTIME USER SEAT...        e.g.  examples/sale.sh 24 7 A1-A2
#
# Uses boxoffice from $BOXOFFICE (default: `boxoffice` on PATH) with your usual settings
# (REDIS_URL, BOXOFFICE_DB, config file). Needs jq.
set -euo pipefail

BOXOFFICE=${BOXOFFICE:-boxoffice}
[ $# -ge 3 ] || { echo "usage: $0 SHOWTIME USER SEAT..." >&2; exit 2; }
showtime=$1 user=$2
shift 2

# 1. Hold the seats. On a conflict the JSON error lists exactly which seats are taken.
rc=0
held=$("$BOXOFFICE" reserve --showtime "$showtime" --user "$user" "$@" --json 2>/dev/null) || rc=$?
case $rc in
    0) ;;
    3)  echo "Taken: $(jq -r '[.error.taken[] | "\(.seat) (\(.state))"] | join(", ")' <<<"$held") — pick other seats." >&2
        exit 3 ;;
    5)  # Redis or the database is unreachable; the hold may or may not exist. Retrying the
        # same reserve is safe: it is all-or-nothing and idempotent for the same user.
        echo "Service unavailable: $(jq -r .error.message <<<"$held")" >&2
        exit 5 ;;
    *)  echo "Refused: $(jq -r .error.message <<<"$held")" >&2
        exit "$rc" ;;
esac
booking=$(jq -r .booking_id <<<"$held")
echo "Holding $(jq -r '.seats | join(", ")' <<<"$held") as booking $booking until $(jq -r .expires_at <<<"$held")"

# 2. Take the payment (stand-in for the payment gateway) and confirm with its id. Confirming
#    again with the same payment id is safe, so a retry after a timeout can't double-book.
payment="pay_${booking}_$$"
rc=0
sold=$("$BOXOFFICE" confirm --booking "$booking" --payment-id "$payment" --json 2>/dev/null) || rc=$?
if [ "$rc" -eq 3 ] && [ "$(jq -r .error.refund_required <<<"$sold")" = true ]; then
    echo "The hold ran out and a seat was resold: refund payment $payment." >&2
    exit 3
fi
[ "$rc" -eq 0 ] || { echo "Confirm failed: $(jq -r .error.message <<<"$sold")" >&2; exit "$rc"; }
jq -r '"Sold \(.seats | join(", ")) to user \(.user) (booking \(.booking_id), payment \(.payment_id))\(if .late then ", paid late" else "" end)"' <<<"$sold"
