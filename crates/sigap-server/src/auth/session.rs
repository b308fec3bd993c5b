//! Browser sessions: signing in with a password (throttled per account), the `sigap_sesi`
//! cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS), the CSRF form token, signing out.

use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{DateTime, Duration, Utc};
use sigap_core::access::{Principal, parse_username};
use sigap_store::StoreError;

use crate::{AppState, auth::password, error::ApiError, secret};

pub const COOKIE: &str = "sigap_sesi";
/// A session lasts one long shift; then the user signs in again.
pub const SESSION_HOURS: i64 = 12;
/// From this many failed sign-ins in a row, each further failure locks the account…
pub const LOCK_AFTER: i32 = 5;
/// …for this long. A success clears the count.
pub const LOCK_MINUTES: i64 = 15;

/// The session secret of the request's cookie, if it carries one.
pub fn cookie_value(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn set_cookie(value: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = SESSION_HOURS * 3600;
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("sigap_sesi=; Path=/; Max-Age=0"))
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static("sigap_sesi=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure")
    } else {
        HeaderValue::from_static("sigap_sesi=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    }
}

pub fn csrf_refused() -> ApiError {
    ApiError::Forbidden {
        detail: "Token formulir (CSRF) tidak ada atau tidak cocok. Muat ulang halaman lalu coba \
                 lagi."
            .into(),
        detail_en: "The form token (CSRF) is missing or does not match. Reload the page and try \
                    again."
            .into(),
    }
}

/// Why a sign-in failed. The message never tells whether the username exists.
#[derive(Debug)]
pub enum SignInError {
    WrongCredentials,
    Locked { until: DateTime<Utc> },
    Store(StoreError),
}

/// A session just made: the cookie's secret and who it belongs to.
pub struct NewSession {
    pub secret: String,
    pub who: Principal,
}

/// Checks a username and password and opens a session.
pub async fn sign_in(
    state: &AppState,
    username: &str,
    given_password: &str,
) -> Result<NewSession, SignInError> {
    let now = state.clock.now();
    let found = match parse_username(username) {
        Ok(name) => match state.store.credentials(&name).await {
            Ok(c) => Some(c),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(SignInError::Store(e)),
        },
        Err(_) => None,
    };
    let Some(creds) = found else {
        // Same work as for a real account, so timing does not reveal which names exist.
        password::verify(password::decoy().to_owned(), given_password.to_owned()).await;
        return Err(SignInError::WrongCredentials);
    };
    if let Some(until) = creds.locked_until.filter(|t| *t > now) {
        return Err(SignInError::Locked { until });
    }
    let ok = password::verify(creds.password_hash.clone(), given_password.to_owned()).await;
    if !ok || !creds.active {
        let until = now + Duration::minutes(LOCK_MINUTES);
        let failures = state
            .store
            .record_login_failure(creds.user_id, LOCK_AFTER, until)
            .await
            .map_err(SignInError::Store)?;
        tracing::info!(user.id = creds.user_id, failures, "sign-in refused");
        return Err(if failures >= LOCK_AFTER {
            SignInError::Locked { until }
        } else {
            SignInError::WrongCredentials
        });
    }
    state
        .store
        .record_login_success(creds.user_id, now)
        .await
        .map_err(SignInError::Store)?;
    let (cookie, csrf) = (secret::generate(), secret::generate());
    state
        .store
        .create_session(
            &secret::sha256_hex(cookie.as_bytes()),
            creds.user_id,
            &csrf,
            now,
            now + Duration::hours(SESSION_HOURS),
        )
        .await
        .map_err(SignInError::Store)?;
    let (who, _) = state
        .store
        .session(&secret::sha256_hex(cookie.as_bytes()), now)
        .await
        .map_err(SignInError::Store)?;
    let _ = state.store.audit(&who, "masuk", None, None, now).await;
    Ok(NewSession {
        secret: cookie,
        who,
    })
}

/// Ends the session of a request's cookie, if any.
pub async fn sign_out(state: &AppState, headers: &HeaderMap) -> Result<(), StoreError> {
    if let Some(cookie) = cookie_value(headers) {
        state
            .store
            .delete_session(&secret::sha256_hex(cookie.as_bytes()))
            .await?;
    }
    Ok(())
}
