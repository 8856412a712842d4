//! `wait_replicas` and `wait_timeout`: the optional `WAIT` after a hold's write
//! (`crate::replication` says which writes and what a short answer means).
//!
//! `wait_replicas` comes from `--wait-replicas`, `BOXOFFICE_WAIT_REPLICAS` or the file (0, off,
//! by default); `wait_timeout` from `BOXOFFICE_WAIT_TIMEOUT` or the file (no flag: it is a
//! property of the deployment, not of one command). The timeout must be shorter than
//! `redis_timeout`, because the WAIT's reply is read within the connection's reply timeout.

use std::path::PathBuf;
use std::time::Duration;

use super::{FileConfig, Flags, Setting, Source, env, in_file, named, parse_timeout, pick};
use crate::error::Error;
use crate::ids;

/// How long a `WAIT` for replicas may take by default: replication on a LAN takes well under a
/// millisecond, so this is long enough for a replica that is keeping up and short enough that
/// a customer never notices one that is not.
pub const DEFAULT_WAIT_TIMEOUT: Duration = Duration::from_millis(100);
/// The most replicas a `WAIT` may ask for (more is a typo, not a topology).
pub const MAX_WAIT_REPLICAS: u32 = 100;

/// A number of replicas to wait for: 0 (off) to [`MAX_WAIT_REPLICAS`].
pub fn parse_wait_replicas(s: &str) -> Result<u32, Error> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_WAIT_REPLICAS)
        .ok_or_else(|| {
            Error::invalid(format!(
                "invalid number of replicas {}: give 0 (off) to {MAX_WAIT_REPLICAS}",
                ids::shown(s)
            ))
        })
}

/// `wait_replicas` (flag, environment, file) and `wait_timeout` (environment, file).
pub(super) fn wait_settings(
    flags: &Flags,
    file: &FileConfig,
    path: &Option<PathBuf>,
    env_val: &dyn Fn(&str) -> Option<String>,
) -> Result<(Setting<u32>, Setting<Duration>), Error> {
    let file_source = || Source::File(path.clone().unwrap_or_default());
    let in_range = |n: u32| parse_wait_replicas(&n.to_string());
    let replicas = pick(
        flags.wait_replicas.map(|v| (v, "--wait-replicas")),
        env_val(env::WAIT_REPLICAS).map(|v| {
            named(env::WAIT_REPLICAS, parse_wait_replicas(&v)).map(|n| (n, env::WAIT_REPLICAS))
        }),
        file.wait_replicas
            .map(|n| in_file(path, "wait_replicas", in_range(n)).map(|n| (n, file_source())))
            .transpose()?,
        0,
    )?;
    let timeout = pick(
        None,
        env_val(env::WAIT_TIMEOUT)
            .map(|v| named(env::WAIT_TIMEOUT, parse_timeout(&v)).map(|d| (d, env::WAIT_TIMEOUT))),
        file.wait_timeout
            .as_deref()
            .map(|v| in_file(path, "wait_timeout", parse_timeout(v)).map(|d| (d, file_source())))
            .transpose()?,
        DEFAULT_WAIT_TIMEOUT,
    )?;
    Ok((replicas, timeout))
}

/// A `WAIT` that may block as long as the connection's reply timeout would be cut short by it
/// and report nothing about the replicas: refused while the wait is on.
pub(super) fn refuse_wait_past_timeout(
    replicas: &Setting<u32>,
    wait: &Setting<Duration>,
    redis: &Setting<Duration>,
) -> Result<(), Error> {
    if replicas.value == 0 || wait.value < redis.value {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "wait_timeout {} (from {}) must be shorter than redis_timeout {} (from {}): the WAIT for \
         replicas is read within the Redis timeout",
        humantime::format_duration(wait.value),
        wait.source.origin(),
        humantime::format_duration(redis.value),
        redis.source.origin()
    )))
}
