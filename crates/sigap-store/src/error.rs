//! The errors of the store, few and meaningful to callers.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The change conflicts with the stored state (a stale version, a reused key...).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database cannot be reached or is overloaded; the caller may retry.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    /// The change was made on a stale copy of the case.
    #[error("the case changed meanwhile: it is at version {current}")]
    StaleVersion { current: i64 },
    /// A rule of the response record refuses the change (closing without an outcome, asking
    /// a complainant who is already asked…): a stable code and the reason in both languages.
    #[error("refused ({code}): {message_en}")]
    Refused {
        code: &'static str,
        message: String,
        message_en: String,
    },
    /// The workflow does not allow this move.
    #[error(transparent)]
    Transition(#[from] sigap_core::TransitionError),
    /// An idempotency key came back with a different request.
    #[error("idempotency key reused with a different request")]
    IdempotencyMismatch,
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Other(#[source] sqlx::Error),
    /// A stored value that the domain refuses: the database was changed by hand.
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e)
            }
            sqlx::Error::Database(ref db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            other => StoreError::Other(other),
        }
    }
}

impl StoreError {
    pub(crate) fn refused(
        code: &'static str,
        message: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        StoreError::Refused {
            code,
            message: message.into(),
            message_en: message_en.into(),
        }
    }

    pub(crate) fn corrupt(what: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(what.to_string())
    }
}
