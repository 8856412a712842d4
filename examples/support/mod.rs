//! Shared by the examples: a Redis to talk to. `REDIS_URL` when set (CI points it at the test
//! server); otherwise a throwaway `redis-server` on a free loopback port, removed on drop, so
//! `cargo run --example …` works on a fresh machine with nothing listening on 6379.

#![allow(dead_code)] // each example uses its own subset

use std::process::{Command, Stdio};
use std::time::Duration;

use boxoffice::redis_client::Redis;

/// A throwaway server: the process, its port, and its directory.
pub struct Server {
    child: Option<std::process::Child>,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `REDIS_URL` if set, else a fresh server of our own.
pub fn redis() -> Server {
    match std::env::var("REDIS_URL") {
        Ok(url) if !url.is_empty() => Server {
            child: None,
            url,
            _dir: None,
        },
        _ => start_redis(),
    }
}

/// Always a fresh server of our own (the benchmarks must not touch someone's data).
pub fn start_redis() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            eprintln!(
                "error: cannot start redis-server ({e}); install it with \
                 `sudo apt-get install redis-server` or set REDIS_URL"
            );
            std::process::exit(5)
        });
    let url = format!("redis://127.0.0.1:{port}/0");
    let server = Server {
        child: Some(child),
        url,
        _dir: Some(dir),
    };
    for _ in 0..250 {
        if Redis::connect(&server.url, Duration::from_secs(1)).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("error: redis-server did not start on port {port}");
    std::process::exit(5)
}
