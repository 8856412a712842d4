//! One file per subcommand: argument definitions and printing, nothing else.

pub mod block;
pub mod bookings;
pub mod cancel;
pub mod completions;
pub mod config;
pub mod confirm;
pub mod doctor;
pub mod hall;
pub mod history;
pub mod init;
pub mod inspect;
pub mod keys;
pub mod man;
pub mod moves;
pub mod order;
pub mod refunds;
pub mod release;
pub mod report;
pub mod reserve;
mod reserve_best;
pub mod showtime;
pub mod showtime_cancel;
pub mod sweep;
pub mod ttl;
pub mod watch;
pub mod webhook;
