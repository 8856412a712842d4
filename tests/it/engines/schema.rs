//! The two schemas are one: `init` on SQLite and on PostgreSQL make the same tables, columns
//! (types normalised: SQLite's INTEGER is PostgreSQL's BIGINT), primary keys, defaults,
//! indexes (unique or not, their columns and partial predicates, the fence among them) and
//! triggers (by name and table). A migration added to one engine and not the other fails here.

use std::collections::BTreeSet;

use crate::harness::{Engine, Env};

/// One fact of a schema, as text both engines can be brought to.
type Facts = BTreeSet<String>;

/// Lower case, no parentheses, casts or spaces: `WHERE (status = 'PENDING'::text)` and
/// `WHERE status = 'PENDING'` both read `status='pending'`.
fn norm(s: &str) -> String {
    s.replace("::text", "")
        .replace("::bigint", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')' && *c != '"')
        .collect::<String>()
        .to_lowercase()
}

fn sqlite_schema(env: &Env) -> Facts {
    let mut facts = Facts::new();
    let tables = env
        .rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence'");
    for t in tables.iter().map(|r| &r[0]) {
        for c in env.rows(&format!(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{t}')"
        )) {
            let pk = c[4] != "0";
            let ty = match c[1].as_str() {
                "INTEGER" => "bigint",
                "TEXT" => "text",
                other => other,
            };
            let null = if c[2] == "1" || pk {
                "not null"
            } else {
                "null"
            };
            let default = if c[3] == "NULL" {
                String::new()
            } else {
                norm(&c[3])
            };
            facts.insert(format!("column {t}.{} {ty} {null} default={default}", c[0]));
            if pk {
                facts.insert(format!("pk {t}.{} #{}", c[0], c[4]));
            }
        }
    }
    for i in env.rows(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    ) {
        let sql = &i[2];
        let unique = sql.to_uppercase().starts_with("CREATE UNIQUE");
        let cols: Vec<String> = env
            .rows(&format!(
                "SELECT name FROM pragma_index_info('{}') ORDER BY seqno",
                i[0]
            ))
            .into_iter()
            .map(|r| r[0].clone())
            .collect();
        let predicate = sql
            .to_uppercase()
            .find(" WHERE ")
            .map(|at| norm(&sql[at + 7..]))
            .unwrap_or_default();
        facts.insert(format!(
            "index {} on {}({}) unique={unique} where={predicate}",
            i[0],
            i[1],
            cols.join(",")
        ));
    }
    for t in env.rows("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'") {
        facts.insert(format!("trigger {} on {}", t[0], t[1]));
    }
    facts
}

fn postgres_schema(env: &Env) -> Facts {
    let mut facts = Facts::new();
    let pks: BTreeSet<(String, String, String)> = env
        .rows(
            "SELECT k.table_name, k.column_name, k.ordinal_position
               FROM information_schema.table_constraints c
               JOIN information_schema.key_column_usage k
                 ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
              WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()",
        )
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    for c in env.rows(
        "SELECT table_name, column_name, data_type, is_nullable, column_default
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name <> 'boxoffice_schema'",
    ) {
        let null = if c[3] == "NO" { "not null" } else { "null" };
        let default = if c[4] == "NULL" {
            String::new()
        } else {
            norm(&c[4])
        };
        facts.insert(format!(
            "column {}.{} {} {null} default={default}",
            c[0], c[1], c[2]
        ));
    }
    for (t, c, n) in &pks {
        if t != "boxoffice_schema" {
            facts.insert(format!("pk {t}.{c} #{n}"));
        }
    }
    // Explicit indexes only: not those of primary keys and UNIQUE constraints (SQLite's
    // `sqlite_autoindex_*`, which have no SQL and are left out there too).
    for i in env.rows(
        "SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = current_schema() AND i.tablename <> 'boxoffice_schema'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)",
    ) {
        let def = &i[2];
        let unique = def.starts_with("CREATE UNIQUE");
        let open = def.find("USING btree (").expect("a btree index") + "USING btree (".len();
        let close = open + def[open..].find(')').expect("closing parenthesis");
        let cols = def[open..close].replace(' ', "");
        let predicate = def
            .find(" WHERE ")
            .map(|at| norm(&def[at + 7..]))
            .unwrap_or_default();
        facts.insert(format!(
            "index {} on {}({cols}) unique={unique} where={predicate}",
            i[0], i[1]
        ));
    }
    for t in env.rows(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE NOT t.tgisinternal",
    ) {
        facts.insert(format!("trigger {} on {}", t[0], t[1]));
    }
    facts
}

#[test]
fn both_engines_have_the_same_schema() {
    let lite = Env::bare_on(Engine::Sqlite);
    lite.ok("init");
    let pg = Env::bare_on(Engine::Postgres);
    pg.ok("init");
    let (a, b) = (sqlite_schema(&lite), postgres_schema(&pg));
    let only_lite: Vec<_> = a.difference(&b).collect();
    let only_pg: Vec<_> = b.difference(&a).collect();
    assert!(
        only_lite.is_empty() && only_pg.is_empty(),
        "the schemas differ\nonly in SQLite:\n  {}\nonly in PostgreSQL:\n  {}",
        only_lite
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  "),
        only_pg
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    // The comparison saw the fence itself, on both.
    assert!(a.iter().any(|f| f.starts_with(
        "index booking_seats_one_live_claim on booking_seats(showtime_id,seat_id) unique=true where=live=1"
    )));
    assert!(a.len() > 100, "{} facts only", a.len());
}
