//! Social-media posts. (Interface fixed; the implementation lands with the scanner.)

/// One post, in the one schema every way in (file import, webhook, feed) arrives at.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Post {
    pub platform: String,
    pub post_id: String,
    pub author: Option<String>,
    pub text: String,
    pub url: Option<String>,
    pub posted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub place: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}
