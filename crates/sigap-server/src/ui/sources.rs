//! `/staf/admin/sumber`, for administrators: the media scanner's sources with their health,
//! enabling and disabling them, and adding one through the API's own `add_source` (a social
//! source's webhook secret is shown once, right after it is made).

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::{FieldError, access::Permission};
use sigap_store::scanning::Source;

use super::{
    staff::{Choice, Lang, PageError, Staff},
    triage::http_link,
};
use crate::{
    AppState,
    api::v1::sources::{KINDS, NewSourceRequest, add_source, health},
    error::{ApiError, OrNotFound},
    pages::format_wib,
};

/// A source as the table shows it.
#[derive(Serialize)]
struct Row {
    id: i64,
    name: String,
    url: String,
    href: Option<String>,
    kind: String,
    enabled: bool,
    /// `aktif`, `nonaktif`, `dijeda`, `bermasalah`.
    health: &'static str,
    health_label: &'static str,
    last_success: Option<String>,
    last_error: Option<String>,
    last_error_at: Option<String>,
    failures: i32,
    paused_reason: Option<String>,
    items_seen: i64,
    every: String,
}

fn health_label(slug: &str, lang: Lang) -> &'static str {
    match slug {
        "aktif" => lang.pick("Aktif", "Active"),
        "nonaktif" => lang.pick("Nonaktif", "Disabled"),
        "dijeda" => lang.pick("Dijeda", "Paused"),
        _ => lang.pick("Bermasalah", "Failing"),
    }
}

/// `900` → `15m`: the interval as the form takes it.
fn every(secs: i64) -> String {
    match secs {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn row(s: Source, lang: Lang) -> Row {
    let h = health(&s);
    Row {
        id: s.id,
        href: http_link(Some(&s.url)),
        health: h,
        health_label: health_label(h, lang),
        last_success: s.last_success_at.map(format_wib),
        last_error_at: s.last_error_at.map(format_wib),
        every: every(s.every_secs),
        name: s.name,
        url: s.url,
        kind: s.kind,
        enabled: s.enabled,
        last_error: s.last_error,
        failures: s.failures,
        paused_reason: s.paused_reason,
        items_seen: s.items_seen,
    }
}

/// The add form as it was sent, given back when it is refused.
#[derive(Default, Deserialize, Serialize)]
pub struct SourceForm {
    #[serde(default, rename = "_csrf")]
    #[serde(skip_serializing)]
    csrf: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    jenis: String,
    #[serde(default)]
    nama: String,
    #[serde(default)]
    selang: String,
    /// A checkbox: present means enabled at once.
    #[serde(default)]
    aktif: Option<String>,
}

/// What the last change left to show.
#[derive(Default, Serialize)]
struct Outcome {
    done: Option<String>,
    secret: Option<String>,
    errors: Vec<FieldError>,
}

fn guard(state: &AppState, staff: &Staff, csrf: Option<&str>) -> Result<(), PageError> {
    if let Some(given) = csrf {
        staff.check_form(given)?;
    }
    staff.require(state, Permission::Configure)
}

async fn sources_page(
    state: &AppState,
    staff: &Staff,
    form: &SourceForm,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let lang = staff.lang;
    let rows: Vec<Row> = state
        .store
        .sources()
        .await?
        .into_iter()
        .map(|s| row(s, lang))
        .collect();
    let kinds: Vec<Choice> = KINDS
        .iter()
        .map(|(slug, label)| Choice {
            value: (*slug).into(),
            label: format!("{slug} — {label}"),
        })
        .collect();
    let status = if outcome.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut page = staff.render(
        state,
        "staf/admin-sumber.html",
        context! {
            rows => rows,
            kinds => kinds,
            form => form,
            outcome => outcome,
            lang_en => lang == Lang::En,
            tab => "sumber",
        },
    );
    *page.status_mut() = status;
    Ok(page)
}

/// `GET /staf/admin/sumber`.
pub async fn sources(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    guard(&state, &staff, None)?;
    let form = SourceForm {
        selang: "15m".into(),
        aktif: Some("ya".into()),
        ..SourceForm::default()
    };
    sources_page(&state, &staff, &form, Outcome::default()).await
}

/// `POST /staf/admin/sumber`: registers a source.
pub async fn add_source_form(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<SourceForm>,
) -> Result<Response, PageError> {
    guard(&state, &staff, Some(&form.csrf))?;
    let filled = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let request = NewSourceRequest {
        url: form.url.clone(),
        kind: filled(&form.jenis),
        name: filled(&form.nama),
        every: filled(&form.selang),
        enabled: form.aktif.is_some(),
    };
    let now = state.clock.now();
    match add_source(&state.store, &request, staff.actor(), now).await {
        Ok((source, secret)) => {
            state
                .store
                .audit(&staff.who, "tambah_sumber", None, Some(&source.url), now)
                .await?;
            let outcome = Outcome {
                done: Some(format!("{} ({})", source.name, source.url)),
                secret,
                errors: Vec::new(),
            };
            let fresh = SourceForm {
                selang: "15m".into(),
                aktif: Some("ya".into()),
                ..SourceForm::default()
            };
            sources_page(&state, &staff, &fresh, outcome).await
        }
        Err(ApiError::Validation(errors)) => {
            let outcome = Outcome {
                errors,
                ..Outcome::default()
            };
            sources_page(&state, &staff, &form, outcome).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ToggleForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// `ya` enables (and lifts an automatic pause), anything else disables.
    #[serde(default)]
    aktif: String,
}

/// `POST /staf/admin/sumber/{id}/aktif`: enables or disables a source, as the API does.
pub async fn toggle_source(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ToggleForm>,
) -> Result<Response, PageError> {
    guard(&state, &staff, Some(&form.csrf))?;
    let enabled = form.aktif == "ya";
    let now = state.clock.now();
    let source = state
        .store
        .set_source_enabled(id, enabled, now)
        .await
        .or_not_found("Sumber")?;
    let action = if enabled {
        "aktifkan_sumber"
    } else {
        "nonaktifkan_sumber"
    };
    state
        .store
        .audit(&staff.who, action, None, Some(&source.url), now)
        .await?;
    Ok(Redirect::to("/staf/admin/sumber").into_response())
}

#[cfg(test)]
mod tests {
    use super::every;

    #[test]
    fn intervals_are_written_in_their_largest_whole_unit() {
        assert_eq!(every(900), "15m");
        assert_eq!(every(7200), "2h");
        assert_eq!(every(86_400), "1d");
        assert_eq!(every(90), "90s");
    }
}
