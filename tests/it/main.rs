//! The one integration test binary: black-box tests of `boxoffice` against a real Redis and a
//! real SQLite file per test.

mod checks;
mod harness;
#[path = "../../examples/support/sentinel.rs"]
mod sentinel_set;
#[path = "../../examples/support/server.rs"]
mod server;

mod acl;
mod best;
mod block;
mod bookings;
mod cancel;
mod catalog;
mod cli;
mod cluster;
mod confirm;
mod contention;
mod doctor;
mod eviction;
mod examples;
mod faults;
mod fuzz;
mod halls;
mod history;
mod hostile;
mod inspect;
mod interactive;
mod model;
mod moves;
mod payments;
mod prices;
mod readme;
mod refunds;
mod refusals;
mod release;
mod report;
mod reserve;
mod security;
mod sentinel;
mod showtime_cancel;
mod sweep;
mod ttl;
mod watch;
