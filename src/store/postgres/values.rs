//! Values between the neutral type (rusqlite's `Value`) and PostgreSQL's binary forms: a
//! parameter is encoded as the type the server gave it (an integer to INT4 or to text, say),
//! and a column of any type boxoffice reads comes back as one of the five value kinds
//! (NUMERIC, what `SUM` of BIGINTs is, as an integer when it is whole).

use std::error::Error as StdError;

use postgres::types::{FromSql, IsNull, ToSql, Type};
use rusqlite::types::Value;

/// A neutral value sent as a parameter: converted to the type the server gave the parameter.
#[derive(Debug)]
pub(super) struct PgParam(pub(super) Value);

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
pub(super) struct PgValue(pub(super) Value);

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
