//! Passwords: argon2id with the parameters OWASP recommends (19 MiB, 2 passes, 1 lane), hashed
//! and checked off the async threads, since each takes tens of milliseconds by design.

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
};
use rand::RngCore;

fn argon2() -> Argon2<'static> {
    // 19 MiB, t = 2, p = 1: OWASP Password Storage Cheat Sheet, argon2id, first option.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) of a password, with a fresh salt.
pub fn hash_blocking(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches a stored PHC string; a malformed string matches nothing.
pub fn verify_blocking(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
}

pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| e.to_string())?
}

pub async fn verify(phc: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(&phc, &password))
        .await
        .unwrap_or(false)
}

/// A hash of no one's password: checked when a username is unknown, so that the answer takes
/// as long as for a known one and does not tell which usernames exist.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_blocking("sigap-decoy-password-never-used").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash_blocking("kuda-lumping-2026").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking(&h, "kuda-lumping-2026"));
        assert!(!verify_blocking(&h, "kuda-lumping-2027"));
        assert!(!verify_blocking("not a hash", "kuda-lumping-2026"));
        assert_ne!(
            h,
            hash_blocking("kuda-lumping-2026").unwrap(),
            "salts differ"
        );
    }
}
