//! The full-screen terminal of `watch`: alternate screen, raw mode, hidden cursor, and the
//! one way back from them. [`restore`] is idempotent and is called by the [`Screen`] guard's
//! `Drop` (a return, an error, an unwinding panic) and first thing by the panic hook, so the
//! one-line error of a bug is printed on the user's own screen in cooked mode, not lost on the
//! alternate one.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::{cursor, execute, terminal};

use crate::error::Error;

/// Whether the terminal is in `watch`'s state and owes a restore.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The terminal taken over; dropping it gives it back.
pub struct Screen(());

impl Screen {
    /// Raw mode (keys arrive one by one, Ctrl-C as a key), the alternate screen, no cursor.
    pub fn enter() -> Result<Screen, Error> {
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = Screen(());
        terminal::enable_raw_mode().map_err(terminal_error)?;
        execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )
        .map_err(terminal_error)?;
        Ok(guard)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Whether a `Screen` is still in force (a panic on another thread has restored it).
pub fn active() -> bool {
    ACTIVE.load(Ordering::SeqCst)
}

/// Leaves the alternate screen and raw mode and shows the cursor, once; nothing when the
/// terminal was never taken over.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = std::io::stdout();
        let _ = execute!(out, cursor::Show, terminal::LeaveAlternateScreen);
        let _ = out.flush();
        let _ = terminal::disable_raw_mode();
    }
}

fn terminal_error(e: std::io::Error) -> Error {
    Error::Internal(anyhow::anyhow!("setting up the terminal: {e}"))
}
