//! The tool's typed ids as SQL values. Rows come back already checked: an id in the database
//! that is not one of ours (a row edited by hand) is an error naming the value, never a string
//! the domain has to re-validate at each use.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::ids::{SeatId, ShowtimeId, UserId};

impl FromSql for ShowtimeId {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        ShowtimeId::new(i64::column_result(v)?).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

impl ToSql for ShowtimeId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.get()))
    }
}

/// Parses a text column with the id's own grammar.
fn parsed<T: std::str::FromStr<Err = crate::error::Error>>(v: ValueRef<'_>) -> FromSqlResult<T> {
    v.as_str()?
        .parse()
        .map_err(|e: crate::error::Error| FromSqlError::Other(Box::new(e)))
}

impl FromSql for UserId {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        parsed(v)
    }
}

impl ToSql for UserId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for SeatId {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        parsed(v)
    }
}

impl ToSql for SeatId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}
