//! Classifying what the server answered: a password it wants, a reply that is not Redis, and
//! the refusals of its state or configuration, each named with what to do (exit 5, nothing
//! changed) rather than reported as a bug.

use redis::{ErrorKind, RedisError};

use super::escaped;

/// A server that wants a password we did not give (or a wrong one): `NOAUTH`, or the protocol
/// error Redis answers an unauthenticated client whose command is long (as a script call is).
pub(super) fn needs_auth(e: &RedisError) -> bool {
    let e = &first_error(e);
    matches!(e.kind(), ErrorKind::AuthenticationFailed)
        || e.code() == Some("NOAUTH")
        || e.code() == Some("WRONGPASS")
        || e.to_string().contains("unauthenticated")
}

/// A pipeline's first failure, which carries the server's code (a pipeline error does not).
fn first_error(e: &RedisError) -> RedisError {
    match e.clone().into_server_errors() {
        Some(items) if e.code().is_none() && !items.is_empty() => {
            RedisError::from(items[0].1.clone())
        }
        _ => e.clone(),
    }
}

/// A reply lost on a cluster node (`cluster::Node`): `Some(true)` for a timeout.
pub(super) fn lost(e: &RedisError) -> Option<bool> {
    match e.code() {
        Some(super::cluster::LOST_TIMEOUT) => Some(true),
        Some(super::cluster::LOST_IO) => Some(false),
        _ => None,
    }
}

/// A reply that is not Redis's protocol: something else listens at that address.
pub(super) fn not_redis(e: &RedisError) -> bool {
    matches!(e.kind(), ErrorKind::Parse)
}

/// Why Redis refused a command, when it is a refusal of the server's state or configuration
/// rather than a bug: `(what was refused, why)`. Every one of these is answered before the
/// command or script has changed anything: `BUSY`, `LOADING`, `MASTERDOWN`, `NOPERM` on the
/// command or its keys, and the cluster errors refuse the call itself; inside a script,
/// `READONLY`, `OOM`, `NOREPLICAS` and `MISCONF` are raised only at the script's first write
/// (Redis lets a script that has written finish, to keep it atomic), and a script's ACL
/// refusal of `TIME` comes first too, since every script reads the clock before it writes.
pub(super) fn refusal(e: &RedisError) -> Option<String> {
    let e = &first_error(e);
    let text = e.to_string();
    let code = e.code().unwrap_or("");
    let why = match code {
        "READONLY" => "refused the write: it is a read-only replica (READONLY); point the URL at \
                       the primary"
            .to_string(),
        "MASTERDOWN" => "refused the command: it is a replica that lost its primary and does not \
                         serve stale data (MASTERDOWN)"
            .to_string(),
        "OOM" => "refused the write: it is out of memory (maxmemory reached, and the eviction \
                  policy evicts nothing) (OOM)"
            .to_string(),
        "NOREPLICAS" => {
            "refused the write: fewer replicas are connected than min-replicas-to-write \
                         asks for (NOREPLICAS)"
                .to_string()
        }
        "MISCONF" => "refused the write: it cannot save to disk (MISCONF)".to_string(),
        "LOADING" => "is loading its data set (after a restart) and refuses commands until it is \
                      done (LOADING); retry in a moment"
            .to_string(),
        "BUSY" => "is busy running another client's script and refuses commands (BUSY); retry \
                   in a moment"
            .to_string(),
        "NOPERM" => format!(
            "refused the command: the Redis user lacks a permission boxoffice needs (NOPERM: {}); \
             it needs EVALSHA, EVAL and TIME, and every key",
            escaped(e.detail().unwrap_or("").trim())
        ),
        "MOVED" | "ASK" | "CROSSSLOT" => format!(
            "refused the command: it is a Redis Cluster node ({code}); use a redis+cluster:// \
             URL with key_style = \"cluster\""
        ),
        "TRYAGAIN" | "CLUSTERDOWN" => format!(
            "refused the command: the cluster is moving slots or down ({code}); retry in a moment"
        ),
        // Redis reports an ACL refusal inside a script as `ERR The user executing the script
        // can't run this command…` (here, TIME: every script reads the clock first).
        _ if text.contains("The user executing the script can't") => {
            "refused the command: the Redis user lacks a permission boxoffice needs (NOPERM: it \
             may not run a command boxoffice's Lua calls, such as TIME); it needs EVALSHA, EVAL \
             and TIME, and every key"
                .to_string()
        }
        _ if text.contains("unknown command") => format!(
            "refused the command: it does not know it ({})",
            escaped(text.trim())
        ),
        _ => return None,
    };
    Some(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error(reply: &str) -> RedisError {
        match redis::parse_redis_value(reply.as_bytes()) {
            Ok(v) => v.extract_error().unwrap_err(),
            Err(e) => e,
        }
    }

    #[test]
    fn refusals_are_named_and_bugs_are_not() {
        for (reply, code) in [
            (
                "-READONLY You can't write against a read only replica.\r\n",
                "READONLY",
            ),
            (
                "-OOM command not allowed when used memory > 'maxmemory'. script: ab, on @user_script:1.\r\n",
                "OOM",
            ),
            (
                "-NOREPLICAS Not enough good replicas to write.\r\n",
                "NOREPLICAS",
            ),
            (
                "-LOADING Redis is loading the dataset in memory\r\n",
                "LOADING",
            ),
            ("-BUSY Redis is busy running a script.\r\n", "BUSY"),
            ("-MASTERDOWN Link with MASTER is down\r\n", "MASTERDOWN"),
            (
                "-NOPERM this user has no permissions to run the 'evalsha' command\r\n",
                "NOPERM",
            ),
            (
                "-ERR The user executing the script can't run this command or subcommand script: ab, on @user_script:1.\r\n",
                "NOPERM",
            ),
            (
                "-TRYAGAIN Multiple keys request during rehashing of slot\r\n",
                "TRYAGAIN",
            ),
            ("-CLUSTERDOWN The cluster is down\r\n", "CLUSTERDOWN"),
            ("-MISCONF Errors writing to the AOF file\r\n", "MISCONF"),
        ] {
            let e = server_error(reply);
            let why = refusal(&e).unwrap_or_else(|| panic!("{reply}: not a refusal ({e})"));
            assert!(why.contains(&format!("({code}")), "{reply}: {why}");
        }
        let bug =
            server_error("-ERR user_script:3: Script attempted to access nonexistent global\r\n");
        assert_eq!(refusal(&bug), None);
    }
}
