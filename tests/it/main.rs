//! The one integration test binary: black-box tests of `boxoffice` against a real Redis and a
//! real SQLite file per test.

mod harness;
mod server;

mod cli;
mod core;
mod examples;
mod hostile;
mod inspect;
mod interactive;
mod sweep;
