//! The live-update listener of `watch`: a second Redis connection, subscribed to one
//! showtime's keyspace notifications when the server sends them, that only says "look now"
//! (the frame read by the caller says what changed). It runs on its own thread for as long as
//! the watch does, and reconnects by itself: a Redis outage is the frame reader's to show.

use std::time::Duration;

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::redis_client::Redis;

/// What the listener tells the watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// A key of the showtime changed: read a frame soon.
    Changed,
    /// Subscribed: changes arrive as they happen.
    Live,
    /// The server does not send the notifications (or refuses `CONFIG GET`): polling only.
    Polling,
    /// No subscription for now (Redis unreachable); retrying.
    Lost,
}

/// How long the listener waits between attempts, and between checks of a server that does
/// not send notifications (an operator may turn them on while the watch runs).
const RETRY: Duration = Duration::from_secs(1);
const RECHECK: Duration = Duration::from_secs(5);

/// Listens until `send` answers false (the watch is over). `connect` opens a connection with
/// the settings' timeouts.
pub fn run(
    connect: impl Fn() -> Result<Redis, Error>,
    showtime: ShowtimeId,
    mut send: impl FnMut(Signal) -> bool,
) {
    loop {
        // On Redis Cluster, notifications are the node's own: listen on the primary serving
        // the showtime's slot (all its keys share it in the cluster key style).
        let node = connect().and_then(|r| {
            let key = r.keys().reserved_seats(showtime);
            r.node_for(&key)
        });
        let (signal, pause) = match node {
            Err(_) => (Signal::Lost, RETRY),
            Ok(mut redis) => match redis.config_get("notify-keyspace-events") {
                Ok(Some(flags)) if super::keyspace_allows(&flags) => {
                    if !send(Signal::Live) {
                        return;
                    }
                    let patterns = redis.keys().keyspace_patterns(redis.db(), showtime);
                    let mut open = true;
                    let done = redis.listen(&patterns, RETRY, |channel| {
                        open = channel.is_none() || send(Signal::Changed);
                        open
                    });
                    match done {
                        Ok(()) if !open => return,
                        _ => (Signal::Lost, RETRY),
                    }
                }
                // Not sent, or CONFIG refused (an ACL, a managed service): polling is all
                // there is.
                Ok(_) | Err(_) => (Signal::Polling, RECHECK),
            },
        };
        if !send(signal) {
            return;
        }
        std::thread::sleep(pause);
    }
}
