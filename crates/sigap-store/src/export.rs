//! Case lists for export, page by page in newest-first order, so that a CSV of any size is
//! streamed with bounded memory: the caller asks for the next page after the last row's
//! cursor until a page comes back short.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{CaseFilter, Cursor, Store, StoreError, cases::push_filter, pool::on_pool};

/// One exported case: what a report needs, no personal data and no free text.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ExportRow {
    pub id: Uuid,
    pub ticket: String,
    pub created_at: DateTime<Utc>,
    pub status: String,
    pub channel: String,
    pub complaint_type: String,
    pub urgency: Option<String>,
    /// Slugs joined by `;`.
    pub categories: Option<String>,
    pub region_code: Option<String>,
    pub sentra_id: Option<String>,
    pub sla_state: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
}

/// The column names of [`ExportRow`], in order (the CSV header).
pub const EXPORT_COLUMNS: [&str; 15] = [
    "id",
    "ticket",
    "created_at",
    "status",
    "channel",
    "type",
    "urgency",
    "categories",
    "region_code",
    "sentra",
    "sla_state",
    "verified_at",
    "responded_at",
    "closed_at",
    "outcome",
];

impl Store {
    /// Up to `limit` cases matching `filter`, newest first, after `after`.
    pub async fn export_page(
        &self,
        filter: &CaseFilter,
        after: Option<Cursor>,
        limit: u32,
    ) -> Result<Vec<ExportRow>, StoreError> {
        let limit = i64::from(limit.clamp(1, 20_000));
        Ok(on_pool!(self, read, |pool, IS_PG| {
            let categories = if IS_PG {
                "string_agg(x.category, ';' ORDER BY x.category)"
            } else {
                "group_concat(x.category, ';')"
            };
            let mut q = sqlx::QueryBuilder::new(format!(
                "SELECT id, ticket, created_at, status, channel, complaint_type, urgency, \
                 (SELECT {categories} FROM case_categories x WHERE x.case_id = cases.id) AS categories, \
                 region_code, sentra_id, sla_state, verified_at, responded_at, closed_at, outcome \
                 FROM cases WHERE 1 = 1"
            ));
            push_filter(&mut q, filter, IS_PG);
            if let Some(c) = after {
                q.push(" AND (created_at < ").push_bind(c.created_at);
                q.push(" OR (created_at = ").push_bind(c.created_at);
                q.push(" AND id < ").push_bind(c.id).push("))");
            }
            q.push(" ORDER BY created_at DESC, id DESC LIMIT ")
                .push_bind(limit);
            q.build_query_as().fetch_all(pool).await?
        }))
    }
}
