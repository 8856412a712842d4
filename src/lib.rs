//! boxoffice: cinema seat holds in Redis, permanent bookings in SQLite.
//!
//! The library is what the binary runs and what the examples and benchmarks call. Modules that
//! know about clap live under [`cli`]; everything else is the domain.

pub mod blocks;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod context;
pub mod doctor;
pub mod error;
pub mod halls;
pub mod history;
pub mod holds;
pub mod ids;
pub mod inspect;
pub mod keys;
pub mod migrate;
pub mod payments;
pub mod redis_acl;
pub mod redis_client;
pub mod refunds;
pub mod replication;
pub mod report;
pub mod scripts;
pub mod seating;
pub mod snapshot;
pub mod store;
pub mod sweep;
pub mod text;
pub mod watch;

pub use error::{Error, Result};
