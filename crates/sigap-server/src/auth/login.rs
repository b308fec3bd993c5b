//! The sign-in page (`GET|POST /masuk`) and signing out (`POST /keluar`).

use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use minijinja::context;
use serde::Deserialize;

use crate::{
    AppState,
    auth::session::{self, SignInError},
    pages::{Reader, format_wib_in},
    rate_limit::Client,
    secret,
    ui::staff::Lang,
};

/// Where staff land after signing in.
pub const STAFF_HOME: &str = "/staf";

#[derive(Deserialize)]
pub struct LoginQuery {
    lanjut: Option<String>,
}

/// Only a path on this site: never `//evil.example` or `https://…` (an open redirect).
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p,
        _ => STAFF_HOME,
    }
}

pub async fn login_form(
    State(state): State<AppState>,
    reader: Reader,
    Query(q): Query<LoginQuery>,
) -> Response {
    state.pages.page(
        "masuk.html",
        &reader,
        context! { next => local_path(q.lanjut.as_deref()), username => "" },
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    lanjut: Option<String>,
}

/// A cross-site form may not sign anyone in: when the browser names the page's origin, it
/// must be this site.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| !host.is_empty() && rest == host)
}

pub async fn login_submit(
    State(state): State<AppState>,
    reader: Reader,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = local_path(form.lanjut.as_deref()).to_owned();
    let lang = reader.lang;
    let refuse = |status: StatusCode, message: String| {
        let mut page = state.pages.page(
            "masuk.html",
            &reader,
            context! { next => next.clone(), username => form.username.trim(), error => message },
        );
        *page.status_mut() = status;
        page
    };
    if !same_origin(&headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            lang.pick(
                "Permintaan masuk ini tidak datang dari halaman Sigap.",
                "This sign-in request did not come from a Sigap page.",
            )
            .into(),
        );
    }
    // One address guessing many accounts is slowed down too: 20 failures, then one every
    // half minute.
    let now = state.clock.now();
    if let Some(wait) = state.login_limiter.wait(client, now) {
        let mut page = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            lang.pick(
                "Terlalu banyak percobaan masuk yang gagal dari alamat ini. Coba lagi sebentar lagi.",
                "Too many failed sign-ins from this address. Please try again in a little while.",
            )
            .into(),
        );
        if let Ok(v) = HeaderValue::from_str(&wait.num_seconds().max(1).to_string()) {
            page.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return page;
    }
    let result = session::sign_in(&state, &form.username, &form.password).await;
    if matches!(
        result,
        Err(SignInError::WrongCredentials | SignInError::Locked { .. })
    ) {
        let _ = state.login_limiter.try_take(client, now);
    }
    match result {
        Ok(new) => {
            let mut response = Redirect::to(&next).into_response();
            response.headers_mut().insert(
                header::SET_COOKIE,
                session::set_cookie(&new.secret, state.config.secure_cookies),
            );
            response
        }
        Err(SignInError::WrongCredentials) => refuse(
            StatusCode::UNAUTHORIZED,
            lang.pick(
                "Nama pengguna atau kata sandi salah.",
                "Wrong user name or password.",
            )
            .into(),
        ),
        Err(SignInError::Locked { until }) => {
            let mut page = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                match lang {
                    Lang::Id => format!(
                        "Terlalu banyak percobaan yang gagal. Akun ini dikunci sampai {}.",
                        format_wib_in(until, lang)
                    ),
                    Lang::En => format!(
                        "Too many failed attempts. This account is locked until {}.",
                        format_wib_in(until, lang)
                    ),
                },
            );
            let wait = (until - state.clock.now()).num_seconds().max(1);
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                page.headers_mut().insert(header::RETRY_AFTER, v);
            }
            page
        }
        Err(SignInError::Store(e)) => crate::error::ApiError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    // Signing out needs the form token too, or any site could sign a user out.
    if let Ok(Some(caller)) = super::resolve(&headers, &state).await {
        let ok = caller
            .csrf
            .as_deref()
            .is_some_and(|c| secret::constant_time_eq(form.csrf.as_bytes(), c.as_bytes()));
        if !ok {
            return session::csrf_refused().into_response();
        }
        if let Err(e) = session::sign_out(&state, &headers).await {
            return crate::error::ApiError::from(e).into_response();
        }
    }
    let mut response = Redirect::to("/masuk").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::clear_cookie(state.config.secure_cookies),
    );
    response
}
