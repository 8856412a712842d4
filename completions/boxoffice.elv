
use builtin;
use str;

set edit:completion:arg-completer[boxoffice] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'boxoffice'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'boxoffice'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand reserve 'Hold seats for a customer while they pay'
            cand confirm 'Turn a paid hold into a booking'
            cand release 'Give held seats back'
            cand move 'Move a booking to other seats, on its showtime or another (staff)'
            cand bookings 'List bookings (reads SQLite only; works while Redis is down)'
            cand block 'Keep seats off sale, with a reason (house seats, broken, wheelchair space)'
            cand unblock 'Put blocked seats back on sale'
            cand cancel 'Take back a sale or a hold, whole or some seats (staff); sold seats are owed back'
            cand refunds 'List the money owed back, or record that it was paid back'
            cand order 'Link Razorpay orders to the holds they pay for'
            cand webhook 'Process a payment provider''s webhook delivery (Razorpay), exactly once'
            cand report 'How showtimes are selling: seats sold, held, free, revenue; --chart draws the sales curve'
            cand inspect 'Show a showtime''s seat map and everything that disagrees between Redis and SQLite'
            cand history 'Every event on a seat, a booking, a customer or by an operator, oldest first'
            cand watch 'The seat map on screen, redrawn as holds come and go; q to quit (read-only)'
            cand ttl 'Show how long a hold has left, or buy it more time'
            cand sweep 'Expire overdue holds and heal what Redis forgot (run from cron)'
            cand doctor 'Check Redis''s eviction, persistence and replication, and the database''s setup'
            cand keys 'Move live holds between key styles (seed, cluster)'
            cand init 'Create or migrate the database (safe to run twice)'
            cand showtime 'Add, list and cancel showtimes'
            cand hall 'Add, list and show halls: layouts with aisles, seat categories, prices'
            cand config 'Show each setting, its value and where it came from (flag, env, config file, default)'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff), or write one page per command into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;reserve'= {
            cand --showtime 'Showtime to hold seats in'
            cand --user 'Customer the seats are held for'
            cand --hold 'How long the customer has to pay, 1s to 24h [env: BOXOFFICE_HOLD] [default: 10m, or `hold` in the config file]'
            cand --best 'Hold the best N free seats side by side, 1 to 10, instead of naming seats'
            cand --category 'With --best: only seats of this category (default: every non-accessible category)'
            cand --order-id 'The Razorpay order created for this hold: linked to it in the same transaction (an order linked to another booking: exit 3, nothing reserved)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --force 'Staff override: hold blocked seats anyway, ending their blocks (asks, or --yes; audited)'
            cand --accessible 'With --best: accessible seats only'
            cand --allow-split 'With --best: when no N seats side by side are free, take the closest in as few groups as possible'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;confirm'= {
            cand --booking 'The booking to confirm'
            cand --showtime 'Showtime of the hold (with --user)'
            cand --user 'The customer whose hold is paid (with --showtime)'
            cand --payment-id 'The payment provider''s id for the captured payment'
            cand --order-id 'The Razorpay order the payment was made for (checkout''s razorpay_order_id; with --signature)'
            cand --signature 'Checkout''s razorpay_signature: 64 lower-case hex digits (with --order-id)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --force 'Staff override: confirm a payment taken without a checkout signature (cash or card at the counter); asks, or --yes; audited as unverified'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;release'= {
            cand --booking 'The booking whose hold to cancel'
            cand --showtime 'Showtime of the hold'
            cand --user 'The customer whose hold to release'
            cand --seat 'Only these seats (repeatable; ranges like A1-A4 work)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --force 'Staff override: release whatever holds --seat, whoever the holder is'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;move'= {
            cand --booking 'The booking whose seats move (PENDING or CONFIRMED)'
            cand --to-showtime 'Move the whole booking to this (upcoming) showtime'
            cand --reason 'Why, for the audit table'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;bookings'= {
            cand --showtime 'Only this showtime'
            cand --status 'Only this status (any case)'
            cand --user 'Only this customer'
            cand --limit 'At most this many (the most recent)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;block'= {
            cand --showtime 'Showtime of the seats'
            cand --reason 'Why the seats are off sale (kept with the block, shown by inspect)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;unblock'= {
            cand --showtime 'Showtime of the seats'
            cand --reason 'Why the seats go back on sale (for the audit table)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;cancel'= {
            cand --booking 'The booking to cancel'
            cand --seat 'Only these seats of it (repeatable; ranges like B2-B3 work)'
            cand --reason 'Why (kept in the audit table and with the refund)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;refunds'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --all 'Include the refunds already settled'
            cand --csv 'Print CSV (a header row, then one row per refund) for a spreadsheet'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand settle 'Record that a refund was paid back, with the payment provider''s refund id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;refunds;settle'= {
            cand --booking 'The booking whose refund was paid back (it must have exactly one owed)'
            cand --refund 'The refund (its number in `boxoffice refunds`) that was paid back'
            cand --refund-id 'The payment provider''s id for the refund'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;refunds;help'= {
            cand settle 'Record that a refund was paid back, with the payment provider''s refund id'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;refunds;help;settle'= {
        }
        &'boxoffice;refunds;help;help'= {
        }
        &'boxoffice;order'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand link 'Record the Razorpay order created for a hold, so its payment finds the booking'
            cand list 'List the Razorpay orders linked to a booking, oldest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;order;link'= {
            cand --booking 'The booking (a PENDING hold) the order was created for'
            cand --order-id 'Razorpay''s order id: order_ and 1-40 letters and digits'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;order;list'= {
            cand --booking 'The booking whose orders to list'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;order;help'= {
            cand link 'Record the Razorpay order created for a hold, so its payment finds the booking'
            cand list 'List the Razorpay orders linked to a booking, oldest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;order;help;link'= {
        }
        &'boxoffice;order;help;list'= {
        }
        &'boxoffice;order;help;help'= {
        }
        &'boxoffice;webhook'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand razorpay 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;webhook;razorpay'= {
            cand --signature 'The X-Razorpay-Signature header: hex HMAC-SHA256 of the body'
            cand --event-id 'The X-Razorpay-Event-Id header (else the payload''s `id`)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;webhook;help'= {
            cand razorpay 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;webhook;help;razorpay'= {
        }
        &'boxoffice;webhook;help;help'= {
        }
        &'boxoffice;report'= {
            cand --showtime 'One showtime, whenever it starts'
            cand --from 'The first local day (YYYY-MM-DD) whose showtimes are reported [default: today]'
            cand --to 'The last local day, included [default: the --from day]'
            cand --by 'One row per showtime, per category of each showtime, or per movie, day or screen'
            cand --chart 'Draw seats sold and held over time into FILE (.svg or .png), from the audit table'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --csv 'Print CSV (RFC 4180: a header row, then one row per group) for a spreadsheet'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;inspect'= {
            cand --seat 'Everything about one seat'
            cand --user 'One user''s hold'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --check 'Exit 6 when any anomaly exists, 0 when clean; prints only the anomalies (nothing when clean), or the usual document with --json'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;history'= {
            cand --showtime 'Events of this showtime'
            cand --seat 'Events on this seat (needs --showtime), and the screening''s cancellation'
            cand --booking 'Events of this booking'
            cand --user 'Events of this customer'
            cand --operator 'Events by this operator (the login in the audit table)'
            cand --since 'Events from this time on (2h, or 2026-12-01T19:00:00Z)'
            cand --until 'Events before this time'
            cand --limit 'At most this many events (the latest) [default: 1000]'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --csv 'Print CSV (a header row, then one row per event)'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;watch'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;ttl'= {
            cand --showtime 'Showtime of the hold'
            cand --user 'The customer whose hold to show (or extend)'
            cand --seat 'The hold that has this seat'
            cand --extend 'Add this much time to the hold (e.g. 5m)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --force 'Staff: extend someone else''s hold, or past the 2h cap'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;sweep'= {
            cand --showtime 'Only this showtime'
            cand --watch 'Keep running, sweeping at this interval (e.g. 30s)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --dry-run 'Report what would change, change nothing'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Print one line per booking and key touched (details in --json)'
            cand --verbose 'Print one line per booking and key touched (details in --json)'
            cand --strict 'Exit 6 when a lock has no expiry or a key of the scheme is malformed'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;doctor'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand -q 'Print only warnings and errors'
            cand --quiet 'Print only warnings and errors'
            cand --strict 'Exit 6 when there are warnings'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;keys'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand migrate 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;keys;migrate'= {
            cand --to 'The style to move the keys to'
            cand --showtime 'Only this showtime'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --dry-run 'Show what would move, change nothing'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;keys;help'= {
            cand migrate 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;keys;help;migrate'= {
        }
        &'boxoffice;keys;help;help'= {
        }
        &'boxoffice;init'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --demo 'Also add the guide''s example showtime 24 (kept as is if it already exists)'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;showtime'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a showtime in a hall, or with a rectangular seat layout'
            cand list 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)'
            cand cancel 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;showtime;add'= {
            cand --movie 'Film title'
            cand --starts 'Start time, RFC 3339 (2026-12-01T20:00:00Z or with an offset)'
            cand --rows 'Row labels: A-C, or A,B,D, or A-Z,AA-AC'
            cand --seats-per-row 'Seats in each row, numbered from 1'
            cand --hall 'The hall to copy the seats from (instead of --rows and --seats-per-row)'
            cand --id 'Use this id instead of the next free one'
            cand --screen 'Screen or hall name [default with --hall: the hall''s name]'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --force 'Add it even though --starts is in the past (to record one after the fact)'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;showtime;list'= {
            cand --limit 'Show at most N showtimes [default: 50; with --json: every one]'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --all 'Show every showtime, not just the first 50'
            cand --past 'Include showtimes that have already started [default with --json]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;showtime;cancel'= {
            cand --reason 'Why (kept with the showtime, its audit row and every refund)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;showtime;help'= {
            cand add 'Add a showtime in a hall, or with a rectangular seat layout'
            cand list 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)'
            cand cancel 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;showtime;help;add'= {
        }
        &'boxoffice;showtime;help;list'= {
        }
        &'boxoffice;showtime;help;cancel'= {
        }
        &'boxoffice;showtime;help;help'= {
        }
        &'boxoffice;hall'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a hall from its file: rows with gaps and aisles, seat categories, prices'
            cand list 'List the halls with their seats, categories and currency (reads SQLite only)'
            cand show 'Draw a hall''s map: rows, gaps and aisles, categories and their prices'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;hall;add'= {
            cand --file 'The hall file (TOML)'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;hall;list'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;hall;show'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --source 'Print the hall file it was added from instead of the map'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;hall;help'= {
            cand add 'Add a hall from its file: rows with gaps and aisles, seat categories, prices'
            cand list 'List the halls with their seats, categories and currency (reads SQLite only)'
            cand show 'Draw a hall''s map: rows, gaps and aisles, categories and their prices'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;hall;help;add'= {
        }
        &'boxoffice;hall;help;list'= {
        }
        &'boxoffice;hall;help;show'= {
        }
        &'boxoffice;hall;help;help'= {
        }
        &'boxoffice;config'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --path 'Print only the config file''s path (whether or not it exists)'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;completions'= {
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;man'= {
            cand --dir 'Write boxoffice.1 and a page per command (boxoffice-reserve.1, ...) into this directory'
            cand --redis-url 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]'
            cand --db 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]'
            cand --config 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]'
            cand --color 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --redis-timeout 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]'
            cand --wait-replicas 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]'
            cand --key-style 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]'
            cand --json 'Print one JSON document on stdout (errors too)'
            cand -y 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand --yes 'Answer yes to confirmation questions (needed for --force without a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'boxoffice;help'= {
            cand reserve 'Hold seats for a customer while they pay'
            cand confirm 'Turn a paid hold into a booking'
            cand release 'Give held seats back'
            cand move 'Move a booking to other seats, on its showtime or another (staff)'
            cand bookings 'List bookings (reads SQLite only; works while Redis is down)'
            cand block 'Keep seats off sale, with a reason (house seats, broken, wheelchair space)'
            cand unblock 'Put blocked seats back on sale'
            cand cancel 'Take back a sale or a hold, whole or some seats (staff); sold seats are owed back'
            cand refunds 'List the money owed back, or record that it was paid back'
            cand order 'Link Razorpay orders to the holds they pay for'
            cand webhook 'Process a payment provider''s webhook delivery (Razorpay), exactly once'
            cand report 'How showtimes are selling: seats sold, held, free, revenue; --chart draws the sales curve'
            cand inspect 'Show a showtime''s seat map and everything that disagrees between Redis and SQLite'
            cand history 'Every event on a seat, a booking, a customer or by an operator, oldest first'
            cand watch 'The seat map on screen, redrawn as holds come and go; q to quit (read-only)'
            cand ttl 'Show how long a hold has left, or buy it more time'
            cand sweep 'Expire overdue holds and heal what Redis forgot (run from cron)'
            cand doctor 'Check Redis''s eviction, persistence and replication, and the database''s setup'
            cand keys 'Move live holds between key styles (seed, cluster)'
            cand init 'Create or migrate the database (safe to run twice)'
            cand showtime 'Add, list and cancel showtimes'
            cand hall 'Add, list and show halls: layouts with aisles, seat categories, prices'
            cand config 'Show each setting, its value and where it came from (flag, env, config file, default)'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff), or write one page per command into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'boxoffice;help;reserve'= {
        }
        &'boxoffice;help;confirm'= {
        }
        &'boxoffice;help;release'= {
        }
        &'boxoffice;help;move'= {
        }
        &'boxoffice;help;bookings'= {
        }
        &'boxoffice;help;block'= {
        }
        &'boxoffice;help;unblock'= {
        }
        &'boxoffice;help;cancel'= {
        }
        &'boxoffice;help;refunds'= {
            cand settle 'Record that a refund was paid back, with the payment provider''s refund id'
        }
        &'boxoffice;help;refunds;settle'= {
        }
        &'boxoffice;help;order'= {
            cand link 'Record the Razorpay order created for a hold, so its payment finds the booking'
            cand list 'List the Razorpay orders linked to a booking, oldest first'
        }
        &'boxoffice;help;order;link'= {
        }
        &'boxoffice;help;order;list'= {
        }
        &'boxoffice;help;webhook'= {
            cand razorpay 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags'
        }
        &'boxoffice;help;webhook;razorpay'= {
        }
        &'boxoffice;help;report'= {
        }
        &'boxoffice;help;inspect'= {
        }
        &'boxoffice;help;history'= {
        }
        &'boxoffice;help;watch'= {
        }
        &'boxoffice;help;ttl'= {
        }
        &'boxoffice;help;sweep'= {
        }
        &'boxoffice;help;doctor'= {
        }
        &'boxoffice;help;keys'= {
            cand migrate 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once'
        }
        &'boxoffice;help;keys;migrate'= {
        }
        &'boxoffice;help;init'= {
        }
        &'boxoffice;help;showtime'= {
            cand add 'Add a showtime in a hall, or with a rectangular seat layout'
            cand list 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)'
            cand cancel 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)'
        }
        &'boxoffice;help;showtime;add'= {
        }
        &'boxoffice;help;showtime;list'= {
        }
        &'boxoffice;help;showtime;cancel'= {
        }
        &'boxoffice;help;hall'= {
            cand add 'Add a hall from its file: rows with gaps and aisles, seat categories, prices'
            cand list 'List the halls with their seats, categories and currency (reads SQLite only)'
            cand show 'Draw a hall''s map: rows, gaps and aisles, categories and their prices'
        }
        &'boxoffice;help;hall;add'= {
        }
        &'boxoffice;help;hall;list'= {
        }
        &'boxoffice;help;hall;show'= {
        }
        &'boxoffice;help;config'= {
        }
        &'boxoffice;help;completions'= {
        }
        &'boxoffice;help;man'= {
        }
        &'boxoffice;help;help'= {
        }
    ]
    $completions[$command]
}
