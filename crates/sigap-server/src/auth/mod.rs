//! Who is asking: an API token (`Authorization: Bearer …`) or a browser session (the
//! `sigap_sesi` cookie), resolved to a [`Principal`] whose role every handler checks.
//!
//! - [`Caller`]: the extractor of the API; no credentials is a 401, a role without the
//!   permission a 403, another Sentra's case a 404.
//! - [`login`]: the sign-in page and signing out.
//! - [`session`]: signing in and out, the cookie, CSRF form tokens, login throttling.
//! - [`password`]: passwords, hashed with argon2id.
//!
//! A session may change things through the API only with its CSRF token in `X-CSRF-Token`
//! (the pages send it in a form field instead); a bearer token is not sent by browsers on
//! their own, so it needs none.

pub mod login;
pub mod password;
pub mod session;

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, Method, header, request::Parts},
};
use sigap_core::access::{Permission, Principal};
use sigap_store::StoreError;

use crate::{AppState, error::ApiError, secret};

/// The author of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub who: Principal,
    /// Set when the request came with a session cookie: its CSRF token.
    pub csrf: Option<String>,
}

impl Caller {
    /// The caller, when its role holds `p`; a 403 otherwise.
    pub fn require(&self, p: Permission) -> Result<&Principal, ApiError> {
        if self.who.may(p) {
            Ok(&self.who)
        } else {
            Err(forbidden(p))
        }
    }

    /// A case of `sentra` as this caller may see it: a Sentra user gets a 404 for another
    /// unit's case, so that it cannot even learn that the case exists.
    pub fn check_case(&self, sentra: Option<&str>, what: &'static str) -> Result<(), ApiError> {
        if self.who.sees_case(sentra) {
            Ok(())
        } else {
            Err(ApiError::NotFound { what })
        }
    }

    pub fn sees_personal_data(&self) -> bool {
        self.who.may(Permission::SeePersonalData)
    }

    /// The name written into case histories and logs.
    pub fn actor(&self) -> &str {
        &self.who.username
    }
}

pub fn forbidden(p: Permission) -> ApiError {
    let (id, en) = match p {
        Permission::ReadCases => ("membaca kasus", "read cases"),
        Permission::SeePersonalData => ("melihat data pribadi", "see personal data"),
        Permission::FileInternal => (
            "mencatat pengaduan dari saluran internal",
            "file complaints through internal channels",
        ),
        Permission::WorkCases => ("menangani kasus", "work on cases"),
        Permission::Reassign => ("memindahkan kasus", "reassign cases"),
        Permission::Triage => (
            "memilah kandidat dari pemantauan media",
            "triage media-scanner candidates",
        ),
        Permission::ExportCases => ("mengekspor kasus", "export cases"),
        Permission::ReadReports => ("membaca laporan", "read reports"),
        Permission::ManageSurges => ("mengatur lonjakan", "manage surges"),
        Permission::Configure => ("mengubah pengaturan", "change the configuration"),
        Permission::ManageUsers => ("mengelola pengguna", "manage users"),
    };
    ApiError::Forbidden {
        detail: format!("Peran Anda tidak berwenang {id}."),
        detail_en: format!("Your role may not {en}."),
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The caller, or `None` for a request with no credentials at all. Wrong credentials are an
/// error, never a silent downgrade to the public.
pub async fn resolve(headers: &HeaderMap, state: &AppState) -> Result<Option<Caller>, ApiError> {
    let now = state.clock.now();
    if headers.contains_key(header::AUTHORIZATION) {
        let token = bearer(headers).ok_or(ApiError::Unauthorized)?;
        return match state
            .store
            .principal_by_token(&secret::sha256_hex(token.as_bytes()), now)
            .await
        {
            Ok(who) => Ok(Some(Caller { who, csrf: None })),
            Err(StoreError::NotFound) => Err(ApiError::Unauthorized),
            Err(e) => Err(e.into()),
        };
    }
    let Some(cookie) = session::cookie_value(headers) else {
        return Ok(None);
    };
    match state
        .store
        .session(&secret::sha256_hex(cookie.as_bytes()), now)
        .await
    {
        Ok((who, csrf)) => Ok(Some(Caller {
            who,
            csrf: Some(csrf),
        })),
        // An expired or ended session is no session: public pages still answer.
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = resolve(&parts.headers, state)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        check_csrf_header(parts, &caller)?;
        Ok(caller)
    }
}

/// A session changes nothing through the API without its form token in `X-CSRF-Token`.
fn check_csrf_header(parts: &Parts, caller: &Caller) -> Result<(), ApiError> {
    let Some(expected) = &caller.csrf else {
        return Ok(());
    };
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    let given = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if secret::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(session::csrf_refused())
    }
}

/// A permission as a type, so that a handler's signature says what it needs and the role is
/// checked before the body is read: a viewer sending a malformed body gets a 403, not a 400.
pub trait Needs {
    const PERMISSION: Permission;
}

/// The permissions as types, one per [`Permission`].
pub mod need {
    use super::{Needs, Permission};

    macro_rules! needs {
        ($($name:ident),+) => {$(
            pub struct $name;
            impl Needs for $name {
                const PERMISSION: Permission = Permission::$name;
            }
        )+};
    }

    needs!(
        ReadCases,
        SeePersonalData,
        FileInternal,
        WorkCases,
        Reassign,
        Triage,
        ExportCases,
        ReadReports,
        ManageSurges,
        Configure,
        ManageUsers
    );
}

/// A caller whose role holds `P`'s permission.
pub struct Can<P: Needs>(pub Caller, std::marker::PhantomData<P>);

impl<P: Needs> std::ops::Deref for Can<P> {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.0
    }
}

impl<P: Needs> FromRequestParts<AppState> for Can<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.require(P::PERMISSION)?;
        Ok(Can(caller, std::marker::PhantomData))
    }
}

/// The caller when there is one: public endpoints that also serve staff (intake).
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = resolve(&parts.headers, state).await?;
        if let Some(c) = &caller {
            check_csrf_header(parts, c)?;
        }
        Ok(MaybeCaller(caller))
    }
}
