//! `POST /api/v1/ingest/social`: posts from a collector running elsewhere, signed with the
//! social source's secret.
//!
//! Headers: `Sigap-Source` (the source's id), `Sigap-Timestamp` (Unix seconds, within five
//! minutes of Sigap's clock) and `Sigap-Signature: sha256=<hex>` — HMAC-SHA256 with the
//! source's secret over `<timestamp>.<body>`, the same scheme Sigap's own outbound webhooks
//! use. A signature is accepted once (replay protection). The body is one post, an array of
//! posts, or `{"posts": [...]}` (at most 500), each in the schema of `sigap_ingest::social`.
//! The same post (platform and post id) sent twice is kept once.
//!
//! Answers: `202` with what was taken; `401` (no, unknown or non-social source, missing or wrong
//! signature); `400 stale_timestamp` (more than five minutes off); `403` (source disabled);
//! `409 replayed`; `413` (over 1 MiB); `422` naming each bad post (nothing is kept then).

use axum::{
    Json,
    body::Bytes,
    extract::{State, rejection::BytesRejection},
    http::{HeaderMap, StatusCode},
};
use serde::{Deserialize, Serialize};
use sigap_core::FieldError;
use sigap_ingest::social::Post;

use super::signed;
use crate::{AppState, error::ApiError, scan};

#[derive(Deserialize)]
#[serde(untagged)]
enum Body {
    Many(Vec<Post>),
    Wrapped { posts: Vec<Post> },
    One(Box<Post>),
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Ingested {
    pub posts: usize,
    pub new_items: usize,
    pub actionable: usize,
    pub new_candidates: usize,
    pub joined: usize,
}

/// The largest body taken (500 posts of typical length).
pub const BODY_LIMIT: usize = 1024 * 1024;

#[utoipa::path(
    post,
    path = "/ingest/social",
    tag = "sumber",
    summary = "Posts from a social-media collector, signed with the social source's secret",
    description = "One post, an array of posts, or `{\"posts\": [...]}` (at most 500). The same post (platform and post id) twice is kept once; a signature is accepted once.",
    params(("Sigap-Source" = i64, Header, description = "The social source's id."), super::signed::SignedHeaders),
    request_body(content = Object, example = json!({"posts": [{"platform": "x", "id": "1790000000000000001", "author": "warga_garut", "text": "Tolong, ada nenek tinggal sendiri di Desa Sukamaju, Kec. Cibungbulang, sudah dua hari tidak makan.", "url": "https://x.com/warga_garut/status/1790000000000000001", "published_at": "2026-12-01T03:00:00Z"}]})),
    security(()),
    responses(
        (status = 202, description = "What was taken.", body = Ingested),
        (status = 401, description = "`invalid_signature`: no, unknown or non-social source, or a wrong signature."),
        (status = 403, description = "The source is switched off."),
        (status = 409, description = "`replayed`: this signed delivery was taken before."),
        (status = 413, description = "Over 1 MiB."),
    ),
)]
pub async fn ingest_social(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Ingested>), ApiError> {
    let body = body.map_err(|_| ApiError::PayloadTooLarge { limit: BODY_LIMIT })?;
    let unauthorised = || ApiError::BadSignature;
    let source_id: i64 = headers
        .get("sigap-source")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(unauthorised)?;
    let (timestamp, signature) = signed::headers(&headers).ok_or_else(unauthorised)?;
    let source = match state.store.source(source_id).await {
        Ok(s) => s,
        Err(sigap_store::StoreError::NotFound) => return Err(unauthorised()),
        Err(e) => return Err(e.into()),
    };
    let Some(secret) = source.secret.as_deref().filter(|_| source.kind == "social") else {
        return Err(unauthorised());
    };
    let now = state.clock.now();
    signed::check(secret, timestamp, signature, &body, now)?;
    if !source.enabled {
        return Err(ApiError::Forbidden {
            detail: "Sumber ini dinonaktifkan.".into(),
            detail_en: "This source is disabled.".into(),
        });
    }
    let posts = match serde_json::from_slice::<Body>(&body) {
        Ok(Body::Many(p) | Body::Wrapped { posts: p }) => p,
        Ok(Body::One(p)) => vec![*p],
        Err(e) => {
            return Err(ApiError::bad_request(
                "malformed_json",
                format!("Isi permintaan bukan kiriman (post) yang sah: {e}."),
                format!("The body is not a valid post or list of posts: {e}."),
            ));
        }
    };
    if posts.len() > 500 {
        return Err(ApiError::Validation(vec![FieldError::new(
            "posts",
            "too_many",
            "Paling banyak 500 kiriman per permintaan.",
            "At most 500 posts per request.",
        )]));
    }
    let errors: Vec<FieldError> = posts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.validate()
                .err()
                .map(|m| FieldError::new(format!("posts.{i}"), "invalid_post", m.clone(), m))
        })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // The signature is the delivery's nonce: the same delivery twice is a replay.
    if !state
        .store
        .take_nonce(source.id, signature.trim(), now)
        .await?
    {
        return Err(signed::replayed());
    }
    let count = posts.len();
    let processed = scan::ingest_posts(&state, Some(source.id), posts).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Ingested {
            posts: count,
            new_items: processed.new_items,
            actionable: processed.actionable,
            new_candidates: processed.new_candidates.len(),
            joined: processed.joined_candidates + processed.joined_cases,
        }),
    ))
}
