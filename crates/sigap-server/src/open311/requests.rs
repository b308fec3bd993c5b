//! Service requests: `POST requests` files a complaint (a normal Sigap case, channel `api`,
//! routed by [`file_complaint`]); `GET requests`, `GET requests/{id}` and `GET tokens/{token}`
//! are public and show a case's status, never its people, words, address or coordinates.
//!
//! The `service_request_id` is the Sigap ticket (`SGP-2611-00001`); the `token` is the case's
//! id, answered with the ticket at once since Sigap files synchronously.

use axum::{
    body::Body,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::Response,
};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use sigap_core::{RegionCode, RegionLevel, TicketNumber, access::Permission, case::Case};
use sigap_store::{CaseFilter, StoreError};
use uuid::Uuid;

use super::{
    Params, check_jurisdiction,
    reply::{Doc, Format, Open311Error, respond},
    services::{Service, unknown_service},
};
use crate::{
    AppState,
    api::v1::{
        complaint_request::{ComplaintRequest, LocationIn, ReporterIn},
        complaints::file_complaint,
    },
    error::ApiError,
    extract::IdempotencyKey,
    secret,
};

/// The most requests one `GET requests` answers (the spec's default limit).
pub const LIST_LIMIT: usize = 1000;
/// The longest range of `start_date`..`end_date`, and the default one.
const RANGE_DAYS: i64 = 90;
/// How many requests a filter by `service_code` or `status` looks through, newest first.
const SCAN_LIMIT: usize = 10_000;
/// The most `service_request_id`s one call may name.
const IDS_LIMIT: usize = 100;

#[utoipa::path(
    post,
    path = "/open311/v2/requests.{format}",
    tag = "open311",
    summary = "File a service request: a normal Sigap case, routed as usual",
    description = "Form-encoded, with an `api_key` (a Sigap API token of an admin, supervisor or operator). The place is `lat`/`long`, `address_string`, or a Sigap region code as `address_id`. An `Idempotency-Key` header makes a retry safe.",
    params(("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$"), ("jurisdiction_id" = Option<String>, Query, description = "Optional: Sigap serves one jurisdiction, the host of its public address; another is `404`."), ("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe.")),
    request_body(content = crate::openapi::Open311Request, content_type = "application/x-www-form-urlencoded"),
    security(()),
    responses(
        (status = 201, description = "The request's id, token and notice.", content((Vec<Object> = "application/json"), (Vec<Object> = "text/xml"))),
        (status = 400, description = "A parameter is missing or wrong.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
        (status = 403, description = "`api_key` missing, invalid, or not allowed to file.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
        (status = 404, description = "Another jurisdiction, or no such service.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
    ),
)]
pub async fn post_request(
    State(state): State<AppState>,
    format: Format,
    RawQuery(query): RawQuery,
    key: Result<IdempotencyKey, ApiError>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let result = match key {
        Ok(IdempotencyKey(key)) => {
            file_request(&state, query.as_deref(), key.as_deref(), &headers, body).await
        }
        Err(e) => Err(e.into()),
    };
    respond(format, "service_requests", StatusCode::CREATED, result)
}

/// Files the request; with an `Idempotency-Key` header, a retry of the same body answers the
/// case filed the first time (as `POST /api/v1/complaints` does).
async fn file_request(
    state: &AppState,
    query: Option<&str>,
    idempotency_key: Option<&str>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Doc, Open311Error> {
    let limit = state.config.body_limit;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        Open311Error::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is too large (limit {limit} bytes)."),
        )
    })?;
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !bytes.is_empty() && !form {
        return Err(Open311Error::bad_request(
            "Send the parameters as application/x-www-form-urlencoded (media uploads are not \
             supported; give a media_url instead).",
        ));
    }
    let params = Params::parse(query, Some(&bytes))?;
    check_jurisdiction(state, &params)?;
    let Some(key) = params.get("api_key") else {
        return Err(Open311Error::new(
            StatusCode::FORBIDDEN,
            "api_key was not provided.",
        ));
    };
    let who = match state
        .store
        .principal_by_token(&secret::sha256_hex(key.as_bytes()), state.clock.now())
        .await
    {
        Ok(who) => who,
        Err(StoreError::NotFound) => {
            return Err(Open311Error::new(
                StatusCode::FORBIDDEN,
                "api_key is invalid (unknown, revoked or expired).",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    if !who.may(Permission::FileInternal) {
        return Err(Open311Error::new(
            StatusCode::FORBIDDEN,
            "api_key may not file requests: it must belong to an admin, supervisor or operator.",
        ));
    }
    let request = complaint_from(&params)?;
    let new = request
        .into_new_case()
        .map_err(crate::error::ApiError::Validation)?;
    let hash = idempotency_key.map(|_| secret::sha256_hex(&bytes));
    let idempotency = idempotency_key.zip(hash.as_deref());
    let (case, _) = file_complaint(state, &new, idempotency, &who.username).await?;
    Ok(Doc::List {
        item: "request",
        items: vec![Doc::Object(vec![
            (
                "service_request_id",
                Some(Doc::text(case.ticket.to_string())),
            ),
            ("token", Some(Doc::text(case.id.simple().to_string()))),
            (
                "service_notice",
                Some(Doc::text(format!(
                    "Received as ticket {}; its status is public at /lacak/{}.",
                    case.ticket, case.ticket
                ))),
            ),
        ])],
    })
}

/// The Open311 parameters as Sigap's complaint, validated by the same rules as
/// `POST /api/v1/complaints`.
fn complaint_from(p: &Params) -> Result<ComplaintRequest, Open311Error> {
    let Some(code) = p.get("service_code") else {
        return Err(Open311Error::bad_request("service_code was not provided."));
    };
    let service = Service::parse(code).ok_or_else(|| unknown_service(code))?;
    let coordinate = |name: &str, range: std::ops::RangeInclusive<f64>| {
        p.get(name)
            .map(|v| match v.parse::<f64>() {
                Ok(x) if x.is_finite() && range.contains(&x) => Ok(x),
                _ => Err(Open311Error::bad_request(format!(
                    "{name} must be a number from {} to {} (WGS84 degrees), not '{v}'.",
                    range.start(),
                    range.end()
                ))),
            })
            .transpose()
    };
    let latitude = coordinate("lat", -90.0..=90.0)?;
    let longitude = coordinate("long", -180.0..=180.0)?;
    if latitude.is_some() != longitude.is_some() {
        return Err(Open311Error::bad_request(
            "lat and long must be given together.",
        ));
    }
    let address = p.get("address_string");
    let region = p.get("address_id");
    if latitude.is_none() && address.is_none() && region.is_none() {
        return Err(Open311Error::bad_request(
            "A location is required: lat and long, address_string, or address_id (a \
             Kemendagri region code such as 32.01).",
        ));
    }
    let name = [p.get("first_name"), p.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let name = (!name.is_empty()).then_some(name);
    let phone = p.get("phone").map(str::to_owned);
    let email = p.get("email").map(str::to_owned);
    let anonymous = name.is_none() && phone.is_none() && email.is_none();
    Ok(ComplaintRequest {
        channel: Some("api".into()),
        complaint_type: Some(service.complaint_type().as_str().into()),
        reporter: Some(ReporterIn {
            name,
            phone,
            email,
            nik: None,
            anonymous: Some(anonymous),
            consent_contact: None,
        }),
        beneficiary: None,
        description: p.get("description").map(str::to_owned),
        location: Some(LocationIn {
            address: address.map(str::to_owned),
            region_code: region.map(str::to_owned),
            latitude,
            longitude,
        }),
        category: service.category().map(|c| c.as_str().to_owned()),
        categories: None,
        urgency: p.get("attribute[urgency]").map(str::to_owned),
        confidential: None,
    })
}

#[utoipa::path(
    get,
    path = "/open311/v2/requests.{format}",
    tag = "open311",
    summary = "Service requests, newest first (at most 1000, the last 90 days by default)",
    params(("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$"), ("jurisdiction_id" = Option<String>, Query, description = "Optional: Sigap serves one jurisdiction, the host of its public address; another is `404`."),
        ("service_request_id" = Option<String>, Query, description = "Comma-separated ids; the other filters are then ignored."),
        ("service_code" = Option<String>, Query, description = "Comma-separated service codes."),
        ("start_date" = Option<String>, Query, description = "W3C date-time."),
        ("end_date" = Option<String>, Query, description = "W3C date-time."),
        ("status" = Option<String>, Query, description = "`open`, `closed`, or both comma-separated."),
    ),
    security(()),
    responses(
        (status = 200, description = "The requests.", content((Vec<Object> = "application/json"), (Vec<Object> = "text/xml"))),
        (status = 400, description = "A filter is wrong.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
    ),
)]
pub async fn list_requests(
    State(state): State<AppState>,
    format: Format,
    RawQuery(query): RawQuery,
) -> Response {
    let result = find_requests(&state, query.as_deref()).await;
    respond(format, "service_requests", StatusCode::OK, result)
}

async fn find_requests(state: &AppState, query: Option<&str>) -> Result<Doc, Open311Error> {
    let p = Params::parse(query, None)?;
    check_jurisdiction(state, &p)?;
    let ids = p.list("service_request_id");
    // As the spec says, a list of ids overrides every other filter.
    if !ids.is_empty() {
        if ids.len() > IDS_LIMIT {
            return Err(Open311Error::bad_request(format!(
                "service_request_id names at most {IDS_LIMIT} requests."
            )));
        }
        let mut items = Vec::new();
        for id in ids {
            if let Some(case) = case_by_ticket(state, id).await? {
                items.push(request_doc(&case));
            }
        }
        return Ok(Doc::List {
            item: "request",
            items,
        });
    }
    let services = p
        .list("service_code")
        .into_iter()
        .map(|c| Service::parse(c).ok_or_else(|| unknown_service(c)))
        .collect::<Result<Vec<_>, _>>()?;
    let statuses = p
        .list("status")
        .into_iter()
        .map(|s| match s.to_ascii_lowercase().as_str() {
            "open" => Ok(false),
            "closed" => Ok(true),
            _ => Err(Open311Error::bad_request(format!(
                "status must be open or closed, not '{s}'."
            ))),
        })
        .collect::<Result<Vec<bool>, _>>()?;
    let (start, end) = range(&p, state.clock.now())?;
    let filter = CaseFilter {
        // One group asked for: the store narrows the scan to cases of that group (the check
        // below still asks that it is the case's first group, as `Service::of` does).
        category: match services.as_slice() {
            [Service::Group(c)] => Some(*c),
            _ => None,
        },
        from: Some(start),
        // `end_date` is inclusive; the store's bound is not.
        to: Some(end + Duration::microseconds(1)),
        ..CaseFilter::default()
    };
    let mut items = Vec::new();
    let mut cursor = None;
    let mut seen = 0;
    loop {
        let page = state.store.list_cases(&filter, 500, cursor).await?;
        seen += page.cases.len();
        for case in &page.cases {
            let wanted = !case.confidential
                && (services.is_empty() || services.contains(&Service::of(case)))
                && (statuses.is_empty() || statuses.contains(&case.status.is_closed()));
            if wanted && items.len() < LIST_LIMIT {
                items.push(request_doc(case));
            }
        }
        cursor = page.next;
        if cursor.is_none() || items.len() >= LIST_LIMIT || seen >= SCAN_LIMIT {
            break;
        }
    }
    Ok(Doc::List {
        item: "request",
        items,
    })
}

/// `start_date`..`end_date` (w3c date-times), at most 90 days; the last 90 days by default.
pub fn range(
    p: &Params,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), Open311Error> {
    let date = |name: &str| {
        p.get(name)
            .map(|v| {
                // A `+` offset sent unencoded arrives as a space.
                DateTime::parse_from_rfc3339(&v.replace(' ', "+"))
                    .map(|d| d.to_utc())
                    .map_err(|_| {
                        Open311Error::bad_request(format!(
                            "{name} must be a w3c date-time such as 2026-11-01T00:00:00Z, not '{v}'."
                        ))
                    })
            })
            .transpose()
    };
    let span = Duration::days(RANGE_DAYS);
    let (start, end) = match (date("start_date")?, date("end_date")?) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, (s + span).min(now)),
        (None, Some(e)) => (e - span, e),
        (None, None) => (now - span, now),
    };
    if end < start {
        return Err(Open311Error::bad_request("end_date is before start_date."));
    }
    if end - start > span {
        return Err(Open311Error::bad_request(format!(
            "start_date to end_date may not span more than {RANGE_DAYS} days."
        )));
    }
    Ok((start, end))
}

async fn case_by_ticket(state: &AppState, id: &str) -> Result<Option<Case>, Open311Error> {
    let Ok(ticket) = TicketNumber::parse(id) else {
        return Ok(None);
    };
    found(state.store.find_case_by_ticket(&ticket).await)
}

/// A store lookup with "not there" as `None`, any other failure as the spec's error.
fn found<T>(lookup: Result<T, StoreError>) -> Result<Option<T>, Open311Error> {
    match lookup {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(
    get,
    path = "/open311/v2/requests/{service_request_id}.{format}",
    tag = "open311",
    summary = "One service request",
    params(("service_request_id" = String, Path, description = "The request's id (its Sigap ticket)."), ("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$"), ("jurisdiction_id" = Option<String>, Query, description = "Optional: Sigap serves one jurisdiction, the host of its public address; another is `404`.")),
    security(()),
    responses(
        (status = 200, description = "A list of one request.", content((Vec<Object> = "application/json"), (Vec<Object> = "text/xml"))),
        (status = 404, description = "No such request.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
    ),
)]
pub async fn get_request(
    State(state): State<AppState>,
    format: Format,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let id = Format::split(&file).map_or(file.as_str(), |(stem, _)| stem);
    let result = async {
        let p = Params::parse(query.as_deref(), None)?;
        check_jurisdiction(&state, &p)?;
        let case = case_by_ticket(&state, id).await?.ok_or_else(|| {
            Open311Error::not_found(format!("service_request_id '{id}' was not found."))
        })?;
        Ok(Doc::List {
            item: "request",
            items: vec![request_doc(&case)],
        })
    }
    .await;
    respond(format, "service_requests", StatusCode::OK, result)
}

#[utoipa::path(
    get,
    path = "/open311/v2/tokens/{token}.{format}",
    tag = "open311",
    summary = "The request id behind a token",
    params(("token" = String, Path, description = "The token `POST requests` answered."), ("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$"), ("jurisdiction_id" = Option<String>, Query, description = "Optional: Sigap serves one jurisdiction, the host of its public address; another is `404`.")),
    security(()),
    responses(
        (status = 200, description = "The token and its request id.", content((Vec<Object> = "application/json"), (Vec<Object> = "text/xml"))),
        (status = 404, description = "No such token.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
    ),
)]
pub async fn get_token(
    State(state): State<AppState>,
    format: Format,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let token = Format::split(&file).map_or(file.as_str(), |(stem, _)| stem);
    let result = async {
        let p = Params::parse(query.as_deref(), None)?;
        check_jurisdiction(&state, &p)?;
        let missing = || Open311Error::not_found(format!("token '{token}' was not found."));
        let id = Uuid::try_parse(token).map_err(|_| missing())?;
        let case = found(state.store.get_case(id).await)?.ok_or_else(missing)?;
        Ok(Doc::List {
            item: "request",
            items: vec![Doc::Object(vec![
                (
                    "service_request_id",
                    Some(Doc::text(case.ticket.to_string())),
                ),
                ("token", Some(Doc::text(case.id.simple().to_string()))),
            ])],
        })
    }
    .await;
    respond(format, "service_requests", StatusCode::OK, result)
}

/// A request as the public sees it: the service, the status and when, the responsible unit
/// and the regency — no description, address, coordinates or people (Sigap's rule for public
/// pages, stricter than the spec). A confidential case shows only its status and times, as
/// its ticket page does: tickets are sequential, so anyone could look them up.
fn request_doc(case: &Case) -> Doc {
    let open311_status = if case.status.is_closed() {
        "closed"
    } else {
        "open"
    };
    if case.confidential {
        return Doc::Object(vec![
            (
                "service_request_id",
                Some(Doc::text(case.ticket.to_string())),
            ),
            ("status", Some(Doc::text(open311_status))),
            ("status_notes", Some(Doc::text(case.status.label_en()))),
            ("requested_datetime", Some(Doc::text(w3c(case.created_at)))),
            ("updated_datetime", Some(Doc::text(w3c(case.updated_at)))),
        ]);
    }
    let service = Service::of(case);
    let agency = case
        .assignment
        .as_ref()
        .and_then(|a| a.sentra_name.clone())
        .unwrap_or_else(|| "Command center (national queue)".into());
    Doc::Object(vec![
        (
            "service_request_id",
            Some(Doc::text(case.ticket.to_string())),
        ),
        ("status", Some(Doc::text(open311_status))),
        ("status_notes", Some(Doc::text(case.status.label_en()))),
        ("service_name", Some(Doc::text(service.name()))),
        ("service_code", Some(Doc::text(service.code()))),
        ("agency_responsible", Some(Doc::text(agency))),
        ("requested_datetime", Some(Doc::text(w3c(case.created_at)))),
        ("updated_datetime", Some(Doc::text(w3c(case.updated_at)))),
        (
            "address_id",
            case.location
                .region
                .as_ref()
                .map(|r| Doc::text(regency(r).as_str())),
        ),
    ])
}

/// The region no finer than its regency or city: enough to see where help goes, too coarse
/// to find a person.
fn regency(code: &RegionCode) -> RegionCode {
    let mut code = code.clone();
    while code.level() > RegionLevel::Regency {
        match code.parent() {
            Some(parent) => code = parent,
            None => break,
        }
    }
    code
}

pub fn w3c(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
