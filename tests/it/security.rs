//! Issue 6: security. Only the holder acts on a hold (staff need --force and a confirmation);
//! the Redis password never appears in any output, error or the database; the database and
//! its side files are private; and `rediss://` works against a TLS-enabled redis-server with a
//! certificate from a private CA.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::Env;
use crate::server::RedisServer;

#[test]
fn only_the_holder_confirms_extends_or_releases() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].to_string();
    let before = (env.redis_state(), env.db_state());
    // Each impostor attempt is refused with the documented code and changes nothing.
    for (code, args) in [
        // Confirm by holder name acts on the named user's own hold only.
        (
            4,
            vec![
                "confirm",
                "--showtime",
                "24",
                "--user",
                "8",
                "--payment-id",
                "px",
            ],
        ),
        (3, vec!["release", "--booking", &id, "--user", "8"]),
        (
            3,
            vec!["release", "--showtime", "24", "--user", "8", "--seat", "A1"],
        ),
        (4, vec!["release", "--showtime", "24", "--user", "8"]),
        (2, vec!["release", "--showtime", "24", "--seat", "A1"]),
        (
            2,
            vec!["release", "--showtime", "24", "--seat", "A1", "--force"],
        ),
        (
            3,
            vec![
                "ttl",
                "--showtime",
                "24",
                "--seat",
                "A1",
                "--user",
                "8",
                "--extend",
                "5m",
            ],
        ),
        (
            3,
            vec!["ttl", "--showtime", "24", "--seat", "A1", "--extend", "5m"],
        ),
        (
            2,
            vec![
                "ttl",
                "--showtime",
                "24",
                "--seat",
                "A1",
                "--extend",
                "5m",
                "--force",
            ],
        ),
        (
            4,
            vec!["ttl", "--showtime", "24", "--user", "8", "--extend", "5m"],
        ),
        (
            3,
            vec!["ttl", "--showtime", "24", "--seat", "A1", "--user", "8"],
        ),
    ] {
        env.fails(code, &args);
        assert_eq!((env.redis_state(), env.db_state()), before, "{args:?}");
    }
    // The holder can; staff can with --force --yes, and it is audited as forced.
    env.ok("ttl --showtime 24 --user 7 --extend 1m");
    env.ok("ttl --showtime 24 --seat A1 --extend 1m --force --yes");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'extend' AND forced = 1"),
        1
    );
    env.ok("release --showtime 24 --user 7 --seat A2");
    env.ok("confirm --showtime 24 --user 7 --payment-id p7");
}

const PW: &str = "Zq9-hunter2-s3cr3t";

fn assert_no_password(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains(PW), "password leaked by {what}: {text}");
    // Nor URL-encoded, nor its distinctive middle.
    assert!(
        !text.contains("hunter2"),
        "password leaked by {what}: {text}"
    );
}

#[test]
fn the_redis_password_never_appears_in_output_errors_or_the_database() {
    let redis = RedisServer::start_with(&["--requirepass", PW]);
    let dir = tempfile::tempdir().unwrap();
    let env = Env {
        pg: None,
        db: dir.path().join("boxoffice.db"),
        dir,
        redis,
    };
    let port = env.redis.port;
    let good = format!("redis://:{PW}@127.0.0.1:{port}/0");
    let named = format!("redis://default:{PW}@127.0.0.1:{port}/0");
    let wrong = format!("redis://:wrong-{PW}@127.0.0.1:{port}/0");
    let unreachable = format!("redis://:{PW}@127.0.0.1:1/0");
    let no_auth = format!("redis://127.0.0.1:{port}/0");
    let malformed = format!("redis://:{PW}@[::1");
    let with =
        |url: &str, args: &[&str]| env.cmd().env("REDIS_URL", url).args(args).output().unwrap();
    let out = with(&good, &["init", "--demo"]);
    assert!(out.status.success(), "{out:?}");
    let commands: Vec<Vec<&str>> = vec![
        vec!["reserve", "--showtime", "24", "--user", "7", "A1", "A2"],
        vec!["reserve", "--showtime", "24", "--user", "8", "A1"],
        vec!["ttl", "--showtime", "24", "--user", "7"],
        vec!["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"],
        vec!["inspect", "24"],
        vec!["inspect", "24", "--check"],
        vec!["inspect", "24", "--seat", "A1"],
        vec!["release", "--showtime", "24", "--user", "7", "--seat", "A2"],
        vec![
            "confirm",
            "--showtime",
            "24",
            "--user",
            "7",
            "--payment-id",
            "p7",
        ],
        vec![
            "release",
            "--showtime",
            "24",
            "--seat",
            "A1",
            "--force",
            "--yes",
        ],
        vec!["sweep", "-v"],
        vec!["sweep", "--dry-run", "-v"],
        vec!["bookings"],
        vec!["showtime", "list"],
        vec!["init"],
        vec!["reserve", "--help"],
        vec!["--version"],
        vec!["no-such-command"],
    ];
    let mut codes = Vec::new();
    for url in [&good, &named, &wrong, &unreachable, &no_auth, &malformed] {
        for args in &commands {
            for json in [false, true] {
                let mut a = args.clone();
                if json {
                    a.push("--json");
                }
                // Both the environment variable and the flag.
                for via_flag in [false, true] {
                    let out = if via_flag {
                        let mut b = vec!["--redis-url", url.as_str()];
                        b.extend(&a);
                        with("redis://127.0.0.1:1/0", &b)
                    } else {
                        with(url, &a)
                    };
                    let what = format!("{a:?} with {}", url.replace(PW, "<pw>"));
                    assert_no_password(&what, &out.stdout);
                    assert_no_password(&what, &out.stderr);
                    codes.push(out.status.code());
                }
            }
        }
    }
    // The failing URLs really failed, so error paths were covered: auth refused, unreachable,
    // malformed.
    for (url, code) in [
        (&wrong, 5),
        (&unreachable, 5),
        (&no_auth, 5),
        (&malformed, 2),
    ] {
        let out = with(url, &["reserve", "--showtime", "24", "--user", "9", "B1"]);
        assert_eq!(out.status.code(), Some(code), "{out:?}");
    }
    assert!(codes.contains(&Some(0)));
    // Regression: with no password at all, a script call used to end in exit 1 ("Redis script
    // reserve failed: ... unauthenticated multibulk length"), as if it were a bug.
    for args in [
        &["reserve", "--showtime", "24", "--user", "9", "B1"][..],
        &["ttl", "--showtime", "24", "--seat", "A1"][..],
        &["inspect", "24"][..],
        &["sweep"][..],
    ] {
        let out = with(&no_auth, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(5), "{args:?}: {stderr}");
        assert!(
            stderr.contains("refused authentication"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("nothing was changed"), "{args:?}: {stderr}");
    }
    // Nothing in the database: audit rows, or anywhere in the file and its side files.
    for entry in std::fs::read_dir(env.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            assert_no_password(&path.display().to_string(), &std::fs::read(&path).unwrap());
        }
    }
}

#[test]
fn the_database_and_its_side_files_are_private() {
    let env = Env::bare();
    env.ok("init --demo");
    // Keep a connection open so SQLite's -wal and -shm files exist while we look.
    let reader = env.sqlite();
    reader
        .query_row("SELECT COUNT(*) FROM bookings", [], |r| r.get::<_, i64>(0))
        .unwrap();
    env.ok("reserve --showtime 24 --user 7 A1");
    let mut seen = 0;
    for suffix in ["", "-wal", "-shm", "-writer"] {
        let p = PathBuf::from(format!("{}{suffix}", env.db.display()));
        if let Ok(m) = std::fs::metadata(&p) {
            seen += 1;
            let mode = m.permissions().mode() & 0o777;
            assert_eq!(
                mode & 0o077,
                0,
                "{} is readable by others: {mode:o}",
                p.display()
            );
        }
    }
    assert_eq!(seen, 4, "expected the database, its -wal, -shm and -writer");
    // A database in a new directory: the directory is created too, and the file is private.
    let nested = env.dir.path().join("new").join("dir").join("b.db");
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", &nested)
        .arg("init")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mode = std::fs::metadata(&nested).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

// ---------------------------------------------------------------------------------------------
// TLS

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (apt-get install openssl)");
    assert!(out.status.success(), "openssl {args:?}: {out:?}");
}

/// A private CA and a server certificate for 127.0.0.1 signed by it.
fn certificates(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=boxoffice test CA",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );
}

struct TlsRedis {
    child: Child,
    port: u16,
}

impl Drop for TlsRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A redis-server that speaks TLS only, or None when this build of redis-server cannot.
fn start_tls_redis(dir: &Path, extra: &[&str]) -> Option<TlsRedis> {
    for _ in 0..10 {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new("redis-server")
            .args([
                "--port",
                "0",
                "--tls-port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
            ])
            .args([
                "--tls-cert-file",
                "server.pem",
                "--tls-key-file",
                "server.key",
            ])
            .args(["--tls-ca-cert-file", "ca.pem", "--tls-auth-clients", "no"])
            .args(["--save", "", "--appendonly", "no", "--dir"])
            .arg(dir)
            .args(extra)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn redis-server");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                let mut err = String::new();
                use std::io::Read;
                let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                if err.contains("tls") && !err.contains("Address already in use") {
                    crate::harness::cannot_run(
                        "TLS",
                        &format!("this redis-server has no TLS support: {err}"),
                    );
                    return None;
                }
                break; // port taken, most likely
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(TlsRedis { child, port });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("could not start a TLS redis-server");
}

#[test]
fn rediss_urls_work_against_a_tls_redis_with_a_private_ca() {
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path());
    let Some(server) = start_tls_redis(certs.path(), &["--requirepass", PW]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("boxoffice.db");
    let ca = certs.path().join("ca.pem");
    let url = format!("rediss://:{PW}@127.0.0.1:{}/0", server.port);
    let run = |url: &str, ca: Option<&Path>, args: &[&str]| {
        let mut c = assert_cmd::Command::cargo_bin("boxoffice").unwrap();
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("BOXOFFICE_DB", &db)
            .env("REDIS_URL", url)
            .env("BOXOFFICE_REDIS_TIMEOUT", "3s")
            .env("USER", "tester")
            .timeout(Duration::from_secs(60));
        if let Some(ca) = ca {
            c.env("SSL_CERT_FILE", ca);
        }
        let out = c.args(args).output().unwrap();
        assert_no_password(&format!("{args:?}"), &out.stdout);
        assert_no_password(&format!("{args:?}"), &out.stderr);
        out
    };
    let ok = |args: &[&str]| {
        let out = run(&url, Some(&ca), args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    ok(&["init", "--demo"]);
    // The whole flow over a verified TLS connection (the CA from SSL_CERT_FILE).
    ok(&["reserve", "--showtime", "24", "--user", "7", "A1", "A2"]);
    ok(&["ttl", "--showtime", "24", "--user", "7", "--extend", "1m"]);
    ok(&[
        "confirm",
        "--showtime",
        "24",
        "--user",
        "7",
        "--payment-id",
        "p7",
    ]);
    ok(&["reserve", "--showtime", "24", "--user", "8", "B1"]);
    ok(&["sweep"]);
    ok(&["inspect", "24", "--check"]);
    // The keys really are in that server, read back over TLS by the test.
    let client = redis::Client::open(format!("{url}#insecure")).unwrap();
    let mut con = client
        .get_connection_with_timeout(Duration::from_secs(5))
        .unwrap();
    let v: Option<String> = redis::cmd("GET")
        .arg("seat_lock:24:B1")
        .query(&mut con)
        .unwrap();
    assert_eq!(v.as_deref(), Some("8"));

    // Without the CA the certificate is not trusted: exit 5, nothing changed.
    let before = std::fs::read(&db).unwrap();
    let out = run(
        &url,
        None,
        &["reserve", "--showtime", "24", "--user", "9", "C1"],
    );
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("certificate"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    // `#insecure` skips verification (for development only).
    let insecure = format!("{url}#insecure");
    let out = run(&insecure, None, &["inspect", "24"]);
    assert!(out.status.success(), "{out:?}");
    // Plain redis:// to a TLS port fails clearly too.
    let plain = format!("redis://:{PW}@127.0.0.1:{}/0", server.port);
    let out = run(
        &plain,
        Some(&ca),
        &["reserve", "--showtime", "24", "--user", "9", "C1"],
    );
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let v: Option<String> = redis::cmd("GET")
        .arg("seat_lock:24:C1")
        .query(&mut con)
        .unwrap();
    assert_eq!(v, None);
}

/// Every credential form the redis crate accepts — userinfo (`user:pass@`), `?pass=` and
/// `?user=` on `unix://` and `redis+unix://` sockets, and `?password=` (masked in case) — is
/// masked in `config`, `config --json` and errors, from the flag and from the environment.
#[test]
fn credentials_in_every_url_form_never_appear() {
    let sockets = tempfile::tempdir().unwrap();
    let sock = sockets.path().join("redis.sock");
    let sock_s = sock.display().to_string();
    let redis = RedisServer::start_with(&["--requirepass", PW, "--unixsocket", &sock_s]);
    let dir = tempfile::tempdir().unwrap();
    let env = Env {
        pg: None,
        db: dir.path().join("boxoffice.db"),
        dir,
        redis,
    };
    let missing = sockets.path().join("no-such.sock").display().to_string();
    let good = format!("redis+unix://{sock_s}?pass={PW}");
    let out = env
        .cmd()
        .env("REDIS_URL", &good)
        .args(["init", "--demo"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let forms = [
        good.clone(),
        format!("unix://{sock_s}?user=default&pass={PW}&db=0"),
        format!("redis+unix://{missing}?pass={PW}"),
        format!("unix://{missing}?db=1&user=bob&pass={PW}"),
        format!("redis+unix://{missing}?password={PW}"),
        format!("redis+unix://{missing}?pa%73s={PW}"),
        format!("redis+unix://{sock_s}?pass=wrong-{PW}"),
        format!("redis://:{PW}@127.0.0.1:1/0?pass={PW}"),
        format!("rediss://bob:{PW}@127.0.0.1:1/0"),
        format!("redis://bob:{PW}@127.0.0.1:1/notanumber"),
    ];
    for url in &forms {
        let what = url.replace(PW, "<pw>");
        for via_flag in [false, true] {
            for args in [
                &["config"][..],
                &["config", "--json"][..],
                &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
                &["inspect", "24", "--json"][..],
                &["doctor"][..],
                &["doctor", "--json"][..],
            ] {
                let mut c = env.cmd();
                if via_flag {
                    c.args(["--redis-url", url]);
                } else {
                    c.env("REDIS_URL", url);
                }
                let out = c.args(args).output().unwrap();
                let what = format!("{args:?} with {what} (flag: {via_flag})");
                assert_no_password(&what, &out.stdout);
                assert_no_password(&what, &out.stderr);
                if args[0] == "config" && !url.contains("notanumber") {
                    assert_eq!(out.status.code(), Some(0), "{what}: {out:?}");
                    assert!(
                        String::from_utf8_lossy(&out.stdout).contains("***"),
                        "{what}"
                    );
                }
            }
        }
    }
    // The real socket works, and a wrong password there is named with where the URL came from.
    env.cmd()
        .env("REDIS_URL", &good)
        .args(["reserve", "--showtime", "24", "--user", "7", "A1"])
        .assert()
        .success();
    let wrong = format!("redis+unix://{sock_s}?pass=wrong-{PW}");
    let out = env
        .cmd()
        .args(["--redis-url", &wrong, "inspect", "24"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("refused authentication") && stderr.contains("flag --redis-url"),
        "{stderr}"
    );
    assert!(!stderr.contains("REDIS_URL"), "{stderr}");
    let out = env
        .cmd()
        .env("REDIS_URL", &wrong)
        .args(["inspect", "24"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("env REDIS_URL"), "{stderr}");
    // An unreachable socket: exit 5, the path shown, the password not.
    let e = env
        .cmd()
        .env(
            "REDIS_URL",
            format!("redis+unix://{missing}?user=bob&pass={PW}"),
        )
        .args(["reserve", "--showtime", "24", "--user", "8", "B1", "--json"])
        .output()
        .unwrap();
    assert_eq!(e.status.code(), Some(5), "{e:?}");
    let v: serde_json::Value = serde_json::from_slice(&e.stdout).unwrap();
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains(&missing) && msg.contains("pass=***") && msg.contains("user=***"),
        "{msg}"
    );
}

#[test]
fn the_redis_password_is_never_printed() {
    let env = Env::demo();
    for url in [
        "redis://:hunter2secret@127.0.0.1:1/0".to_string(),
        format!("redis://admin:hunter2secret@127.0.0.1:{}/0", env.redis.port),
    ] {
        for args in [
            &["reserve", "--showtime", "24", "--user", "7", "A1"][..],
            &["reserve", "--showtime", "24", "--user", "7", "A1", "--json"][..],
            &["--help"][..],
            &["reserve", "--help"][..],
        ] {
            let out = env
                .cmd()
                .env("REDIS_URL", &url)
                .args(args)
                .output()
                .unwrap();
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !all.contains("hunter2secret"),
                "password leaked by {args:?}: {all}"
            );
        }
    }
}
