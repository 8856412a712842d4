//! The optional replication wait (`wait_replicas`, off by default): after a command's hold
//! writes, `WAIT N timeout` on the same connection, so that the command returns once N
//! replicas have every write it made, or says that they have not.
//!
//! Replication is asynchronous: a lock the primary acknowledged can be missing on the replica
//! Sentinel promotes. `WAIT` narrows that window; it is not consistency (a replica that
//! acknowledged can still lose the write, and the primary keeps a write no replica has). What
//! keeps a seat from being sold twice is still SQLite's fence, and what puts a lost hold back
//! is still `sweep`; the wait only makes it rarer that a customer's hold is missing from Redis
//! after a failover, until that sweep.
//!
//! Which writes wait: the ones that give a customer a hold or more time on it — `reserve`
//! (and `--best`), `ttl --extend`, `move` (its new seats), and a `sweep` that restored holds.
//! Losing one of those lets Redis offer a held seat to someone else (who is then refused by
//! the fence) and shows the seat map wrong. The writes that only end a hold — `confirm`'s and
//! `release`'s dropping of locks, `cancel`, `block` — do not wait: SQLite has already
//! committed the change, and a lost drop only leaves a lock that expires with its hold and that
//! `sweep` removes sooner; waiting would slow every checkout for nothing a customer can see.
//!
//! When: once, after the command's last write and after SQLite has recorded the change. `WAIT`
//! counts every write the connection made before it, so one covers the script and anything the
//! command wrote after it; and the lock-to-record window of a reserve is not made longer.
//!
//! A short answer (fewer replicas within the timeout, or no answer at all) is a warning, and
//! the command still succeeds (exit 0): the write happened on the primary and SQLite recorded
//! it, so "outcome unknown" (exit 5) would be false, and a retry would change nothing.

use std::time::Duration;

use crate::redis_client::Redis;

/// How many replicas to wait for, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitPolicy {
    /// 0: off, no `WAIT` is sent.
    pub replicas: u32,
    /// How long the server may wait for them.
    pub timeout: Duration,
}

/// What the wait found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replicated {
    /// The wait is off.
    Off,
    /// At least the replicas asked for have every write of the command.
    Acked { acked: u32 },
    /// Fewer replicas than asked had them when the timeout passed.
    Short {
        acked: u32,
        wanted: u32,
        timeout: Duration,
    },
    /// No count came back (the connection failed, the ACL refused `WAIT`): unknown.
    Unanswered { wanted: u32, why: String },
}

/// Waits, per `policy`, for the replicas to have every write `redis` made so far.
pub fn wait(redis: &mut Redis, policy: WaitPolicy) -> Replicated {
    if policy.replicas == 0 {
        return Replicated::Off;
    }
    match redis.wait_for_replicas(policy.replicas, policy.timeout) {
        Ok(acked) if acked >= policy.replicas => Replicated::Acked { acked },
        Ok(acked) => Replicated::Short {
            acked,
            wanted: policy.replicas,
            timeout: policy.timeout,
        },
        Err(why) => Replicated::Unanswered {
            wanted: policy.replicas,
            why,
        },
    }
}

impl Replicated {
    /// The warning for a short wait, about `what` ("the hold", "the restored holds"); `None`
    /// when the replicas have it or the wait is off.
    pub fn warning(&self, what: &str) -> Option<String> {
        const STILL: &str = "it is on the primary and recorded in the database, so the command \
            succeeded; if the primary fails before a replica has it, `boxoffice sweep` restores \
            it from the database";
        match self {
            Replicated::Off | Replicated::Acked { .. } => None,
            Replicated::Short {
                acked,
                wanted,
                timeout,
            } => Some(format!(
                "only {acked} of {wanted} replica(s) acknowledged {what} within {} \
                 (wait_replicas): {STILL}",
                humantime::format_duration(*timeout)
            )),
            Replicated::Unanswered { wanted, why } => Some(format!(
                "could not learn whether {wanted} replica(s) have {what}: {why}; {STILL}"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_short_or_unanswered_wait_warns() {
        assert_eq!(Replicated::Off.warning("the hold"), None);
        assert_eq!(Replicated::Acked { acked: 2 }.warning("the hold"), None);
        let short = Replicated::Short {
            acked: 0,
            wanted: 1,
            timeout: Duration::from_millis(100),
        };
        let w = short.warning("the hold").unwrap();
        assert!(
            w.starts_with("only 0 of 1 replica(s) acknowledged the hold within 100ms"),
            "{w}"
        );
        assert!(w.contains("boxoffice sweep"), "{w}");
        let lost = Replicated::Unanswered {
            wanted: 1,
            why: "Redis at redis://***@h:1/0 answered no WAIT (timed out)".into(),
        };
        assert!(lost.warning("the hold").unwrap().contains("(timed out)"));
    }
}
