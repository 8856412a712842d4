#!/usr/bin/env bash
# Razorpay webhook relay (CGI): the request body on stdin, the two headers in the environment;
# prints the HTTP status for Razorpay. A queue consumer can call it the same way.
boxoffice webhook razorpay --json --signature "${HTTP_X_RAZORPAY_SIGNATURE-}" \
    --event-id "${HTTP_X_RAZORPAY_EVENT_ID-}" >&2     # the outcome, for the log
case $? in
    0 | 3 | 4) echo "Status: 200 OK" ;;             # done, or for a person: no retry
    2 | 7) echo "Status: 400 Bad Request" ;;        # bad body or signature: not Razorpay's
    *) echo "Status: 503 Service Unavailable" ;;    # 5: Redis/SQLite down: Razorpay retries
esac
echo
