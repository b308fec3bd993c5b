//! Users, their API tokens and the audit log (administrators), and `GET /api/v1/me`.
//!
//! `POST /api/v1/users` adds a user; `PUT /api/v1/users/{id}` changes role, Sentra, name or
//! whether it may sign in; `POST /api/v1/users/{id}/password` sets a password;
//! `POST /api/v1/users/{id}/tokens` makes an API token (shown once), `DELETE
//! /api/v1/tokens/{id}` revokes one; `GET /api/v1/audit` reads the audit log.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sigap_core::{
    FieldError,
    access::{Role, check_password, parse_username},
};
use sigap_store::{
    Store, StoreError,
    accounts::{ApiToken, AuditEntry, NewUser, User},
};
use uuid::Uuid;

use crate::{
    AppState,
    auth::{Caller, Can, need, password},
    error::{ApiError, OrNotFound},
    extract::{ApiJson, ApiQuery},
    secret,
};

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub role_label: &'static str,
    pub sentra: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        UserView {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            role_label: u.role.label(),
            sentra: u.sentra,
            active: u.active,
            created_at: u.created_at,
            last_login_at: u.last_login_at,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub username: String,
    pub display_name: Option<String>,
    #[schema(value_type = sigap_core::access::Role)]
    pub role: String,
    #[serde(default)]
    pub sentra: Vec<String>,
    pub password: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    pub display_name: Option<String>,
    #[schema(value_type = Option<sigap_core::access::Role>)]
    pub role: Option<String>,
    pub sentra: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// A user's role and Sentra, checked together: a `sentra` user names at least one existing
/// Sentra, every other role none.
async fn check_role_and_sentra(
    store: &Store,
    role: Role,
    sentra: &[String],
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    if role.is_scoped() && sentra.is_empty() {
        errors.push(FieldError::new(
            "sentra",
            "required",
            "Petugas Sentra harus terdaftar di paling sedikit satu Sentra.",
            "A Sentra user must belong to at least one Sentra.",
        ));
    }
    if !role.is_scoped() && !sentra.is_empty() {
        errors.push(FieldError::new(
            "sentra",
            "not_for_role",
            format!("Peran '{role}' tidak terikat pada Sentra; kosongkan sentra."),
            format!("Role '{role}' is not tied to a Sentra; leave sentra empty."),
        ));
    }
    for (i, s) in sentra.iter().enumerate() {
        match store.get_sentra(s).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => errors.push(FieldError::new(
                format!("sentra.{i}"),
                "unknown_sentra",
                format!("Sentra {s:?} tidak dikenal."),
                format!("Unknown Sentra {s:?}."),
            )),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

fn display_name(given: Option<&str>, username: &str, errors: &mut Vec<FieldError>) -> String {
    let name = given.map(str::trim).filter(|n| !n.is_empty());
    if name.is_some_and(|n| n.chars().count() > 120 || n.chars().any(char::is_control)) {
        errors.push(FieldError::too_long("display_name", 120));
    }
    name.unwrap_or(username).to_owned()
}

/// Checks and adds a user (the API and `sigap user add` alike).
pub async fn add_user(
    store: &Store,
    req: &NewUserRequest,
    by: &str,
    now: DateTime<Utc>,
) -> Result<User, ApiError> {
    let mut errors = Vec::new();
    let username = parse_username(&req.username)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let role = Role::parse(&req.role).map_err(|e| errors.push(e)).ok();
    if let Err(e) = check_password(&req.password) {
        errors.push(e);
    }
    if let Some(role) = role {
        check_role_and_sentra(store, role, &req.sentra, &mut errors).await?;
    }
    let name = display_name(req.display_name.as_deref(), &username, &mut errors);
    let (Some(role), true) = (role, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let hash = password::hash(req.password.clone())
        .await
        .map_err(ApiError::Internal)?;
    let new = NewUser {
        username: &username,
        display_name: &name,
        role,
        password_hash: &hash,
        sentra: &req.sentra,
    };
    match store.create_user(&new, by, now).await {
        Err(StoreError::Conflict(_)) => Err(ApiError::Validation(vec![FieldError::new(
            "username",
            "username_taken",
            format!("Nama pengguna {username:?} sudah dipakai."),
            format!("Username {username:?} is taken."),
        )])),
        other => Ok(other?),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserList {
    pub items: Vec<UserView>,
}

#[utoipa::path(
    get,
    path = "/users",
    tag = "pengguna",
    summary = "Every user",
    security(("token" = ["manage_users"])),
    responses((status = 200, description = "The users.", body = UserList)),
)]
pub async fn list_users(
    State(state): State<AppState>,
    _caller: Can<need::ManageUsers>,
) -> Result<Json<UserList>, ApiError> {
    let users = state.store.users().await?;
    Ok(Json(UserList {
        items: users.into_iter().map(UserView::from).collect(),
    }))
}

#[utoipa::path(
    post,
    path = "/users",
    tag = "pengguna",
    summary = "Add a user (a `sentra` user needs at least one Sentra)",
    request_body(content = NewUserRequest, example = json!({"username": "rina.op", "display_name": "Rina", "role": "operator", "password": "kata-sandi-yang-panjang-sekali"})),
    security(("token" = ["manage_users"])),
    responses(
        (status = 201, description = "The user.", body = UserView),
        (status = 409, description = "The username is taken."),
    ),
)]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Can<need::ManageUsers>,
    ApiJson(body): ApiJson<NewUserRequest>,
) -> Result<(StatusCode, Json<UserView>), ApiError> {
    let now = state.clock.now();
    let user = add_user(&state.store, &body, caller.actor(), now).await?;
    let detail = format!("{} ({})", user.username, user.role);
    state
        .store
        .audit(&caller.who, "tambah_pengguna", None, Some(&detail), now)
        .await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}

fn parse_user_id(id: &str) -> Result<i64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::NotFound { what: "Pengguna" })
}

#[utoipa::path(
    put,
    path = "/users/{id}",
    tag = "pengguna",
    summary = "Change a user's name, role, Sentra, or switch it off",
    params(("id" = i64, Path, description = "The user's id.")),
    request_body(content = UpdateUserRequest, example = json!({"role": "sentra", "sentra": ["sentra-bogor"]})),
    security(("token" = ["manage_users"])),
    responses(
        (status = 200, description = "The user.", body = UserView),
        (status = 404, description = "No such user."),
    ),
)]
pub async fn update_user(
    State(state): State<AppState>,
    caller: Can<need::ManageUsers>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateUserRequest>,
) -> Result<Json<UserView>, ApiError> {
    let id = parse_user_id(&id)?;
    let user = state.store.user(id).await.or_not_found("Pengguna")?;
    let mut errors = Vec::new();
    let role = match body.role.as_deref() {
        Some(r) => Role::parse(r)
            .map_err(|e| errors.push(e))
            .unwrap_or(user.role),
        None => user.role,
    };
    let sentra = match (&body.sentra, role.is_scoped()) {
        (Some(s), _) => s.clone(),
        (None, true) => user.sentra.clone(),
        (None, false) => Vec::new(),
    };
    check_role_and_sentra(&state.store, role, &sentra, &mut errors).await?;
    let name = display_name(
        body.display_name.as_deref().or(Some(&user.display_name)),
        &user.username,
        &mut errors,
    );
    let active = body.active.unwrap_or(user.active);
    if id == caller.who.user_id && (!active || role != Role::Admin) {
        errors.push(FieldError::new(
            "role",
            "own_account",
            "Anda tidak bisa menonaktifkan atau menurunkan peran akun Anda sendiri.",
            "You cannot disable your own account or lower its role.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let updated = state
        .store
        .update_user(id, &name, role, &sentra, active)
        .await?;
    let detail = format!(
        "{}: {} → {}, aktif {}",
        user.username, user.role, updated.role, updated.active
    );
    state
        .store
        .audit(
            &caller.who,
            "ubah_pengguna",
            None,
            Some(&detail),
            state.clock.now(),
        )
        .await?;
    Ok(Json(updated.into()))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    pub password: String,
}

#[utoipa::path(
    post,
    path = "/users/{id}/password",
    tag = "pengguna",
    summary = "Set a user's password (its sessions end)",
    params(("id" = i64, Path, description = "The user's id.")),
    request_body(content = PasswordRequest, example = json!({"password": "kata-sandi-baru-yang-panjang"})),
    security(("token" = ["manage_users"])),
    responses(
        (status = 204, description = "Set."),
        (status = 404, description = "No such user."),
    ),
)]
pub async fn set_password(
    State(state): State<AppState>,
    caller: Can<need::ManageUsers>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PasswordRequest>,
) -> Result<StatusCode, ApiError> {
    let id = parse_user_id(&id)?;
    let user = state.store.user(id).await.or_not_found("Pengguna")?;
    check_password(&body.password).map_err(|e| ApiError::Validation(vec![e]))?;
    let hash = password::hash(body.password)
        .await
        .map_err(ApiError::Internal)?;
    state.store.set_password(id, &hash).await?;
    state
        .store
        .audit(
            &caller.who,
            "ganti_sandi",
            None,
            Some(&user.username),
            state.clock.now(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// What the token is for ("gateway WhatsApp").
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> Self {
        TokenView {
            id: t.id,
            user_id: t.user_id,
            name: t.name,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenCreated {
    #[serde(flatten)]
    pub record: TokenView,
    /// The token itself: shown this once, kept only as a hash.
    pub token: String,
}

/// A fresh API token for a user: `sgp_` and 64 hex digits.
pub async fn issue_token(
    store: &Store,
    user_id: i64,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(ApiToken, String), ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "name",
            "invalid_name",
            "Beri nama token (1–120 karakter), misalnya gunanya.",
            "Name the token (1–120 characters), e.g. what it is for.",
        )]));
    }
    let token = format!("sgp_{}", secret::generate());
    let record = store
        .create_api_token(user_id, name, &secret::sha256_hex(token.as_bytes()), now)
        .await?;
    Ok((record, token))
}

#[utoipa::path(
    post,
    path = "/users/{id}/tokens",
    tag = "pengguna",
    summary = "Issue an API token; the answer shows it this once",
    params(("id" = i64, Path, description = "The user's id.")),
    request_body(content = TokenRequest, example = json!({"name": "gateway WhatsApp"})),
    security(("token" = ["manage_users"])),
    responses(
        (status = 201, description = "The token record and the token.", body = TokenCreated),
        (status = 404, description = "No such user."),
    ),
)]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Can<need::ManageUsers>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenCreated>), ApiError> {
    let id = parse_user_id(&id)?;
    let user = state.store.user(id).await.or_not_found("Pengguna")?;
    let now = state.clock.now();
    let (record, token) = issue_token(&state.store, id, &body.name, now).await?;
    let detail = format!("{}: {}", user.username, record.name);
    state
        .store
        .audit(&caller.who, "buat_token", None, Some(&detail), now)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated {
            record: record.into(),
            token,
        }),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenList {
    pub items: Vec<TokenView>,
}

#[utoipa::path(
    get,
    path = "/users/{id}/tokens",
    tag = "pengguna",
    summary = "A user's API tokens (never the tokens themselves)",
    params(("id" = i64, Path, description = "The user's id.")),
    security(("token" = ["manage_users"])),
    responses(
        (status = 200, description = "The tokens.", body = TokenList),
        (status = 404, description = "No such user."),
    ),
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    _caller: Can<need::ManageUsers>,
    Path(id): Path<String>,
) -> Result<Json<TokenList>, ApiError> {
    let id = parse_user_id(&id)?;
    state.store.user(id).await.or_not_found("Pengguna")?;
    let tokens = state.store.api_tokens(id).await?;
    Ok(Json(TokenList {
        items: tokens.into_iter().map(TokenView::from).collect(),
    }))
}

#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    tag = "pengguna",
    summary = "Revoke an API token",
    params(("id" = i64, Path, description = "The token's id.")),
    security(("token" = ["manage_users"])),
    responses(
        (status = 204, description = "Revoked."),
        (status = 404, description = "No such token."),
    ),
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Can<need::ManageUsers>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::NotFound { what: "Token" })?;
    let now = state.clock.now();
    state
        .store
        .revoke_api_token(id, now)
        .await
        .or_not_found("Token")?;
    state
        .store
        .audit(&caller.who, "cabut_token", None, Some(&id.to_string()), now)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub role_label: &'static str,
    pub sentra: Vec<String>,
    /// With a session cookie: the token to send as `X-CSRF-Token` when changing anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

#[utoipa::path(
    get,
    path = "/me",
    tag = "pengguna",
    summary = "Who is asking: user, role, Sentra, and a session's CSRF token",
    security(("token" = []), ("sesi" = [])),
    responses(
        (status = 200, description = "The caller.", body = Me),
        (status = 401, description = "Not signed in."),
    ),
)]
pub async fn get_me(caller: Caller) -> Json<Me> {
    let who = caller.who;
    Json(Me {
        user_id: who.user_id,
        role_label: who.role.label(),
        username: who.username,
        role: who.role,
        sentra: who.sentra,
        csrf_token: caller.csrf,
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// One case's entries only.
    #[param(value_type = Option<uuid::Uuid>)]
    pub case: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub username: String,
    pub action: String,
    pub case_id: Option<Uuid>,
    pub detail: Option<String>,
}

impl From<AuditEntry> for AuditView {
    fn from(e: AuditEntry) -> Self {
        AuditView {
            id: e.id,
            at: e.at,
            username: e.username,
            action: e.action,
            case_id: e.case_id,
            detail: e.detail,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditList {
    pub items: Vec<AuditView>,
}

#[utoipa::path(
    get,
    path = "/audit",
    tag = "pengguna",
    summary = "The audit log, newest first (views of personal data, changes)",
    params(AuditQuery),
    security(("token" = ["manage_users"])),
    responses((status = 200, description = "The entries.", body = AuditList)),
)]
pub async fn get_audit(
    State(state): State<AppState>,
    _caller: Can<need::ManageUsers>,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<AuditList>, ApiError> {
    let mut errors = Vec::new();
    let case = q.case.as_deref().and_then(|c| {
        Uuid::try_parse(c)
            .map_err(|_| {
                errors.push(FieldError::new(
                    "case",
                    "invalid_id",
                    "Id kasus tidak sah.",
                    "Invalid case id.",
                ))
            })
            .ok()
    });
    let limit = super::fields::limit(q.limit, 100, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let entries = state.store.audit_log(case, i64::from(limit)).await?;
    Ok(Json(AuditList {
        items: entries.into_iter().map(AuditView::from).collect(),
    }))
}
