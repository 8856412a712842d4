//! Which database a command uses: a SQLite file (a path, the default) or a PostgreSQL server
//! (a `postgres://` or `postgresql://` URL). The URL's password never leaves this type
//! unmasked except into the connection itself: `Display` and [`Target::shown`] mask it.

use std::fmt;
use std::path::{Path, PathBuf};

/// The database of `--db` / `BOXOFFICE_DB` / config `db`.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, by URL.
    Postgres(PgUrl),
}

/// A PostgreSQL URL: the text as given (with its password) and as shown (password masked).
#[derive(Clone, PartialEq, Eq)]
pub struct PgUrl {
    url: String,
    shown: String,
}

/// Which engine a [`Target`] is, for `boxoffice config` and `doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

impl Target {
    /// A path is a SQLite file; `postgres://…` and `postgresql://…` (any case) are PostgreSQL.
    /// Any other `scheme://` is refused by the caller (see `config::resolve`).
    pub fn parse(value: &str) -> Target {
        match pg_scheme(value) {
            true => Target::Postgres(PgUrl::new(value)),
            false => Target::Sqlite(PathBuf::from(value)),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Target::Sqlite(_) => Engine::Sqlite,
            Target::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite file, if this is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Target::Sqlite(p) => Some(p),
            Target::Postgres(_) => None,
        }
    }

    /// The target as every message shows it: a path, or the URL with its password masked.
    pub fn shown(&self) -> String {
        self.to_string()
    }
}

impl From<&PathBuf> for Target {
    fn from(p: &PathBuf) -> Target {
        Target::from(p.as_path())
    }
}

impl From<&Target> for Target {
    fn from(t: &Target) -> Target {
        t.clone()
    }
}

impl From<&Path> for Target {
    fn from(p: &Path) -> Target {
        match p.to_str() {
            Some(s) if pg_scheme(s) => Target::Postgres(PgUrl::new(s)),
            _ => Target::Sqlite(p.to_path_buf()),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Sqlite(p) => write!(f, "{}", p.display()),
            Target::Postgres(u) => f.write_str(&u.shown),
        }
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}({self})", self.engine())
    }
}

fn pg_scheme(s: &str) -> bool {
    let lower = s.get(..13).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

impl PgUrl {
    fn new(url: &str) -> PgUrl {
        PgUrl {
            url: url.to_string(),
            shown: mask_password(url),
        }
    }

    /// The URL with its password, for the connection only.
    pub(super) fn secret(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for PgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

/// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`.
/// The user stays (it says which role connects); the password, in the userinfo or in a
/// `password=` query parameter, is masked. The credentials end at the last `@` before the
/// query, as a password may hold an unencoded `/` or `@`.
pub fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (main, query) = match rest.find('?') {
        // A '?' inside the userinfo (an unencoded password) is before the last '@'.
        Some(q) if !rest[q..].contains('@') => (&rest[..q], Some(&rest[q + 1..])),
        _ => (rest, None),
    };
    let mut out = format!("{scheme}://");
    match main.rfind('@') {
        Some(at) => {
            let userinfo = &main[..at];
            match userinfo.split_once(':') {
                Some((user, _)) => out.push_str(&format!("{user}:***")),
                None => out.push_str(userinfo),
            }
            out.push_str(&main[at..]);
        }
        None => out.push_str(main),
    }
    if let Some(q) = query {
        let pairs: Vec<String> = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => pair.to_string(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_sqlite_and_a_postgres_url_is_postgres() {
        assert_eq!(Target::parse("/var/b.db").engine(), Engine::Sqlite);
        assert_eq!(Target::parse("b.db").engine(), Engine::Sqlite);
        for u in ["postgres://u@h/d", "postgresql://u@h/d", "POSTGRES://u@h/d"] {
            assert_eq!(Target::parse(u).engine(), Engine::Postgres, "{u}");
        }
    }

    #[test]
    fn the_password_is_masked_wherever_it_is() {
        let cases = [
            (
                "postgres://bo:s3cret@db:5432/box",
                "postgres://bo:***@db:5432/box",
            ),
            ("postgres://bo@db/box", "postgres://bo@db/box"),
            (
                "postgres://bo:p@ss/w?rd@db/box?sslmode=require",
                "postgres://bo:***@db/box?sslmode=require",
            ),
            (
                "postgresql://db/box?user=bo&password=s3cret",
                "postgresql://db/box?user=bo&password=***",
            ),
            ("postgres://db/box", "postgres://db/box"),
        ];
        for (url, shown) in cases {
            let t = Target::parse(url);
            assert_eq!(t.to_string(), shown);
            assert_eq!(format!("{t:?}"), format!("Postgres({shown})"));
            assert!(!t.to_string().contains("s3cret"));
        }
    }
}
