//! The `watch` rows (issue 16): `watch` on a 5,000-seat hall, keyspace notifications on, while
//! 100 seats change each second (a lock set or deleted every 10 ms) for 5 s: how many times a
//! second it redraws (goal ≤ 10; each redraw starts with the cursor sent home, `ESC[1;1H`) and
//! the CPU time of the watch process (utime + stime from /proc/PID/stat) as a share of one core
//! (goal < 5%). Baseline: the changes' own rate. The watch runs on a real pseudo-terminal
//! (rexpect's `PtyProcess`), its output read and counted here.

use std::io::{Read, Write};
use std::sync::Mutex;

use rexpect::process::PtyProcess;

use super::*;

/// utime + stime of `pid`, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces: state is
    // field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

/// What the reader thread saw on the pty: the watch's pid (printed by the shell before it
/// exec'd boxoffice) and the number of frames drawn so far.
#[derive(Default)]
struct Seen {
    pid: Option<u32>,
    frames: usize,
}

fn read_pty(mut pty: std::fs::File, seen: Arc<Mutex<Seen>>) {
    const HOME: &[u8] = b"\x1b[1;1H";
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry: Vec<u8> = Vec::new();
    while let Ok(n) = pty.read(&mut buf) {
        if n == 0 {
            return;
        }
        carry.extend_from_slice(&buf[..n]);
        let mut s = seen.lock().unwrap();
        if s.pid.is_none()
            && let Some(line) = String::from_utf8_lossy(&carry).lines().next()
            && let Some(pid) = line.strip_prefix("pid=")
        {
            s.pid = pid.trim().parse().ok();
        }
        s.frames += carry.windows(HOME.len()).filter(|w| *w == HOME).count();
        // Keep a tail that could be the start of a marker cut by the read.
        let keep = carry.len().saturating_sub(HOME.len() - 1);
        carry.drain(..keep);
    }
}

pub(super) fn bench_watch(z: &Sizes) -> Vec<Row> {
    let srv = start_redis();
    let url = &srv.url;
    let dir = tempfile::tempdir().unwrap();
    let db = &fresh_db(url, dir.path());
    add_showtime(url, db, 1, z.inspect_rows, z.inspect_per_row);
    let seats = boxoffice::catalog::layout(&open_db(db), st(1)).unwrap();
    redis_cli(url, &["CONFIG", "SET", "notify-keyspace-events", "KA"]);

    let mut c = Command::new("sh");
    c.arg("-c")
        .arg("echo pid=$$; exec \"$0\" watch 1")
        .arg(bin())
        .env("REDIS_URL", url)
        .env("BOXOFFICE_DB", db)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .env_remove("BOXOFFICE_CONFIG");
    let process = PtyProcess::new(c).expect("watch on a pty");
    let seen = Arc::new(Mutex::new(Seen::default()));
    let reader = process.get_file_handle().unwrap();
    let s = Arc::clone(&seen);
    std::thread::spawn(move || read_pty(reader, s));
    let deadline = Instant::now() + Duration::from_secs(20);
    while seen.lock().unwrap().frames == 0 || seen.lock().unwrap().pid.is_none() {
        assert!(Instant::now() < deadline, "watch drew nothing in 20 s");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_secs(1)); // subscribed, steady
    let pid = seen.lock().unwrap().pid.unwrap();

    let mut con = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let changes = 100 * z.watch_secs as usize;
    let (ticks0, frames0, t0) = (cpu_ticks(pid), seen.lock().unwrap().frames, Instant::now());
    for i in 0..changes {
        let at = t0 + Duration::from_millis(10 * i as u64);
        std::thread::sleep(at.saturating_duration_since(Instant::now()));
        let key = format!("seat_lock:1:{}", seats[(i / 2) % seats.len()]);
        let cmd = if i % 2 == 0 {
            let mut c = redis::cmd("SET");
            c.arg(&key).arg("7").arg("PX").arg(60_000);
            c
        } else {
            let mut c = redis::cmd("DEL");
            c.arg(&key);
            c
        };
        let () = cmd.query(&mut con).unwrap();
    }
    let took = t0.elapsed();
    let (ticks1, frames1) = (cpu_ticks(pid), seen.lock().unwrap().frames);
    let mut w = process.get_file_handle().unwrap();
    let _ = w.write_all(b"q").and_then(|()| w.flush());
    let _ = process.wait();

    let secs = took.as_secs_f64();
    let redraws = (frames1 - frames0) as f64 / secs;
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let cpu = (ticks1 - ticks0) as f64 / hz / secs * 100.0;
    let n = seats.len();
    println!(
        "watch: {n} seats, {changes} changes in {secs:.1} s: {redraws:.1} redraws/s, {cpu:.1}% CPU"
    );
    let base = format!("{:.0} changes/s", changes as f64 / secs);
    vec![
        Row::new(
            format!("`watch` redraws, {n}-seat hall, 100 changes/s, keyspace notifications"),
            format!("{redraws:.1}/s"),
        )
        .baseline(base.clone())
        .goal("≤ 10/s", redraws <= 10.5, z),
        Row::new(
            format!("`watch` CPU (utime+stime), {n}-seat hall, 100 changes/s"),
            format!("{cpu:.1}% of one core"),
        )
        .baseline(base)
        .goal("< 5%", cpu < 5.0, z),
    ]
}
