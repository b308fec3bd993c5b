//! Article extraction. (Interface fixed; the implementation lands with the scanner.)

/// The article of a news page.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Article {
    pub title: Option<String>,
    /// The body, paragraphs separated by blank lines.
    pub text: String,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    pub author: Option<String>,
    pub canonical_url: Option<String>,
}

/// Placeholder until the extractor lands (same signature).
pub fn extract(_html: &str, _url: &str) -> Article {
    Article::default()
}
