//! The SQLite file read-only, its directory missing, busy, locked, or out of space.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::*;
use crate::harness::Env;

/// Makes a file unwritable even for root (`chattr +i`) and undoes it on drop, so the temp dir
/// can be removed whatever happens.
struct Immutable(std::path::PathBuf);

impl Immutable {
    fn set(path: &std::path::Path) -> Result<Immutable, String> {
        let out = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .output()
            .map_err(|e| format!("chattr: {e}"))?;
        if out.status.success() {
            Ok(Immutable(path.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

/// A tmpfs mounted for one test (root only), unmounted on drop.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &std::path::Path, size: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if out.status.success() {
            Ok(Tmpfs(at.to_path_buf()))
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_read_only_database_is_exit_5_and_nothing_is_held() {
    let env = Env::demo();
    env.ok("reserve --showtime 24 --user 8 B1");
    let before = (env.redis_state(), env.db_state());
    let _guard;
    if unsafe { libc::geteuid() } == 0 {
        // Root writes through a 0400 mode; the immutable attribute stops root too.
        match Immutable::set(&env.db) {
            Ok(g) => _guard = g,
            Err(e) => {
                crate::harness::cannot_run(
                    "a_read_only_database",
                    &format!(
                        "running as root, where chmod 0400 does not stop writes, and \
                         `chattr +i` is not available here ({e})"
                    ),
                );
                return;
            }
        }
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o400)).unwrap();
    }
    for args in [
        "reserve --showtime 24 --user 7 A1",
        "confirm --showtime 24 --user 8 --payment-id p8",
        "release --showtime 24 --user 8",
    ] {
        let err = env.json_err(5, args);
        let msg = err["message"].as_str().unwrap();
        assert_eq!(err["service"], "database", "{args:?}: {err}");
        assert!(msg.contains("read-only"), "{args:?}: {msg}");
        assert!(!msg.contains("database is locked"), "{msg}");
        // The reserve took its locks before SQLite refused, and gave them back.
        assert_eq!((env.redis_state(), env.db_state()), before, "{args:?}");
    }
    // Reading still works.
    env.ok("bookings");
    env.ok("inspect 24");
}

#[test]
fn a_missing_database_directory_is_exit_4_and_nothing_is_created() {
    let env = Env::demo();
    let gone = env.dir.path().join("no-such-dir").join("boxoffice.db");
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", &gone)
        .args(["reserve", "--showtime", "24", "--user", "7", "A1", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no database at"), "{stderr}");
    assert!(stderr.contains("boxoffice init"), "{stderr}");
    assert!(
        !gone.parent().unwrap().exists(),
        "the directory was created"
    );
    assert!(env.keys().is_empty(), "Redis was touched");

    // The directory removed under a working database: the same clear answer.
    std::fs::remove_dir_all(env.dir.path()).unwrap();
    let (_, stderr) = env.fails(4, "bookings");
    assert!(stderr.contains("no database at"), "{stderr}");
    // A parent that is a file: init cannot create the directory, exit 5 with the reason.
    std::fs::create_dir_all(env.dir.path()).unwrap();
    let file = env.dir.path().join("plainfile");
    std::fs::write(&file, b"x").unwrap();
    let out = env
        .cmd()
        .env("BOXOFFICE_DB", file.join("boxoffice.db"))
        .args(["init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot create directory"),
        "{out:?}"
    );
}

#[test]
fn a_writer_busy_for_a_moment_is_waited_for() {
    let env = Env::demo();
    let blocker = env.sqlite();
    blocker.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let reserve = env
        .process()
        .args(["reserve", "--showtime", "24", "--user", "7", "A1", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reserve has taken its lock in Redis and is waiting for SQLite.
    wait_for_key(&env, "seat_lock:24:A1", "the reserve never reached SQLite");
    std::thread::sleep(Duration::from_millis(500));
    blocker.execute_batch("ROLLBACK;").unwrap();
    let out = reserve.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM bookings WHERE status = 'PENDING'"),
        1
    );
    clean(&env);
}

#[test]
fn a_database_locked_by_another_writer_is_exit_5_and_nothing_is_half_written() {
    let env = Env::demo();
    let before = (env.redis_state(), env.db_state());
    let blocker = env.sqlite();
    blocker.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let t = Instant::now();
    let out = env
        .cmd()
        .args([
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "A2",
            "--json",
        ])
        .output()
        .unwrap();
    let took = t.elapsed();
    blocker.execute_batch("ROLLBACK;").unwrap();
    drop(blocker);
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    // It waited for the busy timeout (10 s), not forever, and not less.
    assert!(took < Duration::from_secs(30), "took {took:?}");
    assert!(took >= Duration::from_secs(9), "gave up after {took:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is busy"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert!(
        !stderr.contains("database is locked"),
        "raw SQLite text: {stderr}"
    );
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["service"], "database");
    assert_eq!(err["error"]["outcome_unknown"], false);
    // The locks it took first were given back; no booking, no audit row.
    assert_eq!((env.redis_state(), env.db_state()), before);
    // And once the writer is gone, the same command works.
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    clean(&env);
}

#[test]
fn a_boxoffice_writer_ahead_in_the_queue_for_too_long_is_exit_5_and_changes_nothing() {
    let env = Env::demo();
    let before = (env.redis_state(), env.db_state());
    // Another boxoffice process mid-write: it holds the writers' queue beside the database.
    let queue = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(format!("{}-writer", env.db.display()))
        .unwrap();
    queue.lock().unwrap();
    let t = Instant::now();
    let out = env
        .cmd()
        .args(["reserve", "--showtime", "24", "--user", "7", "A1", "--json"])
        .output()
        .unwrap();
    let took = t.elapsed();
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(took >= Duration::from_secs(9), "gave up after {took:?}");
    assert!(took < Duration::from_secs(30), "took {took:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is busy"), "{stderr}");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!((env.redis_state(), env.db_state()), before);
    // The writer that gave up left the queue: once the other one is done, the next one writes.
    queue.unlock().unwrap();
    env.ok("reserve --showtime 24 --user 7 A1");
    clean(&env);
}

#[test]
fn a_full_disk_at_commit_is_exit_5_and_leaves_no_partial_booking() {
    // Dropped last: the mount point's parent, after the unmount.
    let outer = tempfile::tempdir().unwrap();
    let mnt = outer.path().join("small");
    let _fs = match Tmpfs::mount(&mnt, "1m") {
        Ok(fs) => fs,
        Err(e) => {
            crate::harness::cannot_run(
                "a_full_disk_at_commit",
                &format!(
                    "needs root to mount a small tmpfs ({e}); SQLite's max_page_count is per \
                     connection, so it cannot be imposed on the binary"
                ),
            );
            return;
        }
    };
    let env = Env {
        pg: None,
        redis: crate::server::RedisServer::start(),
        db: mnt.join("boxoffice.db"),
        dir: tempfile::tempdir().unwrap(),
    };
    env.ok("init --demo");
    env.ok("reserve --showtime 24 --user 8 B1");
    // Keep a reader open so the -wal and -shm files stay allocated; then fill the disk.
    let reader = env.sqlite();
    reader
        .query_row("SELECT COUNT(*) FROM bookings", [], |r| r.get::<_, i64>(0))
        .unwrap();
    let filler = mnt.join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0xa5u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }
    let before = (env.redis_state(), env.db_state());
    let out = env
        .cmd()
        .args([
            "reserve",
            "--showtime",
            "24",
            "--user",
            "7",
            "A1",
            "A2",
            "--json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    assert!(stderr.contains("rolled back"), "{stderr}");
    let err: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(err["error"]["service"], "database", "{err}");
    // No partial booking, no audit row, and the locks it took first were given back.
    assert_eq!((env.redis_state(), env.db_state()), before);
    let ok: String = reader
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(reader);
    // Space again: the same command works.
    std::fs::remove_file(&filler).unwrap();
    env.ok("reserve --showtime 24 --user 7 A1 A2");
    clean(&env);
}
