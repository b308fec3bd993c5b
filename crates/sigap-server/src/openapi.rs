//! The OpenAPI 3.1 document of Sigap's HTTP interface, made from the code: every handler
//! carries its own `#[utoipa::path]`, and the router registers the API's routes through
//! utoipa-axum (`routes!`), so a route cannot exist without its documentation. Open311's
//! routes are registered by hand (one per format) and documented by [`Open311Doc`]; a test
//! checks both ways that the document and the router agree.
//!
//! [`finish`] adds what every operation shares — the two ways to sign in, the roles that hold an
//! operation's permission, the problem answers — and the document is served as JSON at
//! `/api/openapi.json` and as a page people read at `/api/docs` (made here, on the server: no
//! script, nothing fetched from elsewhere).

use std::collections::BTreeMap;

use axum::{
    http::header,
    response::{Html, IntoResponse, Response},
};
use serde::Serialize;
use sigap_core::access::Permission;
use utoipa::{
    OpenApi, ToSchema,
    openapi::{
        self, Content, RefOr, ResponseBuilder,
        path::Operation,
        security::{
            ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement, SecurityScheme,
        },
    },
};

/// The operations a path item may hold, as the document's JSON names them.
const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// The name of the bearer-token scheme; an operation names its permission as the scheme's one
/// "scope" (OpenAPI 3.1 allows role names there), and [`finish`] adds the session alternative.
pub const TOKEN: &str = "token";
/// The browser session (cookie `sigap_sesi`; writes also send `X-CSRF-Token`).
pub const SESSION: &str = "sesi";

/// The shared parts of the document: its introduction, tags and the problem answer.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sigap API",
        description = include_str!("openapi/intro.md"),
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    tags(
        (name = "pengaduan", description = "Complaints from the public and the command center, and the public ticket."),
        (name = "kasus", description = "Cases: lists, one case, the workflow, reassignment, attachments, CSV export."),
        (name = "respons", description = "The response record: assessments and ATENSI interventions."),
        (name = "triase", description = "The media scanner's candidates: accept into a case, merge, dismiss."),
        (name = "sumber", description = "The media scanner's sources and the social-media ingest."),
        (name = "kanal", description = "WhatsApp, SMS and e-mail webhooks, and their health."),
        (name = "sentra", description = "Sentra, their coverage rules, routing previews and surges."),
        (name = "wilayah", description = "The Kemendagri region gazetteer: search, one region, its children and parents."),
        (name = "sla", description = "The SLA policy and the working-day calendar."),
        (name = "laporan", description = "KPIs per Sentra, province, group, channel and period; the scanner's daily report."),
        (name = "survei", description = "The satisfaction survey (SKM) a complainant answers after closure."),
        (name = "notifikasi", description = "Outbound notification targets (webhooks) and the delivery log."),
        (name = "pengguna", description = "Users, their API tokens and the audit log."),
        (name = "open311", description = "Open311 GeoReport v2 (JSON and XML), with the servicerequestupdates extension."),
        (name = "operasi", description = "Health, readiness, metrics and this document."),
    ),
    components(schemas(Problem)),
)]
pub struct ApiDoc;

/// An error answer (RFC 9457 `application/problem+json`); Open311 answers its own error array.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:sigap:problem:validation_failed",
    "title": "Unprocessable Entity",
    "status": 422,
    "code": "validation_failed",
    "detail": "Ada 1 isian yang perlu diperbaiki.",
    "detail_en": "1 field(s) need to be corrected.",
    "errors": [{
        "field": "reporter.phone",
        "code": "invalid_phone",
        "message": "Nomor telepon tidak sah.",
        "message_en": "The phone number is not valid."
    }]
}))]
pub struct Problem {
    /// `urn:sigap:problem:{code}`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// A stable snake_case code, listed in `docs/API.md`.
    pub code: String,
    /// What went wrong, in Bahasa Indonesia.
    pub detail: String,
    pub detail_en: String,
    /// One entry per wrong field (422 only).
    pub errors: Option<Vec<sigap_core::FieldError>>,
}

/// An Open311 error answer, as the GeoReport v2 specification shapes it (in XML, `<errors>`
/// of `<error>`).
#[derive(ToSchema)]
#[schema(example = json!([{"code": 400, "description": "service_code was not provided."}]))]
pub struct Open311Errors(#[allow(dead_code)] Vec<Open311ErrorItem>);

#[derive(ToSchema)]
pub struct Open311ErrorItem {
    pub code: u16,
    pub description: String,
}

/// The parameters of `POST requests` (form-encoded), as the specification names them.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Open311Request {
    /// A Sigap API token of an admin, supervisor or operator.
    api_key: String,
    /// A code from the service list.
    #[schema(example = "lansia")]
    service_code: String,
    /// WGS84 latitude.
    lat: Option<f64>,
    /// WGS84 longitude.
    long: Option<f64>,
    address_string: Option<String>,
    /// A Sigap (Kemendagri) region code.
    #[schema(example = "32.01.30")]
    address_id: Option<String>,
    email: Option<String>,
    device_id: Option<String>,
    account_id: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    phone: Option<String>,
    description: Option<String>,
    media_url: Option<String>,
}

/// The Open311 GeoReport v2 operations (registered by hand in the router, one route per format).
#[derive(OpenApi)]
#[openapi(
    paths(
        crate::open311::discovery::get_discovery,
        crate::open311::discovery::get_discovery_root,
        crate::open311::services::list_services,
        crate::open311::services::get_service_definition,
        crate::open311::requests::list_requests,
        crate::open311::requests::post_request,
        crate::open311::requests::get_request,
        crate::open311::requests::get_token,
        crate::open311::updates::list_updates,
    ),
    components(schemas(Open311Errors, Open311ErrorItem, Open311Request))
)]
pub struct Open311Doc;

/// This document and its page.
#[derive(OpenApi)]
#[openapi(paths(openapi_json, docs_page))]
pub struct SelfDoc;

/// The whole document: `routed` (what utoipa-axum collected from the router) with the shared
/// parts, Open311, the document's own two addresses, security and the problem answers.
pub fn finish(routed: openapi::OpenApi) -> openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc.merge(routed);
    doc.merge(Open311Doc::openapi());
    doc.merge(SelfDoc::openapi());
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        TOKEN,
        SecurityScheme::Http(
            Http::builder()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "An API token (`sigap user token USERNAME`, or POST /api/v1/users/{id}/tokens) \
                     as `Authorization: Bearer …`. The scope named by an operation is the \
                     permission it needs; its description lists the roles that hold it.",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::auth::session::COOKIE,
            "The browser session of /masuk. Requests that change something also send the \
             session's `X-CSRF-Token` header.",
        ))),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        let api = path.starts_with("/api/v1/");
        let open311 = path.starts_with("/open311/");
        for op in operations(item) {
            finish_operation(op, api, open311);
        }
    }
    doc
}

fn operations(item: &mut openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.patch.as_mut(),
    ]
    .into_iter()
    .flatten()
}

/// The permission an operation names as its token scope, if any.
fn permission_of(op: &Operation) -> Option<Permission> {
    let requirements = serde_json::to_value(op.security.as_ref()?).ok()?;
    let scope = requirements
        .get(0)?
        .get(TOKEN)?
        .get(0)?
        .as_str()?
        .to_owned();
    Permission::ALL.into_iter().find(|p| p.as_str() == scope)
}

fn finish_operation(op: &mut Operation, api: bool, open311: bool) {
    if let Some(permission) = permission_of(op) {
        let scopes = [permission.as_str()];
        op.security = Some(vec![
            SecurityRequirement::new(TOKEN, scopes),
            SecurityRequirement::new(SESSION, scopes),
        ]);
        let roles: Vec<_> = permission
            .roles()
            .map(|r| format!("`{}`", r.as_str()))
            .collect();
        let line = format!(
            "Permission `{}`: roles {}.",
            permission.as_str(),
            roles.join(", ")
        );
        op.description = Some(match op.description.take() {
            Some(d) if !d.is_empty() => format!("{d}\n\n{line}"),
            _ => line,
        });
        add_problem(
            op,
            "401",
            "Not signed in: no session and no valid API token.",
        );
        add_problem(
            op,
            "403",
            "Signed in, but the role does not hold the permission.",
        );
    } else if op.security.is_none() {
        // Public: the document's global default would otherwise not say so.
        op.security = Some(vec![SecurityRequirement::default()]);
    }
    if api {
        if has_input(op) {
            add_problem(
                op,
                "422",
                "A field, parameter or header is wrong: `errors` names each (field, code, message).",
            );
            add_problem(op, "400", "The body is not JSON, or a header is malformed.");
        }
        add_problem(
            op,
            "503",
            "The database cannot be reached right now; safe to retry.",
        );
        add_problem(
            op,
            "500",
            "Something went wrong on the server (logged; never details).",
        );
    }
    if !open311 {
        // An error answer an operation declares by its description alone has the problem body
        // (Open311 declares its own error array).
        for (status, answer) in op.responses.responses.iter_mut() {
            if let RefOr::T(answer) = answer
                && (status.starts_with('4') || status.starts_with('5'))
                && answer.content.is_empty()
            {
                answer.content.insert(
                    "application/problem+json".to_owned(),
                    RefOr::T(Content::new(Some(RefOr::Ref(
                        openapi::Ref::from_schema_name("Problem"),
                    )))),
                );
            }
        }
    }
}

fn has_input(op: &Operation) -> bool {
    op.request_body.is_some() || op.parameters.as_ref().is_some_and(|p| !p.is_empty())
}

/// An error answer the operation does not declare itself; its problem body is added with the
/// others' in [`finish_operation`].
fn add_problem(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| RefOr::T(ResponseBuilder::new().description(description).build()));
}

/// The document as served: made once, the first time it is asked for.
pub fn document_json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let doc = finish(crate::router::documented_routes(&crate::router::Limits::default()).1);
        doc.to_pretty_json().unwrap_or_else(|e| {
            tracing::error!(error = %e, "the OpenAPI document does not serialise");
            "{}".to_owned()
        })
    })
}

/// The OpenAPI 3.1 document of this server.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "operasi",
    responses((status = 200, description = "The OpenAPI 3.1 document (JSON).", content_type = "application/json")),
)]
pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
        .into_response()
}

/// The same document as a page to read: every operation with its parameters, body, answers and
/// examples, then every schema.
#[utoipa::path(
    get,
    path = "/api/docs",
    tag = "operasi",
    responses((status = 200, description = "An HTML page.", content_type = "text/html")),
)]
pub async fn docs_page(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
) -> Response {
    static PAGE: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    let page = PAGE.get_or_init(|| {
        let doc: serde_json::Value =
            serde_json::from_str(document_json()).map_err(|e| e.to_string())?;
        state
            .pages
            .render_html("api-docs.html", docs_context(&doc))
            .map_err(|e| e.to_string())
    });
    match page {
        Ok(html) => Html(html.clone()).into_response(),
        Err(e) => crate::error::ApiError::Internal(format!("api docs page: {e}")).into_response(),
    }
}

/// What the docs page shows, read off the document: operations grouped by tag in the tags'
/// order, each with its parameters, body and answers; then the schemas.
fn docs_context(doc: &serde_json::Value) -> minijinja::Value {
    #[derive(Serialize)]
    struct Param {
        name: String,
        place: String,
        required: bool,
        kind: String,
        description: String,
    }
    #[derive(Serialize)]
    struct Answer {
        status: String,
        description: String,
        media: Vec<String>,
        schema: String,
        example: Option<String>,
    }
    #[derive(Serialize)]
    struct Op {
        anchor: String,
        method: String,
        path: String,
        summary: String,
        description: String,
        /// Whether anyone may call it (a signed-in caller may still sign in).
        public: bool,
        security: Vec<String>,
        params: Vec<Param>,
        body_media: Vec<String>,
        body_schema: String,
        body_example: Option<String>,
        answers: Vec<Answer>,
    }
    #[derive(Serialize)]
    struct Tag {
        name: String,
        description: String,
        ops: Vec<Op>,
    }
    #[derive(Serialize)]
    struct Field {
        name: String,
        kind: String,
        required: bool,
        description: String,
    }
    #[derive(Serialize)]
    struct Schema {
        name: String,
        description: String,
        kind: String,
        fields: Vec<Field>,
        example: Option<String>,
    }

    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let mut tags: Vec<Tag> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| Tag {
            name: text(t.get("name")),
            description: text(t.get("description")),
            ops: Vec::new(),
        })
        .collect();
    let mut untagged = Vec::new();
    let mut count = 0;
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            count += 1;
            let params = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| Param {
                    name: text(p.get("name")),
                    place: text(p.get("in")),
                    required: p["required"].as_bool().unwrap_or(false),
                    kind: kind_of(&p["schema"]),
                    description: text(p.get("description")),
                })
                .collect();
            let body = &op["requestBody"]["content"];
            let (body_media, body_schema, body_example) = match body.as_object() {
                Some(media) => {
                    let first = media.values().next().unwrap_or(&serde_json::Value::Null);
                    (
                        media.keys().cloned().collect(),
                        kind_of(&first["schema"]),
                        example_of(first, doc).map(|e| pretty(&e)),
                    )
                }
                None => (Vec::new(), String::new(), None),
            };
            let answers = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, r)| {
                    let content = r["content"].as_object();
                    let first = content.and_then(|c| c.values().next());
                    Answer {
                        status: status.clone(),
                        description: text(r.get("description")),
                        media: content
                            .into_iter()
                            .flatten()
                            .map(|(k, _)| k.clone())
                            .collect(),
                        schema: first.map(|f| kind_of(&f["schema"])).unwrap_or_default(),
                        example: first
                            .filter(|_| status.starts_with('2'))
                            .and_then(|f| example_of(f, doc))
                            .map(|e| pretty(&e)),
                    }
                })
                .collect();
            let requirements: Vec<_> = op["security"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_object())
                .collect();
            let public = requirements.iter().any(|r| r.is_empty());
            let security = requirements
                .iter()
                .flat_map(|r| r.iter())
                .map(|(scheme, scopes)| match scopes[0].as_str() {
                    Some(permission) => format!("{scheme} ({permission})"),
                    None => scheme.clone(),
                })
                .collect();
            let entry = Op {
                anchor: format!("{method}-{path}")
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect(),
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(op.get("summary")),
                description: text(op.get("description")),
                public,
                security,
                params,
                body_media,
                body_schema,
                body_example,
                answers,
            };
            let tag = op["tags"][0].as_str().unwrap_or("");
            match tags.iter_mut().find(|t| t.name == tag) {
                Some(t) => t.ops.push(entry),
                None => untagged.push(entry),
            }
        }
    }
    if !untagged.is_empty() {
        tags.push(Tag {
            name: "lain".into(),
            description: String::new(),
            ops: untagged,
        });
    }
    let schemas: Vec<Schema> = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| {
            let required: Vec<&str> = s["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str())
                .collect();
            Schema {
                name: name.clone(),
                description: text(s.get("description")),
                kind: kind_of(s),
                fields: s["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(f, fs)| Field {
                        name: f.clone(),
                        kind: kind_of(fs),
                        required: required.contains(&f.as_str()),
                        description: text(fs.get("description")),
                    })
                    .collect(),
                example: s.get("example").or(s["examples"].get(0)).map(pretty),
            }
        })
        .collect();
    minijinja::context! {
        title => text(doc["info"].get("title")),
        version => text(doc["info"].get("version")),
        openapi => text(doc.get("openapi")),
        intro => text(doc["info"].get("description")),
        tags,
        schemas,
        count,
    }
}

/// A short human name of a schema: `CaseView`, `string (date-time)`, `array of Category`,
/// `one of: a, b`.
fn kind_of(s: &serde_json::Value) -> String {
    if let Some(r) = s["$ref"].as_str() {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(values) = s["enum"].as_array() {
        let names: Vec<_> = values
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        return format!("one of: {}", names.join(", "));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = s[key].as_array() {
            let names: Vec<_> = parts.iter().map(kind_of).filter(|k| k != "null").collect();
            let nullable = parts.iter().any(|p| p["type"] == "null");
            return format!(
                "{}{}",
                names.join(" | "),
                if nullable { " (or null)" } else { "" }
            );
        }
    }
    let types: Vec<String> = match &s["type"] {
        serde_json::Value::String(t) => vec![t.clone()],
        serde_json::Value::Array(ts) => ts
            .iter()
            .filter_map(|t| t.as_str())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    let nullable = types.iter().any(|t| t == "null");
    let main = types
        .iter()
        .find(|t| *t != "null")
        .cloned()
        .unwrap_or_default();
    let base = match main.as_str() {
        "array" => format!("array of {}", kind_of(&s["items"])),
        "" if s.as_object().is_some_and(|o| o.is_empty()) => "any".to_owned(),
        "" => "object".to_owned(),
        t => match s["format"].as_str() {
            Some(f) => format!("{t} ({f})"),
            None => t.to_owned(),
        },
    };
    if nullable {
        format!("{base} (or null)")
    } else {
        base
    }
}

/// The example of a media type: its own, else the example of the schema it refers to.
fn example_of(media: &serde_json::Value, doc: &serde_json::Value) -> Option<serde_json::Value> {
    if let Some(e) = media.get("example") {
        return Some(e.clone());
    }
    if let Some(e) = media["examples"]
        .as_object()
        .and_then(|e| e.values().next())
    {
        return e.get("value").cloned();
    }
    let schema = &media["schema"];
    let schema = match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap_or(r)],
        None => schema,
    };
    schema.get("example").or(schema["examples"].get(0)).cloned()
}

/// `(method, path)` of every documented operation, in the document's order.
pub fn operations_of(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if item.get(method).is_some() {
                out.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// The number of operations per tag, for `sigap openapi --summary`.
pub fn summary(doc: &serde_json::Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, i)| i)
    {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                let tag = op["tags"][0].as_str().unwrap_or("lain").to_owned();
                *counts.entry(tag).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// The little Markdown the document's texts use, as safe HTML: paragraphs, `- ` lists,
/// `` `code` ``, `*emphasis*` and `**strong**`. Everything else is escaped text.
pub fn markdown(text: &str) -> String {
    let mut out = String::new();
    for block in text.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let lines: Vec<&str> = block.lines().collect();
        if lines
            .iter()
            .all(|l| l.starts_with("- ") || l.starts_with("  "))
        {
            out.push_str("<ul>");
            let mut item = String::new();
            for line in lines {
                if let Some(rest) = line.strip_prefix("- ") {
                    if !item.is_empty() {
                        out.push_str(&format!("<li>{}</li>", inline(&item)));
                    }
                    item = rest.to_owned();
                } else {
                    item.push(' ');
                    item.push_str(line.trim());
                }
            }
            if !item.is_empty() {
                out.push_str(&format!("<li>{}</li>", inline(&item)));
            }
            out.push_str("</ul>");
        } else {
            out.push_str(&format!("<p>{}</p>", inline(&lines.join(" "))));
        }
    }
    out
}

/// One paragraph's inline marks; the text between them escaped.
fn inline(text: &str) -> String {
    use crate::ui::svg::escape;
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        // Odd parts are inside backticks (an unclosed one runs to the end).
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&escape(part));
            out.push_str("</code>");
            continue;
        }
        let mut strong = false;
        for (j, piece) in part.split("**").enumerate() {
            if j > 0 {
                out.push_str(if strong { "</strong>" } else { "<strong>" });
                strong = !strong;
            }
            let mut em = false;
            let stars = piece.matches('*').count();
            for (k, bit) in piece.split('*').enumerate() {
                // A lone `*` (an odd count) stays a star.
                if k > 0 {
                    if stars % 2 == 0 {
                        out.push_str(if em { "</em>" } else { "<em>" });
                        em = !em;
                    } else {
                        out.push('*');
                    }
                }
                out.push_str(&escape(bit));
            }
            if em {
                out.push_str("</em>");
            }
        }
        if strong {
            out.push_str("</strong>");
        }
    }
    out
}
