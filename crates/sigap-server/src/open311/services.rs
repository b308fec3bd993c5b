//! `GET /open311/v2/services.{json,xml}` and `GET /open311/v2/services/{code}.{json,xml}`: the
//! services a complaint can be filed under, built from Sigap's labels.
//!
//! A service is one of the nine vulnerable groups (`sigap_core::Category`, complaint type
//! `orang_rentan`) or one of the other complaint types (`bansos`, `layanan`, `lainnya`), plus
//! `orang_rentan` itself for a person in need whose group is not known. The `service_code` is
//! the label's slug, so it never changes with a label's wording.

use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::Response,
};
use sigap_core::{Category, ComplaintType, Urgency, case::Case};

use super::{
    Params,
    reply::{Doc, Format, Open311Error, respond},
};
use crate::AppState;

/// What a service files: a complaint type and, for a vulnerable group, its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Group(Category),
    Type(ComplaintType),
}

impl Service {
    pub fn all() -> Vec<Service> {
        Category::ALL
            .iter()
            .map(|c| Service::Group(*c))
            .chain(ComplaintType::ALL.iter().map(|t| Service::Type(*t)))
            .collect()
    }

    pub fn code(self) -> &'static str {
        match self {
            Service::Group(c) => c.as_str(),
            Service::Type(t) => t.as_str(),
        }
    }

    pub fn parse(code: &str) -> Option<Service> {
        Service::all().into_iter().find(|s| s.code() == code)
    }

    /// The service a case was filed under (or would have been): its complaint type, or for a
    /// person in need the first of its groups.
    pub fn of(case: &Case) -> Service {
        match (case.complaint_type, case.categories.first()) {
            (ComplaintType::OrangRentan, Some(c)) => Service::Group(*c),
            (t, _) => Service::Type(t),
        }
    }

    pub fn complaint_type(self) -> ComplaintType {
        match self {
            Service::Group(_) => ComplaintType::OrangRentan,
            Service::Type(t) => t,
        }
    }

    pub fn category(self) -> Option<Category> {
        match self {
            Service::Group(c) => Some(c),
            Service::Type(_) => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Service::Group(c) => c.label_en(),
            Service::Type(t) => t.label_en(),
        }
    }

    fn description(self) -> String {
        match self {
            Service::Group(c) => format!(
                "A person, family or community in a vulnerable situation: {} ({}).",
                c.label_en().to_lowercase(),
                c.label()
            ),
            Service::Type(ComplaintType::OrangRentan) => {
                "A person, family or community in a vulnerable situation, group not known \
                 (Orang/keluarga rentan)."
                    .into()
            }
            Service::Type(t) => format!("{} ({}).", t.label_en(), t.label()),
        }
    }

    fn group(self) -> &'static str {
        self.complaint_type().label_en()
    }
}

#[utoipa::path(
    get,
    path = "/open311/v2/services.{format}",
    tag = "open311",
    summary = "The service list: Sigap's categories and complaint types",
    params(("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$"), ("jurisdiction_id" = Option<String>, Query, description = "Optional: Sigap serves one jurisdiction, the host of its public address; another is `404`.")),
    security(()),
    responses(
        (status = 200, description = "The services.", content((Vec<Object> = "application/json"), (Vec<Object> = "text/xml"))),
        (status = 404, description = "Another jurisdiction.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
    ),
)]
pub async fn list_services(
    State(state): State<AppState>,
    format: Format,
    RawQuery(query): RawQuery,
) -> Response {
    let result = Params::parse(query.as_deref(), None)
        .and_then(|p| super::check_jurisdiction(&state, &p))
        .map(|()| Doc::List {
            item: "service",
            items: Service::all().into_iter().map(service_doc).collect(),
        });
    respond(format, "services", StatusCode::OK, result)
}

fn service_doc(s: Service) -> Doc {
    Doc::Object(vec![
        ("service_code", Some(Doc::text(s.code()))),
        ("service_name", Some(Doc::text(s.name()))),
        ("description", Some(Doc::text(s.description()))),
        ("metadata", Some(Doc::Bool(true))),
        ("type", Some(Doc::text("realtime"))),
        ("keywords", Some(Doc::text(s.code().replace('_', ", ")))),
        ("group", Some(Doc::text(s.group()))),
    ])
}

#[utoipa::path(
    get,
    path = "/open311/v2/services/{service_code}.{format}",
    tag = "open311",
    summary = "A service definition: its attributes",
    params(("service_code" = String, Path, description = "A code from the service list.", example = "lansia"), ("format" = String, Path, description = "`json` or `xml`.", pattern = "^(json|xml)$"), ("jurisdiction_id" = Option<String>, Query, description = "Optional: Sigap serves one jurisdiction, the host of its public address; another is `404`.")),
    security(()),
    responses(
        (status = 200, description = "The definition.", content((Object = "application/json"), (Object = "text/xml"))),
        (status = 404, description = "No such service.", content((crate::openapi::Open311Errors = "application/json"), (crate::openapi::Open311Errors = "text/xml"))),
    ),
)]
pub async fn get_service_definition(
    State(state): State<AppState>,
    format: Format,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let result = Params::parse(query.as_deref(), None)
        .and_then(|p| super::check_jurisdiction(&state, &p))
        .and_then(|()| {
            let code = Format::split(&file).map_or(file.as_str(), |(stem, _)| stem);
            Service::parse(code).ok_or_else(|| unknown_service(code))
        })
        .map(definition_doc);
    respond(format, "service_definition", StatusCode::OK, result)
}

pub fn unknown_service(code: &str) -> Open311Error {
    Open311Error::not_found(format!(
        "service_code '{code}' was not found; GET services.json lists the services."
    ))
}

/// The one attribute every service takes: how urgent the situation is.
fn definition_doc(s: Service) -> Doc {
    let values = Urgency::ALL
        .iter()
        .map(|u| {
            Doc::Object(vec![
                ("key", Some(Doc::text(u.as_str()))),
                ("name", Some(Doc::text(u.label_en()))),
            ])
        })
        .collect();
    Doc::Object(vec![
        ("service_code", Some(Doc::text(s.code()))),
        (
            "attributes",
            Some(Doc::List {
                item: "attribute",
                items: vec![Doc::Object(vec![
                    ("variable", Some(Doc::Bool(true))),
                    ("code", Some(Doc::text("urgency"))),
                    ("datatype", Some(Doc::text("singlevaluelist"))),
                    ("required", Some(Doc::Bool(false))),
                    (
                        "datatype_description",
                        Some(Doc::text("high: life or safety at risk now.")),
                    ),
                    ("order", Some(Doc::Int(1))),
                    (
                        "description",
                        Some(Doc::text(
                            "How urgent is it? Sent as attribute[urgency]; the command center \
                             decides when it is not given.",
                        )),
                    ),
                    (
                        "values",
                        Some(Doc::List {
                            item: "value",
                            items: values,
                        }),
                    ),
                ])],
            }),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_code_is_unique_and_parses_back() {
        let all = Service::all();
        assert_eq!(all.len(), 13);
        for s in &all {
            assert_eq!(Service::parse(s.code()), Some(*s));
        }
        let mut codes: Vec<_> = all.iter().map(|s| s.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
