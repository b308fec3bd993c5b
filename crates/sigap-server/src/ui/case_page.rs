//! `/staf/kasus/{id}`: everything about a case on one screen — people (masked unless the role
//! may see them), place, labels, source (with its media articles and posts), the routing decision and its reason, deadlines, the
//! response record, the timeline — and the actions the role may take. A change made on a stale
//! copy is refused with the name of whoever changed it; people who have the case open see
//! each other (`/staf/kasus/{id}/hadir`, polled by sigap.js).

use axum::{
    Form, Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Duration;
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::{
    Action, FieldError,
    access::Permission,
    case::Case,
    gazetteer::Gazetteer,
    response::{AgencyKind, InterventionType, Outcome},
};
use uuid::Uuid;

use crate::{
    AppState,
    api::v1::{
        assign::{ReassignRequest, reassign},
        cases::{
            EventRequest, ReferralRequest, apply_event, audit_personal_view, case_view, parse_id,
            refreshed, visible_case,
        },
        response::{
            AssessmentRequest, InterventionRequest, record_assessment, record_intervention,
        },
    },
    auth::Caller,
    error::ApiError,
    ui::{
        staff::{Lang, PageError, Staff, choices},
        triage::SourceLink,
    },
};

/// How long a page view counts as "has the case open".
const PRESENT_SECS: i64 = 60;

#[derive(Serialize)]
struct Other {
    username: String,
    role: String,
}

/// What went wrong with the last change, shown above the actions.
#[derive(Default, Serialize)]
struct Problem {
    message: Option<String>,
    fields: Vec<FieldError>,
    stale: bool,
}

impl Staff {
    /// This page's user as the API's caller, for the shared case functions.
    pub fn caller(&self) -> Caller {
        Caller {
            who: self.who.clone(),
            csrf: Some(self.csrf.clone()),
        }
    }
}

async fn load(state: &AppState, caller: &Caller, id: &str) -> Result<Case, ApiError> {
    let id = parse_id(id)?;
    let case = visible_case(state, caller, id).await?;
    if case.sla.is_none() {
        return refreshed(state, case, state.clock.now()).await;
    }
    Ok(case)
}

/// A 404 page for a case that does not exist or is not this user's to see.
fn not_found(staff: &Staff, state: &AppState) -> PageError {
    let mut page = staff.render(state, "staf/tidak-ada.html", context! {});
    *page.status_mut() = StatusCode::NOT_FOUND;
    page.into()
}

async fn render(
    state: &AppState,
    staff: &Staff,
    case: &Case,
    problem: Problem,
) -> Result<Response, PageError> {
    let caller = staff.caller();
    let now = state.clock.now();
    let events = state.store.case_events(case.id).await?;
    audit_personal_view(state, &caller, case, "halaman").await?;
    state.store.touch_presence(case.id, &staff.who, now).await?;
    let others: Vec<Other> = state
        .store
        .presence(
            case.id,
            staff.who.user_id,
            now - Duration::seconds(PRESENT_SECS),
        )
        .await?
        .into_iter()
        .map(|p| Other {
            username: p.username,
            role: p.role,
        })
        .collect();
    let view = case_view(&caller, case, Some(&events));
    let record = if staff.who.may(Permission::SeePersonalData) {
        Some(state.store.response_record(case.id).await?)
    } else {
        None
    };
    // Its media sources (articles, posts): shown like the report itself, only to roles that
    // see it, since a post names its author.
    let media: Vec<SourceLink> = if staff.who.may(Permission::SeePersonalData) {
        state
            .store
            .items_of_case(case.id)
            .await?
            .iter()
            .map(SourceLink::of)
            .collect()
    } else {
        Vec::new()
    };
    let place = case
        .location
        .region
        .as_ref()
        .and_then(|r| Gazetteer::embedded().path(r));
    let lang = staff.lang;
    let may_work = staff.who.may(Permission::WorkCases);
    let may_reassign = staff.who.may(Permission::Reassign);
    let sentra: Vec<(String, String)> = if may_reassign {
        let net = state.routing.network(&state.store, now).await?;
        let mut names: Vec<(String, String)> = net
            .names
            .iter()
            .map(|(id, name)| (id.clone(), name.clone()))
            .collect();
        names.sort_by(|a, b| a.1.cmp(&b.1));
        names
    } else {
        Vec::new()
    };
    let actions: Vec<Action> = if may_work {
        view.allowed_actions
            .iter()
            .copied()
            .filter(|a| !a.is_automatic())
            .collect()
    } else {
        Vec::new()
    };
    let actions = choices(&actions, lang);
    let outcomes: Vec<Outcome> = Outcome::ALL
        .iter()
        .copied()
        .filter(|o| *o != Outcome::TidakAdaTanggapan)
        .collect();
    let outcomes = choices(&outcomes, lang);
    let agencies = choices(AgencyKind::ALL, lang);
    let interventions = choices(InterventionType::ALL, lang);
    let status = if problem.stale {
        StatusCode::CONFLICT
    } else if !problem.fields.is_empty() || problem.message.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut page = staff.render(
        state,
        "staf/kasus-detail.html",
        context! {
            case => view,
            record => record,
            media => media,
            place => place,
            others => others,
            actions => actions,
            outcomes => outcomes,
            agencies => agencies,
            interventions => interventions,
            today => state.clock.now().with_timezone(&sigap_core::calendar::Zone::Wib.offset()).date_naive().to_string(),
            sentra => sentra,
            may_work => may_work,
            may_reassign => may_reassign,
            problem => problem,
            lang_en => lang == Lang::En,
        },
    );
    *page.status_mut() = status;
    Ok(page)
}

pub async fn case_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    staff.require(&state, Permission::ReadCases)?;
    let case = match load(&state, &staff.caller(), &id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Err(not_found(&staff, &state)),
        Err(e) => return Err(e.into()),
    };
    render(&state, &staff, &case, Problem::default()).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    /// The version the page showed; a change on an older one is refused.
    versi: Option<i64>,
    /// A workflow action; empty: a note only.
    #[serde(default)]
    aksi: String,
    #[serde(default)]
    catatan: String,
    #[serde(default)]
    hasil: String,
    #[serde(default)]
    rujuk_jenis: String,
    #[serde(default)]
    rujuk_nama: String,
    #[serde(default)]
    rujuk_kontak: String,
    #[serde(default)]
    duplikat: String,
}

fn filled(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The page again after a refused change: a stale copy, or fields to correct.
async fn refused(
    state: &AppState,
    staff: &Staff,
    id: &str,
    error: ApiError,
) -> Result<Response, PageError> {
    let case = match load(state, &staff.caller(), id).await {
        Ok(c) => c,
        Err(ApiError::NotFound { .. }) => return Err(not_found(staff, state)),
        Err(e) => return Err(e.into()),
    };
    let en = staff.lang == Lang::En;
    let problem = match error {
        ApiError::Conflict {
            code: "stale_version",
            ..
        } => {
            let by = state
                .store
                .case_events(case.id)
                .await?
                .last()
                .map(|e| e.actor.clone())
                .unwrap_or_default();
            Problem {
                message: Some(if en {
                    format!(
                        "{by} changed this case while you had it open (it is now at version {}). \
                         Your change was not saved: check the history below, then do it again.",
                        case.version
                    )
                } else {
                    format!(
                        "{by} mengubah kasus ini saat Anda membukanya (sekarang versi {}). \
                         Perubahan Anda tidak disimpan: periksa riwayat di bawah, lalu ulangi.",
                        case.version
                    )
                }),
                fields: Vec::new(),
                stale: true,
            }
        }
        ApiError::Validation(fields) => Problem {
            message: None,
            fields,
            stale: false,
        },
        ApiError::Conflict {
            detail, detail_en, ..
        } => Problem {
            message: Some(if en { detail_en } else { detail }),
            fields: Vec::new(),
            stale: false,
        },
        other => return Err(other.into()),
    };
    render(state, staff, &case, problem).await
}

/// After a form: back to the case (at `anchor`) when the change was made, the case page with
/// the problem when it was refused, the not-found page for a case this user may not see.
async fn back_to_case(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    done: Result<(), ApiError>,
    anchor: &str,
) -> Result<Response, PageError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/staf/kasus/{id}#{anchor}")).into_response()),
        Err(ApiError::NotFound { .. }) => Err(not_found(staff, state)),
        Err(e) => refused(state, staff, &id.to_string(), e).await,
    }
}

pub async fn act_on_case(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    staff.check_form(&form.csrf)?;
    staff.require(&state, Permission::WorkCases)?;
    let case_id: Uuid = parse_id(&id)?;
    let referral = filled(&form.rujuk_nama).map(|name| ReferralRequest {
        agency_kind: form.rujuk_jenis.clone(),
        agency_name: name,
        contact: filled(&form.rujuk_kontak),
    });
    let body = EventRequest {
        action: filled(&form.aksi),
        note: filled(&form.catatan),
        duplicate_of: filled(&form.duplikat),
        expected_version: form.versi,
        outcome: filled(&form.hasil),
        referral,
    };
    let done = apply_event(&state, &staff.caller(), case_id, &body, form.versi)
        .await
        .map(|_| ());
    back_to_case(&state, &staff, case_id, done, "riwayat").await
}

#[derive(Deserialize)]
pub struct ReassignForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    versi: Option<i64>,
    /// A Sentra id, or `nasional` for the command center's own queue.
    #[serde(default)]
    sentra: String,
    #[serde(default)]
    alasan: String,
}

pub async fn reassign_on_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<ReassignForm>,
) -> Result<Response, PageError> {
    staff.check_form(&form.csrf)?;
    staff.require(&state, Permission::Reassign)?;
    let case_id: Uuid = parse_id(&id)?;
    let body = ReassignRequest {
        sentra: filled(&form.sentra).filter(|s| s != "nasional"),
        reason: filled(&form.alasan),
        expected_version: form.versi,
    };
    let done = reassign(&state, &staff.caller(), case_id, &body)
        .await
        .map(|_| ());
    back_to_case(&state, &staff, case_id, done, "riwayat").await
}

#[derive(Deserialize)]
pub struct AssessmentForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    versi: Option<i64>,
    #[serde(default)]
    temuan: String,
    #[serde(default)]
    kebutuhan: String,
    /// One recommended intervention; more through the API.
    #[serde(default)]
    rekomendasi: String,
    #[serde(default)]
    oleh: String,
    #[serde(default)]
    tanggal: String,
}

pub async fn assess_on_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<AssessmentForm>,
) -> Result<Response, PageError> {
    staff.check_form(&form.csrf)?;
    staff.require(&state, Permission::WorkCases)?;
    let case_id: Uuid = parse_id(&id)?;
    let body = AssessmentRequest {
        findings: form.temuan,
        needs: form.kebutuhan,
        recommended: filled(&form.rekomendasi).into_iter().collect(),
        assessed_by: form.oleh,
        assessed_on: filled(&form.tanggal),
        expected_version: form.versi,
    };
    let done = record_assessment(&state, &staff.caller(), case_id, &body, form.versi)
        .await
        .map(|_| ());
    back_to_case(&state, &staff, case_id, done, "rekam").await
}

#[derive(Deserialize)]
pub struct InterventionForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    versi: Option<i64>,
    #[serde(default)]
    jenis: String,
    #[serde(default)]
    uraian: String,
    #[serde(default)]
    jumlah: String,
    #[serde(default)]
    satuan: String,
    #[serde(default)]
    oleh: String,
    #[serde(default)]
    tanggal: String,
}

pub async fn intervene_on_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<InterventionForm>,
) -> Result<Response, PageError> {
    staff.check_form(&form.csrf)?;
    staff.require(&state, Permission::WorkCases)?;
    let case_id: Uuid = parse_id(&id)?;
    let body = InterventionRequest {
        kind: form.jenis,
        description: form.uraian,
        // Not a number is zero, which the record refuses with its own message.
        quantity: filled(&form.jumlah).map_or(1, |q| q.parse().unwrap_or(0)),
        unit: filled(&form.satuan),
        given_on: filled(&form.tanggal),
        given_by: form.oleh,
        expected_version: form.versi,
    };
    let done = record_intervention(&state, &staff.caller(), case_id, &body, form.versi)
        .await
        .map(|_| ());
    back_to_case(&state, &staff, case_id, done, "rekam").await
}

#[derive(Serialize)]
pub struct PresenceView {
    /// The case's version now: the page warns when it is newer than the one shown.
    pub version: i64,
    pub others: Vec<String>,
}

/// `GET /staf/kasus/{id}/hadir`: marks the user as still here; answers who else is.
pub async fn presence(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Json<PresenceView>, PageError> {
    staff.require(&state, Permission::ReadCases)?;
    let case = load(&state, &staff.caller(), &id).await?;
    let now = state.clock.now();
    state.store.touch_presence(case.id, &staff.who, now).await?;
    let others = state
        .store
        .presence(
            case.id,
            staff.who.user_id,
            now - Duration::seconds(PRESENT_SECS),
        )
        .await?
        .into_iter()
        .map(|p| format!("{} ({})", p.username, p.role))
        .collect();
    Ok(Json(PresenceView {
        version: case.version,
        others,
    }))
}
