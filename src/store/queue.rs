//! The writers' queue: boxoffice processes wait for one another's write transactions in the
//! kernel, on an exclusive `flock` of a file beside the database (`<db>-writer`), and only then
//! ask SQLite for its write lock.
//!
//! Why not SQLite's wait alone: SQLite has no queue. A waiter polls the lock from its busy
//! handler, so fifty waiting processes on a two-core machine wake thousands of times a second,
//! and each wake preempts the one process that holds the lock and is trying to commit. The
//! commits slow down, the waits grow, and on a busy CI machine one waiter polled past the
//! 10 s timeout (the contention test's `release … → exit 5, database busy`). A blocked `flock`
//! costs no CPU until the holder lets go.
//!
//! The queue is advisory and only between boxoffice processes: another program writing the
//! file (the `sqlite3` shell) is still waited for by the busy handler, and a database whose
//! directory cannot hold the queue file is used with the busy handler alone. The total wait
//! is bounded by [`BUSY_TIMEOUT`]: a blocking `flock` has no timeout, so a helper thread takes
//! it and hands it over; when the command has stopped waiting, the thread lets it go again.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use super::sqlite::BUSY_TIMEOUT;

/// A place in the queue that has reached the front: the write lock is ours until dropped.
#[derive(Debug)]
pub(super) struct Turn {
    _file: File,
}

/// How waiting for the queue ended.
pub(super) enum Wait {
    /// Our turn: go on to SQLite's own lock.
    Turn(Turn),
    /// No queue for this database (its directory is read-only, say): SQLite's wait alone.
    NoQueue,
    /// Other writers kept the queue for the whole of [`BUSY_TIMEOUT`].
    TimedOut,
}

/// The queue file of the database at `db`.
pub(super) fn queue_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-writer");
    PathBuf::from(name)
}

/// Waits for our turn to write `db`, for [`BUSY_TIMEOUT`] at most.
pub(super) fn wait_for_turn(db: &Path) -> Wait {
    let path = queue_path(db);
    let Some(file) = open(&path) else {
        return Wait::NoQueue;
    };
    match file.try_lock() {
        Ok(()) => return Wait::Turn(Turn { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => {}
        Err(std::fs::TryLockError::Error(_)) => return Wait::NoQueue,
    }
    let started = Instant::now();
    let (tx, rx) = mpsc::sync_channel::<Option<File>>(1);
    std::thread::spawn(move || {
        // A failed lock (the filesystem has none) hands over nothing: SQLite's wait alone.
        let got = file.lock().ok().map(|()| file);
        // When the command gave up, the send fails and `got` is dropped here: the lock is let
        // go at once, so a writer that stopped waiting never holds up the ones behind it.
        let _ = tx.send(got);
    });
    match rx.recv_timeout(BUSY_TIMEOUT.saturating_sub(started.elapsed())) {
        Ok(Some(file)) => Wait::Turn(Turn { _file: file }),
        Ok(None) => Wait::NoQueue,
        Err(_) => Wait::TimedOut,
    }
}

/// Opens (creating, owner-only like the database) the queue file; None when it can't be.
fn open(path: &Path) -> Option<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_for_the_first_to_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("b.db");
        let Wait::Turn(first) = wait_for_turn(&db) else {
            panic!("no turn for the first writer")
        };
        let db2 = db.clone();
        let second = std::thread::spawn(move || {
            let t = Instant::now();
            let got = matches!(wait_for_turn(&db2), Wait::Turn(_));
            (got, t.elapsed())
        });
        std::thread::sleep(std::time::Duration::from_millis(300));
        drop(first);
        let (got, waited) = second.join().unwrap();
        assert!(got, "the second writer never got its turn");
        assert!(
            waited >= std::time::Duration::from_millis(250),
            "it did not wait: {waited:?}"
        );
        assert!(queue_path(&db).exists());
    }

    #[test]
    fn a_database_in_a_directory_without_room_for_the_queue_uses_sqlites_wait_alone() {
        let db = Path::new("/nonexistent-dir-for-boxoffice/b.db");
        assert!(matches!(wait_for_turn(db), Wait::NoQueue));
    }
}
