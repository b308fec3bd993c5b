//! What every staff page (`/staf/…`) shares: [`Staff`], the signed-in user of a page (or a
//! redirect to `/masuk`), its menu by role, the CSRF form token, the language, and the 403 page.

use axum::{
    extract::{FromRequestParts, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use minijinja::context;
use serde::{Deserialize, Serialize};
use sigap_core::access::{Permission, Principal, Role};

use crate::{AppState, auth, secret};

/// The interface language: Bahasa Indonesia, or English by the `sigap_bahasa=en` cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub fn of(headers: &HeaderMap) -> Lang {
        let en = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .any(|pair| pair.trim() == "sigap_bahasa=en");
        if en { Lang::En } else { Lang::Id }
    }

    /// The right one of a label pair.
    pub fn pick(self, id: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// One choice of a form's list: what is sent and what is shown.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Every value of a slug enum as a choice, labelled in the page's language.
pub fn choices<T: sigap_core::Slug>(all: &[T], lang: Lang) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: v.as_str().into(),
            label: lang.pick(v.label(), v.label_en()).into(),
        })
        .collect()
}

/// One entry of the staff menu.
#[derive(Serialize)]
struct MenuItem {
    href: &'static str,
    label: &'static str,
}

/// The signed-in user of a staff page. Without a live session the page answers with a
/// redirect to the sign-in page, which comes back here afterwards.
pub struct Staff {
    pub who: Principal,
    pub csrf: String,
    pub lang: Lang,
    pub display_name: String,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = Lang::of(&parts.headers);
        let back = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/staf".into());
        let to_login = || {
            let next: String = url_encode(&back);
            Redirect::to(&format!("/masuk?lanjut={next}")).into_response()
        };
        // Pages are for browsers: a session, never an API token.
        let Some(cookie) = auth::session::cookie_value(&parts.headers) else {
            return Err(to_login());
        };
        match state
            .store
            .session(&secret::sha256_hex(cookie.as_bytes()), state.clock.now())
            .await
        {
            Ok((who, csrf)) => {
                let display_name = state
                    .store
                    .user(who.user_id)
                    .await
                    .map(|u| u.display_name)
                    .unwrap_or_else(|_| who.username.clone());
                Ok(Staff {
                    who,
                    csrf,
                    lang,
                    display_name,
                })
            }
            Err(sigap_store::StoreError::NotFound) => Err(to_login()),
            Err(e) => Err(crate::error::ApiError::from(e).into_response()),
        }
    }
}

/// What a staff page answers instead of itself: the 403 page, a CSRF refusal, an error.
/// Handlers return `Result<Response, PageError>` and use `?`.
pub struct PageError(Box<Response>);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for PageError {
    fn from(r: Response) -> Self {
        PageError(Box::new(r))
    }
}

impl From<crate::error::ApiError> for PageError {
    fn from(e: crate::error::ApiError) -> Self {
        PageError(Box::new(e.into_response()))
    }
}

impl From<sigap_store::StoreError> for PageError {
    fn from(e: sigap_store::StoreError) -> Self {
        crate::error::ApiError::from(e).into()
    }
}

impl Staff {
    /// A 403 page when the role lacks `p`.
    pub fn require(&self, state: &AppState, p: Permission) -> Result<(), PageError> {
        if self.who.may(p) {
            Ok(())
        } else {
            let mut page = self.render(state, "staf/dilarang.html", context! {});
            *page.status_mut() = StatusCode::FORBIDDEN;
            Err(page.into())
        }
    }

    /// The name written into histories and logs.
    pub fn actor(&self) -> &str {
        &self.who.username
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_form(&self, given: &str) -> Result<(), PageError> {
        if secret::constant_time_eq(given.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(auth::session::csrf_refused().into())
        }
    }

    fn menu(&self) -> Vec<MenuItem> {
        let l = self.lang;
        let role = self.who.role;
        let mut items = Vec::new();
        if matches!(role, Role::Admin | Role::Supervisor | Role::Viewer) {
            items.push(MenuItem {
                href: "/staf/dasbor",
                label: l.pick("Dasbor", "Dashboard"),
            });
        }
        if self.who.may(Permission::ReadReports) {
            items.push(MenuItem {
                href: "/staf/laporan-harian",
                label: l.pick("Laporan harian", "Daily report"),
            });
            items.push(MenuItem {
                href: "/staf/kinerja",
                label: l.pick("Kinerja", "Performance"),
            });
        }
        items.push(MenuItem {
            href: "/staf/kasus",
            label: match role {
                Role::Sentra => l.pick("Antrean Sentra", "Sentra queue"),
                _ => l.pick("Kasus", "Cases"),
            },
        });
        if self.who.may(Permission::Triage) {
            items.push(MenuItem {
                href: "/staf/triase",
                label: l.pick("Pemilahan", "Triage"),
            });
        }
        if self.who.may(Permission::FileInternal) {
            items.push(MenuItem {
                href: "/staf/aduan-baru",
                label: l.pick("Aduan baru (171)", "New complaint (171)"),
            });
        }
        if self.who.may(Permission::ManageUsers) {
            items.push(MenuItem {
                href: "/staf/admin",
                label: l.pick("Administrasi", "Administration"),
            });
        }
        items
    }

    /// Renders a staff page: `ctx` plus what the layout needs (`me`, `menu`, `csrf`, `lang`).
    pub fn render(&self, state: &AppState, name: &str, ctx: minijinja::Value) -> Response {
        let me = context! {
            username => &self.who.username,
            name => &self.display_name,
            role => self.who.role.as_str(),
            role_label => self.lang.pick(self.who.role.label(), self.who.role.label_en()),
            sentra => &self.who.sentra,
            sees_personal_data => self.who.may(Permission::SeePersonalData),
        };
        let layout = context! {
            me => me,
            menu => self.menu(),
            csrf => &self.csrf,
            lang => self.lang,
        };
        let mut page = state.pages.render(name, context! { ..layout, ..ctx });
        // Personal data is never kept in a shared cache or the back-forward cache.
        page.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        page
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `/staf`: each role's first page.
pub async fn staff_home(staff: Staff) -> Response {
    let to = match staff.who.role {
        Role::Admin | Role::Supervisor | Role::Viewer => "/staf/dasbor",
        Role::Operator | Role::Sentra => "/staf/kasus",
    };
    Redirect::to(to).into_response()
}

#[derive(Deserialize)]
pub struct LangQuery {
    ke: Option<String>,
    lanjut: Option<String>,
}

/// `/bahasa?ke=en&lanjut=/staf`: switches the interface language (a cookie for a year).
pub async fn switch_language(State(_): State<AppState>, Query(q): Query<LangQuery>) -> Response {
    let value = if q.ke.as_deref() == Some("en") {
        "en"
    } else {
        "id"
    };
    let next = auth::login::local_path(q.lanjut.as_deref());
    let mut response = Redirect::to(next).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "sigap_bahasa={value}; Path=/; Max-Age=31536000; SameSite=Lax"
    )) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
