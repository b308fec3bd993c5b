//! `/staf/kasus`: the case list of the signed-in user, newest first, 50 a page with the API's
//! keyset cursor, filtered by a plain GET form (full-text search included) that works without
//! JavaScript. A Sentra user sees only its units' cases (its "Antrean Sentra"); the list shows
//! no personal data, so every role that may read cases may open it.

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::Response,
};
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::{
    Category, Channel, FieldError, Status, access::Permission, case::Case, sla::SlaState,
};
use sigap_store::Cursor;

use super::{
    blank,
    place::{Place, region_path, resolve_place},
    staff::{Choice, Lang, PageError, Staff, choices, url_encode},
};
use crate::{
    AppState,
    api::v1::cases::{ListQuery, case_filter},
    auth::Caller,
    pages::format_wib,
};

const PAGE: u32 = 50;

/// The filter form, named as the API's list parameters so that the CSV link can pass it on.
/// Blank means not filtered.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ListForm {
    pub q: String,
    pub status: String,
    pub category: String,
    pub channel: String,
    /// A region code, or a name looked up as in the complaint forms.
    pub region: String,
    pub sentra: String,
    pub sla: String,
    pub cursor: String,
}

/// One row of the list: no personal data.
#[derive(Serialize)]
struct Row {
    id: String,
    ticket: String,
    created_at: String,
    status: &'static str,
    categories: Vec<&'static str>,
    urgent: bool,
    urgency: Option<&'static str>,
    place: Option<String>,
    sentra: Option<String>,
    sla: Option<&'static str>,
    /// `berisiko` or `terlambat`: marked in words, not only by colour.
    sla_state: Option<&'static str>,
}

pub async fn list_cases_page(
    State(state): State<AppState>,
    staff: Staff,
    Query(form): Query<ListForm>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::ReadCases)?;
    let lang = staff.lang;
    let scoped = staff.who.scope().is_some();
    let mut errors: Vec<FieldError> = Vec::new();

    // The region: a code as it is, a name through the gazetteer.
    let region = match blank(&form.region) {
        None => None,
        Some(typed) if sigap_core::RegionCode::parse(&typed).is_ok() => Some(typed),
        Some(typed) => match resolve_place(&typed, "", &mut errors) {
            Place::Found(c) => Some(c.code),
            _ => None,
        },
    };
    let query = ListQuery {
        status: blank(&form.status),
        category: blank(&form.category),
        region,
        channel: blank(&form.channel),
        from: None,
        to: None,
        limit: None,
        cursor: None,
        sentra: if scoped { None } else { blank(&form.sentra) },
        sla: blank(&form.sla),
        q: blank(&form.q),
    };
    let caller = Caller {
        who: staff.who.clone(),
        csrf: None,
    };
    let filter = case_filter(&query, &caller, &mut errors);
    let cursor = blank(&form.cursor).and_then(|c| Cursor::decode(&c));

    // The same filters as a query string, for the next page and the CSV export.
    let filters: Vec<(&str, &String)> = [
        ("q", &query.q),
        ("status", &query.status),
        ("category", &query.category),
        ("channel", &query.channel),
        ("region", &query.region),
        ("sentra", &query.sentra),
        ("sla", &query.sla),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    .collect();
    let query_string = filters
        .iter()
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect::<Vec<_>>()
        .join("&");

    let (rows, next) = if errors.is_empty() {
        let page = state.store.list_cases(&filter, PAGE, cursor).await?;
        let rows: Vec<Row> = page.cases.iter().map(|c| row(c, lang)).collect();
        let next = page.next.map(|c| {
            let sep = if query_string.is_empty() { "" } else { "&" };
            format!("/staf/kasus?{query_string}{sep}cursor={}", c.encode())
        });
        (rows, next)
    } else {
        (Vec::new(), None)
    };

    let sentra_choices = if scoped {
        Vec::new()
    } else {
        let mut choices = vec![Choice {
            value: "nasional".into(),
            label: lang
                .pick(
                    "Antrean nasional (tanpa Sentra)",
                    "National queue (no Sentra)",
                )
                .into(),
        }];
        choices.extend(
            state
                .store
                .list_sentra()
                .await?
                .into_iter()
                .map(|(s, _)| Choice {
                    value: s.id,
                    label: s.name,
                }),
        );
        choices
    };
    let problems: Vec<String> = errors
        .iter()
        .map(|e| match lang {
            Lang::Id => e.message.clone(),
            Lang::En => e.message_en.clone(),
        })
        .collect();
    let export = staff.who.may(Permission::ExportCases).then(|| {
        format!(
            "/api/v1/cases/export.csv{}{query_string}",
            if query_string.is_empty() { "" } else { "?" }
        )
    });
    let mut page = staff.render(
        &state,
        "staf/kasus.html",
        context! {
            form => &form,
            rows => rows,
            next => next,
            first_page => cursor.is_none(),
            first => format!(
                "/staf/kasus{}{query_string}",
                if query_string.is_empty() { "" } else { "?" }
            ),
            filtered => !filters.is_empty(),
            export => export,
            errors => problems,
            scoped => scoped,
            statuses => choices(Status::ALL, lang),
            categories => choices(Category::ALL, lang),
            channels => choices(Channel::ALL, lang),
            sla_states => choices(SlaState::ALL, lang),
            sentra_choices => sentra_choices,
        },
    );
    if !errors.is_empty() {
        *page.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(page)
}

fn row(case: &Case, lang: Lang) -> Row {
    let sla = case.sla.as_ref().map(|e| e.state);
    Row {
        id: case.id.to_string(),
        ticket: case.ticket.to_string(),
        created_at: format_wib(case.created_at),
        status: lang.pick(case.status.label(), case.status.label_en()),
        categories: case
            .categories
            .iter()
            .map(|c| lang.pick(c.label(), c.label_en()))
            .collect(),
        urgent: case.urgency == Some(sigap_core::Urgency::High),
        urgency: case.urgency.map(|u| lang.pick(u.label(), u.label_en())),
        place: case
            .location
            .region
            .as_ref()
            .map(|r| region_path(r.as_str())),
        sentra: case
            .assignment
            .as_ref()
            .and_then(|a| a.sentra_name.clone().or_else(|| a.sentra.clone())),
        sla: sla.map(|s| lang.pick(s.label(), s.label_en())),
        sla_state: sla.and_then(|s| match s {
            SlaState::Berisiko | SlaState::Terlambat => Some(s.as_str()),
            _ => None,
        }),
    }
}
