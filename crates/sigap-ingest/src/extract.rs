//! Article extraction: the body and metadata of a news page, without the page's furniture
//! (menus, share buttons, "Baca juga" boxes, comments, captions, ad labels).
//!
//! The HTML is parsed by html5ever into a small arena DOM (`dom`); the body is chosen by a
//! readability-style scoring (`body`), cleaned of Indonesian boilerplate (`clean`); the
//! metadata comes from `<link>`, `<meta>`, JSON-LD, `<time>` and `<title>` (`meta`).
//! [`bench`](mod@bench) scores extraction against a gold set with the ScrapingHub benchmark's metric.

pub mod bench;
mod body;
mod clean;
mod dom;
mod meta;

use chrono::{DateTime, Utc};

/// The article of a news page.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Article {
    /// The headline: JSON-LD `headline`, `og:title`, or `<title>` without the site name.
    pub title: Option<String>,
    /// The body, paragraphs separated by blank lines.
    pub text: String,
    /// When the article was published: JSON-LD `datePublished`, `article:published_time`
    /// and kin, or the first `<time datetime>`. Times without an offset are taken as WIB.
    pub published: Option<DateTime<Utc>>,
    /// The author(s), comma-separated: JSON-LD `author`, or `<meta name=author>` and kin.
    pub author: Option<String>,
    /// `<link rel=canonical>` (resolved against the page URL), else `og:url`; `None` when the
    /// page declares neither.
    pub canonical_url: Option<String>,
}

/// Below this many characters, a body found with class-based pruning is retried without it
/// (a page that names its content wrapper like furniture).
const RETRY_BELOW_CHARS: usize = 250;

/// Extracts the article of the page `html` fetched from `url`. Never panics: any input gives
/// an `Article`, possibly with an empty `text`.
pub fn extract(html: &str, url: &str) -> Article {
    let dom = dom::Dom::parse(html);
    let meta = meta::read(&dom, url);
    let mut paragraphs = clean::clean(body::body(&dom, true));
    if chars(&paragraphs) < RETRY_BELOW_CHARS {
        let retry = clean::clean(body::body(&dom, false));
        if chars(&retry) > chars(&paragraphs) * 2 {
            paragraphs = retry;
        }
    }
    if let Some(title) = &meta.title {
        // The headline repeated as the first line of the body.
        if paragraphs.first().is_some_and(|p| p == title) {
            paragraphs.remove(0);
        }
    }
    let mut text = paragraphs.join("\n\n");
    if text.is_empty()
        && let Some(ld_body) = &meta.ld_body
    {
        text = clean::clean(ld_body.split('\n').map(meta::collapse).collect()).join("\n\n");
    }
    Article {
        title: meta.title,
        text,
        published: meta.published,
        author: meta.author,
        canonical_url: meta.canonical_url,
    }
}

fn chars(paragraphs: &[String]) -> usize {
    paragraphs.iter().map(|p| p.len()).sum()
}
