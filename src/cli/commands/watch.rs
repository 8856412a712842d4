//! `boxoffice watch SHOWTIME`: the seat map of `inspect` on the terminal's alternate screen,
//! redrawn as seats change, with a log of the changes and, on `t`, the time left on each hold.
//!
//! Three threads feed one channel: the keyboard (crossterm's events; in raw mode Ctrl-C is a
//! key), the keyspace listener ([`crate::watch::listen`]) and nothing else; the main thread
//! reads a frame once a second (SQLite's changes are in no notification) and soon after a
//! notification, but never more often than every 100 ms, nor so often that reading and
//! drawing take more than a thirtieth of its time (a 5,000-seat hall under a rush stays a small
//! load). A frame that draws the same text as the last is not written. A Redis or database
//! outage is a status line and a retry at the next read, never an exit.

use std::collections::VecDeque;
use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use clap::Args;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, terminal as term};

use crate::cli;
use crate::cli::output::human_duration;
use crate::cli::terminal::{self, Screen};
use crate::context::Context;
use crate::error::Error;
use crate::ids::{ShowtimeId, escaped as esc};
use crate::redis_client::Redis;
use crate::snapshot::SeatState;
use crate::store::{Db, SeatInfo};
use crate::watch::{self, Change, ShowtimeReport, listen::Signal};

const EXAMPLES: &str = "\
Keys: q (or Ctrl-C) quits; t shows or hides the time left on each hold.

Live updates need the server to send keyspace notifications (`notify-keyspace-events` with K
and A, or K and g$x); watch never changes the server's settings. Without them it reads once a
second. Needs a terminal: for scripts, `boxoffice inspect SHOWTIME --json`.

Examples:
  boxoffice watch 24
";

#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct WatchArgs {
    /// The showtime to watch
    #[arg(value_parser = cli::showtime_id, add = cli::complete::showtime(), value_name = "SHOWTIME")]
    pub showtime: ShowtimeId,
}

/// A frame is read at least this often.
const TICK: Duration = Duration::from_secs(1);
/// ...and at most this often (10 a second).
const MIN_GAP: Duration = Duration::from_millis(100);
/// Reading and drawing may take at most 1/BUDGET of the time: a 5,000-seat frame costs about
/// 13 ms, so a rush on such a hall is drawn about 2.5 times a second, under 5% of a core in
/// all (`bench -- watch`); a few hundred seats, 10 times.
const BUDGET: u32 = 30;
/// Lines of the change log kept under the map.
const LOG_LINES: usize = 8;

enum Input {
    Key(KeyEvent),
    Resize,
    Redis(Signal),
    KeyboardLost(String),
}

pub fn run(ctx: &Context, a: WatchArgs) -> Result<(), Error> {
    let id = a.showtime;
    let db = ctx.db()?;
    // A showtime that does not exist is exit 4, as for inspect, terminal or not.
    crate::catalog::get_showtime(&db, id)?;
    if ctx.json || !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(Error::invalid(format!(
            "watch draws on a terminal and stdin or stdout is not one{}; for scripts use \
             `boxoffice inspect {id} --json`",
            if ctx.json {
                " (or --json was given)"
            } else {
                ""
            }
        )));
    }
    let infos = crate::catalog::seat_infos(&db, id)?;
    catch_termination();
    let (tx, rx) = mpsc::channel();
    spawn_listener(ctx, id, tx.clone());
    spawn_keyboard(tx.clone());
    let _screen = Screen::enter()?;
    let w = Watch {
        ctx,
        db,
        id,
        infos,
        redis: None,
        frame: None,
        log: VecDeque::new(),
        show_holds: false,
        mode: None,
        trouble: None,
        drawn: String::new(),
    };
    // `tx` stays alive here, so the channel never closes under the loop.
    let result = w.run(&rx);
    drop(tx);
    result
}

fn spawn_listener(ctx: &Context, id: ShowtimeId, tx: Sender<Input>) {
    let url = ctx.settings.redis_url.value.clone();
    let from = ctx.settings.redis_url.source.origin();
    let timeout = ctx.settings.redis_timeout.value;
    let keys = ctx.keys();
    std::thread::spawn(move || {
        let connect = || Redis::connect_from(&url, &from, timeout, keys);
        watch::listen::run(connect, id, |s| tx.send(Input::Redis(s)).is_ok());
    });
}

fn spawn_keyboard(tx: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(Event::Key(k)) => Input::Key(k),
                Ok(Event::Resize(..)) => Input::Resize,
                Ok(_) => continue,
                Err(e) => Input::KeyboardLost(e.to_string()),
            };
            let lost = matches!(input, Input::KeyboardLost(_));
            if tx.send(input).is_err() || lost {
                return;
            }
        }
    });
}

/// Set by SIGTERM or SIGHUP (a supervisor stopping it, the terminal closing): the loop then
/// leaves as `q` does, so the terminal is restored. The handler only stores the flag, which is
/// all a signal handler may safely do; the loop sees it within one frame period.
static TERMINATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_termination(_: libc::c_int) {
    TERMINATED.store(true, std::sync::atomic::Ordering::SeqCst);
}

fn catch_termination() {
    let handler: extern "C" fn(libc::c_int) = on_termination;
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: the handler is an `extern "C"` fn that only stores to an atomic, which is
        // async-signal-safe; `signal` replaces the default action for this process only.
        unsafe {
            libc::signal(sig, handler as libc::sighandler_t);
        }
    }
}

enum Action {
    Quit,
    ToggleHolds,
}

fn action(k: &KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    match k.code {
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Quit),
        KeyCode::Char('q' | 'Q') => Some(Action::Quit),
        KeyCode::Char('t' | 'T') => Some(Action::ToggleHolds),
        _ => None,
    }
}

struct Watch<'a> {
    ctx: &'a Context,
    db: Db,
    id: ShowtimeId,
    infos: Vec<SeatInfo>,
    /// The frame reader's connection; None after a failure, until the next read reconnects.
    redis: Option<Redis>,
    frame: Option<ShowtimeReport>,
    /// The newest change lines, oldest first.
    log: VecDeque<String>,
    show_holds: bool,
    /// What the listener last said (None: not yet).
    mode: Option<Signal>,
    /// Why the last read failed (an outage), shown until one succeeds.
    trouble: Option<String>,
    /// The text on screen now.
    drawn: String,
}

impl Watch<'_> {
    fn run(mut self, rx: &Receiver<Input>) -> Result<(), Error> {
        let mut next = Instant::now();
        let mut gap = MIN_GAP;
        let mut last = Instant::now();
        let mut first = true;
        loop {
            if TERMINATED.load(std::sync::atomic::Ordering::SeqCst) {
                return Ok(());
            }
            if !terminal::active() {
                return Err(Error::Internal(anyhow::anyhow!(
                    "watch stopped: another of its threads failed"
                )));
            }
            match rx.recv_timeout(next.saturating_duration_since(Instant::now())) {
                Ok(Input::Key(k)) => match action(&k) {
                    Some(Action::Quit) => return Ok(()),
                    Some(Action::ToggleHolds) => {
                        self.show_holds = !self.show_holds;
                        self.draw(true)?;
                    }
                    None => {}
                },
                Ok(Input::Resize) => self.draw(true)?,
                Ok(Input::Redis(Signal::Changed)) => {
                    next = next.min((last + gap).max(Instant::now()));
                }
                Ok(Input::Redis(mode)) => {
                    self.mode = Some(mode);
                    self.draw(false)?;
                }
                Ok(Input::KeyboardLost(e)) => {
                    return Err(Error::Internal(anyhow::anyhow!(
                        "reading the keyboard: {e}"
                    )));
                }
                Err(_) => {
                    let start = Instant::now();
                    self.refresh()?;
                    self.draw(false)?;
                    if first {
                        crate::holds::failpoint("watch-after-draw");
                        first = false;
                    }
                    gap = MIN_GAP.max(start.elapsed() * BUDGET);
                    last = start;
                    next = start + TICK;
                }
            }
        }
    }

    /// Reads a frame and logs what changed since the last. An outage is kept for the status
    /// line; any other error ends the watch.
    fn refresh(&mut self) -> Result<(), Error> {
        let read = match self.redis.as_mut() {
            Some(redis) => watch::read(&self.db, redis, self.id),
            None => self.ctx.redis().and_then(|mut redis| {
                let r = watch::read(&self.db, &mut redis, self.id);
                self.redis = Some(redis);
                r
            }),
        };
        match read {
            Ok(frame) => {
                if let Some(before) = &self.frame {
                    let at = crate::text::clock_time(frame.now_ms);
                    for c in watch::changes(&before.seats, &frame.seats) {
                        self.log.push_back(format!("{at} {}", change_line(&c)));
                    }
                    while self.log.len() > LOG_LINES {
                        self.log.pop_front();
                    }
                }
                self.frame = Some(frame);
                self.trouble = None;
                Ok(())
            }
            Err(Error::Unavailable {
                service, message, ..
            }) => {
                self.redis = None;
                let what = if service == "redis" {
                    "Redis"
                } else {
                    "The database"
                };
                self.trouble = Some(format!("{what} unreachable, retrying… ({message})"));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Writes the screen, unless it would draw what is there already (`force`: a resize, or
    /// a toggle, must draw anyway).
    fn draw(&mut self, force: bool) -> Result<(), Error> {
        let text = self.screen();
        if !force && text == self.drawn {
            return Ok(());
        }
        // A terminal that reports no size (a bare pty) is not cut.
        let rows = match term::size() {
            Ok((_, r)) if r > 0 => r as usize,
            _ => usize::MAX,
        };
        let mut out: Vec<u8> = Vec::with_capacity(text.len() + 1024);
        let lines: Vec<&str> = text.lines().take(rows).collect();
        let written = queue!(out, cursor::MoveTo(0, 0)).and_then(|()| {
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(line.as_bytes());
                queue!(out, term::Clear(term::ClearType::UntilNewLine))?;
            }
            queue!(out, term::Clear(term::ClearType::FromCursorDown))
        });
        let mut stdout = std::io::stdout().lock();
        written
            .and_then(|()| stdout.write_all(&out))
            .and_then(|()| stdout.flush())
            .map_err(|e| Error::Internal(anyhow::anyhow!("writing to the terminal: {e}")))?;
        self.drawn = text;
        Ok(())
    }

    fn screen(&self) -> String {
        let mut out = String::new();
        match &self.frame {
            Some(r) => out.push_str(&frame_text(self.ctx, r, &self.infos)),
            None => out.push_str(&format!("Showtime {}: reading…\n", self.id)),
        }
        out.push_str("\nChanges:\n");
        if self.log.is_empty() {
            out.push_str("  none yet\n");
        }
        for l in &self.log {
            out.push_str(&format!("  {l}\n"));
        }
        if self.show_holds
            && let Some(r) = &self.frame
        {
            out.push_str(&holds_text(r));
        }
        out.push('\n');
        if let Some(t) = &self.trouble {
            out.push_str(&format!("{t}\n"));
        }
        let updated = self.frame.as_ref().map_or(String::new(), |r| {
            format!("Updated {} · ", crate::text::clock_time(r.now_ms))
        });
        out.push_str(&format!(
            "{updated}{} · q quit · t time left on holds\n",
            mode_text(self.mode)
        ));
        out
    }
}

/// The map, as `inspect` draws it, and the counts.
fn frame_text(ctx: &Context, r: &ShowtimeReport, infos: &[SeatInfo]) -> String {
    super::inspect::map_text(ctx, r, infos)
}

/// "A5, A6 held by 7", "A5 free", "A5 sold to 7", "A5 blocked". Seat and user ids come from
/// keys and values anyone can write: escaped.
fn change_line(c: &Change) -> String {
    let seats = esc(&c.seats.join(", ")).into_owned();
    let user = esc(c.user.as_deref().unwrap_or("?")).into_owned();
    match c.state {
        SeatState::Held => format!("{seats} held by {user}"),
        SeatState::Free => format!("{seats} free"),
        SeatState::Sold => format!("{seats} sold to {user}"),
        SeatState::Blocked => format!("{seats} blocked"),
    }
}

fn holds_text(r: &ShowtimeReport) -> String {
    let holds = watch::holds(&r.seats);
    let mut out = String::from("\nHolds (time left):\n");
    if holds.is_empty() {
        out.push_str("  none\n");
    }
    for h in holds {
        out.push_str(&format!(
            "  user {}: {} — {}\n",
            esc(&h.user),
            esc(&h.seats.join(", ")),
            h.ttl_ms
                .map_or("no expiry (see inspect)".to_string(), human_duration)
        ));
    }
    out
}

fn mode_text(mode: Option<Signal>) -> &'static str {
    match mode {
        Some(Signal::Live) | Some(Signal::Changed) => "live (keyspace notifications)",
        Some(Signal::Polling) => {
            "polling every 1s (enable notify-keyspace-events for live updates)"
        }
        Some(Signal::Lost) | None => "polling every 1s",
    }
}
