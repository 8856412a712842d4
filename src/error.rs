//! One typed error for the whole tool, and the one place it becomes an exit code.
//!
//! Scripts branch on the exit code and on `error.kind` in `--json` output, so both are part of
//! the public interface: the table in the README and [`Error::exit_code`] must agree.

use serde::Serialize;
use serde_json::{Value, json};

/// Documented exit codes. Keep in sync with the README's table.
pub mod exit {
    pub const OK: i32 = 0;
    pub const INTERNAL: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const CONFLICT: i32 = 3;
    pub const NOT_FOUND: i32 = 4;
    pub const UNAVAILABLE: i32 = 5;
    pub const ANOMALIES: i32 = 6;
    pub const SIGNATURE: i32 = 7;
}

/// How a seat that could not be had is taken; the lowercase string is part of the `--json`
/// output (`taken[].state`) and of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TakenState {
    /// Someone else's live hold.
    Held,
    /// A CONFIRMED booking.
    Sold,
    /// A lock key that is not boxoffice's: an empty value, or a key that is not a string.
    Corrupt,
    /// Kept off sale by `block` (its reason in [`TakenSeat::reason`]).
    Blocked,
}

impl TakenState {
    pub const ALL: [TakenState; 4] = [
        TakenState::Held,
        TakenState::Sold,
        TakenState::Corrupt,
        TakenState::Blocked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TakenState::Held => "held",
            TakenState::Sold => "sold",
            TakenState::Corrupt => "corrupt",
            TakenState::Blocked => "blocked",
        }
    }
}

impl std::fmt::Display for TakenState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a seat could not be had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TakenSeat {
    pub seat: String,
    pub state: TakenState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<i64>,
    /// Why a blocked seat is blocked, as the operator typed it (escaped when displayed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl std::fmt::Display for TakenSeat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.state == TakenState::Blocked {
            let reason = self.reason.as_deref().unwrap_or("");
            return write!(
                f,
                "seat {} is blocked: {}",
                self.seat,
                crate::ids::escaped(reason)
            );
        }
        write!(f, "{} ({}", self.seat, self.state)?;
        if let Some(u) = &self.user {
            write!(f, " by user {u}")?;
        }
        if let Some(b) = self.booking_id {
            write!(f, ", booking {b}")?;
        }
        write!(f, ")")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input or usage: nothing was changed.
    #[error("{0}")]
    Invalid(String),

    /// A seat is held by someone else or sold, another command is changing the same hold, or a
    /// payment cannot be honoured.
    #[error("{message}")]
    Conflict {
        message: String,
        taken: Vec<TakenSeat>,
        refund_required: bool,
        booking_id: Option<i64>,
    },

    /// A well-formed id that does not exist, or no hold to act on.
    #[error("{0}")]
    NotFound(String),

    /// Redis or the database could not be reached or timed out.
    #[error("{message}")]
    Unavailable {
        /// `redis` or `database`.
        service: &'static str,
        message: String,
        /// True when a write may or may not have happened (a timeout after sending).
        outcome_unknown: bool,
    },

    /// `inspect --check` found anomalies. Not an error for the operator, just a signal.
    #[error("{0} anomalies found")]
    Anomalies(usize),

    /// A payment's signature is missing, malformed or wrong (or the secret is): the request may
    /// not come from Razorpay, so nothing was changed. Its own exit code, so that a webhook
    /// relay can answer "bad request" instead of "retry later".
    #[error("{0}")]
    Signature(String),

    /// A bug, or a state the tool does not know how to handle.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),

    /// An error the command has already put in its `--json` document (as `error`), so only
    /// the `error:` line on stderr and the exit code remain to be given.
    #[error(transparent)]
    InDocument(Box<Error>),

    /// An error, and clean-ups that also failed on the way out (a refused reserve that could not
    /// give back its locks). The CLI prints each warning as a `warning:` line before the error;
    /// everything else (message, kind, exit code, `--json`) is the error's own.
    #[error("{error}")]
    WithWarnings {
        error: Box<Error>,
        warnings: Vec<String>,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    pub fn not_found(msg: impl Into<String>) -> Self {
        Error::NotFound(msg.into())
    }

    pub fn conflict(msg: impl Into<String>) -> Self {
        Error::Conflict {
            message: msg.into(),
            taken: Vec::new(),
            refund_required: false,
            booking_id: None,
        }
    }

    /// This error with `warnings` for the CLI to print before it (none: the error as it is).
    pub fn with_warnings(self, warnings: Vec<String>) -> Self {
        if warnings.is_empty() {
            return self;
        }
        match self {
            Error::WithWarnings {
                error,
                warnings: mut earlier,
            } => {
                earlier.extend(warnings);
                Error::WithWarnings {
                    error,
                    warnings: earlier,
                }
            }
            error => Error::WithWarnings {
                error: Box::new(error),
                warnings,
            },
        }
    }

    /// The warnings that come with this error, in order.
    pub fn warnings(&self) -> &[String] {
        match self {
            Error::WithWarnings { warnings, .. } => warnings,
            _ => &[],
        }
    }

    /// The error itself, without its warnings.
    pub fn without_warnings(&self) -> &Error {
        match self {
            Error::WithWarnings { error, .. } => error,
            other => other,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => exit::USAGE,
            Error::Conflict { .. } => exit::CONFLICT,
            Error::NotFound(_) => exit::NOT_FOUND,
            Error::Unavailable { .. } => exit::UNAVAILABLE,
            Error::Anomalies(_) => exit::ANOMALIES,
            Error::Signature(_) => exit::SIGNATURE,
            Error::Internal(_) => exit::INTERNAL,
            Error::InDocument(e) | Error::WithWarnings { error: e, .. } => e.exit_code(),
        }
    }

    /// The machine-readable kind used in `{"error":{"kind":…}}`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::Conflict { .. } => "conflict",
            Error::NotFound(_) => "not_found",
            Error::Unavailable { .. } => "unavailable",
            Error::Anomalies(_) => "anomalies",
            Error::Signature(_) => "signature",
            Error::Internal(_) => "internal",
            Error::InDocument(e) | Error::WithWarnings { error: e, .. } => e.kind(),
        }
    }

    /// The full human message, including causes for internal errors.
    pub fn message(&self) -> String {
        match self {
            Error::Internal(e) => format!("{e:#}"),
            Error::InDocument(e) | Error::WithWarnings { error: e, .. } => e.message(),
            other => other.to_string(),
        }
    }

    pub fn to_json(&self) -> Value {
        if let Error::InDocument(e) | Error::WithWarnings { error: e, .. } = self {
            return e.to_json();
        }
        let mut body = json!({ "kind": self.kind(), "message": self.message() });
        let obj = body.as_object_mut().expect("object");
        match self {
            Error::Conflict {
                taken,
                refund_required,
                booking_id,
                ..
            } => {
                obj.insert("taken".into(), json!(taken));
                obj.insert("refund_required".into(), json!(refund_required));
                if let Some(b) = booking_id {
                    obj.insert("booking_id".into(), json!(b));
                }
            }
            Error::Unavailable {
                service,
                outcome_unknown,
                ..
            } => {
                obj.insert("service".into(), json!(service));
                obj.insert("outcome_unknown".into(), json!(outcome_unknown));
            }
            Error::Anomalies(n) => {
                obj.insert("count".into(), json!(n));
            }
            _ => {}
        }
        json!({ "error": body })
    }
}

#[cfg(test)]
mod tests {
    use super::{TakenSeat, TakenState};

    #[test]
    fn every_taken_state_keeps_its_lowercase_string_in_text_and_json() {
        let want = [
            (TakenState::Held, "held"),
            (TakenState::Sold, "sold"),
            (TakenState::Corrupt, "corrupt"),
            (TakenState::Blocked, "blocked"),
        ];
        assert_eq!(want.map(|(k, _)| k), TakenState::ALL);
        for (k, s) in want {
            assert_eq!(k.as_str(), s);
            assert_eq!(k.to_string(), s);
            assert_eq!(serde_json::to_value(k).unwrap(), s);
        }
        let t = TakenSeat {
            seat: "A1".into(),
            state: TakenState::Sold,
            user: Some("7".into()),
            booking_id: Some(3),
            reason: None,
        };
        assert_eq!(t.to_string(), "A1 (sold by user 7, booking 3)");
        assert_eq!(
            serde_json::to_value(&t).unwrap(),
            serde_json::json!({"seat": "A1", "state": "sold", "user": "7", "booking_id": 3})
        );
    }
}
