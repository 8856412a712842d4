//! The same scenarios on both engines: each test here is one function of the engine, run once
//! on SQLite and once on a real PostgreSQL (`on_both!`). A matrix, not copies: the scenario is
//! written once and asserts on exit codes, Redis keys and the database's own rows, read back
//! through `Env::rows` on whichever engine the world is on.

mod core;
mod schema;

/// `on_both!(name)` makes `name_sqlite` and `name_postgres` tests calling `name(Engine)`.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                use $crate::harness::Engine;
                #[test]
                fn sqlite() {
                    super::$name(Engine::Sqlite)
                }
                #[test]
                fn postgres() {
                    super::$name(Engine::Postgres)
                }
            }
        )*
    };
}
