//! The clocks of a hold: this machine's, for audit rows, and how long a hold may be in flight.

use std::time::Duration;

/// How long a user's hold in Redis that SQLite does not know about may be another command still
/// between its Redis and SQLite steps (which the 10 s busy timeout bounds far below this). Within
/// it, a second reserve for the same user is refused rather than merged; after it, the hold is
/// an orphan of a crashed command: the user's next reserve replaces it and `sweep` removes its
/// locks.
pub const IN_FLIGHT_GRACE: Duration = Duration::from_secs(60);

/// This machine's clock, for audit rows and `updated_at`.
pub fn wall_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
