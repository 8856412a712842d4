//! Test-only crash points between a command's steps. Nothing happens unless
//! `BOXOFFICE_FAILPOINT` names one.

/// What `BOXOFFICE_FAILPOINT` asks for at a failpoint.
enum Action {
    /// `NAME`: abort the process there, as `kill -9` would.
    Abort,
    /// `NAME:panic`: panic there, a stand-in for a bug, to test what the user sees then.
    Panic,
    /// `NAME:pause`: stop there until a line (or EOF) arrives on stdin.
    Pause,
}

/// Test-only crash points: `BOXOFFICE_FAILPOINT=reserve-after-redis` aborts the process there,
/// as `kill -9` would, so tests can prove the next sweep or inspect heals the state.
/// `BOXOFFICE_FAILPOINT=reserve-after-redis:pause` instead stops there until a line (or EOF)
/// arrives on stdin, so a test can run another command in the gap and then let this one finish.
/// `NAME:panic` panics there.
pub fn failpoint(name: &str) {
    match armed(name) {
        None => {}
        Some(Action::Abort) => std::process::abort(),
        Some(Action::Panic) => panic!("failpoint {name}"),
        Some(Action::Pause) => {
            announce_pause(name);
            let _ = std::io::stdin().read_line(&mut String::new());
        }
    }
}

fn armed(name: &str) -> Option<Action> {
    let v = std::env::var_os("BOXOFFICE_FAILPOINT")?;
    if v == name {
        return Some(Action::Abort);
    }
    let v = v.to_str()?;
    let named = |suffix| v.strip_suffix(suffix).is_some_and(|v| v == name);
    if named(":panic") {
        Some(Action::Panic)
    } else if named(":pause") {
        Some(Action::Pause)
    } else {
        None
    }
}

/// Says on stderr that the command has stopped at failpoint `name`: `paused at NAME`, one line.
///
/// The only thing the domain prints itself, and only when a test asked for the pause: tests
/// (tests/it/faults, tests/it/sweep) read stderr up to this exact line to know the command is
/// in the gap, so its wording is part of the test interface. Everything else meant for the user
/// is returned to the CLI, which prints it.
fn announce_pause(name: &str) {
    eprintln!("paused at {name}");
}
