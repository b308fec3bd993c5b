//! `/lapor`: the public complaint form, a plain HTML form that works without JavaScript, on a
//! phone and with a screen reader. It files through the same validation and store call as
//! `POST /api/v1/complaints` ([`file_complaint`]) with channel `web`, then redirects (303) to a
//! receipt with the ticket, so a reload never files twice. Spam is held back by a honeypot field
//! and a per-address rate limit ([`crate::rate_limit`]), not by a third-party CAPTCHA.

use axum::{
    Form,
    extract::{Path, State, rejection::FormRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::FieldError;

use crate::{
    AppState,
    api::v1::{
        complaint_request::{ComplaintRequest, LocationIn, ReporterIn},
        complaints::file_complaint,
        tickets::load_public_ticket,
    },
    error::ApiError,
    pages::Reader,
    rate_limit::Client,
    ui::{
        place::{Candidate, checked_case, resolve_place},
        staff::Lang,
    },
};

/// The form's fields, named in Bahasa Indonesia as they appear in the page. Blank means absent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LaporForm {
    /// What happened (the complaint's description).
    pub cerita: String,
    /// A village, district or regency name, or a Kemendagri code: looked up on the server.
    pub wilayah: String,
    /// The region code picked from the candidates shown for an ambiguous `wilayah`.
    pub kode_wilayah: String,
    pub alamat: String,
    /// `anonim` to report without identity; anything else means with identity.
    pub identitas: String,
    pub nama: String,
    pub telepon: String,
    pub email: String,
    /// `ya` when the reporter's identity is to be kept confidential.
    pub rahasia: String,
    /// The honeypot: hidden from people, filled by bots.
    pub situs: String,
    /// A random key per form shown, so that a double submission files once.
    pub kunci: String,
}

#[derive(Debug, Serialize)]
struct Problem {
    id: &'static str,
    label: &'static str,
    message: String,
}

#[utoipa::path(
    get,
    path = "/lapor",
    tag = "pengaduan",
    summary = "The public complaint form (a page; works without JavaScript)",
    params(("lang" = Option<String>, Query, description = "`en` for English; the default is Bahasa Indonesia.")),
    security(()),
    responses((status = 200, description = "The form.", content_type = "text/html", body = String)),
)]
pub async fn lapor_form(State(state): State<AppState>, reader: Reader) -> Response {
    let form = LaporForm {
        kunci: new_form_key(),
        ..LaporForm::default()
    };
    render_form(&state, &reader, &form, &[], &[], StatusCode::OK)
}

#[utoipa::path(
    post,
    path = "/lapor",
    tag = "pengaduan",
    summary = "Submit the public complaint form",
    description = "On success a redirect to the receipt with the ticket; otherwise the form again with each problem named. Held back by rate limits and a honeypot field, never a third-party CAPTCHA.",
    request_body(content = LaporForm, content_type = "application/x-www-form-urlencoded"),
    security(()),
    responses(
        (status = 303, description = "Filed: to `/lapor/terkirim/{ticket}`."),
        (status = 422, description = "The form again, each problem named.", content_type = "text/html", body = String),
        (status = 429, description = "Too many complaints from this address; try later.", content_type = "text/html", body = String),
    ),
)]
pub async fn lapor_submit(
    State(state): State<AppState>,
    reader: Reader,
    Client(client): Client,
    form: Result<Form<LaporForm>, FormRejection>,
) -> Response {
    let Form(mut form) = match form {
        Ok(f) => f,
        Err(e) => {
            return ApiError::bad_request(
                "invalid_form",
                format!("Isian formulir tidak sah: {}.", e.body_text()),
                format!("The form data is not valid: {}.", e.body_text()),
            )
            .into_response();
        }
    };
    if !is_form_key(&form.kunci) {
        form.kunci = new_form_key();
    }
    let now = state.clock.now();

    if !form.situs.trim().is_empty() {
        // A bot: answer as if accepted (so it learns nothing), file nothing, count it.
        if let Err(wait) = state.lapor_limiter.try_take(client, now) {
            return too_many(&state, &reader, wait);
        }
        state.metrics.complaint_held_back("honeypot");
        tracing::info!(reason = "honeypot", "complaint held back");
        return Redirect::to("/lapor/terkirim").into_response();
    }

    let mut errors = Vec::new();
    let place = resolve_place(&form.wilayah, &form.kode_wilayah, &mut errors);
    let region_code = place.code().map(str::to_owned);
    let new = checked_case(form.to_request(region_code), &mut errors);
    let candidates = place.into_choices();
    let Some(new) = new else {
        return render_form(
            &state,
            &reader,
            &form,
            &errors,
            &candidates,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };

    // One key per form shown and content sent: the same form sent twice files once, an edited
    // form sent again is a new complaint.
    let hash = content_hash(&form);
    let key = format!("lapor-{}-{hash}", form.kunci);
    let idempotency = Some((key.as_str(), hash.as_str()));
    match state.store.find_idempotent(&key, &hash).await {
        Ok(Some(existing)) => return receipt_redirect(&existing.ticket.to_string()),
        Ok(None) => {}
        Err(e) => return ApiError::from(e).into_response(),
    }
    if let Err(wait) = state.lapor_limiter.try_take(client, now) {
        state.metrics.complaint_held_back("rate_limited");
        tracing::info!(reason = "rate_limited", "complaint held back");
        return too_many(&state, &reader, wait);
    }
    match file_complaint(&state, &new, idempotency, "public").await {
        Ok((case, _)) => receipt_redirect(&case.ticket.to_string()),
        Err(ApiError::Validation(more)) => render_form(
            &state,
            &reader,
            &form,
            &more,
            &[],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => e.into_response(),
    }
}

/// `/lapor/terkirim/{ticket}`: the receipt. It shows only the ticket (no personal data), like
/// `/lacak`, and exists only for a real ticket.
pub async fn lapor_receipt(
    State(state): State<AppState>,
    reader: Reader,
    Path(ticket): Path<String>,
) -> Response {
    match load_public_ticket(&state, &ticket).await {
        Ok(t) => state
            .pages
            .page("terkirim.html", &reader, context! { ticket => t.ticket }),
        Err(ApiError::NotFound { .. }) | Err(ApiError::Validation(_)) => {
            let mut page = state.pages.page(
                "lacak.html",
                &reader,
                context! { asked => ticket, missing => true },
            );
            *page.status_mut() = StatusCode::NOT_FOUND;
            page
        }
        Err(e) => e.into_response(),
    }
}

/// `/lapor/terkirim`: what a bot caught by the honeypot sees.
pub async fn lapor_received(State(state): State<AppState>, reader: Reader) -> Response {
    state.pages.page("terkirim.html", &reader, context! {})
}

fn receipt_redirect(ticket: &str) -> Response {
    Redirect::to(&format!("/lapor/terkirim/{ticket}")).into_response()
}

fn too_many(state: &AppState, reader: &Reader, wait: chrono::Duration) -> Response {
    let seconds = wait.num_seconds().max(1);
    let minutes = (seconds + 59) / 60;
    let mut page = state.pages.page(
        "lapor.html",
        reader,
        context! { limited => true, minutes => minutes },
    );
    *page.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        page.headers_mut().insert(header::RETRY_AFTER, v);
    }
    page
}

fn render_form(
    state: &AppState,
    reader: &Reader,
    form: &LaporForm,
    errors: &[FieldError],
    candidates: &[Candidate],
    status: StatusCode,
) -> Response {
    let mut problems: Vec<Problem> = errors
        .iter()
        .map(|e| {
            let (id, label) = form_field(&e.field);
            Problem {
                id,
                label,
                message: match reader.lang {
                    Lang::Id => e.message.clone(),
                    Lang::En => e.message_en.clone(),
                },
            }
        })
        .collect();
    // In the order the fields appear, as a person reads the page.
    problems.sort_by_key(|p| FIELD_ORDER.iter().position(|id| *id == p.id));
    // The first message for each field, shown beside it.
    let mut by_field = std::collections::BTreeMap::new();
    for p in &problems {
        by_field.entry(p.id).or_insert_with(|| p.message.clone());
    }
    let mut page = state.pages.page(
        "lapor.html",
        reader,
        context! {
            form => form,
            anonymous => form.identitas == "anonim",
            confidential => form.rahasia == "ya",
            errors => problems,
            err => by_field,
            candidates => candidates,
        },
    );
    if page.status() == StatusCode::OK {
        *page.status_mut() = status;
    }
    page.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page
}

const FIELD_ORDER: [&str; 6] = ["cerita", "wilayah", "alamat", "nama", "telepon", "email"];

/// The form field (its `id`) and label that an API field's error belongs to.
fn form_field(api_field: &str) -> (&'static str, &'static str) {
    match api_field {
        "description" => ("cerita", "Cerita keadaan"),
        "reporter" | "reporter.name" => ("nama", "Nama"),
        "reporter.phone" => ("telepon", "Nomor telepon/WhatsApp"),
        "reporter.email" => ("email", "E-mail"),
        "location.address" => ("alamat", "Alamat atau patokan"),
        _ if api_field.starts_with("location") || api_field.contains("region") => {
            ("wilayah", "Desa/kelurahan, kecamatan atau kabupaten/kota")
        }
        _ => ("cerita", "Laporan"),
    }
}

impl LaporForm {
    /// The API's request body for this form: the one set of validation rules.
    fn to_request(&self, region_code: Option<String>) -> ComplaintRequest {
        let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        ComplaintRequest {
            channel: Some("web".into()),
            complaint_type: None,
            reporter: Some(ReporterIn {
                name: given(&self.nama),
                phone: given(&self.telepon),
                email: given(&self.email),
                nik: None,
                anonymous: Some(self.identitas == "anonim"),
                consent_contact: None,
            }),
            beneficiary: None,
            description: given(&self.cerita),
            location: Some(LocationIn {
                address: given(&self.alamat),
                region_code,
                latitude: None,
                longitude: None,
            }),
            category: None,
            categories: None,
            urgency: None,
            confidential: Some(self.rahasia == "ya"),
        }
    }
}

pub(crate) fn new_form_key() -> String {
    crate::secret::generate()
}

pub(crate) fn is_form_key(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The hash of what the form says (the key and the honeypot left out).
fn content_hash(form: &LaporForm) -> String {
    let content = LaporForm {
        kunci: String::new(),
        situs: String::new(),
        ..form.clone()
    };
    let json = serde_json::to_vec(&content).unwrap_or_default();
    crate::secret::sha256_hex(&json)
}
