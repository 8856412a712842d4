
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'boxoffice' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'boxoffice'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'boxoffice' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('reserve', 'reserve', [CompletionResultType]::ParameterValue, 'Hold seats for a customer while they pay')
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Turn a paid hold into a booking')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Give held seats back')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a booking to other seats, on its showtime or another (staff)')
            [CompletionResult]::new('bookings', 'bookings', [CompletionResultType]::ParameterValue, 'List bookings (reads SQLite only; works while Redis is down)')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Keep seats off sale, with a reason (house seats, broken, wheelchair space)')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Put blocked seats back on sale')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Take back a sale or a hold, whole or some seats (staff); sold seats are owed back')
            [CompletionResult]::new('refunds', 'refunds', [CompletionResultType]::ParameterValue, 'List the money owed back, or record that it was paid back')
            [CompletionResult]::new('order', 'order', [CompletionResultType]::ParameterValue, 'Link Razorpay orders to the holds they pay for')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Process a payment provider''s webhook delivery (Razorpay), exactly once')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'How showtimes are selling: seats sold, held, free, revenue; --chart draws the sales curve')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a showtime''s seat map and everything that disagrees between Redis and SQLite')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Every event on a seat, a booking, a customer or by an operator, oldest first')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'The seat map on screen, redrawn as holds come and go; q to quit (read-only)')
            [CompletionResult]::new('ttl', 'ttl', [CompletionResultType]::ParameterValue, 'Show how long a hold has left, or buy it more time')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Expire overdue holds and heal what Redis forgot (run from cron)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check Redis''s eviction, persistence and replication, and the database''s setup')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Move live holds between key styles (seed, cluster)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or migrate the database (safe to run twice)')
            [CompletionResult]::new('showtime', 'showtime', [CompletionResultType]::ParameterValue, 'Add, list and cancel showtimes')
            [CompletionResult]::new('hall', 'hall', [CompletionResultType]::ParameterValue, 'Add, list and show halls: layouts with aisles, seat categories, prices')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show each setting, its value and where it came from (flag, env, config file, default)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;reserve' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Showtime to hold seats in')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Customer the seats are held for')
            [CompletionResult]::new('--hold', '--hold', [CompletionResultType]::ParameterName, 'How long the customer has to pay, 1s to 24h [env: BOXOFFICE_HOLD] [default: 10m, or `hold` in the config file]')
            [CompletionResult]::new('--best', '--best', [CompletionResultType]::ParameterName, 'Hold the best N free seats side by side, 1 to 10, instead of naming seats')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'With --best: only seats of this category (default: every non-accessible category)')
            [CompletionResult]::new('--order-id', '--order-id', [CompletionResultType]::ParameterName, 'The Razorpay order created for this hold: linked to it in the same transaction (an order linked to another booking: exit 3, nothing reserved)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Staff override: hold blocked seats anyway, ending their blocks (asks, or --yes; audited)')
            [CompletionResult]::new('--accessible', '--accessible', [CompletionResultType]::ParameterName, 'With --best: accessible seats only')
            [CompletionResult]::new('--allow-split', '--allow-split', [CompletionResultType]::ParameterName, 'With --best: when no N seats side by side are free, take the closest in as few groups as possible')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;confirm' {
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'The booking to confirm')
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Showtime of the hold (with --user)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The customer whose hold is paid (with --showtime)')
            [CompletionResult]::new('--payment-id', '--payment-id', [CompletionResultType]::ParameterName, 'The payment provider''s id for the captured payment')
            [CompletionResult]::new('--order-id', '--order-id', [CompletionResultType]::ParameterName, 'The Razorpay order the payment was made for (checkout''s razorpay_order_id; with --signature)')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'Checkout''s razorpay_signature: 64 lower-case hex digits (with --order-id)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Staff override: confirm a payment taken without a checkout signature (cash or card at the counter); asks, or --yes; audited as unverified')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;release' {
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'The booking whose hold to cancel')
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Showtime of the hold')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The customer whose hold to release')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Only these seats (repeatable; ranges like A1-A4 work)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Staff override: release whatever holds --seat, whoever the holder is')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;move' {
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'The booking whose seats move (PENDING or CONFIRMED)')
            [CompletionResult]::new('--to-showtime', '--to-showtime', [CompletionResultType]::ParameterName, 'Move the whole booking to this (upcoming) showtime')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the audit table')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;bookings' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Only this showtime')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only this status (any case)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only this customer')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (the most recent)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;block' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Showtime of the seats')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the seats are off sale (kept with the block, shown by inspect)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;unblock' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Showtime of the seats')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why the seats go back on sale (for the audit table)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;cancel' {
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'The booking to cancel')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Only these seats of it (repeatable; ranges like B2-B3 work)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit table and with the refund)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;refunds' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include the refunds already settled')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (a header row, then one row per refund) for a spreadsheet')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('settle', 'settle', [CompletionResultType]::ParameterValue, 'Record that a refund was paid back, with the payment provider''s refund id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;refunds;settle' {
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'The booking whose refund was paid back (it must have exactly one owed)')
            [CompletionResult]::new('--refund', '--refund', [CompletionResultType]::ParameterName, 'The refund (its number in `boxoffice refunds`) that was paid back')
            [CompletionResult]::new('--refund-id', '--refund-id', [CompletionResultType]::ParameterName, 'The payment provider''s id for the refund')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;refunds;help' {
            [CompletionResult]::new('settle', 'settle', [CompletionResultType]::ParameterValue, 'Record that a refund was paid back, with the payment provider''s refund id')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;refunds;help;settle' {
            break
        }
        'boxoffice;refunds;help;help' {
            break
        }
        'boxoffice;order' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Record the Razorpay order created for a hold, so its payment finds the booking')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the Razorpay orders linked to a booking, oldest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;order;link' {
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'The booking (a PENDING hold) the order was created for')
            [CompletionResult]::new('--order-id', '--order-id', [CompletionResultType]::ParameterName, 'Razorpay''s order id: order_ and 1-40 letters and digits')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;order;list' {
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'The booking whose orders to list')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;order;help' {
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Record the Razorpay order created for a hold, so its payment finds the booking')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the Razorpay orders linked to a booking, oldest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;order;help;link' {
            break
        }
        'boxoffice;order;help;list' {
            break
        }
        'boxoffice;order;help;help' {
            break
        }
        'boxoffice;webhook' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('razorpay', 'razorpay', [CompletionResultType]::ParameterValue, 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;webhook;razorpay' {
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The X-Razorpay-Signature header: hex HMAC-SHA256 of the body')
            [CompletionResult]::new('--event-id', '--event-id', [CompletionResultType]::ParameterName, 'The X-Razorpay-Event-Id header (else the payload''s `id`)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;webhook;help' {
            [CompletionResult]::new('razorpay', 'razorpay', [CompletionResultType]::ParameterValue, 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;webhook;help;razorpay' {
            break
        }
        'boxoffice;webhook;help;help' {
            break
        }
        'boxoffice;report' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'One showtime, whenever it starts')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The first local day (YYYY-MM-DD) whose showtimes are reported [default: today]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The last local day, included [default: the --from day]')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'One row per showtime, per category of each showtime, or per movie, day or screen')
            [CompletionResult]::new('--chart', '--chart', [CompletionResultType]::ParameterName, 'Draw seats sold and held over time into FILE (.svg or .png), from the audit table')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (RFC 4180: a header row, then one row per group) for a spreadsheet')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;inspect' {
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Everything about one seat')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'One user''s hold')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 6 when any anomaly exists, 0 when clean; prints only the anomalies (nothing when clean), or the usual document with --json')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;history' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Events of this showtime')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'Events on this seat (needs --showtime), and the screening''s cancellation')
            [CompletionResult]::new('--booking', '--booking', [CompletionResultType]::ParameterName, 'Events of this booking')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Events of this customer')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'Events by this operator (the login in the audit table)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Events from this time on (2h, or 2026-12-01T19:00:00Z)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Events before this time')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many events (the latest) [default: 1000]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--csv', '--csv', [CompletionResultType]::ParameterName, 'Print CSV (a header row, then one row per event)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;watch' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;ttl' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Showtime of the hold')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The customer whose hold to show (or extend)')
            [CompletionResult]::new('--seat', '--seat', [CompletionResultType]::ParameterName, 'The hold that has this seat')
            [CompletionResult]::new('--extend', '--extend', [CompletionResultType]::ParameterName, 'Add this much time to the hold (e.g. 5m)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Staff: extend someone else''s hold, or past the 2h cap')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;sweep' {
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Only this showtime')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep running, sweeping at this interval (e.g. 30s)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Report what would change, change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print one line per booking and key touched (details in --json)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print one line per booking and key touched (details in --json)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 6 when a lock has no expiry or a key of the scheme is malformed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;doctor' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings and errors')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 6 when there are warnings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;keys' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;keys;migrate' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The style to move the keys to')
            [CompletionResult]::new('--showtime', '--showtime', [CompletionResultType]::ParameterName, 'Only this showtime')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would move, change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;keys;help' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;keys;help;migrate' {
            break
        }
        'boxoffice;keys;help;help' {
            break
        }
        'boxoffice;init' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Also add the guide''s example showtime 24 (kept as is if it already exists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;showtime' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a showtime in a hall, or with a rectangular seat layout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;showtime;add' {
            [CompletionResult]::new('--movie', '--movie', [CompletionResultType]::ParameterName, 'Film title')
            [CompletionResult]::new('--starts', '--starts', [CompletionResultType]::ParameterName, 'Start time, RFC 3339 (2026-12-01T20:00:00Z or with an offset)')
            [CompletionResult]::new('--rows', '--rows', [CompletionResultType]::ParameterName, 'Row labels: A-C, or A,B,D, or A-Z,AA-AC')
            [CompletionResult]::new('--seats-per-row', '--seats-per-row', [CompletionResultType]::ParameterName, 'Seats in each row, numbered from 1')
            [CompletionResult]::new('--hall', '--hall', [CompletionResultType]::ParameterName, 'The hall to copy the seats from (instead of --rows and --seats-per-row)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Use this id instead of the next free one')
            [CompletionResult]::new('--screen', '--screen', [CompletionResultType]::ParameterName, 'Screen or hall name [default with --hall: the hall''s name]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Add it even though --starts is in the past (to record one after the fact)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;showtime;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N showtimes [default: 50; with --json: every one]')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Show every showtime, not just the first 50')
            [CompletionResult]::new('--past', '--past', [CompletionResultType]::ParameterName, 'Include showtimes that have already started [default with --json]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;showtime;cancel' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept with the showtime, its audit row and every refund)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;showtime;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a showtime in a hall, or with a rectangular seat layout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;showtime;help;add' {
            break
        }
        'boxoffice;showtime;help;list' {
            break
        }
        'boxoffice;showtime;help;cancel' {
            break
        }
        'boxoffice;showtime;help;help' {
            break
        }
        'boxoffice;hall' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a hall from its file: rows with gaps and aisles, seat categories, prices')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the halls with their seats, categories and currency (reads SQLite only)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Draw a hall''s map: rows, gaps and aisles, categories and their prices')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;hall;add' {
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The hall file (TOML)')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;hall;list' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;hall;show' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Print the hall file it was added from instead of the map')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;hall;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a hall from its file: rows with gaps and aisles, seat categories, prices')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the halls with their seats, categories and currency (reads SQLite only)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Draw a hall''s map: rows, gaps and aisles, categories and their prices')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;hall;help;add' {
            break
        }
        'boxoffice;hall;help;list' {
            break
        }
        'boxoffice;hall;help;show' {
            break
        }
        'boxoffice;hall;help;help' {
            break
        }
        'boxoffice;config' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Print only the config file''s path (whether or not it exists)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;completions' {
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write boxoffice.1 and a page per command (boxoffice-reserve.1, ...) into this directory')
            [CompletionResult]::new('--redis-url', '--redis-url', [CompletionResultType]::ParameterName, 'Redis to hold seats in [env: REDIS_URL] [default: redis://127.0.0.1:6379/0]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'SQLite file with showtimes and bookings, or a postgres://user@host/dbname URL [env: BOXOFFICE_DB] [default: ~/.local/share/boxoffice/boxoffice.db]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: BOXOFFICE_CONFIG] [default: ~/.config/boxoffice/config.toml]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--redis-timeout', '--redis-timeout', [CompletionResultType]::ParameterName, 'Connect and reply timeout for every Redis call [env: BOXOFFICE_REDIS_TIMEOUT] [default: 3s]')
            [CompletionResult]::new('--wait-replicas', '--wait-replicas', [CompletionResultType]::ParameterName, 'After a hold''s write, WAIT for this many replicas to have it (0: off) [env: BOXOFFICE_WAIT_REPLICAS] [default: 0]')
            [CompletionResult]::new('--key-style', '--key-style', [CompletionResultType]::ParameterName, 'Redis key names: seed (the guide''s, `seat_lock:24:A1`) or cluster (the showtime as a hash tag, `seat_lock:{24}:A1`, needed on Redis Cluster) [env: BOXOFFICE_KEY_STYLE] [default: seed]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout (errors too)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmation questions (needed for --force without a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'boxoffice;help' {
            [CompletionResult]::new('reserve', 'reserve', [CompletionResultType]::ParameterValue, 'Hold seats for a customer while they pay')
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Turn a paid hold into a booking')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Give held seats back')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Move a booking to other seats, on its showtime or another (staff)')
            [CompletionResult]::new('bookings', 'bookings', [CompletionResultType]::ParameterValue, 'List bookings (reads SQLite only; works while Redis is down)')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Keep seats off sale, with a reason (house seats, broken, wheelchair space)')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Put blocked seats back on sale')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Take back a sale or a hold, whole or some seats (staff); sold seats are owed back')
            [CompletionResult]::new('refunds', 'refunds', [CompletionResultType]::ParameterValue, 'List the money owed back, or record that it was paid back')
            [CompletionResult]::new('order', 'order', [CompletionResultType]::ParameterValue, 'Link Razorpay orders to the holds they pay for')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Process a payment provider''s webhook delivery (Razorpay), exactly once')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'How showtimes are selling: seats sold, held, free, revenue; --chart draws the sales curve')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a showtime''s seat map and everything that disagrees between Redis and SQLite')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Every event on a seat, a booking, a customer or by an operator, oldest first')
            [CompletionResult]::new('watch', 'watch', [CompletionResultType]::ParameterValue, 'The seat map on screen, redrawn as holds come and go; q to quit (read-only)')
            [CompletionResult]::new('ttl', 'ttl', [CompletionResultType]::ParameterValue, 'Show how long a hold has left, or buy it more time')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Expire overdue holds and heal what Redis forgot (run from cron)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check Redis''s eviction, persistence and replication, and the database''s setup')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Move live holds between key styles (seed, cluster)')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create or migrate the database (safe to run twice)')
            [CompletionResult]::new('showtime', 'showtime', [CompletionResultType]::ParameterValue, 'Add, list and cancel showtimes')
            [CompletionResult]::new('hall', 'hall', [CompletionResultType]::ParameterValue, 'Add, list and show halls: layouts with aisles, seat categories, prices')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show each setting, its value and where it came from (flag, env, config file, default)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'boxoffice;help;reserve' {
            break
        }
        'boxoffice;help;confirm' {
            break
        }
        'boxoffice;help;release' {
            break
        }
        'boxoffice;help;move' {
            break
        }
        'boxoffice;help;bookings' {
            break
        }
        'boxoffice;help;block' {
            break
        }
        'boxoffice;help;unblock' {
            break
        }
        'boxoffice;help;cancel' {
            break
        }
        'boxoffice;help;refunds' {
            [CompletionResult]::new('settle', 'settle', [CompletionResultType]::ParameterValue, 'Record that a refund was paid back, with the payment provider''s refund id')
            break
        }
        'boxoffice;help;refunds;settle' {
            break
        }
        'boxoffice;help;order' {
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Record the Razorpay order created for a hold, so its payment finds the booking')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the Razorpay orders linked to a booking, oldest first')
            break
        }
        'boxoffice;help;order;link' {
            break
        }
        'boxoffice;help;order;list' {
            break
        }
        'boxoffice;help;webhook' {
            [CompletionResult]::new('razorpay', 'razorpay', [CompletionResultType]::ParameterValue, 'Process one Razorpay webhook delivery: the raw body on stdin, its two headers as flags')
            break
        }
        'boxoffice;help;webhook;razorpay' {
            break
        }
        'boxoffice;help;report' {
            break
        }
        'boxoffice;help;inspect' {
            break
        }
        'boxoffice;help;history' {
            break
        }
        'boxoffice;help;watch' {
            break
        }
        'boxoffice;help;ttl' {
            break
        }
        'boxoffice;help;sweep' {
            break
        }
        'boxoffice;help;doctor' {
            break
        }
        'boxoffice;help;keys' {
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Move live holds between the seed and cluster key styles, TTLs kept, one showtime at once')
            break
        }
        'boxoffice;help;keys;migrate' {
            break
        }
        'boxoffice;help;init' {
            break
        }
        'boxoffice;help;showtime' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a showtime in a hall, or with a rectangular seat layout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List showtimes with their sold and held counts, and which are cancelled (reads SQLite only)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a screening: stop its sales, release its holds, owe its sales back (staff)')
            break
        }
        'boxoffice;help;showtime;add' {
            break
        }
        'boxoffice;help;showtime;list' {
            break
        }
        'boxoffice;help;showtime;cancel' {
            break
        }
        'boxoffice;help;hall' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a hall from its file: rows with gaps and aisles, seat categories, prices')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the halls with their seats, categories and currency (reads SQLite only)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Draw a hall''s map: rows, gaps and aisles, categories and their prices')
            break
        }
        'boxoffice;help;hall;add' {
            break
        }
        'boxoffice;help;hall;list' {
            break
        }
        'boxoffice;help;hall;show' {
            break
        }
        'boxoffice;help;config' {
            break
        }
        'boxoffice;help;completions' {
            break
        }
        'boxoffice;help;man' {
            break
        }
        'boxoffice;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
