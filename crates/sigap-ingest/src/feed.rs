//! Feeds and sitemaps. (Interface fixed; the implementation lands with the scanner.)

/// One item a listing points at.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub url: String,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    pub author: Option<String>,
}

// Placeholder until the feed reader lands (same signatures).
pub enum Listing {
    Entries(Vec<Entry>),
    Sitemaps(Vec<String>),
}
#[derive(Debug, thiserror::Error)]
#[error("belum tersedia")]
pub struct ParseError;
pub fn parse_listing(_body: &str, _base_url: &str) -> Result<Listing, ParseError> {
    Err(ParseError)
}
