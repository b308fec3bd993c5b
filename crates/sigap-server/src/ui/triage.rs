//! `/staf/triase`: the media scanner's triage queue for operators, supervisors and
//! administrators — candidates (urgent first) with their sources, filtered by a GET form, and
//! per candidate the three decisions as POST forms (accept → the new case's page; merge into a
//! ticket; dismiss with a reason) through the same functions as the API (`scan::accept`,
//! `scan::merge`, `scan::dismiss`). A refused decision comes back on the page, never as a 500.

use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::{Category, Urgency, access::Permission};
use sigap_store::scanning::{Candidate, Item};

use super::{
    blank,
    place::region_path,
    staff::{Choice, Lang, PageError, Staff, choices, url_encode},
};
use crate::{
    AppState,
    api::v1::{
        candidates::{CandidateQuery, STATUSES, candidate_filter, dismiss_reason, merge_target},
        sources::host_of,
    },
    error::ApiError,
    pages::format_wib,
    scan,
};

/// The common reasons offered for a dismissal; "Lainnya" asks for the free text.
const REASONS: &[(&str, &str)] = &[
    ("Bukan kasus", "Not a case"),
    ("Berita program/statistik", "Programme or statistics news"),
    ("Di luar negeri", "Abroad"),
    ("Sudah ditangani", "Already handled"),
    ("Lainnya", "Other"),
];

/// The filter form; blank means not filtered (the status: `baru`).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct QueueForm {
    pub status: String,
    pub category: String,
    pub urgency: String,
    pub region: String,
    pub sentra: String,
    /// After a decision: `digabung` or `ditolak`, with the candidate's number.
    pub selesai: String,
    pub kandidat: String,
}

impl QueueForm {
    /// The filters, named as in the query.
    fn filters(&self) -> [(&'static str, &str); 5] {
        [
            ("status", &self.status),
            ("category", &self.category),
            ("urgency", &self.urgency),
            ("region", &self.region),
            ("sentra", &self.sentra),
        ]
    }
}

/// An address that may become a link: `http://` or `https://` with a host, nothing else
/// (a `javascript:` or `data:` address stays text).
pub fn http_link(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let scheme_ok = url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        || url
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (scheme_ok && clean && host_of(&url.to_ascii_lowercase()).is_some()).then(|| url.to_owned())
}

/// One source of a candidate or a case, as the pages show it.
#[derive(Serialize)]
pub struct SourceLink {
    /// The title, or the start of the text for a post without one.
    pub title: String,
    /// Only an `http(s)` address: anything else is never a link.
    pub href: Option<String>,
    pub host: Option<String>,
    pub published: Option<String>,
    /// A post's platform (`x`, `facebook`, …); `None` for an article.
    pub platform: Option<String>,
    pub author: Option<String>,
    pub excerpt: String,
}

impl SourceLink {
    pub fn of(item: &Item) -> SourceLink {
        let href = http_link(item.url.as_deref());
        let host = href
            .as_deref()
            .and_then(|u| host_of(u).map(str::to_owned))
            .or_else(|| item.platform.clone());
        let title = item
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| sigap_ingest::pipeline::clip(&item.body, 80));
        SourceLink {
            title,
            href,
            host,
            published: item.published_at.map(format_wib),
            platform: (item.kind == "post")
                .then(|| item.platform.clone())
                .flatten(),
            author: item.author.clone(),
            excerpt: sigap_ingest::pipeline::clip(&item.body, 280),
        }
    }
}

/// One candidate of the queue.
#[derive(Serialize)]
struct Row {
    id: i64,
    status: String,
    title: String,
    excerpt: String,
    urgent: bool,
    urgency: Option<&'static str>,
    categories: Vec<String>,
    place: Option<String>,
    region_code: Option<String>,
    sentra: Option<String>,
    score: String,
    sources: Vec<SourceLink>,
    case_id: Option<String>,
    decided_by: Option<String>,
    reason: Option<String>,
}

fn row(c: &Candidate, lang: Lang) -> Row {
    let r = &c.row;
    let urgency = r.urgency.as_deref().and_then(|u| Urgency::parse(u).ok());
    Row {
        id: r.id,
        status: r.status.clone(),
        title: r.title.clone(),
        excerpt: r.excerpt.clone(),
        urgent: urgency == Some(Urgency::High),
        urgency: urgency.map(|u| lang.pick(u.label(), u.label_en())),
        categories: c.categories().iter().map(|s| (*s).to_owned()).collect(),
        place: r.region_code.as_deref().map(region_path),
        region_code: r.region_code.clone(),
        sentra: r.sentra_name.clone().or_else(|| r.sentra_id.clone()),
        score: format!("{:.2}", r.score),
        sources: c.items.iter().map(SourceLink::of).collect(),
        case_id: r.case_id.map(|id| id.to_string()),
        decided_by: r.decided_by.clone(),
        reason: r.reason.clone(),
    }
}

/// What went wrong with the last decision, shown above the queue.
#[derive(Default, Serialize)]
struct Problem {
    candidate: Option<i64>,
    message: Option<String>,
    /// What was typed, given back to its form.
    merge: String,
    reason: String,
}

async fn queue(
    state: &AppState,
    staff: &Staff,
    form: &QueueForm,
    problem: Problem,
    status: StatusCode,
) -> Result<Response, PageError> {
    let lang = staff.lang;
    let query = CandidateQuery {
        status: blank(&form.status),
        category: blank(&form.category),
        urgency: blank(&form.urgency),
        region: blank(&form.region),
        sentra: blank(&form.sentra),
        limit: None,
    };
    let (rows, errors, status) = match candidate_filter(&query) {
        Ok(filter) => {
            let found = state.store.candidates(&filter).await?;
            let rows: Vec<Row> = found.iter().map(|c| row(c, lang)).collect();
            (rows, Vec::new(), status)
        }
        Err(ApiError::Validation(fields)) => {
            let messages = fields
                .into_iter()
                .map(|f| match lang {
                    Lang::Id => f.message,
                    Lang::En => f.message_en,
                })
                .collect();
            (Vec::new(), messages, StatusCode::BAD_REQUEST)
        }
        Err(e) => return Err(e.into()),
    };
    let mut statuses = vec![Choice {
        value: "semua".into(),
        label: lang.pick("Semua status", "Every status").into(),
    }];
    statuses.extend(STATUSES.iter().map(|(slug, id, en)| Choice {
        value: (*slug).into(),
        label: lang.pick(id, en).into(),
    }));
    let sentra: Vec<Choice> = state
        .store
        .list_sentra()
        .await?
        .into_iter()
        .map(|(s, _)| Choice {
            value: s.id,
            label: s.name,
        })
        .collect();
    let reasons: Vec<Choice> = REASONS
        .iter()
        .map(|(id, en)| Choice {
            value: (*id).into(),
            label: lang.pick(id, en).into(),
        })
        .collect();
    let notice = blank(&form.kandidat)
        .and_then(|k| k.parse::<i64>().ok())
        .and_then(|k| {
            let (id, en) = match form.selesai.as_str() {
                "digabung" => ("digabungkan ke kasus", "merged into the case"),
                "ditolak" => ("ditolak", "dismissed"),
                _ => return None,
            };
            Some(match lang {
                Lang::Id => format!("Kandidat #{k} {id}."),
                Lang::En => format!("Candidate #{k} {en}."),
            })
        });
    let filtered = form.filters().iter().any(|(_, v)| !v.trim().is_empty());
    let mut page = staff.render(
        state,
        "staf/triase.html",
        context! {
            form => form,
            rows => rows,
            errors => errors,
            problem => problem,
            notice => notice,
            filtered => filtered,
            statuses => statuses,
            categories => choices(Category::ALL, lang),
            urgencies => choices(Urgency::ALL, lang),
            sentra_choices => sentra,
            reasons => reasons,
        },
    );
    *page.status_mut() = status;
    Ok(page)
}

/// `GET /staf/triase`.
pub async fn triage_page(
    State(state): State<AppState>,
    staff: Staff,
    Query(form): Query<QueueForm>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::Triage)?;
    queue(&state, &staff, &form, Problem::default(), StatusCode::OK).await
}

#[derive(Default, Deserialize)]
pub struct DecisionForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// Merge: the case's ticket number (or id).
    #[serde(default)]
    kasus: String,
    /// Dismiss: one of the common reasons …
    #[serde(default)]
    alasan_pilih: String,
    /// … and/or the reason in words.
    #[serde(default)]
    alasan: String,
    /// The queue's filters when the decision was taken, to return to the same view.
    #[serde(flatten)]
    queue: QueueForm,
}

impl DecisionForm {
    /// Back to that queue, saying what was `done` to candidate `id`.
    fn back_to_queue(&self, done: &str, id: i64) -> Response {
        let mut to = format!("/staf/triase?selesai={done}&kandidat={id}");
        for (name, value) in self.queue.filters() {
            let value = value.trim();
            if !value.is_empty() {
                to.push_str(&format!("&{name}={}", url_encode(value)));
            }
        }
        Redirect::to(&to).into_response()
    }

    /// The dismissal's reason: the chosen one and the words, either alone or both.
    fn reason(&self) -> String {
        let chosen = self.alasan_pilih.trim();
        let chosen = (!chosen.is_empty() && chosen != "Lainnya").then_some(chosen);
        let words = self.alasan.trim();
        match (chosen, words.is_empty()) {
            (Some(c), true) => c.to_owned(),
            (Some(c), false) => format!("{c}: {words}"),
            (None, _) => words.to_owned(),
        }
    }
}

/// The queue again with why a decision on candidate `id` was refused: 409 for a candidate
/// decided already (naming by whom), 404 for an unknown one, 422 for a field to correct.
async fn refused(
    state: &AppState,
    staff: &Staff,
    id: i64,
    form: &DecisionForm,
    error: ApiError,
) -> Result<Response, PageError> {
    let en = staff.lang == Lang::En;
    let (status, message) = match error {
        ApiError::Conflict { .. } => {
            let c = state.store.candidate(id).await?;
            let status_label = STATUSES
                .iter()
                .find(|(slug, ..)| *slug == c.row.status)
                .map_or(
                    c.row.status.as_str(),
                    |(_, id_label, en_label)| {
                        if en { en_label } else { id_label }
                    },
                )
                .to_lowercase();
            let by = c.row.decided_by.as_deref().unwrap_or("-");
            let message = if en {
                format!("Candidate #{id} was already decided by {by} ({status_label}).")
            } else {
                format!("Kandidat #{id} sudah diputuskan oleh {by} ({status_label}).")
            };
            (StatusCode::CONFLICT, message)
        }
        ApiError::NotFound { .. } => (
            StatusCode::NOT_FOUND,
            if en {
                format!("Candidate #{id} does not exist.")
            } else {
                format!("Kandidat #{id} tidak ada.")
            },
        ),
        ApiError::Validation(fields) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            fields
                .into_iter()
                .map(|f| if en { f.message_en } else { f.message })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        other => return Err(other.into()),
    };
    let problem = Problem {
        candidate: Some(id),
        message: Some(message),
        merge: form.kasus.clone(),
        reason: form.alasan.clone(),
    };
    queue(state, staff, &form.queue, problem, status).await
}

fn checked(state: &AppState, staff: &Staff, form: &DecisionForm) -> Result<(), PageError> {
    staff.check_form(&form.csrf)?;
    staff.require(state, Permission::Triage)
}

/// `POST /staf/triase/{id}/terima`: the candidate becomes a case; 303 to its page.
pub async fn accept_on_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    checked(&state, &staff, &form)?;
    match scan::accept(&state, id, staff.actor(), false).await {
        Ok((_, case)) => Ok(Redirect::to(&format!("/staf/kasus/{}", case.id)).into_response()),
        Err(e) => refused(&state, &staff, id, &form, e).await,
    }
}

/// `POST /staf/triase/{id}/gabung`: the candidate joins the case of a ticket; back to the queue.
pub async fn merge_on_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    checked(&state, &staff, &form)?;
    let done = match merge_target(&state, &staff.caller(), &form.kasus).await {
        Ok(case_id) => scan::merge(&state, id, case_id, staff.actor()).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(form.back_to_queue("digabung", id)),
        Err(e) => refused(&state, &staff, id, &form, e).await,
    }
}

/// `POST /staf/triase/{id}/tolak`: the candidate is dismissed with a reason; back to the queue.
pub async fn dismiss_on_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    checked(&state, &staff, &form)?;
    let done = match dismiss_reason(&form.reason()) {
        Ok(reason) => scan::dismiss(&state, id, &reason, staff.actor()).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(form.back_to_queue("ditolak", id)),
        Err(e) => refused(&state, &staff, id, &form, e).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_addresses_become_links() {
        assert_eq!(
            http_link(Some("https://contoh.id/berita/1")).as_deref(),
            Some("https://contoh.id/berita/1")
        );
        assert!(http_link(Some("HTTP://Contoh.id/a")).is_some());
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)//https://x",
            "data:text/html,<script>alert(1)</script>",
            "https://",
            "https://contoh.id/a b",
            "//contoh.id/x",
        ] {
            assert_eq!(http_link(Some(bad)), None, "{bad}");
        }
        assert_eq!(http_link(None), None);
    }

    #[test]
    fn a_dismissal_reason_joins_the_choice_and_the_words() {
        let form = |pick: &str, words: &str| DecisionForm {
            csrf: String::new(),
            kasus: String::new(),
            alasan_pilih: pick.into(),
            alasan: words.into(),
            ..DecisionForm::default()
        };
        assert_eq!(form("Bukan kasus", "").reason(), "Bukan kasus");
        assert_eq!(
            form("Sudah ditangani", "oleh dinas").reason(),
            "Sudah ditangani: oleh dinas"
        );
        assert_eq!(form("Lainnya", "  ").reason(), "");
        assert_eq!(form("", "iklan").reason(), "iklan");
    }
}
