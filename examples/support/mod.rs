//! Shared by the examples: a Redis to talk to. `REDIS_URL` when set (CI points it at the test
//! server); otherwise a throwaway `redis-server` on a free loopback port, removed on drop, so
//! `cargo run --example …` works on a fresh machine with nothing listening on 6379.
//!
//! The server itself is [`server::RedisServer`], the same one the integration tests start;
//! [`postgres::PgServer`] is the throwaway PostgreSQL for the engine's benchmarks and tests.

#![allow(dead_code)] // each example uses its own subset

pub mod cluster;
pub mod postgres;
pub mod server;

use server::RedisServer;

/// A Redis for an example: its URL, and the throwaway server behind it if we started one.
pub struct Server {
    pub url: String,
    _own: Option<RedisServer>,
}

/// `REDIS_URL` if set, else a fresh server of our own.
pub fn redis() -> Server {
    match std::env::var("REDIS_URL") {
        Ok(url) if !url.is_empty() => Server { url, _own: None },
        _ => start_redis(),
    }
}

/// Always a fresh server of our own (the benchmarks must not touch someone's data).
pub fn start_redis() -> Server {
    let own = RedisServer::try_start_with(&[]).unwrap_or_else(|e| {
        eprintln!("error: cannot start redis-server ({e}); or set REDIS_URL");
        std::process::exit(5)
    });
    Server {
        url: own.url(),
        _own: Some(own),
    }
}
