//! One document model for every Open311 answer, written as JSON or XML from the same value,
//! and the spec's error shape: `[{"code": 404, "description": "…"}]` or
//! `<errors><error><code>404</code><description>…</description></error></errors>`.

use axum::{
    extract::FromRequestParts,
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use sigap_store::StoreError;

use crate::error::ApiError;

/// The format a resource was asked in, from its path's suffix (`services.json`,
/// `requests/SGP-2611-00001.xml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// Splits `name.json` / `name.xml` into the name and its format.
    pub fn split(file: &str) -> Option<(&str, Format)> {
        if let Some(stem) = file.strip_suffix(".json") {
            Some((stem, Format::Json))
        } else {
            file.strip_suffix(".xml").map(|stem| (stem, Format::Xml))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Format {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let last = parts.uri.path().rsplit('/').next().unwrap_or_default();
        match Format::split(last) {
            Some((_, format)) => Ok(format),
            None => Err(Open311Error::new(
                StatusCode::NOT_FOUND,
                "Unknown format: end the address with .json or .xml.",
            )
            .into_response_as(Format::Json)),
        }
    }
}

/// A value of an answer: the same tree becomes JSON or XML.
#[derive(Debug, Clone)]
pub enum Doc {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Fields in order; a `None` is left out of both formats.
    Object(Vec<(&'static str, Option<Doc>)>),
    /// A JSON array; in XML, one `<item>` element per entry.
    List {
        item: &'static str,
        items: Vec<Doc>,
    },
}

impl Doc {
    pub fn text(s: impl Into<String>) -> Doc {
        Doc::Text(s.into())
    }

    fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Doc::Text(s) => Value::String(s.clone()),
            Doc::Int(i) => Value::from(*i),
            Doc::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Doc::Bool(b) => Value::Bool(*b),
            Doc::Object(fields) => Value::Object(
                fields
                    .iter()
                    .filter_map(|(k, v)| v.as_ref().map(|v| ((*k).to_owned(), v.json())))
                    .collect(),
            ),
            Doc::List { items, .. } => Value::Array(items.iter().map(Doc::json).collect()),
        }
    }

    /// The content of an element (without the element itself).
    fn xml_into(&self, out: &mut String) {
        match self {
            Doc::Text(s) => out.push_str(&quick_xml::escape::escape(xml_safe(s).as_ref())),
            Doc::Int(i) => out.push_str(&i.to_string()),
            Doc::Float(f) => out.push_str(&f.to_string()),
            Doc::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Doc::Object(fields) => {
                for (name, value) in fields {
                    if let Some(value) = value {
                        element(out, name, value);
                    }
                }
            }
            Doc::List { item, items } => {
                for value in items {
                    element(out, item, value);
                }
            }
        }
    }

    /// The whole answer: `root` names the XML document element (JSON has none).
    pub fn render(&self, format: Format, root: &str, status: StatusCode) -> Response {
        let (body, content_type) = match format {
            Format::Json => (
                serde_json::to_string(&self.json()).unwrap_or_default(),
                "application/json; charset=utf-8",
            ),
            Format::Xml => {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                element(&mut out, root, self);
                out.push('\n');
                (out, "text/xml; charset=utf-8")
            }
        };
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    }
}

fn element(out: &mut String, name: &str, value: &Doc) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    value.xml_into(out);
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Text XML 1.0 can carry: control characters other than tab and newlines become U+FFFD.
fn xml_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        s.chars()
            .map(|c| {
                if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// A failed Open311 call: its HTTP status and the spec's list of `{code, description}`, in
/// English (Open311 clients are), each code being the HTTP status it explains.
#[derive(Debug)]
pub struct Open311Error {
    pub status: StatusCode,
    pub descriptions: Vec<String>,
}

impl Open311Error {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Open311Error {
            status,
            descriptions: vec![description.into()],
        }
    }

    pub fn bad_request(description: impl Into<String>) -> Self {
        Open311Error::new(StatusCode::BAD_REQUEST, description)
    }

    pub fn not_found(description: impl Into<String>) -> Self {
        Open311Error::new(StatusCode::NOT_FOUND, description)
    }

    pub fn into_response_as(self, format: Format) -> Response {
        let code = i64::from(self.status.as_u16());
        let errors = Doc::List {
            item: "error",
            items: self
                .descriptions
                .into_iter()
                .map(|d| {
                    Doc::Object(vec![
                        ("code", Some(Doc::Int(code))),
                        ("description", Some(Doc::Text(d))),
                    ])
                })
                .collect(),
        };
        errors.render(format, "errors", self.status)
    }
}

impl From<StoreError> for Open311Error {
    fn from(e: StoreError) -> Self {
        ApiError::from(e).into()
    }
}

/// Sigap's own errors (from filing a complaint, reading the store) in Open311's words.
impl From<ApiError> for Open311Error {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Validation(errors) => Open311Error {
                status: StatusCode::BAD_REQUEST,
                descriptions: errors
                    .into_iter()
                    .map(|f| format!("{}: {}", open311_field(&f.field), f.message_en))
                    .collect(),
            },
            ApiError::BadRequest { detail_en, .. } => Open311Error::bad_request(detail_en),
            ApiError::NotFound { .. } => Open311Error::not_found("Not found."),
            ApiError::Conflict { detail_en, .. } => {
                Open311Error::new(StatusCode::CONFLICT, detail_en)
            }
            ApiError::Unavailable => Open311Error::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "The database cannot be reached right now. Try again shortly.",
            ),
            ApiError::Internal(cause) => {
                tracing::error!(error = %cause, "open311 request failed");
                Open311Error::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "General service error: something went wrong on the server.",
                )
            }
            ApiError::Unauthorized | ApiError::BadSignature | ApiError::Forbidden { .. } => {
                Open311Error::new(
                    StatusCode::FORBIDDEN,
                    "api_key was not provided or is invalid.",
                )
            }
            ApiError::PayloadTooLarge { limit } => Open311Error::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("The request body is too large (limit {limit} bytes)."),
            ),
            ApiError::UnsupportedMediaType | ApiError::MethodNotAllowed => {
                Open311Error::bad_request("This request is not supported.")
            }
        }
    }
}

/// The Open311 parameter a field of Sigap's complaint came from.
fn open311_field(field: &str) -> &str {
    match field {
        "location" => "lat/long",
        "location.address" => "address_string",
        "location.region_code" | "region_code" => "address_id",
        "reporter.phone" => "phone",
        "reporter.email" => "email",
        "reporter.name" => "first_name/last_name",
        "urgency" => "attribute[urgency]",
        other => other,
    }
}

/// The answer of a handler in the format it was asked in.
pub fn respond(
    format: Format,
    root: &str,
    status: StatusCode,
    result: Result<Doc, Open311Error>,
) -> Response {
    match result {
        Ok(doc) => doc.render(format, root, status),
        Err(e) => e.into_response_as(format),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_replaced_in_xml() {
        let doc = Doc::Object(vec![("a", Some(Doc::text("<b>&\"x\u{1}")))]);
        let mut out = String::new();
        doc.xml_into(&mut out);
        assert_eq!(out, "<a>&lt;b&gt;&amp;&quot;x\u{FFFD}</a>");
    }

    #[test]
    fn a_missing_field_is_left_out_of_both_formats() {
        let doc = Doc::Object(vec![("a", None), ("b", Some(Doc::Int(1)))]);
        assert_eq!(doc.json().to_string(), r#"{"b":1}"#);
        let mut out = String::new();
        doc.xml_into(&mut out);
        assert_eq!(out, "<b>1</b>");
    }

    #[test]
    fn formats_come_from_the_suffix() {
        assert_eq!(
            Format::split("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(
            Format::split("SGP-2611-00001.xml"),
            Some(("SGP-2611-00001", Format::Xml))
        );
        assert_eq!(Format::split("services.csv"), None);
    }
}
