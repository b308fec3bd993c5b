//! `/staf/admin/…`, for administrators: users (add, disable, API tokens), the Sentra and
//! their coverage with the coverage check, the SLA policy and the added holidays, the audit
//! log. Every change goes through the same function as its API endpoint.

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::{FieldError, access::Permission, access::Role, gazetteer::Gazetteer};

use crate::{
    AppState,
    api::v1::{
        sla::{HolidayRequest, add_day, replace_policy},
        users::{NewUserRequest, UserView, add_user, issue_token},
    },
    error::ApiError,
    secret,
    ui::staff::{Choice, Lang, PageError, Staff, choices},
};

/// What the last change left to show: a secret shown once, or the problems to fix.
#[derive(Default, Serialize)]
struct Outcome {
    done: Option<String>,
    secret: Option<String>,
    errors: Vec<FieldError>,
}

impl Outcome {
    fn failed(e: ApiError) -> Result<Outcome, PageError> {
        match e {
            ApiError::Validation(errors) => Ok(Outcome {
                errors,
                ..Outcome::default()
            }),
            other => Err(other.into()),
        }
    }
}

fn guard(state: &AppState, staff: &Staff, csrf: Option<&str>) -> Result<(), PageError> {
    if let Some(given) = csrf {
        staff.check_form(given)?;
    }
    staff.require(state, Permission::ManageUsers)
}

async fn users_page(
    state: &AppState,
    staff: &Staff,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let users: Vec<UserView> = state
        .store
        .users()
        .await?
        .into_iter()
        .map(UserView::from)
        .collect();
    let lang = staff.lang;
    let roles = choices(Role::ALL, lang);
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
    let status = if outcome.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut page = staff.render(
        state,
        "staf/admin-pengguna.html",
        context! { users => users, roles => roles, sentra => sentra, outcome => outcome,
        lang_en => lang == Lang::En, tab => "pengguna" },
    );
    *page.status_mut() = status;
    Ok(page)
}

pub async fn users(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    guard(&state, &staff, None)?;
    users_page(&state, &staff, Outcome::default()).await
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    nama: String,
    #[serde(default)]
    peran: String,
    /// One Sentra for a `sentra` user; more through the API.
    #[serde(default)]
    sentra: String,
}

pub async fn add_user_form(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<NewUserForm>,
) -> Result<Response, PageError> {
    guard(&state, &staff, Some(&form.csrf))?;
    // The administrator never types the password: one is made and shown once.
    let password = secret::generate()[..24].to_owned();
    let request = NewUserRequest {
        username: form.username.clone(),
        display_name: Some(form.nama.clone()).filter(|n| !n.trim().is_empty()),
        role: form.peran.clone(),
        sentra: Some(form.sentra.clone())
            .filter(|s| !s.is_empty())
            .into_iter()
            .collect(),
        password: password.clone(),
    };
    let now = state.clock.now();
    let outcome = match add_user(&state.store, &request, staff.actor(), now).await {
        Ok(user) => {
            let detail = format!("{} ({})", user.username, user.role);
            state
                .store
                .audit(&staff.who, "tambah_pengguna", None, Some(&detail), now)
                .await?;
            Outcome {
                done: Some(format!("{} ({})", user.username, user.role.label())),
                secret: Some(password),
                errors: Vec::new(),
            }
        }
        Err(e) => Outcome::failed(e)?,
    };
    users_page(&state, &staff, outcome).await
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

pub async fn toggle_user(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    guard(&state, &staff, Some(&form.csrf))?;
    if id == staff.who.user_id {
        let outcome = Outcome {
            errors: vec![FieldError::new(
                "active",
                "own_account",
                "Anda tidak bisa menonaktifkan akun Anda sendiri.",
                "You cannot disable your own account.",
            )],
            ..Outcome::default()
        };
        return users_page(&state, &staff, outcome).await;
    }
    let user = state.store.user(id).await?;
    state
        .store
        .update_user(
            id,
            &user.display_name,
            user.role,
            &user.sentra,
            !user.active,
        )
        .await?;
    let detail = format!("{}: aktif {}", user.username, !user.active);
    state
        .store
        .audit(
            &staff.who,
            "ubah_pengguna",
            None,
            Some(&detail),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to("/staf/admin").into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    nama: String,
}

pub async fn token_for_user(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    guard(&state, &staff, Some(&form.csrf))?;
    let user = state.store.user(id).await?;
    let now = state.clock.now();
    let outcome = match issue_token(&state.store, id, &form.nama, now).await {
        Ok((record, token)) => {
            let detail = format!("{}: {}", user.username, record.name);
            state
                .store
                .audit(&staff.who, "buat_token", None, Some(&detail), now)
                .await?;
            Outcome {
                done: Some(format!("{} · {}", user.username, record.name)),
                secret: Some(token),
                errors: Vec::new(),
            }
        }
        Err(e) => Outcome::failed(e)?,
    };
    users_page(&state, &staff, outcome).await
}

pub async fn sentra(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    guard(&state, &staff, None)?;
    let units = state.store.list_sentra().await?;
    let net = state
        .routing
        .network(&state.store, state.clock.now())
        .await?;
    let g = Gazetteer::embedded();
    let report = net.router.check(g);
    let uncovered: Vec<String> = report
        .uncovered
        .iter()
        .map(|code| {
            sigap_core::RegionCode::parse(code)
                .ok()
                .and_then(|c| g.path(&c))
                .map_or_else(|| code.clone(), |p| format!("{p} ({code})"))
        })
        .collect();
    let units: Vec<_> = units.into_iter().map(|(unit, _)| unit).collect();
    Ok(staff.render(
        &state,
        "staf/admin-sentra.html",
        context! { units => units, report => report, uncovered => uncovered, tab => "sentra" },
    ))
}

async fn sla_page(
    state: &AppState,
    staff: &Staff,
    text: Option<String>,
    outcome: Outcome,
) -> Result<Response, PageError> {
    let settings = state.sla.settings();
    let text = match text {
        Some(t) => t,
        None => serde_json::to_string_pretty(&settings.policy)
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    };
    let stored = state.store.sla_policy().await?;
    let holidays = state.store.added_holidays().await?;
    let status = if outcome.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut page = staff.render(
        state,
        "staf/admin-sla.html",
        context! {
            text => text,
            set_by => stored.as_ref().map(|p| p.created_by.clone()),
            set_at => stored.as_ref().map(|p| p.created_at),
            holidays => holidays.iter().map(|h| context! { date => h.date.to_string(), name => &h.name, kind => h.kind.label() }).collect::<Vec<_>>(),
            outcome => outcome,
            lang_en => staff.lang == Lang::En,
            tab => "sla",
        },
    );
    *page.status_mut() = status;
    Ok(page)
}

pub async fn sla(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    guard(&state, &staff, None)?;
    sla_page(&state, &staff, None, Outcome::default()).await
}

#[derive(Deserialize)]
pub struct PolicyForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    kebijakan: String,
}

pub async fn save_policy(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<PolicyForm>,
) -> Result<Response, PageError> {
    guard(&state, &staff, Some(&form.csrf))?;
    match replace_policy(&state, staff.actor(), &form.kebijakan).await {
        Ok(()) => Ok(Redirect::to("/staf/admin/sla").into_response()),
        // The administrator's text stays in the box, with what is wrong with it.
        Err(e) => {
            let outcome = Outcome::failed(e)?;
            sla_page(&state, &staff, Some(form.kebijakan), outcome).await
        }
    }
}

#[derive(Deserialize)]
pub struct HolidayForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
    #[serde(default)]
    tanggal: String,
    #[serde(default)]
    jenis: String,
    #[serde(default)]
    nama: String,
}

pub async fn add_holiday_form(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<HolidayForm>,
) -> Result<Response, PageError> {
    guard(&state, &staff, Some(&form.csrf))?;
    let request = HolidayRequest {
        date: form.tanggal,
        kind: form.jenis,
        name: form.nama,
    };
    match add_day(&state, staff.actor(), &request).await {
        Ok(_) => Ok(Redirect::to("/staf/admin/sla").into_response()),
        Err(e) => {
            let outcome = Outcome::failed(e)?;
            sla_page(&state, &staff, None, outcome).await
        }
    }
}

pub async fn audit(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    guard(&state, &staff, None)?;
    let entries = state.store.audit_log(None, 200).await?;
    let rows: Vec<_> = entries
        .into_iter()
        .map(|e| {
            context! { at => e.at, username => e.username, action => e.action,
            case_id => e.case_id.map(|c| c.to_string()), detail => e.detail }
        })
        .collect();
    Ok(staff.render(
        &state,
        "staf/admin-audit.html",
        context! { rows => rows, tab => "audit" },
    ))
}
