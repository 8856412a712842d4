//! `boxoffice doctor`: is this Redis and this database set up so that a lost lock can't cost a
//! sale? A read-only look at the server (`INFO`, and `CONFIG GET` where the ACL allows it, else
//! `INFO` alone) and at the SQLite file, as a list of findings, each with a level, the value
//! seen, what it means for boxoffice (and what boxoffice does about it) and the recommended
//! setting. It returns a typed [`Report`]; the CLI prints it and turns [`Report::verdict`] into
//! the exit code.
//!
//! The rules, and why:
//! - eviction: with a `maxmemory`, any policy but `noeviction` and `volatile-ttl` may evict a
//!   live lock at random (every boxoffice key has a TTL, so `volatile-*` reach them too): a
//!   warning. `volatile-ttl` evicts the holds nearest their end first; `noeviction` refuses
//!   writes when full (exit 5, nothing changed). Both are fine: `sweep` restores holds from
//!   SQLite and the fence decides sales either way.
//! - persistence: no AOF and no RDB means a restart empties Redis (a warning); `sweep` restores
//!   the holds. AOF with `appendfsync everysec` is recommended.
//! - replication: a replica refuses every write (`READONLY`): an error.
//! - Redis before 6.2 has no `SET … PXAT`, which every hold uses: an error.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::Error;
use crate::redis_client::Redis;
use crate::store::{Db, Target};

/// How much a finding matters. An error means boxoffice cannot work there (exit 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Ok,
    Warn,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// Which store a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Redis,
    Sqlite,
}

/// One thing looked at. `value` is what the server or file said (text from Redis: escape it
/// before a terminal).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub section: Section,
    pub name: &'static str,
    pub level: Level,
    pub value: String,
    pub message: String,
    pub recommended: Option<String>,
}

impl Finding {
    fn new(name: &'static str, level: Level, value: impl Into<String>, message: &str) -> Self {
        Finding {
            section: Section::Redis,
            name,
            level,
            value: value.into(),
            message: message.to_string(),
            recommended: None,
        }
    }

    fn recommend(mut self, setting: &str) -> Self {
        self.recommended = Some(setting.to_string());
        self
    }

    fn sqlite(mut self) -> Self {
        self.section = Section::Sqlite;
        self
    }
}

/// Everything `doctor` found, Redis first. `redis_error` is why Redis could not be read, if it
/// could not (its finding is in `findings` too).
#[derive(Debug, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub redis_error: Option<Error>,
}

impl Report {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// The exit: an error finding is exit 5 (Redis unreachable, a replica, no database),
    /// warnings are exit 6 with `strict`, otherwise 0.
    /// Hands over `redis_error`, so call it once.
    pub fn verdict(&mut self, strict: bool) -> Result<(), Error> {
        if let Some(e) = self.redis_error.take() {
            return Err(e);
        }
        if let Some(f) = self.findings.iter().find(|f| f.level == Level::Error) {
            return Err(Error::Unavailable {
                service: match f.section {
                    Section::Redis => "redis",
                    Section::Sqlite => "database",
                },
                message: format!("{}: {}", f.name, f.message),
                outcome_unknown: false,
            });
        }
        match self.count(Level::Warn) {
            n if strict && n > 0 => Err(Error::Anomalies(n)),
            _ => Ok(()),
        }
    }
}

/// Looks at Redis (when it could be connected to) and at the database (when it opened).
pub fn check(redis: Result<Redis, Error>, db: Result<Db, Error>, target: &Target) -> Report {
    let mut findings = Vec::new();
    let redis_error = match redis.and_then(|mut r| redis_findings(&mut r)) {
        Ok(found) => {
            findings.extend(found);
            None
        }
        Err(e) => {
            findings.push(Finding::new(
                "connection",
                Level::Error,
                "unreachable",
                &e.message(),
            ));
            Some(e)
        }
    };
    findings.extend(match target {
        Target::Sqlite(db_path) => sqlite_findings(db, db_path),
        pg => pg_findings(db, pg),
    });
    Report {
        findings,
        redis_error,
    }
}

/// The one line `inspect` adds when this server may evict locks, or None (also when it cannot
/// tell: inspect never fails for this).
pub fn eviction_risk(redis: &mut Redis) -> Option<String> {
    let info = Info::read(redis).ok()?;
    let f = eviction(&info, &Config::default());
    (f.level != Level::Ok).then(|| {
        format!(
            "note: this Redis can evict locks ({}); sweep restores holds from SQLite; see \
             `boxoffice doctor`",
            f.value
        )
    })
}

fn redis_findings(redis: &mut Redis) -> Result<Vec<Finding>, Error> {
    let info = Info::read(redis)?;
    let config = Config::read(redis)?;
    Ok(vec![
        version(&info, redis.is_cluster()),
        replication(&info),
        eviction(&info, &config),
        persistence(&info, &config),
        notifications(&config),
    ])
}

/// The fields of `INFO server`, `replication`, `memory` and `persistence`, merged.
struct Info(HashMap<String, String>);

impl Info {
    fn read(redis: &mut Redis) -> Result<Info, Error> {
        let sections = redis.info(&["server", "replication", "memory", "persistence"])?;
        Ok(Info::parse(&sections.join("\n")))
    }

    fn parse(text: &str) -> Info {
        Info(
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.trim_end().split_once(':'))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }
}

/// What `CONFIG GET` said; every field None when the server refused CONFIG to this user.
#[derive(Default)]
struct Config {
    maxmemory: Option<String>,
    policy: Option<String>,
    appendfsync: Option<String>,
    save: Option<String>,
    notify: Option<String>,
}

impl Config {
    fn read(redis: &mut Redis) -> Result<Config, Error> {
        let Some(policy) = redis.config_get("maxmemory-policy")? else {
            return Ok(Config::default());
        };
        Ok(Config {
            maxmemory: redis.config_get("maxmemory")?,
            policy: Some(policy),
            appendfsync: redis.config_get("appendfsync")?,
            save: redis.config_get("save")?,
            notify: redis.config_get("notify-keyspace-events")?,
        })
    }

    fn refused(&self) -> bool {
        self.policy.is_none()
    }
}

/// `cluster`: connected through a `redis+cluster://` URL (then with the cluster key style, and
/// the findings are of one primary's; its nodes are expected to be configured alike).
fn version(info: &Info, cluster: bool) -> Finding {
    let v = info.get("redis_version");
    let mode = info.get("redis_mode");
    let value = format!("{v} ({mode})");
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < (6, 2) {
        return Finding::new(
            "version",
            Level::Error,
            value,
            "every hold is set with SET … PXAT, which needs Redis 6.2 or newer",
        )
        .recommend("Redis 6.2 or newer");
    }
    match mode {
        "standalone" => Finding::new("version", Level::Ok, value, "a standalone server"),
        "cluster" if cluster => Finding::new(
            "version",
            Level::Ok,
            value,
            "a Redis Cluster, with the cluster key style (one showtime's keys in one slot); the \
             findings below are one primary's",
        ),
        "sentinel" => Finding::new(
            "version",
            Level::Error,
            value,
            "this is a Sentinel, which holds no data; point the URL at the primary",
        ),
        _ => Finding::new(
            "version",
            Level::Warn,
            value,
            "a Redis Cluster node reached as one server: one showtime's keys span slots in the \
             guide's key scheme",
        )
        .recommend("a redis+cluster:// URL with key_style = \"cluster\""),
    }
}

fn replication(info: &Info) -> Finding {
    let replicas = info.get("connected_slaves");
    match info.get("role") {
        "master" => Finding::new(
            "replication",
            Level::Ok,
            format!("primary, {replicas} replica(s) connected"),
            "writes go here",
        ),
        role => Finding::new(
            "replication",
            Level::Error,
            format!(
                "{role} of {}:{} (link {})",
                info.get("master_host"),
                info.get("master_port"),
                info.get("master_link_status")
            ),
            "a read-only replica: every reserve, confirm, release and sweep is refused \
             (READONLY, exit 5)",
        )
        .recommend("the primary's URL"),
    }
}

const RECOMMENDED_POLICY: &str = "maxmemory-policy volatile-ttl or noeviction";

fn eviction(info: &Info, config: &Config) -> Finding {
    let limit: u64 = (config.maxmemory.as_deref())
        .unwrap_or(info.get("maxmemory"))
        .parse()
        .unwrap_or(0);
    let policy = config
        .policy
        .clone()
        .unwrap_or_else(|| info.get("maxmemory_policy").to_string());
    let value = format!("maxmemory {}, maxmemory-policy {policy}", bytes(limit));
    let (level, message) = match (limit, policy.as_str()) {
        (0, _) => (
            Level::Ok,
            "no maxmemory: Redis evicts nothing (it grows with its data)",
        ),
        (_, "noeviction") => (
            Level::Ok,
            "when full, writes are refused (OOM, exit 5, nothing changed); no lock is lost",
        ),
        (_, "volatile-ttl") => (
            Level::Ok,
            "when full, the holds nearest their end are evicted first; sweep restores holds \
             from SQLite",
        ),
        _ => (
            Level::Warn,
            "locks can be evicted under memory pressure; sweep restores holds from SQLite",
        ),
    };
    Finding::new("eviction", level, value, message).recommend(RECOMMENDED_POLICY)
}

const RECOMMENDED_PERSISTENCE: &str = "appendonly yes, appendfsync everysec";

fn persistence(info: &Info, config: &Config) -> Finding {
    let aof = info.get("aof_enabled") == "1";
    let rdb_status = info.get("rdb_last_bgsave_status");
    let aof_status = info.get("aof_last_write_status");
    let fsync = config.appendfsync.as_deref().unwrap_or("unknown");
    let save = match &config.save {
        Some(s) if s.is_empty() => "off".to_string(),
        Some(s) => format!("save \"{s}\""),
        None => "unknown".to_string(),
    };
    let value = format!(
        "aof {}, rdb {save} (last save {rdb_status})",
        if aof {
            format!("on (appendfsync {fsync})")
        } else {
            "off".to_string()
        }
    );
    let (level, message) = if rdb_status == "err" || aof_status == "err" {
        (
            Level::Warn,
            "the last save to disk failed: Redis may refuse writes (MISCONF, exit 5)",
        )
    } else if aof && fsync == "no" {
        (
            Level::Warn,
            "AOF without fsync: a crash can lose the last seconds of holds; sweep restores holds",
        )
    } else if aof {
        (Level::Ok, "a restart keeps the holds")
    } else if save == "off" {
        (
            Level::Warn,
            "a restart empties Redis; sweep restores holds from SQLite",
        )
    } else if config.refused() {
        (
            Level::Warn,
            "no AOF, and the RDB schedule is unknown (CONFIG refused): a restart may empty \
             Redis; sweep restores holds from SQLite",
        )
    } else {
        (
            Level::Ok,
            "RDB snapshots only: a restart loses the holds since the last one; sweep restores \
             holds from SQLite",
        )
    };
    Finding::new("persistence", level, value, message).recommend(RECOMMENDED_PERSISTENCE)
}

fn notifications(config: &Config) -> Finding {
    match config.notify.as_deref() {
        None => Finding::new(
            "keyspace_notifications",
            Level::Ok,
            "unknown",
            "CONFIG refused to this user; only `watch` uses them (it polls every 1s without)",
        ),
        Some(on) if crate::watch::keyspace_allows(on) => Finding::new(
            "keyspace_notifications",
            Level::Ok,
            format!("on ({on})"),
            "`watch` redraws live on them; nothing else uses them (each write costs a little more)",
        ),
        Some(on) => Finding::new(
            "keyspace_notifications",
            Level::Ok,
            if on.is_empty() {
                "off".to_string()
            } else {
                format!("{on} (not enough for watch)")
            },
            "only `watch` uses them: without K and A (or K and g$x) it polls every 1s",
        ),
    }
}

/// A byte count as redis.conf would write it.
fn bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "gb"), (1 << 20, "mb"), (1 << 10, "kb")];
    match UNITS.iter().find(|(u, _)| n >= *u && n.is_multiple_of(*u)) {
        Some((u, name)) => format!("{}{name}", n / u),
        None => n.to_string(),
    }
}

/// A PostgreSQL database: reachable, its schema, and whether a commit waits for the disk.
fn pg_findings(db: Result<Db, Error>, target: &Target) -> Vec<Finding> {
    let shown = target.to_string();
    let h = match db.and_then(|db| db.health()) {
        Ok(h) => h,
        Err(e) => {
            return vec![Finding::new("database", Level::Error, shown, &e.message()).sqlite()];
        }
    };
    let out = vec![
        Finding::new("database", Level::Ok, shown, &h.journal_mode),
        Finding::new(
            "schema",
            if h.schema == h.latest_schema {
                Level::Ok
            } else {
                Level::Warn
            },
            format!("{} of {}", h.schema, h.latest_schema),
            "the version this boxoffice writes",
        ),
        match h.synchronous {
            2 => Finding::new(
                "synchronous_commit",
                Level::Ok,
                "on",
                "a sale survives a power cut",
            ),
            n => Finding::new(
                "synchronous_commit",
                Level::Warn,
                n.to_string(),
                "a server crash can lose the last sales",
            )
            .recommend("synchronous_commit = on"),
        },
    ];
    out.into_iter().map(Finding::sqlite).collect()
}

fn sqlite_findings(db: Result<Db, Error>, path: &Path) -> Vec<Finding> {
    let shown = path.display().to_string();
    let health = db.and_then(|db| db.health());
    let h = match health {
        Ok(h) => h,
        Err(e) => {
            return vec![Finding::new("database", Level::Error, shown, &e.message()).sqlite()];
        }
    };
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let wal = size(Path::new(&format!("{shown}-wal")));
    let mut out = vec![
        Finding::new(
            "database",
            Level::Ok,
            shown.clone(),
            &format!("{} bytes, {wal} in its -wal file", size(path)),
        ),
        Finding::new(
            "schema",
            if h.schema == h.latest_schema {
                Level::Ok
            } else {
                Level::Warn
            },
            format!("{} of {}", h.schema, h.latest_schema),
            "the version this boxoffice writes",
        ),
    ];
    out.push(match h.journal_mode.as_str() {
        "wal" => Finding::new(
            "journal_mode",
            Level::Ok,
            "wal",
            "readers never wait for the writer",
        ),
        other => Finding::new(
            "journal_mode",
            Level::Warn,
            other,
            "this file system refused WAL: readers wait for writers",
        )
        .recommend("a local file system that supports WAL"),
    });
    out.push(match h.synchronous {
        2 | 3 => Finding::new(
            "synchronous",
            Level::Ok,
            "full",
            "a sale survives a power cut",
        ),
        n => Finding::new(
            "synchronous",
            Level::Warn,
            n.to_string(),
            "a power cut can lose the last sales",
        )
        .recommend("synchronous FULL"),
    });
    out.into_iter().map(Finding::sqlite).collect()
}

#[cfg(test)]
mod tests;
