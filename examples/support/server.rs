//! A throwaway `redis-server`: a free loopback port (never 6379), its own temp dir, no
//! persistence, killed on drop, and checked by `process_id` to be the server that answers.
//!
//! The one test server of the project: the integration tests include this file
//! (`#[path = "../../examples/support/server.rs"] mod server;` in `tests/it/main.rs`) and the
//! examples and benchmarks use it through `examples/support/mod.rs`. A missing `redis-server`
//! fails a test with the fix ([`RedisServer::start_with`]); the examples exit 5 with the same
//! words ([`RedisServer::try_start_with`]).

#![allow(dead_code)] // two users, each with its own subset

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
    dir: tempfile::TempDir,
    binary: PathBuf,
    extra: Vec<String>,
}

fn redis_server_binary() -> Result<PathBuf, String> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("redis-server"))
            .find(|p| p.is_file())
    });
    found.ok_or_else(|| {
        "redis-server not found on PATH. The tests need a real Redis: install it with \
         `sudo apt-get install redis-server` (Debian/Ubuntu) or `brew install redis`, \
         or run `.ci/test`, which installs it."
            .to_string()
    })
}

fn free_port() -> u16 {
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .expect("bind a loopback port")
            .local_addr()
            .expect("local addr")
            .port();
        if port != 6379 {
            return port;
        }
    }
}

impl RedisServer {
    pub fn start() -> RedisServer {
        Self::start_with(&[])
    }

    /// Starts with extra `redis-server` arguments, e.g. `["--requirepass", "pw"]`.
    pub fn start_with(extra: &[&str]) -> RedisServer {
        Self::try_start_with(extra).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`RedisServer::start_with`] that reports a missing `redis-server` instead of panicking.
    pub fn try_start_with(extra: &[&str]) -> Result<RedisServer, String> {
        let binary = redis_server_binary()?;
        let dir = tempfile::tempdir().expect("temp dir for redis");
        let mut server = RedisServer {
            child: None,
            port: 0,
            dir,
            binary,
            extra: extra.iter().map(|s| s.to_string()).collect(),
        };
        for _ in 0..10 {
            server.port = free_port();
            if server.spawn() {
                return Ok(server);
            }
        }
        Err("could not start redis-server on a free port after 10 tries".into())
    }

    fn spawn(&mut self) -> bool {
        let mut child = Command::new(&self.binary)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--protected-mode", "no"])
            .arg("--dir")
            .arg(self.dir.path())
            .args(&self.extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return false; // port taken, most likely
            }
            // The server that answers must be ours: another test may have taken the port
            // between choosing it (or stopping this server) and our child binding it.
            if self.ping_pid() == Some(child.id()) {
                self.child = Some(child);
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        false
    }

    /// The process id of the server answering on our port, if one does.
    fn ping_pid(&self) -> Option<u32> {
        let client = redis::Client::open(self.url_with_auth()).ok()?;
        let mut con = client
            .get_connection_with_timeout(Duration::from_millis(200))
            .ok()?;
        let info: String = redis::cmd("INFO").arg("server").query(&mut con).ok()?;
        info.lines()
            .find_map(|l| l.strip_prefix("process_id:"))?
            .trim()
            .parse()
            .ok()
    }

    fn url_with_auth(&self) -> String {
        match self.extra.iter().position(|a| a == "--requirepass") {
            Some(i) => format!("redis://:{}@127.0.0.1:{}/0", self.extra[i + 1], self.port),
            None => self.url(),
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    pub fn connection(&self) -> redis::Connection {
        let client = redis::Client::open(self.url_with_auth()).expect("redis url");
        let con = client
            .get_connection_with_timeout(Duration::from_secs(5))
            .expect("connect to test redis");
        con.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        con
    }

    /// Freezes the server process (SIGSTOP) until the guard is dropped (SIGCONT): its
    /// connections stay up, but it reads, answers and acknowledges nothing: a replica that falls
    /// behind, a primary that hangs.
    pub fn pause(&self) -> Paused {
        let pid = self.child.as_ref().expect("a running server").id() as libc::pid_t;
        // SAFETY: kill(2) on our own child's pid; no memory is involved.
        assert_eq!(
            unsafe { libc::kill(pid, libc::SIGSTOP) },
            0,
            "SIGSTOP {pid}"
        );
        Paused(pid)
    }

    /// Stops the server (a crash, as far as clients can tell).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts again on the same port, empty: what a Redis without persistence looks like after
    /// a restart. If another test took the port meanwhile, it moves to a free one (every
    /// command reads the URL from here, so nothing else needs to know).
    pub fn restart_empty(&mut self) {
        self.stop();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.spawn() {
                return;
            }
            if self.ping_pid().is_some() {
                self.port = free_port();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not restart on port {}", self.port);
    }
}

/// A server frozen by [`RedisServer::pause`]; it runs again when this is dropped, even after a
/// failed assertion.
pub struct Paused(libc::pid_t);

impl Drop for Paused {
    fn drop(&mut self) {
        // SAFETY: as in `pause`.
        unsafe { libc::kill(self.0, libc::SIGCONT) };
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
