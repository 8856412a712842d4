//! The PostgreSQL engine: how a server is connected to (timeouts, TLS), which schema it must
//! hold (`migrations/postgres/`, a `boxoffice_schema` version table), how values cross to the
//! server's types, how a write transaction begins, and how the server's errors are worded.
//!
//! # The write transaction
//!
//! SQLite's `BEGIN IMMEDIATE` makes boxoffice's writers run one at a time, each seeing every
//! earlier commit. Here every write transaction begins by taking one transaction-level advisory
//! lock (`pg_advisory_xact_lock`, the same key for every boxoffice), in READ COMMITTED: the
//! writers of every counter queue on the server for it (no polling, first come first served),
//! and each statement after the lock sees every commit made before it. Serialisable snapshots
//! would add nothing among boxoffice's writers (they never overlap) and their snapshot would
//! be taken before the lock is had. What the schema enforces (the fence's partial unique index,
//! the triggers) holds against any other writer too. A serialisation failure (40001) or
//! deadlock (40P01), which only another program's writes can cause, is retried
//! [`MAX_ATTEMPTS`] times in all, then reported as exit 5, nothing changed.
//!
//! # Timeouts
//!
//! Connecting waits [`BUSY_TIMEOUT`] at most (`connect_timeout` in the URL overrides it); every
//! statement, and the wait for the writers' lock, is bounded by the server
//! (`statement_timeout`, `lock_timeout`), and a server that vanished mid-call by the kernel
//! (`tcp_user_timeout` and keepalives). A transaction left idle by a stuck client is ended by
//! the server (`idle_in_transaction_session_timeout`), so it never holds the lock for long.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::time::Duration;

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, IsNull, ToSql, Type};
use rusqlite::types::Value;

use super::exec::dollar_placeholders;
use super::sqlite::BUSY_TIMEOUT;
use super::target::{PgUrl, Target};
use crate::error::Error;

/// The schema, by the SQLite version each file brings a database to. A fresh PostgreSQL
/// database gets the baseline (SQLite's 001–011 as one file); a later change of schema is a
/// new numbered file here and one in `migrations/`, kept alike by the schema test.
pub(super) const MIGRATIONS: &[(i64, &str)] =
    &[(11, include_str!("migrations/postgres/011_baseline.sql"))];

/// The advisory lock every boxoffice write transaction takes first ("boxoff" in ASCII).
const WRITERS_LOCK: i64 = 0x626f_786f_6666;

/// How many times a write transaction is tried when the server reports a serialisation
/// failure or a deadlock.
pub(super) const MAX_ATTEMPTS: u32 = 5;

/// An open connection, its prepared statements (by their SQLite text) and its savepoint depth.
pub struct PgConn {
    client: Client,
    /// Each statement's text in PostgreSQL's spelling, by its SQLite text.
    stmts: HashMap<String, String>,
    savepoints: u32,
    /// Whether a statement of the current transaction failed as a conflict worth a retry.
    pub(super) retryable: bool,
}

/// A PostgreSQL error, and whether it broke off a COMMIT (its outcome then unknown).
pub(super) struct PgError(pub(super) postgres::Error);

impl PgError {
    pub(super) fn sqlstate(&self) -> Option<&str> {
        self.0.code().map(|c| c.code())
    }

    /// A constraint (class 23) refused the write; the triggers raise `check_violation`.
    pub(super) fn is_constraint(&self) -> bool {
        self.sqlstate().is_some_and(|c| c.starts_with("23"))
    }

    /// A serialisation failure or a deadlock: the transaction may be tried again.
    pub(super) fn is_retryable(&self) -> bool {
        matches!(self.sqlstate(), Some("40001" | "40P01"))
    }

    /// Words the error as the tool's, for the database `target` (shown masked).
    pub(super) fn into_error(self, target: &Target) -> Error {
        pg_error(target, &self.0, false)
    }
}

fn unavailable(message: String, outcome_unknown: bool) -> Error {
    Error::Unavailable {
        service: "database",
        message,
        outcome_unknown,
    }
}

/// The tool's error for a server error. `committing`: it broke off a COMMIT, so whether the
/// transaction was made is not known.
pub(super) fn pg_error(target: &Target, e: &postgres::Error, committing: bool) -> Error {
    let nothing = if committing {
        "the commit's outcome is unknown: run `boxoffice sweep` (or look the booking up) before retrying"
    } else {
        "nothing was changed"
    };
    let Some(db) = e.as_db_error() else {
        // No answer from the server: refused, unreachable, timed out or cut off.
        let cause = StdError::source(e)
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        return unavailable(
            format!("cannot reach PostgreSQL at {target}: {e}{cause}; {nothing}"),
            committing,
        );
    };
    let msg = db.message();
    let code = db.code().code();
    let after =
        |what: &str| unavailable(format!("database {target}: {what}; {nothing}"), committing);
    match code {
        "40001" | "40P01" => unavailable(
            format!(
                "database {target} is busy: the transaction conflicted with another {MAX_ATTEMPTS} \
                 times ({msg}); nothing was changed — retry"
            ),
            false,
        ),
        "55P03" => super::busy_error(target),
        "25006" => unavailable(
            format!("database {target} is read-only ({msg}); nothing was changed"),
            false,
        ),
        "57014" => after(&format!(
            "a statement took longer than {}s and was cancelled",
            BUSY_TIMEOUT.as_secs()
        )),
        "25P03" => after("the transaction was left idle too long and the server ended it"),
        "28000" | "28P01" => unavailable(
            format!("database {target}: the server refused the login ({msg})"),
            false,
        ),
        "3D000" => Error::not_found(format!(
            "database {target} does not exist ({msg}): create it first (`boxoffice init` \
             creates the schema in an existing database, never a database or a role)"
        )),
        "42501" => unavailable(
            format!(
                "database {target}: permission denied ({msg}); see README \"Several counters: \
                 PostgreSQL\" for the privileges boxoffice needs"
            ),
            false,
        ),
        c if c.starts_with("08") || c.starts_with("57P") || c.starts_with("53") => {
            after(&format!("the server is unavailable ({msg})"))
        }
        c if c.starts_with("23") => Error::Internal(anyhow::anyhow!(
            "database {target}: the schema refused a write: {msg}"
        )),
        _ => Error::Internal(anyhow::anyhow!(
            "database {target}: {msg} (SQLSTATE {code})"
        )),
    }
}

/// A row boxoffice cannot read (a value edited by hand, a type it does not know).
pub(super) fn row_error(target: &Target, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, cause) => Error::Internal(anyhow::anyhow!(
            "database {target}: a row boxoffice cannot read: {cause} (was the database edited by hand?)"
        )),
        e => Error::Internal(anyhow::anyhow!("database {target}: {e}")),
    }
}

impl PgConn {
    /// Runs a statement in one round trip (an unnamed statement whose parameter types are
    /// those of the values: BIGINT, TEXT, DOUBLE, BYTEA, and for a NULL "unknown", which the
    /// server resolves from the statement as it does an untyped parameter): its rows as neutral
    /// values, and how many rows it changed. A prepared statement would cost a second round
    /// trip per statement in a process that runs each one once.
    fn run(&mut self, sql: &str, p: &[Value]) -> Result<(Vec<Vec<Value>>, u64), PgError> {
        let text = match self.stmts.get(sql) {
            Some(t) => t.clone(),
            None => {
                let t = dollar_placeholders(sql);
                self.stmts.insert(sql.to_string(), t.clone());
                t
            }
        };
        let typed = p.iter().map(|v| {
            let ty = match v {
                Value::Null => Type::UNKNOWN,
                Value::Integer(_) => Type::INT8,
                Value::Real(_) => Type::FLOAT8,
                Value::Text(_) => Type::TEXT,
                Value::Blob(_) => Type::BYTEA,
            };
            (PgParam(v.clone()), ty)
        });
        let mut it = self.client.query_typed_raw(&text, typed).map_err(PgError)?;
        let mut rows = Vec::new();
        while let Some(r) = it.next().map_err(PgError)? {
            let row = (0..r.len())
                .map(|i| r.try_get::<_, PgValue>(i).map(|v| v.0))
                .collect::<Result<Vec<_>, _>>()
                .map_err(PgError)?;
            rows.push(row);
        }
        let n = it.rows_affected().unwrap_or(0);
        Ok((rows, n))
    }

    /// Every row of a query, as neutral values.
    pub(super) fn query(&mut self, sql: &str, p: &[Value]) -> Result<Vec<Vec<Value>>, PgError> {
        self.run(sql, p).map(|(rows, _)| rows)
    }

    pub(super) fn execute(&mut self, sql: &str, p: &[Value]) -> Result<usize, PgError> {
        self.run(sql, p)
            .map(|(_, n)| usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(super) fn batch(&mut self, sql: &str) -> Result<(), PgError> {
        self.client.batch_execute(sql).map_err(PgError)
    }

    pub(super) fn savepoint(&mut self) -> Result<(), PgError> {
        self.savepoints += 1;
        let sql = format!("SAVEPOINT refusable_{}", self.savepoints);
        self.batch(&sql)
    }

    pub(super) fn release_savepoint(&mut self) -> Result<(), PgError> {
        let sql = format!("RELEASE SAVEPOINT refusable_{}", self.savepoints);
        self.savepoints -= 1;
        self.batch(&sql)
    }

    pub(super) fn rollback_to_savepoint(&mut self) -> Result<(), PgError> {
        let sql = format!(
            "ROLLBACK TO SAVEPOINT refusable_{n}; RELEASE SAVEPOINT refusable_{n}",
            n = self.savepoints
        );
        self.savepoints -= 1;
        self.batch(&sql)
    }

    /// Begins a write transaction: our turn among boxoffice's writers (see the module doc).
    pub(super) fn begin(&mut self) -> Result<(), PgError> {
        self.savepoints = 0;
        self.retryable = false;
        self.batch(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({WRITERS_LOCK})"
        ))
    }

    pub(super) fn commit(&mut self) -> Result<(), PgError> {
        self.batch("COMMIT")
    }

    /// Whether the transaction failed as a conflict worth a retry (and forgets it).
    pub(super) fn take_retryable(&mut self) -> bool {
        std::mem::take(&mut self.retryable)
    }

    /// Ends a failed transaction; a connection already gone has nothing to roll back.
    pub(super) fn rollback(&mut self) {
        let _ = self.batch("ROLLBACK");
    }
}

/// Connects to the server of `url`, with every timeout set (see the module doc).
fn connect(url: &PgUrl, target: &Target) -> Result<PgConn, Error> {
    let mut config: postgres::Config = url.secret().parse().map_err(|e| {
        Error::invalid(format!(
            "invalid database URL {target}: {e} (postgres://user[:password]@host[:port]/dbname\
             [?sslmode=disable|prefer|require])"
        ))
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(BUSY_TIMEOUT);
    }
    let ms = BUSY_TIMEOUT.as_millis();
    let ours = format!(
        "-c statement_timeout={ms} -c lock_timeout={ms} \
         -c idle_in_transaction_session_timeout={}",
        ms * 3
    );
    let options = match config.get_options() {
        Some(theirs) => format!("{ours} {theirs}"),
        None => ours,
    };
    config
        .options(&options)
        .application_name("boxoffice")
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(5))
        .keepalives_interval(Duration::from_secs(2))
        .keepalives_retries(3)
        .tcp_user_timeout(BUSY_TIMEOUT * 2);
    let client = match config.get_ssl_mode() {
        postgres::config::SslMode::Disable => config.connect(postgres::NoTls),
        _ => config.connect(tls()?),
    }
    .map_err(|e| pg_error(target, &e, false))?;
    Ok(PgConn {
        client,
        stmts: HashMap::new(),
        savepoints: 0,
        retryable: false,
    })
}

/// TLS over rustls, trusting the system's roots (or `SSL_CERT_FILE` / `SSL_CERT_DIR`).
fn tls() -> Result<tokio_postgres_rustls::MakeRustlsConnect, Error> {
    let loaded = rustls_native_certs::load_native_certs();
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(loaded.certs);
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The schema version of the database (0: none of ours).
fn schema_version(c: &mut Client) -> Result<i64, postgres::Error> {
    let exists: bool = c
        .query_one("SELECT to_regclass('boxoffice_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    c.query_one(
        "SELECT COALESCE(MAX(version), 0) FROM boxoffice_schema",
        &[],
    )
    .map(|r| r.get(0))
}

/// Opens the database at `url`. With `create` (`init`), creates or migrates the schema; without,
/// a database whose schema is not this boxoffice's is refused, naming what to run.
pub(super) fn open(url: &PgUrl, target: &Target, create: bool) -> Result<PgConn, Error> {
    let mut conn = connect(url, target)?;
    let fail = |e: postgres::Error| pg_error(target, &e, false);
    let latest = latest();
    let version = schema_version(&mut conn.client).map_err(fail)?;
    if version > latest {
        return Err(Error::invalid(format!(
            "{target}: this database was written by a newer boxoffice (schema {version}; this \
             boxoffice {} knows schema {latest} at most); upgrade boxoffice. Nothing was changed",
            env!("CARGO_PKG_VERSION"),
        )));
    }
    if version == latest {
        return Ok(conn);
    }
    // Like a SQLite file not there yet (exit 4): `sweep --watch` waits for it.
    if !create && version == 0 {
        return Err(Error::not_found(format!(
            "no boxoffice schema in {target}: run `boxoffice init` first (it creates the \
             schema in this existing database)"
        )));
    }
    if !create {
        return Err(Error::invalid(format!(
            "{target} has schema {version} and this boxoffice needs {latest}: run \
             `boxoffice init` (once, from one counter) to migrate it"
        )));
    }
    migrate(&mut conn.client, target).map_err(fail)??;
    Ok(conn)
}

/// The newest schema version this binary knows.
pub(super) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Brings the schema up to date in one transaction, under the writers' lock (so two `init`s
/// at once migrate once).
fn migrate(c: &mut Client, target: &Target) -> Result<Result<(), Error>, postgres::Error> {
    let mut tx = c.transaction()?;
    tx.batch_execute(&format!(
        "SELECT pg_advisory_xact_lock({WRITERS_LOCK});
         CREATE TABLE IF NOT EXISTS boxoffice_schema (
             version       BIGINT PRIMARY KEY,
             applied_at_ms BIGINT NOT NULL
         );"
    ))?;
    let version: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM boxoffice_schema",
            &[],
        )?
        .get(0);
    if version == 0 {
        let others: i64 = tx
            .query_one(
                "SELECT COUNT(*) FROM pg_tables
                  WHERE schemaname = current_schema() AND tablename <> 'boxoffice_schema'",
                &[],
            )?
            .get(0);
        if others > 0 {
            return Ok(Err(Error::invalid(format!(
                "{target} already holds another program's tables; choose another database \
                 (or schema). Nothing was changed"
            ))));
        }
    }
    let now = chrono::Utc::now().timestamp_millis();
    for (v, sql) in MIGRATIONS.iter().filter(|m| m.0 > version) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO boxoffice_schema (version, applied_at_ms) VALUES ($1, $2)",
            &[v, &now],
        )?;
    }
    tx.commit()?;
    Ok(Ok(()))
}

/// What `doctor` shows of a PostgreSQL database.
pub(super) fn health(pg: &mut PgConn, target: &Target) -> Result<super::Health, Error> {
    let fail = |e: postgres::Error| pg_error(target, &e, false);
    let schema = schema_version(&mut pg.client).map_err(fail)?;
    let row = pg
        .client
        .query_one(
            "SELECT current_setting('server_version'), current_setting('synchronous_commit')",
            &[],
        )
        .map_err(fail)?;
    let version: String = row.get(0);
    let sync: String = row.get(1);
    Ok(super::Health {
        schema,
        latest_schema: latest(),
        journal_mode: format!("postgresql {version}"),
        // As SQLite's numbers: off 0, local/remote_write 1, on/remote_apply 2.
        synchronous: match sync.as_str() {
            "off" => 0,
            "local" | "remote_write" => 1,
            _ => 2,
        },
    })
}

/// `synchronous_commit` on or off, for the benchmark of what durable commits cost.
pub(super) fn set_durable(pg: &mut PgConn, target: &Target, durable: bool) -> Result<(), Error> {
    pg.client
        .batch_execute(if durable {
            "SET synchronous_commit = on"
        } else {
            "SET synchronous_commit = off"
        })
        .map_err(|e| pg_error(target, &e, false))
}

// ---------------------------------------------------------------------------------------------
// values

/// A neutral value sent as a parameter: converted to the type the server gave the parameter.
#[derive(Debug)]
struct PgParam(Value);

type BoxErr = Box<dyn StdError + Sync + Send>;

impl ToSql for PgParam {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxErr> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(n) => match *ty {
                Type::INT8 => n.to_sql(ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(ty, out),
                Type::BOOL => (*n != 0).to_sql(ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(ty, out),
                _ => text(&n.to_string(), ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => text(&f.to_string(), ty, out),
            },
            Value::Text(s) => match *ty {
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.parse::<i32>()?.to_sql(ty, out),
                _ => text(s, ty, out),
            },
            Value::Blob(b) => b.as_slice().to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// Text in the binary form of a text-like type (jsonb's has a version byte first).
fn text(s: &str, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxErr> {
    if *ty == Type::JSONB {
        out.extend_from_slice(&[1]);
    }
    out.extend_from_slice(s.as_bytes());
    Ok(IsNull::No)
}

/// A column read as a neutral value.
struct PgValue(Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxErr> {
        Ok(PgValue(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::JSONB => Value::Text(String::from_utf8(raw.get(1..).unwrap_or(&[]).to_vec())?),
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxErr> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(ty: &Type) -> bool {
        !matches!(
            *ty,
            Type::TIMESTAMP | Type::TIMESTAMPTZ | Type::DATE | Type::TIME | Type::INTERVAL
        )
    }
}

/// A NUMERIC (what `SUM` of BIGINTs is): an integer when it is whole, else a real.
fn numeric(raw: &[u8]) -> Result<Value, BoxErr> {
    let word = |i: usize| -> Result<i16, BoxErr> {
        let b = raw.get(i..i + 2).ok_or("short numeric")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (ndigits, weight, sign) = (word(0)?, word(2)?, word(4)? as u16);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let (mut whole, mut frac, mut scale): (i128, f64, f64) = (0, 0.0, 1.0);
    for i in 0..ndigits.max(0) as usize {
        let d = word(8 + 2 * i)?;
        let pos = i64::from(weight) - i as i64;
        if pos >= 0 {
            whole = whole * 10_000 + i128::from(d);
        } else {
            scale /= 10_000.0;
            frac += f64::from(d) * scale;
        }
    }
    let last = i64::from(weight) - i64::from(ndigits) + 1;
    for _ in 0..last.max(0) {
        whole *= 10_000;
    }
    let neg = sign == 0x4000;
    if frac == 0.0 {
        let n = i64::try_from(whole)?;
        return Ok(Value::Integer(if neg { -n } else { n }));
    }
    let v = whole as f64 + frac;
    Ok(Value::Real(if neg { -v } else { v }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NUMERIC in binary: ndigits, weight, sign, dscale, then base-10000 digits.
    fn raw(weight: i16, sign: u16, digits: &[i16]) -> Vec<u8> {
        let mut out = Vec::new();
        for w in [digits.len() as i16, weight, sign as i16, 0] {
            out.extend_from_slice(&w.to_be_bytes());
        }
        for d in digits {
            out.extend_from_slice(&d.to_be_bytes());
        }
        out
    }

    #[test]
    fn a_sum_comes_back_as_the_integer_it_is() {
        assert_eq!(numeric(&raw(0, 0, &[])).unwrap(), Value::Integer(0));
        assert_eq!(numeric(&raw(0, 0, &[42])).unwrap(), Value::Integer(42));
        assert_eq!(numeric(&raw(1, 0, &[1])).unwrap(), Value::Integer(10_000));
        assert_eq!(
            numeric(&raw(1, 0, &[12, 3456])).unwrap(),
            Value::Integer(123_456)
        );
        assert_eq!(
            numeric(&raw(2, 0x4000, &[1, 0, 5])).unwrap(),
            Value::Integer(-100_000_005)
        );
        assert_eq!(numeric(&raw(0, 0, &[1, 5000])).unwrap(), Value::Real(1.5));
    }
}
