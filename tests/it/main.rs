//! The one integration test binary: black-box tests of `boxoffice` against a real Redis and a
//! real SQLite file per test.

mod checks;
#[path = "../../examples/support/cluster.rs"]
mod cluster_set;
mod harness;
#[path = "../../examples/support/postgres.rs"]
mod pg_server;
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
mod engines;
mod eviction;
mod examples;
mod failover;
mod faults;
mod fuzz;
mod halls;
mod history;
mod hostile;
mod inspect;
mod interactive;
mod keys;
mod model;
mod moves;
mod payments;
mod prices;
mod readme;
mod refunds;
mod refusals;
mod release;
mod replication;
mod report;
mod reserve;
mod reshard;
mod reshard_load;
mod security;
mod sentinel;
mod showtime_cancel;
mod sweep;
mod ttl;
mod watch;
