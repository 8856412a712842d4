//! The least-privilege Redis ACL rule boxoffice needs, in one place: the README prints it and
//! the tests create a user with exactly it (`tests/it/acl.rs`), so the two cannot drift.
//!
//! Why each part is there:
//! - Key patterns: the guide's four keys (`seat_lock:*`, `seat_reservation_*`,
//!   `reserved_seats_*`, `available_seats_*`, from [`crate::keys`]) and the sweep lock
//!   (`boxoffice:sweep_lock`). No other key is read or written.
//! - Commands sent by the client: `EVALSHA`, and `EVAL` on `NOSCRIPT` (every change is a
//!   script); `SCAN` (never `KEYS`), `MGET`, `PTTL`, `TYPE` and `TIME` for `inspect`, `sweep`
//!   and `ttl`; `SET` (`NX PX`) and `GET` for the sweep lock; `INFO` for `doctor`; `WAIT` for
//!   the optional replication wait (`wait_replicas`, `crate::replication`).
//! - Commands the scripts call (Redis checks them against the same rule): `GET`, `SET`, `DEL`,
//!   `EXISTS`, `APPEND`, `PEXPIRE`, `PEXPIREAT`, `PTTL`, `TIME`.
//! - Not needed: `SCRIPT LOAD` (scripts go by `EVALSHA`, falling back to `EVAL`), `KEYS`,
//!   `SELECT` (only sent for a database number other than 0: add `+select` then), `CONFIG`
//!   (`doctor` falls back to `INFO` when it is refused), `PING`, `CLIENT`, pub/sub.
//!   `AUTH` and `HELLO` need no permission.

/// The rule after `ACL SETUSER boxoffice on >PASSWORD`.
pub const ACL_RULE: &str = "resetchannels -@all \
~seat_lock:* ~seat_reservation_* ~reserved_seats_* ~available_seats_* ~boxoffice:sweep_lock \
+evalsha +eval +scan +mget +get +set +del +exists +append +pexpire +pexpireat +pttl +type \
+rename +time +info +wait";

/// The whole command, as the README shows it, for a user named `boxoffice`.
pub fn setuser_command(password: &str) -> String {
    format!("ACL SETUSER boxoffice on >{password} {ACL_RULE}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_names_commands_not_categories_of_them() {
        for word in ACL_RULE.split_whitespace() {
            assert!(
                word == "resetchannels" || word == "-@all" || !word.contains('@'),
                "{word}"
            );
        }
        assert!(!ACL_RULE.contains("+@all") && !ACL_RULE.contains("~*"));
    }
}
