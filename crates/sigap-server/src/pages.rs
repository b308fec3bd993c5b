//! Server-rendered public pages, in Bahasa Indonesia with an English switch: `/`, `/lacak`
//! (follow a ticket), `/lapor` (the complaint form, in `lapor.rs`), `/survei/{token}` (the
//! satisfaction survey, in `survei.rs`) and `/masuk` (staff sign-in, in `auth/login.rs`).
//! Templates live in `templates/`, are embedded in the binary and escape everything; a public
//! page is rendered with `Templates::page`, which gives the template its language and its own
//! address (for the language switch).

use axum::{
    extract::{FromRequestParts, Path, Query, State},
    http::{StatusCode, header, request::Parts},
    response::{Html, IntoResponse, Redirect, Response},
};
use chrono::{DateTime, FixedOffset, Utc};
use minijinja::{Environment, context};
use serde::{Deserialize, Serialize};

use crate::{
    AppState,
    api::v1::tickets::load_public_ticket,
    error::ApiError,
    ui::staff::{Lang, url_encode},
};

/// What a public page needs from its request: the reader's language (the `sigap_bahasa` cookie)
/// and the page's own path and query, where the language switch returns to.
#[derive(Debug, Clone)]
pub struct Reader {
    pub lang: Lang,
    pub here: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Reader {
            lang: Lang::of(&parts.headers),
            here: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        })
    }
}

pub struct Templates(Environment<'static>);

impl Default for Templates {
    fn default() -> Self {
        Self::new()
    }
}

impl Templates {
    pub fn new() -> Templates {
        let mut env = Environment::new();
        // `.html` templates are auto-escaped: nothing from outside is ever inserted raw.
        // One line per template; the file is embedded in the binary at build time.
        macro_rules! embedded {
            ($($name:literal),+ $(,)?) => {
                [$(($name, include_str!(concat!("../templates/", $name)))),+]
            };
        }
        for (name, source) in embedded![
            "base.html",
            "home.html",
            "lacak.html",
            "masuk.html",
            "lapor.html",
            "terkirim.html",
            "survei.html",
            "staf/base.html",
            "staf/dilarang.html",
            "staf/tidak-ada.html",
            "staf/kasus-detail.html",
            "staf/dasbor.html",
            "staf/dasbor-provinsi.html",
            "staf/kasus.html",
            "staf/aduan-baru.html",
            "staf/admin-tab.html",
            "staf/admin-pengguna.html",
            "staf/admin-sentra.html",
            "staf/admin-sla.html",
            "staf/admin-audit.html",
            "staf/admin-sumber.html",
            "staf/admin-kanal.html",
            "staf/laporan-harian.html",
            "staf/laporan-harian-isi.html",
            "staf/kinerja.html",
            "laporan-harian-berkas.html",
            "staf/triase.html",
            "api-docs.html",
        ] {
            if let Err(e) = env.add_template(name, source) {
                panic!("template {name} does not compile: {e}");
            }
        }
        env.add_filter("tr", translate);
        env.add_filter("md", |text: String| {
            minijinja::Value::from_safe_string(crate::openapi::markdown(&text))
        });
        env.add_filter("waktu", |t: String| {
            DateTime::parse_from_rfc3339(&t).map_or(t, |t| format_wib(t.to_utc()))
        });
        env.add_filter("status_label", |slug: String, lang: Option<String>| {
            sigap_core::Status::parse(&slug).map_or(slug, |s| {
                if lang.as_deref() == Some("en") {
                    s.label_en()
                } else {
                    s.label()
                }
                .to_owned()
            })
        });
        env.add_filter("category_label", |slug: String, lang: Option<String>| {
            sigap_core::Category::parse(&slug).map_or(slug, |c| {
                if lang.as_deref() == Some("en") {
                    c.label_en()
                } else {
                    c.label()
                }
                .to_owned()
            })
        });
        Templates(env)
    }

    /// A template's text, for a page or a file.
    pub fn render_html(
        &self,
        name: &str,
        ctx: minijinja::Value,
    ) -> Result<String, minijinja::Error> {
        self.0.get_template(name).and_then(|t| t.render(ctx))
    }

    /// A public page in its reader's language; `here` is its address, ready for a query.
    pub(crate) fn page(&self, name: &str, reader: &Reader, ctx: minijinja::Value) -> Response {
        self.render(
            name,
            context! {
                lang => reader.lang,
                // Percent-encoded but for unreserved characters and `/`: safe in an attribute.
                here => minijinja::Value::from_safe_string(url_encode(&reader.here)),
                ..ctx
            },
        )
    }

    pub(crate) fn render(&self, name: &str, ctx: minijinja::Value) -> Response {
        match self.render_html(name, ctx) {
            Ok(html) => Html(html).into_response(),
            Err(e) => ApiError::Internal(format!("template {name}: {e}")).into_response(),
        }
    }
}

/// `{{ "Kasus"|tr }}`: the text in the page's language (`lang` in the context), from
/// `templates/en.tsv`; Indonesian when the page is Indonesian or the text has no translation.
fn translate(state: &minijinja::State, text: String) -> String {
    static EN: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    let english = state
        .lookup("lang")
        .is_some_and(|l| l.as_str() == Some("en"));
    if !english {
        return text;
    }
    let table = EN.get_or_init(|| {
        include_str!("../templates/en.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    });
    table.get(text.as_str()).map_or(text, |t| (*t).to_owned())
}

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A time in WIB for a page's reader: `23 November 2026, 15.52 WIB` as Indonesian public
/// services write it, `23 November 2026, 15:52 WIB` in English.
pub fn format_wib_in(at: DateTime<Utc>, lang: Lang) -> String {
    use chrono::{Datelike, Timelike};
    let wib = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    let t = at.with_timezone(&wib);
    let (months, separator) = match lang {
        Lang::Id => (&MONTHS, '.'),
        Lang::En => (&MONTHS_EN, ':'),
    };
    format!(
        "{} {} {}, {:02}{separator}{:02} WIB",
        t.day(),
        months[t.month0() as usize],
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// [`format_wib_in`] in Bahasa Indonesia.
pub fn format_wib(at: DateTime<Utc>) -> String {
    format_wib_in(at, Lang::Id)
}

pub async fn home(State(state): State<AppState>, reader: Reader) -> Response {
    state.pages.page("home.html", &reader, context! {})
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LacakQuery {
    tiket: Option<String>,
}

/// `/lacak` shows the form; `/lacak?tiket=…` (the form's submission) goes to the ticket page.
#[utoipa::path(
    get,
    path = "/lacak",
    tag = "pengaduan",
    summary = "Follow a ticket (a page); `?tiket=` goes to the ticket's page",
    params(LacakQuery),
    security(()),
    responses(
        (status = 200, description = "The form.", content_type = "text/html", body = String),
        (status = 303, description = "To `/lacak/{ticket}`."),
    ),
)]
pub async fn lacak_form(
    State(state): State<AppState>,
    reader: Reader,
    Query(q): Query<LacakQuery>,
) -> Response {
    match q.tiket.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => {
            let normalised: String = t
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            Redirect::to(&format!("/lacak/{}", normalised.to_ascii_uppercase())).into_response()
        }
        None => state.pages.page("lacak.html", &reader, context! {}),
    }
}

#[derive(Serialize)]
struct Step {
    label: &'static str,
    at: String,
}

#[utoipa::path(
    get,
    path = "/lacak/{ticket}",
    tag = "pengaduan",
    summary = "A ticket's page: its status and history, without personal data",
    params(("ticket" = String, Path, description = "The ticket number.", example = "SGP-2611-00042")),
    security(()),
    responses(
        (status = 200, description = "The ticket.", content_type = "text/html", body = String),
        (status = 404, description = "No such ticket.", content_type = "text/html", body = String),
    ),
)]
pub async fn lacak_ticket(
    State(state): State<AppState>,
    reader: Reader,
    Path(ticket): Path<String>,
) -> Response {
    let lang = reader.lang;
    match load_public_ticket(&state, &ticket).await {
        Ok(t) => {
            let steps: Vec<Step> = t
                .history
                .iter()
                .map(|s| Step {
                    label: s.label,
                    at: format_wib_in(s.at, lang),
                })
                .collect();
            state.pages.page(
                "lacak.html",
                &reader,
                context! {
                    ticket => t.ticket,
                    status => t.status_label,
                    created_at => format_wib_in(t.created_at, lang),
                    updated_at => format_wib_in(t.updated_at, lang),
                    steps => steps,
                },
            )
        }
        Err(ApiError::NotFound { .. }) | Err(ApiError::Validation(_)) => {
            let mut page = state.pages.page(
                "lacak.html",
                &reader,
                context! { asked => ticket, missing => true },
            );
            *page.status_mut() = StatusCode::NOT_FOUND;
            page
        }
        Err(other) => other.into_response(),
    }
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/sigap.css"),
    )
}

/// The little progressive JavaScript of the staff pages; every page works without it.
pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/sigap.js"),
    )
}
