//! A throwaway PostgreSQL: `initdb` into its own temp dir, `pg_ctl start` on a free loopback
//! port (its unix socket in the temp dir too), a database per user made cheaply from
//! `template0`, and `pg_ctl stop -m immediate` on drop.
//!
//! Shared by the integration tests (`#[path = "../../examples/support/postgres.rs"]` in
//! `tests/it/main.rs`) and the benchmarks, like `server.rs`. PostgreSQL refuses to run as root,
//! so as root the cluster belongs to `nobody` and every server command runs through `runuser`.
//! The binaries are looked for in `BOXOFFICE_PG_BIN`, on `PATH`, then in Debian's
//! `/usr/lib/postgresql/NN/bin` (newest first), which is not on `PATH`. A missing one is an
//! error with the fix, never a skip.
//!
//! The server is set up like a site's: password logins over TCP (`scram-sha-256`), a superuser
//! `postgres` for the harness, and an unprivileged role `boxoffice` that owns each database the
//! harness makes, so boxoffice runs with the privileges the README documents and no more.
//! Tests run it with `fsync=off` (a test's data needn't survive a power cut); the benchmarks
//! pass `fsync=on` to measure what a site has.

#![allow(dead_code)] // two users, each with its own subset

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The superuser's password (the harness's own connections).
pub const ADMIN_PASSWORD: &str = "admin-pw-9f3";
/// The role boxoffice connects as, and its password (which every message must mask).
pub const ROLE: &str = "boxoffice";
pub const ROLE_PASSWORD: &str = "counter-pw-7d1";

pub struct PgServer {
    pub port: u16,
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// As root: the unprivileged user the cluster runs as.
    run_as: Option<String>,
    settings: Vec<(String, String)>,
    running: bool,
}

const HINT: &str = "The PostgreSQL tests need a real server: install it with \
    `sudo apt-get install postgresql` (Debian/Ubuntu; the binaries land in \
    /usr/lib/postgresql/NN/bin, which is searched) or `brew install postgresql`, set \
    BOXOFFICE_PG_BIN to the directory holding initdb and pg_ctl, or run `.ci/test`, which \
    installs it.";

/// The directory holding `initdb`, `pg_ctl` and `postgres`.
pub fn pg_bin_dir() -> Result<PathBuf, String> {
    let has_all = |d: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| d.join(b).is_file())
    };
    if let Some(d) = std::env::var_os("BOXOFFICE_PG_BIN").map(PathBuf::from) {
        return if has_all(&d) {
            Ok(d)
        } else {
            Err(format!(
                "BOXOFFICE_PG_BIN={} has no initdb, pg_ctl and postgres. {HINT}",
                d.display()
            ))
        };
    }
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    // Newest first: 17 before 15 (by number, not by text).
    debian.sort_by_key(|p| {
        std::cmp::Reverse(
            p.parent()
                .and_then(|v| v.file_name())
                .and_then(|v| v.to_str())
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0),
        )
    });
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    // A PATH entry may hold symlinks into the real directory: use the real one.
    let candidates = on_path
        .into_iter()
        .filter(|d| d.join("pg_ctl").is_file())
        .filter_map(|d| std::fs::canonicalize(d.join("pg_ctl")).ok())
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .chain(debian);
    for d in candidates {
        if has_all(&d) {
            return Ok(d);
        }
    }
    Err(format!("initdb / pg_ctl / postgres not found. {HINT}"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

impl PgServer {
    /// A server for tests (`fsync=off`); panics with the install hint when PostgreSQL is
    /// missing.
    pub fn start() -> PgServer {
        Self::try_start(&[("fsync", "off"), ("full_page_writes", "off")])
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Starts a server with extra `postgres -c` settings.
    pub fn try_start(settings: &[(&str, &str)]) -> Result<PgServer, String> {
        let bin = pg_bin_dir()?;
        let dir = tempfile::Builder::new()
            .prefix("boxoffice-pg")
            .tempdir()
            .map_err(|e| format!("temp dir for PostgreSQL: {e}"))?;
        let run_as = is_root().then(|| "nobody".to_string());
        let mut pg = PgServer {
            port: 0,
            dir,
            bin,
            run_as,
            settings: settings
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            running: false,
        };
        pg.initdb()?;
        for _ in 0..5 {
            pg.port = free_port();
            if pg.try_start_server().is_ok() {
                pg.create_role()?;
                return Ok(pg);
            }
        }
        let log = std::fs::read_to_string(pg.dir.path().join("log")).unwrap_or_default();
        Err(format!(
            "PostgreSQL did not start after 5 tries; its log:\n{log}"
        ))
    }

    /// A command of the server's binaries, run as the cluster's owner.
    fn cmd(&self, binary: &str) -> Command {
        let path = self.bin.join(binary);
        match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, mut c: Command, what: &str) -> Result<(), String> {
        let out = c
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{what}: {e}. {HINT}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{what} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    fn initdb(&self) -> Result<(), String> {
        let top = self.dir.path();
        let pwfile = top.join("pw");
        std::fs::write(&pwfile, ADMIN_PASSWORD).map_err(|e| e.to_string())?;
        if let Some(user) = &self.run_as {
            let out = Command::new("chown")
                .args(["-R", user])
                .arg(top)
                .output()
                .map_err(|e| format!("chown the PostgreSQL dir: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "chown {}: {}",
                    top.display(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
        let mut c = self.cmd("initdb");
        c.arg("-D")
            .arg(self.data())
            .args(["-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()));
        self.run(c, "initdb")
    }

    fn try_start_server(&mut self) -> Result<(), String> {
        let mut opts = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c max_connections=300 \
             -c shared_buffers=32MB",
            self.port,
            self.dir.path().display()
        );
        for (k, v) in &self.settings {
            opts.push_str(&format!(" -c {k}={v}"));
        }
        let mut c = self.cmd("pg_ctl");
        c.arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-t", "30", "-o", &opts, "start"]);
        self.run(c, "pg_ctl start")?;
        self.running = true;
        Ok(())
    }

    /// Stops the server at once (a crash, as far as clients can tell).
    pub fn stop(&mut self) {
        if !self.running {
            return;
        }
        let mut c = self.cmd("pg_ctl");
        c.arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"]);
        let _ = c.stdout(Stdio::null()).stderr(Stdio::null()).status();
        self.running = false;
    }

    /// Stops and starts the server again on the same port, data kept.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.try_start_server().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("PostgreSQL did not restart on port {}", self.port);
    }

    /// A connection as the superuser, to `db`.
    pub fn admin(&self, db: &str) -> postgres::Client {
        let url = format!(
            "postgres://postgres:{ADMIN_PASSWORD}@127.0.0.1:{}/{db}?connect_timeout=10",
            self.port
        );
        postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to the test PostgreSQL as postgres: {e}"))
    }

    fn create_role(&self) -> Result<(), String> {
        self.admin("postgres")
            .batch_execute(&format!(
                "CREATE ROLE {ROLE} LOGIN PASSWORD '{ROLE_PASSWORD}' NOSUPERUSER NOCREATEDB \
                 NOCREATEROLE"
            ))
            .map_err(|e| format!("create role {ROLE}: {e}"))
    }

    /// A new, empty database owned by the `boxoffice` role; its name.
    pub fn create_database(&self) -> String {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        let name = format!(
            "box_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        self.admin("postgres")
            .batch_execute(&format!(
                "CREATE DATABASE {name} OWNER {ROLE} TEMPLATE template0"
            ))
            .unwrap_or_else(|e| panic!("create database {name}: {e}"));
        name
    }

    /// The URL boxoffice is given for database `db` (with the role's password in it).
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgres://{ROLE}:{ROLE_PASSWORD}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// A connection as the `boxoffice` role to `db`, for reading rows back in a test.
    pub fn connect(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db), postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to the test PostgreSQL database {db}: {e}"))
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One server for a whole test binary, started on first use. A static is never dropped, so
/// a watchdog process stops it (and removes its directory) when the test process is gone,
/// however it ended.
pub fn shared() -> &'static PgServer {
    static SERVER: std::sync::OnceLock<PgServer> = std::sync::OnceLock::new();
    SERVER.get_or_init(|| {
        let pg = PgServer::start();
        pg.watch(std::process::id());
        pg
    })
}

impl PgServer {
    /// Stops the server and removes its directory once process `pid` has ended.
    fn watch(&self, pid: u32) {
        let pg_ctl = self.bin.join("pg_ctl");
        let stop = match &self.run_as {
            Some(u) => format!("runuser -u {u} -- '{}'", pg_ctl.display()),
            None => format!("'{}'", pg_ctl.display()),
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             {stop} -D '{data}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{top}'",
            data = self.data().display(),
            top = self.dir.path().display()
        );
        let _ = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}
