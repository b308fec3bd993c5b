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

// Placeholder until the post readers land (same signatures).
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}
pub fn parse_jsonl(_input: &str) -> Vec<Result<Post, RowError>> {
    Vec::new()
}
pub fn parse_csv(_input: &str) -> Vec<Result<Post, RowError>> {
    Vec::new()
}
impl Post {
    pub fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}
