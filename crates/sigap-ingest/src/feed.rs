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
