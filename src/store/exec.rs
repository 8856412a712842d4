//! The one execution layer every statement runs through, on either engine.
//!
//! A statement is written once, in SQLite's spelling (`?N` placeholders), and in SQL both
//! engines read the same way (`RETURNING`, `ON CONFLICT`, `CASE`, `FILTER`, `COALESCE`); where
//! they must differ (JSON lists, string aggregation) the file gives both texts through
//! [`Sql::pick`]. Parameters are `rusqlite::ToSql` values (`params![…]`) and rows are read by
//! index with `rusqlite::types::FromSql`, on both engines: SQLite's five value kinds (NULL,
//! integer, real, text, blob) are the neutral value type, so the typed ids' conversions
//! (`ids.rs`) serve both. For PostgreSQL, `postgres.rs` turns `?N` into `$N` once per cached
//! statement and converts values to and from the server's types.
//!
//! A statement the schema may refuse (the fence, a trigger, a unique key) goes through the
//! `refusable` methods: on SQLite the failed statement wrote nothing and the transaction goes
//! on; on PostgreSQL a failed statement aborts the whole transaction, so it runs inside a
//! savepoint, rolled back to on a refusal, to keep SQLite's meaning.

use std::cell::RefCell;

use rusqlite::types::{FromSql, FromSqlError, Value, ValueRef};

use super::postgres::{PgConn, PgError};
use super::target::Target;
use super::{Refused, sqlite};
use crate::error::Error;

/// A statement's parameters, in `?N` order.
pub(super) type Params<'a> = &'a [&'a dyn rusqlite::ToSql];

/// A connection, from either handle ([`super::Db`] or [`super::Tx`]).
#[derive(Clone, Copy)]
pub(super) enum Conn<'c> {
    Lite(&'c rusqlite::Connection),
    Pg(&'c RefCell<PgConn>),
}

/// A connection and the database it is for: what every statement runs on.
#[derive(Clone, Copy)]
pub(super) struct Sql<'c> {
    pub(super) conn: Conn<'c>,
    pub(super) target: &'c Target,
}

/// One row of a result, read by column index.
pub(super) enum Row<'r, 's> {
    Lite(&'r rusqlite::Row<'s>),
    Pg(&'r [Value]),
}

impl Row<'_, '_> {
    /// Column `i` as `T`, with rusqlite's errors for a wrong type or a failed conversion.
    pub(super) fn get<T: FromSql>(&self, i: usize) -> rusqlite::Result<T> {
        match self {
            Row::Lite(r) => r.get(i),
            Row::Pg(vals) => {
                let v = vals.get(i).ok_or(rusqlite::Error::InvalidColumnIndex(i))?;
                T::column_result(ValueRef::from(v)).map_err(|e| match e {
                    FromSqlError::InvalidType => {
                        rusqlite::Error::InvalidColumnType(i, String::new(), v.data_type())
                    }
                    FromSqlError::OutOfRange(n) => rusqlite::Error::IntegralValueOutOfRange(i, n),
                    FromSqlError::Other(e) => {
                        rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), e)
                    }
                    other => {
                        rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(other))
                    }
                })
            }
        }
    }

    /// Column `i`, borrowed.
    pub(super) fn get_ref(&self, i: usize) -> rusqlite::Result<ValueRef<'_>> {
        match self {
            Row::Lite(r) => r.get_ref(i),
            Row::Pg(vals) => vals
                .get(i)
                .map(ValueRef::from)
                .ok_or(rusqlite::Error::InvalidColumnIndex(i)),
        }
    }
}

/// An engine's own error, before it is worded as the tool's.
pub(super) enum Raw {
    Lite(rusqlite::Error),
    Pg(PgError),
}

impl From<rusqlite::Error> for Raw {
    fn from(e: rusqlite::Error) -> Raw {
        Raw::Lite(e)
    }
}

impl Raw {
    /// Whether the schema refused the write (a constraint or one of its triggers).
    fn is_constraint(&self) -> bool {
        match self {
            Raw::Lite(e) => sqlite::is_constraint(e),
            Raw::Pg(e) => e.is_constraint(),
        }
    }
}

/// A borrowed value, owned.
pub(super) fn owned(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// The values of rusqlite parameters, owned (what PostgreSQL's side sends).
fn values(p: Params<'_>) -> rusqlite::Result<Vec<Value>> {
    use rusqlite::types::ToSqlOutput;
    p.iter()
        .map(|v| {
            Ok(match v.to_sql()? {
                ToSqlOutput::Borrowed(v) => owned(v),
                ToSqlOutput::Owned(v) => v,
                _ => Value::Null,
            })
        })
        .collect()
}

impl<'c> Sql<'c> {
    /// Turns an engine's error into the tool's error, naming the database and what to do.
    pub(super) fn err(&self, e: impl Into<Raw>) -> Error {
        match (e.into(), self.target) {
            (Raw::Lite(e), Target::Sqlite(path)) => sqlite::db_error(path, e),
            (Raw::Lite(e), t) => super::postgres::row_error(t, e),
            (Raw::Pg(e), t) => {
                // A write transaction broken off by a conflict may be run again (`Db::write`).
                if let Conn::Pg(pg) = self.conn
                    && let Ok(mut c) = pg.try_borrow_mut()
                {
                    c.retryable |= e.is_retryable();
                }
                e.into_error(t)
            }
        }
    }

    /// Whether this is the PostgreSQL engine.
    pub(super) fn is_pg(&self) -> bool {
        matches!(self.conn, Conn::Pg(_))
    }

    /// The engine's text of a statement whose spelling differs between the two.
    pub(super) fn pick<'s>(&self, sqlite: &'s str, postgres: &'s str) -> &'s str {
        if self.is_pg() { postgres } else { sqlite }
    }

    fn raw_rows<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&Row<'_, '_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, Raw> {
        match self.conn {
            Conn::Lite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(p)?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(f(&Row::Lite(r))?);
                }
                Ok(out)
            }
            Conn::Pg(pg) => {
                let rows = pg.borrow_mut().query(sql, &values(p)?).map_err(Raw::Pg)?;
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    out.push(f(&Row::Pg(r))?);
                }
                Ok(out)
            }
        }
    }

    fn raw_execute(&self, sql: &str, p: Params<'_>) -> Result<usize, Raw> {
        match self.conn {
            Conn::Lite(c) => Ok(c.prepare_cached(sql)?.execute(p)?),
            Conn::Pg(pg) => pg.borrow_mut().execute(sql, &values(p)?).map_err(Raw::Pg),
        }
    }

    /// Every row of a query, each read by `f`.
    pub(super) fn rows<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnMut(&Row<'_, '_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, Error> {
        self.raw_rows(sql, p, f).map_err(|e| self.err(e))
    }

    /// The first row of a query, if any.
    pub(super) fn row<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnMut(&Row<'_, '_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, Error> {
        Ok(self.rows(sql, p, f)?.into_iter().next())
    }

    /// The one row a query always returns (an aggregate, say).
    pub(super) fn one<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnMut(&Row<'_, '_>) -> rusqlite::Result<T>,
    ) -> Result<T, Error> {
        self.row(sql, p, f)?
            .ok_or_else(|| self.err(rusqlite::Error::QueryReturnedNoRows))
    }

    /// Whether a query returns any row.
    pub(super) fn exists(&self, sql: &str, p: Params<'_>) -> Result<bool, Error> {
        Ok(self.row(sql, p, |_| Ok(()))?.is_some())
    }

    /// Runs a statement; how many rows it changed.
    pub(super) fn execute(&self, sql: &str, p: Params<'_>) -> Result<usize, Error> {
        self.raw_execute(sql, p).map_err(|e| self.err(e))
    }

    /// Runs a guarded UPDATE of one row: whether it changed that row. False means the guard no
    /// longer held (someone else got there first) and nothing was written.
    pub(super) fn update_one(&self, sql: &str, p: Params<'_>) -> Result<bool, Error> {
        Ok(self.execute(sql, p)? == 1)
    }

    /// Runs `op` so that a refusal by the schema writes nothing and leaves the transaction
    /// usable (a savepoint on PostgreSQL): `Err(Refused)` then.
    fn refusable<T>(
        &self,
        op: impl FnOnce() -> Result<T, Raw>,
    ) -> Result<Result<T, Refused>, Error> {
        let Conn::Pg(pg) = self.conn else {
            return match op() {
                Ok(v) => Ok(Ok(v)),
                Err(e) if e.is_constraint() => Ok(Err(Refused)),
                Err(e) => Err(self.err(e)),
            };
        };
        let pg_err = |e: PgError| self.err(Raw::Pg(e));
        let begun = pg.borrow_mut().savepoint();
        begun.map_err(pg_err)?;
        match op() {
            Ok(v) => {
                let released = pg.borrow_mut().release_savepoint();
                released.map_err(pg_err)?;
                Ok(Ok(v))
            }
            Err(e) if e.is_constraint() => {
                let undone = pg.borrow_mut().rollback_to_savepoint();
                undone.map_err(pg_err)?;
                Ok(Err(Refused))
            }
            Err(e) => Err(self.err(e)),
        }
    }

    /// [`Sql::execute`] of a write the schema may refuse.
    pub(super) fn execute_refusable(
        &self,
        sql: &str,
        p: Params<'_>,
    ) -> Result<Result<usize, Refused>, Error> {
        self.refusable(|| self.raw_execute(sql, p))
    }

    /// [`Sql::row`] of a write (`… RETURNING`) the schema may refuse.
    pub(super) fn row_refusable<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnMut(&Row<'_, '_>) -> rusqlite::Result<T>,
    ) -> Result<Result<Option<T>, Refused>, Error> {
        self.refusable(|| Ok(self.raw_rows(sql, p, f)?.into_iter().next()))
    }
}

/// `?N` (and a bare `?`) → `$N`, outside quoted text: SQLite's placeholders in PostgreSQL's
/// spelling.
pub(super) fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut next = 1;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '?') => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    digits = next.to_string();
                    next += 1;
                }
                out.push('$');
                out.push_str(&digits);
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::dollar_placeholders;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_placeholders("SELECT ?1, ?12 FROM t WHERE a = '?1' AND b = ?2 AND c = \"?\""),
            "SELECT $1, $12 FROM t WHERE a = '?1' AND b = $2 AND c = \"?\""
        );
        assert_eq!(dollar_placeholders("VALUES (?, ?)"), "VALUES ($1, $2)");
    }
}
