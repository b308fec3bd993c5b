//! Polite, robust fetching. (Interface fixed; the implementation lands with the scanner.)

/// What the last fetch of a URL left, so the next one costs nothing when nothing changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// SHA-256 of the decoded body, hex.
    pub body_hash: Option<String>,
}
