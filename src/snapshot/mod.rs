//! One showtime's state as Redis and SQLite each see it, read without changing anything, and
//! the comparison of the two: the seat map and the anomalies that `inspect` shows and `sweep`
//! repairs.
//!
//! Redis is read in a handful of round trips whatever the showtime's size: one SCAN pass for
//! the showtime's lock and reservation keys (never KEYS, which blocks the server), then one
//! pipeline with MGET and PTTL for all of them, and a second small pipeline only when a key
//! turns out not to be a string. The two reads are not one atomic snapshot, so a hold taken in
//! between can show as a passing anomaly; running inspect again tells a glitch from a fault.
//!
//! `read` talks to the servers and builds the two views; `analyze` compares them with no
//! I/O (so its unit tests need no Redis); `anomaly` names what can be wrong and words the
//! fixes.

mod analyze;
mod anomaly;
mod cancelled;
mod read;

pub use analyze::{Counts, Report, SeatState, SeatView, analyze};
pub use anomaly::{Anomaly, AnomalyKind};
pub use read::{DbClaim, DbView, FoundKeys, KeyState, KeyValue, RedisView, scan};

/// The value formats live with the key scheme; re-exported for the callers that read them here.
pub use crate::keys::{parse_reservation, parse_seat_array};
