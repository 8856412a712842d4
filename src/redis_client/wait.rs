//! `WAIT numreplicas timeout` on the command's own connection: how many replicas have every
//! write this connection made so far. It is its own command, sent after a script's reply and
//! never from inside one (Redis refuses `WAIT` in a script), and it changes nothing, so its
//! failure is reported as text for the caller's warning, never as an error of the write.

use std::time::Duration;

use super::Redis;

impl Redis {
    /// Sends `WAIT replicas timeout_ms` and returns how many replicas acknowledged. The server
    /// answers within `timeout` (at least 1 ms: `WAIT n 0` would block for ever), and the
    /// connection's reply timeout is longer (the settings refuse otherwise). `Err` is why no
    /// count came back (the connection dropped or timed out, the ACL refused `WAIT`), worded
    /// without the URL's password.
    pub fn wait_for_replicas(&mut self, replicas: u32, timeout: Duration) -> Result<u32, String> {
        let ms = timeout.as_millis().clamp(1, u128::from(u32::MAX)) as u64;
        self.round_trips += 1;
        let r: redis::RedisResult<i64> = redis::cmd("WAIT")
            .arg(replicas)
            .arg(ms)
            .query(&mut self.con);
        r.map(|n| n.clamp(0, i64::from(u32::MAX)) as u32)
            .map_err(|e| {
                let why = match (e.is_timeout(), e.code()) {
                    (true, _) => "timed out".to_string(),
                    (false, Some(code)) => format!("{code}: {}", e.detail().unwrap_or("").trim()),
                    (false, None) => e.to_string(),
                };
                // Server text may hold anything: control characters are escaped, quotes kept.
                let why: String = why
                    .chars()
                    .flat_map(|c| {
                        let esc: Vec<char> = if c.is_control() {
                            c.escape_debug().collect()
                        } else {
                            vec![c]
                        };
                        esc
                    })
                    .collect();
                format!(
                    "Redis at {} answered no WAIT ({why})",
                    super::escaped(&self.shown_url)
                )
            })
    }
}
