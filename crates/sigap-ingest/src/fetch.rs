//! Polite, robust fetching. (Interface fixed; the implementation lands with the scanner.)

/// What the last fetch of a URL left, so the next one costs nothing when nothing changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// SHA-256 of the decoded body, hex.
    pub body_hash: Option<String>,
}

// Placeholder until the fetcher lands (same signatures).
#[derive(Debug, Clone, Default)]
pub struct FetchConfig {}
#[derive(Debug, Clone)]
pub struct Fetcher {}
#[derive(Debug)]
pub enum Fetched {
    NotModified,
    Unchanged(Validators),
    Body(Page),
}
#[derive(Debug)]
pub struct Page {
    pub url: String,
    pub status: u16,
    pub content_type: Option<String>,
    pub text: String,
    pub validators: Validators,
}
#[derive(Debug, thiserror::Error)]
#[error("belum tersedia")]
pub struct FetchError;
impl Fetcher {
    pub fn new(_cfg: FetchConfig) -> Result<Fetcher, FetchError> {
        Ok(Fetcher {})
    }
    pub async fn get(&self, _url: &str, _previous: &Validators) -> Result<Fetched, FetchError> {
        Err(FetchError)
    }
}
