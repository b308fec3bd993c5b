//! Notifications (admin): the targets they go to — `GET/POST /api/v1/notification-targets`,
//! `DELETE /api/v1/notification-targets/{id}` — and the outbox with its delivery log,
//! `GET /api/v1/notifications`. [`parse_target`] is also what `sigap notify targets add` uses.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use sigap_core::{
    Email, FieldError,
    notify::{DeliveryChannel, DeliveryStatus, TargetAudience},
    validation::take,
};
use sigap_store::{
    StoreError,
    notifications::{NewTarget, NotificationFilter},
};
use uuid::Uuid;

use crate::{
    AppState,
    auth::{Can, need},
    error::{ApiError, OrNotFound},
    extract::{ApiJson, ApiQuery},
    views::{NotificationView, TargetView},
};

/// A target as asked for, before validation.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetRequest {
    /// `sentra`, `supervisors` or `complainant_phone`.
    #[schema(value_type = sigap_core::notify::TargetAudience)]
    pub audience: String,
    /// The Sentra id, for `audience = sentra`.
    pub sentra: Option<String>,
    /// `email` or `webhook`.
    #[schema(value_type = sigap_core::notify::DeliveryChannel)]
    pub channel: String,
    /// The e-mail address or the webhook URL (`https://…`; `http://` for a local gateway).
    pub address: String,
    /// The webhook's signing secret (16–200 visible characters); generated when absent.
    pub secret: Option<String>,
    pub label: Option<String>,
}

/// Checks a target request, collecting every problem. The Sentra's existence is checked by
/// the store. A webhook without a secret gets a generated one.
pub fn parse_target(r: &TargetRequest) -> Result<NewTarget, Vec<FieldError>> {
    let mut errors = Vec::new();
    let e = &mut errors;
    let audience = take(e, "audience", TargetAudience::parse(r.audience.trim()));
    let channel = take(e, "channel", DeliveryChannel::parse(r.channel.trim()));
    let sentra = r.sentra.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match (audience, sentra) {
        (Some(TargetAudience::Sentra), None) => e.push(FieldError::required("sentra")),
        (Some(a), Some(_)) if a != TargetAudience::Sentra => e.push(FieldError::new(
            "sentra",
            "sentra_not_allowed",
            "Sentra hanya diisi untuk penerima `sentra`.",
            "A Sentra is given only for the audience `sentra`.",
        )),
        _ => {}
    }
    if audience == Some(TargetAudience::ComplainantPhone) && channel == Some(DeliveryChannel::Email)
    {
        e.push(FieldError::new(
            "channel",
            "webhook_required",
            "Nomor telepon pelapor hanya dapat dijangkau lewat webhook gateway WhatsApp/SMS.",
            "A complainant's phone is reached only through a WhatsApp/SMS gateway webhook.",
        ));
    }
    let address = r.address.trim();
    let mut secret = None;
    match channel {
        Some(DeliveryChannel::Email) => {
            take(e, "address", Email::parse(address));
            if r.secret.is_some() {
                e.push(FieldError::new(
                    "secret",
                    "secret_not_allowed",
                    "Rahasia hanya untuk webhook.",
                    "A secret is only for a webhook.",
                ));
            }
        }
        Some(DeliveryChannel::Webhook) => {
            if !is_webhook_url(address) {
                e.push(FieldError::new(
                    "address",
                    "invalid_url",
                    format!("Alamat webhook {address:?} tidak sah: pakai https://… (http:// untuk gateway lokal)."),
                    format!("Webhook address {address:?} is not valid: use https://… (http:// for a local gateway)."),
                ));
            }
            secret = Some(match r.secret.as_deref().map(str::trim) {
                Some(s)
                    if (16..=200).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()) =>
                {
                    s.to_owned()
                }
                Some(_) => {
                    e.push(FieldError::new(
                        "secret",
                        "invalid_secret",
                        "Rahasia webhook harus 16–200 karakter ASCII yang terlihat.",
                        "A webhook secret must be 16–200 visible ASCII characters.",
                    ));
                    String::new()
                }
                None => crate::secret::generate(),
            });
        }
        None => {}
    }
    let label = r.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
    if label.is_some_and(|l| l.chars().count() > 200) {
        e.push(FieldError::too_long("label", 200));
    }
    match (audience, channel) {
        (Some(audience), Some(channel)) if errors.is_empty() => Ok(NewTarget {
            audience,
            sentra: sentra.map(str::to_owned),
            channel,
            address: address.to_owned(),
            secret,
            label: label.map(str::to_owned),
        }),
        _ => Err(errors),
    }
}

fn is_webhook_url(s: &str) -> bool {
    match reqwest::Url::parse(s) {
        Ok(u) => {
            matches!(u.scheme(), "https" | "http")
                && u.host_str().is_some_and(|h| !h.is_empty())
                && u.username().is_empty()
                && s.len() <= 2000
        }
        Err(_) => false,
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetList {
    pub items: Vec<TargetView>,
}

#[utoipa::path(
    get,
    path = "/notification-targets",
    tag = "notifikasi",
    summary = "Where notifications go (never a secret)",
    security(("token" = ["configure"])),
    responses((status = 200, description = "The targets.", body = TargetList)),
)]
pub async fn list_notification_targets(
    State(state): State<AppState>,
    _caller: Can<need::Configure>,
) -> Result<Json<TargetList>, ApiError> {
    let targets = state.store.list_notification_targets().await?;
    Ok(Json(TargetList {
        items: targets.iter().map(TargetView::from).collect(),
    }))
}

/// The new target, with its secret shown this once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TargetCreated {
    #[serde(flatten)]
    pub target: TargetView,
    pub secret: Option<String>,
}

#[utoipa::path(
    post,
    path = "/notification-targets",
    tag = "notifikasi",
    summary = "Add a target: an e-mail address or a signed webhook",
    request_body(content = TargetRequest, example = json!({"audience": "sentra", "sentra": "sentra-bogor", "channel": "webhook", "address": "https://gateway.example.org/sigap", "label": "Gateway WA Sentra Bogor"})),
    security(("token" = ["configure"])),
    responses((status = 201, description = "The target and its secret (shown this once).", body = TargetCreated)),
)]
pub async fn add_notification_target(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    ApiJson(body): ApiJson<TargetRequest>,
) -> Result<(StatusCode, Json<TargetCreated>), ApiError> {
    let new = parse_target(&body).map_err(ApiError::Validation)?;
    let actor = caller.actor();
    let target = match state
        .store
        .add_notification_target(&new, actor, state.clock.now())
        .await
    {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            let s = new.sentra.unwrap_or_default();
            return Err(ApiError::Validation(vec![FieldError::new(
                "sentra",
                "unknown_sentra",
                format!("Sentra {s:?} tidak dikenal."),
                format!("Unknown Sentra {s:?}."),
            )]));
        }
        Err(StoreError::Conflict(_)) => {
            return Err(ApiError::Conflict {
                code: "target_exists",
                detail: "Alamat ini sudah terdaftar untuk penerima yang sama.".into(),
                detail_en: "This address is already registered for the same audience.".into(),
                extra: serde_json::Value::Null,
            });
        }
        Err(e) => return Err(e.into()),
    };
    Ok((
        StatusCode::CREATED,
        Json(TargetCreated {
            target: TargetView::from(&target),
            secret: target.secret.clone(),
        }),
    ))
}

#[utoipa::path(
    delete,
    path = "/notification-targets/{id}",
    tag = "notifikasi",
    summary = "Remove a target",
    params(("id" = uuid::Uuid, Path, description = "The target's id.")),
    security(("token" = ["configure"])),
    responses(
        (status = 204, description = "Removed."),
        (status = 404, description = "No such target."),
    ),
)]
pub async fn remove_notification_target(
    State(state): State<AppState>,
    caller: Can<need::Configure>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = Uuid::try_parse(&id).map_err(|_| ApiError::NotFound { what: "Target" })?;
    state
        .store
        .remove_notification_target(id, caller.actor(), state.clock.now())
        .await
        .or_not_found("Target")?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    #[param(value_type = Option<uuid::Uuid>)]
    pub case: Option<String>,
    #[param(value_type = Option<sigap_core::notify::DeliveryStatus>)]
    pub status: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
}

#[utoipa::path(
    get,
    path = "/notifications",
    tag = "notifikasi",
    summary = "The delivery log: every notification and its attempts",
    params(NotificationQuery),
    security(("token" = ["configure"])),
    responses((status = 200, description = "The notifications, newest first.", body = NotificationList)),
)]
pub async fn list_notifications(
    State(state): State<AppState>,
    _caller: Can<need::Configure>,
    ApiQuery(q): ApiQuery<NotificationQuery>,
) -> Result<Json<NotificationList>, ApiError> {
    let mut errors = Vec::new();
    let case_id = q.case.as_deref().and_then(|c| match Uuid::try_parse(c) {
        Ok(id) => Some(id),
        Err(_) => {
            errors.push(FieldError::new(
                "case",
                "invalid_id",
                format!("ID kasus {c:?} tidak sah."),
                format!("Case id {c:?} is not valid."),
            ));
            None
        }
    });
    let status = q
        .status
        .as_deref()
        .and_then(|s| take(&mut errors, "status", DeliveryStatus::parse(s)));
    let limit = super::fields::limit(q.limit, 50, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let rows = state
        .store
        .list_notifications(&NotificationFilter { case_id, status }, limit)
        .await?;
    Ok(Json(NotificationList {
        items: rows
            .iter()
            .map(|(n, log)| NotificationView::new(n, log))
            .collect(),
    }))
}
