//! The media scanner's outside-facing half. It knows nothing of the database or of the text
//! analyser; `sigap-server`'s scan pipeline drives it.
//!
//! # Layout
//!
//! - [`fetch`]: one polite, robust HTTP client for every source — robots.txt, one request at a
//!   time per host, conditional GET, size and redirect caps, retries that honour `Retry-After`.
//! - [`feed`]: RSS, Atom and JSON feeds, and news sitemaps, read into [`feed::Entry`]s.
//! - [`extract`]: the article body and its metadata from a news page.
//! - [`social`]: the one post schema, and JSON Lines / CSV exports of posts.

pub mod extract;
pub mod feed;
pub mod fetch;
pub mod social;
