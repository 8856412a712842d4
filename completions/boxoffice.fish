# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_boxoffice_global_optspecs
    string join \n redis-url= db= config= json y/yes color= redis-timeout= wait-replicas= key-style= h/help V/version
end

function __fish_boxoffice_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_boxoffice_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_boxoffice_using_subcommand
    set -l cmd (__fish_boxoffice_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c boxoffice -n "__fish_boxoffice_needs_command" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_needs_command" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_needs_command" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_needs_command" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_needs_command" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_needs_command" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_needs_command" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_needs_command" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "reserve" -d 'Hold seats for a customer while they pay'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "confirm" -d 'Turn a paid hold into a booking'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "release" -d 'Give held seats back'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "move" -d 'Move a booking to other seats, on its showtime or another (staff)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "bookings" -d 'List bookings (reads SQLite only; works while Redis is down)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "block" -d 'Keep seats off sale, with a reason (house seats, broken, wheelchair space)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "unblock" -d 'Put blocked seats back on sale'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "cancel" -d 'Take back a sale or a hold, whole or some seats (staff); sold seats are owed back'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "refunds" -d 'List the money owed back, or record that it was paid back'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "order" -d 'Link Razorpay orders to the holds they pay for'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "webhook" -d 'Process a payment provider\'s webhook delivery (Razorpay), exactly once'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "report" -d 'How showtimes are selling: seats sold, held, free, revenue; --chart draws the sales curve'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "inspect" -d 'Show a showtime\'s seat map and everything that disagrees between Redis and SQLite'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "history" -d 'Every event on a seat, a booking, a customer or by an operator, oldest first'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "watch" -d 'The seat map on screen, redrawn as holds come and go; q to quit (read-only)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "ttl" -d 'Show how long a hold has left, or buy it more time'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "sweep" -d 'Expire overdue holds and heal what Redis forgot (run from cron)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "doctor" -d 'Check Redis\'s eviction, persistence and replication, and the database\'s setup'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "keys" -d 'Move live holds between key styles (seed, cluster)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "init" -d 'Create or migrate the database (safe to run twice)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "showtime" -d 'Add, list and cancel showtimes'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "hall" -d 'Add, list and show halls: layouts with aisles, seat categories, prices'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "config" -d 'Show each setting, its value and where it came from (flag, env, config file, default)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "man" -d 'Print the man page (roff), or write one page per command into a directory'
complete -c boxoffice -n "__fish_boxoffice_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l showtime -d 'Showtime to hold seats in' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l user -d 'Customer the seats are held for' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l hold -d 'How long the customer has to pay, 1s to 24h [env: BOXOFFICE_HOLD] [default: 10m, or `hold` in the config file]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l best -d 'Hold the best N free seats side by side, 1 to 10, instead of naming seats' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l category -d 'With --best: only seats of this category (default: every non-accessible category)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l order-id -d 'The Razorpay order created for this hold: linked to it in the same transaction (an order linked to another booking: exit 3, nothing reserved)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l force -d 'Staff override: hold blocked seats anyway, ending their blocks (asks, or --yes; audited)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l accessible -d 'With --best: accessible seats only'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l allow-split -d 'With --best: when no N seats side by side are free, take the closest in as few groups as possible'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand reserve" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l booking -d 'The booking to confirm' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l showtime -d 'Showtime of the hold (with --user)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l user -d 'The customer whose hold is paid (with --showtime)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l payment-id -d 'The payment provider\'s id for the captured payment' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l order-id -d 'The Razorpay order the payment was made for (checkout\'s razorpay_order_id; with --signature)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l signature -d 'Checkout\'s razorpay_signature: 64 lower-case hex digits (with --order-id)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l force -d 'Staff override: confirm a payment taken without a checkout signature (cash or card at the counter); asks, or --yes; audited as unverified'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand confirm" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l booking -d 'The booking whose hold to cancel' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l showtime -d 'Showtime of the hold' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l user -d 'The customer whose hold to release' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l seat -d 'Only these seats (repeatable; ranges like A1-A4 work)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l force -d 'Staff override: release whatever holds --seat, whoever the holder is'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand release" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l booking -d 'The booking whose seats move (PENDING or CONFIRMED)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l to-showtime -d 'Move the whole booking to this (upcoming) showtime' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l reason -d 'Why, for the audit table' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand move" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l showtime -d 'Only this showtime' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l status -d 'Only this status (any case)' -r -f -a "PENDING\t'held, being paid for'
CONFIRMED\t'paid: the seats are sold'
CANCELLED\t'released before payment'
EXPIRED\t'the hold ran out unpaid'"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l user -d 'Only this customer' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l limit -d 'At most this many (the most recent)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand bookings" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l showtime -d 'Showtime of the seats' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l reason -d 'Why the seats are off sale (kept with the block, shown by inspect)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand block" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l showtime -d 'Showtime of the seats' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l reason -d 'Why the seats go back on sale (for the audit table)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand unblock" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l booking -d 'The booking to cancel' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l seat -d 'Only these seats of it (repeatable; ranges like B2-B3 work)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l reason -d 'Why (kept in the audit table and with the refund)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand cancel" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l all -d 'Include the refunds already settled'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l csv -d 'Print CSV (a header row, then one row per refund) for a spreadsheet'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -f -a "settle" -d 'Record that a refund was paid back, with the payment provider\'s refund id'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and not __fish_seen_subcommand_from settle help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l booking -d 'The booking whose refund was paid back (it must have exactly one owed)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l refund -d 'The refund (its number in `boxoffice refunds`) that was paid back' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l refund-id -d 'The payment provider\'s id for the refund' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from settle" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from help" -f -a "settle" -d 'Record that a refund was paid back, with the payment provider\'s refund id'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand refunds; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -f -a "link" -d 'Record the Razorpay order created for a hold, so its payment finds the booking'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -f -a "list" -d 'List the Razorpay orders linked to a booking, oldest first'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and not __fish_seen_subcommand_from link list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l booking -d 'The booking (a PENDING hold) the order was created for' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l order-id -d 'Razorpay\'s order id: order_ and 1-40 letters and digits' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from link" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l booking -d 'The booking whose orders to list' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from help" -f -a "link" -d 'Record the Razorpay order created for a hold, so its payment finds the booking'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the Razorpay orders linked to a booking, oldest first'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand order; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -f -a "razorpay" -d 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and not __fish_seen_subcommand_from razorpay help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l signature -d 'The X-Razorpay-Signature header: hex HMAC-SHA256 of the body' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l event-id -d 'The X-Razorpay-Event-Id header (else the payload\'s `id`)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from razorpay" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "razorpay" -d 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand webhook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l showtime -d 'One showtime, whenever it starts' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l from -d 'The first local day (YYYY-MM-DD) whose showtimes are reported [default: today]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l to -d 'The last local day, included [default: the --from day]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l by -d 'One row per showtime, per category of each showtime, or per movie, day or screen' -r -f -a "showtime\t''
category\t''
movie\t''
day\t''
screen\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l chart -d 'Draw seats sold and held over time into FILE (.svg or .png), from the audit table' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l csv -d 'Print CSV (RFC 4180: a header row, then one row per group) for a spreadsheet'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand report" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l seat -d 'Everything about one seat' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l user -d 'One user\'s hold' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l check -d 'Exit 6 when any anomaly exists, 0 when clean; prints only the anomalies (nothing when clean), or the usual document with --json'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l showtime -d 'Events of this showtime' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l seat -d 'Events on this seat (needs --showtime), and the screening\'s cancellation' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l booking -d 'Events of this booking' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l user -d 'Events of this customer' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l operator -d 'Events by this operator (the login in the audit table)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l since -d 'Events from this time on (2h, or 2026-12-01T19:00:00Z)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l until -d 'Events before this time' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l limit -d 'At most this many events (the latest) [default: 1000]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l csv -d 'Print CSV (a header row, then one row per event)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand history" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand watch" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l showtime -d 'Showtime of the hold' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l user -d 'The customer whose hold to show (or extend)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l seat -d 'The hold that has this seat' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l extend -d 'Add this much time to the hold (e.g. 5m)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l force -d 'Staff: extend someone else\'s hold, or past the 2h cap'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand ttl" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l showtime -d 'Only this showtime' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l watch -d 'Keep running, sweeping at this interval (e.g. 30s)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l dry-run -d 'Report what would change, change nothing'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -s q -l quiet -d 'Print only errors'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -s v -l verbose -d 'Print one line per booking and key touched (details in --json)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l strict -d 'Exit 6 when a lock has no expiry or a key of the scheme is malformed'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand sweep" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -s q -l quiet -d 'Print only warnings and errors'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l strict -d 'Exit 6 when there are warnings'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -f -a "migrate" -d 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and not __fish_seen_subcommand_from migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l to -d 'The style to move the keys to' -r -f -a "seed\t'The guide\'s keys: seat_lock:24:A1, reserved_seats_24'
cluster\t'Hash-tagged on the showtime: seat_lock:{24}:A1, reserved_seats_{24}'"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l showtime -d 'Only this showtime' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l dry-run -d 'Show what would move, change nothing'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l demo -d 'Also add the guide\'s example showtime 24 (kept as is if it already exists)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand init" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -f -a "add" -d 'Add a showtime in a hall, or with a rectangular seat layout'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -f -a "list" -d 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -f -a "cancel" -d 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and not __fish_seen_subcommand_from add list cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l movie -d 'Film title' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l starts -d 'Start time, RFC 3339 (2026-12-01T20:00:00Z or with an offset)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l rows -d 'Row labels: A-C, or A,B,D, or A-Z,AA-AC' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l seats-per-row -d 'Seats in each row, numbered from 1' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l hall -d 'The hall to copy the seats from (instead of --rows and --seats-per-row)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l id -d 'Use this id instead of the next free one' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l screen -d 'Screen or hall name [default with --hall: the hall\'s name]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l force -d 'Add it even though --starts is in the past (to record one after the fact)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N showtimes [default: 50; with --json: every one]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l all -d 'Show every showtime, not just the first 50'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l past -d 'Include showtimes that have already started [default with --json]'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l reason -d 'Why (kept with the showtime, its audit row and every refund)' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a showtime in a hall, or with a rectangular seat layout'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from help" -f -a "list" -d 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand showtime; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -f -a "add" -d 'Add a hall from its file: rows with gaps and aisles, seat categories, prices'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -f -a "list" -d 'List the halls with their seats, categories and currency (reads SQLite only)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -f -a "show" -d 'Draw a hall\'s map: rows, gaps and aisles, categories and their prices'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and not __fish_seen_subcommand_from add list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l file -d 'The hall file (TOML)' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l source -d 'Print the hall file it was added from instead of the map'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a hall from its file: rows with gaps and aisles, seat categories, prices'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the halls with their seats, categories and currency (reads SQLite only)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from help" -f -a "show" -d 'Draw a hall\'s map: rows, gaps and aisles, categories and their prices'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand hall; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l path -d 'Print only the config file\'s path (whether or not it exists)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand config" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand completions" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l dir -d 'Write boxoffice.1 and a page per command (boxoffice-reserve.1, ...) into this directory' -r -f -a "(__fish_complete_directories)"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l redis-url -d 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]' -r -f
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l db -d 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l config -d 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]' -r -F
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l color -d 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l redis-timeout -d 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l wait-replicas -d 'After a hold\'s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]' -r
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l key-style -d 'Redis key names: seed (the guide\'s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]' -r -f -a "seed\t''
cluster\t''"
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -l json -d 'Print one JSON document on stdout (errors too)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -s y -l yes -d 'Answer yes to confirmation questions (needed for --force without a terminal)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -s h -l help -d 'Print help'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand man" -s V -l version -d 'Print version'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "reserve" -d 'Hold seats for a customer while they pay'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "confirm" -d 'Turn a paid hold into a booking'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "release" -d 'Give held seats back'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "move" -d 'Move a booking to other seats, on its showtime or another (staff)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "bookings" -d 'List bookings (reads SQLite only; works while Redis is down)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "block" -d 'Keep seats off sale, with a reason (house seats, broken, wheelchair space)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "unblock" -d 'Put blocked seats back on sale'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "cancel" -d 'Take back a sale or a hold, whole or some seats (staff); sold seats are owed back'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "refunds" -d 'List the money owed back, or record that it was paid back'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "order" -d 'Link Razorpay orders to the holds they pay for'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "webhook" -d 'Process a payment provider\'s webhook delivery (Razorpay), exactly once'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "report" -d 'How showtimes are selling: seats sold, held, free, revenue; --chart draws the sales curve'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "inspect" -d 'Show a showtime\'s seat map and everything that disagrees between Redis and SQLite'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "history" -d 'Every event on a seat, a booking, a customer or by an operator, oldest first'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "watch" -d 'The seat map on screen, redrawn as holds come and go; q to quit (read-only)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "ttl" -d 'Show how long a hold has left, or buy it more time'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "sweep" -d 'Expire overdue holds and heal what Redis forgot (run from cron)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "doctor" -d 'Check Redis\'s eviction, persistence and replication, and the database\'s setup'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "keys" -d 'Move live holds between key styles (seed, cluster)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "init" -d 'Create or migrate the database (safe to run twice)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "showtime" -d 'Add, list and cancel showtimes'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "hall" -d 'Add, list and show halls: layouts with aisles, seat categories, prices'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "config" -d 'Show each setting, its value and where it came from (flag, env, config file, default)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "man" -d 'Print the man page (roff), or write one page per command into a directory'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and not __fish_seen_subcommand_from reserve confirm release move bookings block unblock cancel refunds order webhook report inspect history watch ttl sweep doctor keys init showtime hall config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from refunds" -f -a "settle" -d 'Record that a refund was paid back, with the payment provider\'s refund id'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from order" -f -a "link" -d 'Record the Razorpay order created for a hold, so its payment finds the booking'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from order" -f -a "list" -d 'List the Razorpay orders linked to a booking, oldest first'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from webhook" -f -a "razorpay" -d 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "migrate" -d 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from showtime" -f -a "add" -d 'Add a showtime in a hall, or with a rectangular seat layout'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from showtime" -f -a "list" -d 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from showtime" -f -a "cancel" -d 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from hall" -f -a "add" -d 'Add a hall from its file: rows with gaps and aisles, seat categories, prices'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from hall" -f -a "list" -d 'List the halls with their seats, categories and currency (reads SQLite only)'
complete -c boxoffice -n "__fish_boxoffice_using_subcommand help; and __fish_seen_subcommand_from hall" -f -a "show" -d 'Draw a hall\'s map: rows, gaps and aisles, categories and their prices'
