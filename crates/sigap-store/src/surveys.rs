//! Satisfaction surveys (SKM): one per closed case, reached through a one-time link whose
//! token is kept only as a SHA-256 hash.

use chrono::{DateTime, SubsecRound, Utc};
use sigap_core::skm::SurveyAnswers;
use uuid::Uuid;

use crate::{Store, StoreError, pool::on_pool};

/// A survey as the person holding its link sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub case_id: Uuid,
    pub ticket: String,
    pub sentra_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

type SurveyRow = (
    Uuid,
    String,
    Option<String>,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

impl Store {
    /// Opens the survey of a closed case; `false` when the case already has one (a reopened
    /// and closed-again case is surveyed once).
    pub async fn create_survey(
        &self,
        case_id: Uuid,
        token_hash: &str,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let (at, expires_at) = (at.trunc_subsecs(6), expires_at.trunc_subsecs(6));
        Ok(on_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO surveys (token_hash, case_id, sentra_id, created_at, expires_at) \
                 SELECT $1, id, sentra_id, $2, $3 FROM cases WHERE id = $4 \
                 ON CONFLICT (case_id) DO NOTHING",
            )
            .bind(token_hash)
            .bind(at)
            .bind(expires_at)
            .bind(case_id)
            .execute(pool)
            .await?
            .rows_affected()
                == 1
        }))
    }

    /// The survey behind a link.
    pub async fn survey(&self, token_hash: &str) -> Result<Survey, StoreError> {
        let row: SurveyRow = on_pool!(self, read, |pool| {
            sqlx::query_as(
                    "SELECT s.case_id, c.ticket, s.sentra_id, s.created_at, s.expires_at, s.answered_at \
                     FROM surveys s JOIN cases c ON c.id = s.case_id WHERE s.token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(pool)
                .await?
                .ok_or(StoreError::NotFound)?
        });
        Ok(Survey {
            case_id: row.0,
            ticket: row.1,
            sentra_id: row.2,
            created_at: row.3,
            expires_at: row.4,
            answered_at: row.5,
        })
    }

    /// Records the answers, once, before the link expires.
    pub async fn answer_survey(
        &self,
        token_hash: &str,
        answers: &SurveyAnswers,
        comment: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = at.trunc_subsecs(6);
        let survey = self.survey(token_hash).await?;
        if survey.answered_at.is_some() {
            return Err(StoreError::refused(
                "survey_answered",
                "Survei ini sudah diisi. Terima kasih!",
                "This survey was already answered. Thank you!",
            ));
        }
        if survey.expires_at <= at {
            return Err(StoreError::refused(
                "survey_expired",
                "Tautan survei ini sudah kedaluwarsa.",
                "This survey link has expired.",
            ));
        }
        let a = answers.values().map(i16::from);
        let n = on_pool!(self, write, |pool| {
            sqlx::query(
                "UPDATE surveys SET answered_at = $1, u1 = $2, u2 = $3, u3 = $4, u4 = $5, u5 = $6, \
                 u6 = $7, u7 = $8, u8 = $9, u9 = $10, comment = $11 \
                 WHERE token_hash = $12 AND answered_at IS NULL",
            )
            .bind(at)
            .bind(a[0])
            .bind(a[1])
            .bind(a[2])
            .bind(a[3])
            .bind(a[4])
            .bind(a[5])
            .bind(a[6])
            .bind(a[7])
            .bind(a[8])
            .bind(comment)
            .bind(token_hash)
            .execute(pool)
            .await?
            .rows_affected()
        });
        if n != 1 {
            return Err(StoreError::refused(
                "survey_answered",
                "Survei ini sudah diisi. Terima kasih!",
                "This survey was already answered. Thank you!",
            ));
        }
        Ok(())
    }
}
