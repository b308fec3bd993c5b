//! The media scanner: fetching, reading feeds and pages, posts, and the pipeline that turns
//! them into candidates of the triage queue.
//!
//! # Layout
//!
//! - [`channels`]: inbound WhatsApp, SMS and e-mail payloads, and the ministry's old fixed
//!   message format `Nama NIK Alamat Isi aduan`.
//! - [`fetch`]: one polite, robust HTTP client for every source — robots.txt, one request at a
//!   time per host, conditional GET, size and redirect caps, retries that honour `Retry-After`.
//! - [`feed`]: RSS, Atom and JSON feeds, and news sitemaps, read into [`feed::Entry`]s.
//! - [`extract`]: the article body and its metadata from a news page.
//! - [`social`]: the one post schema, and JSON Lines / CSV exports of posts.
//! - [`pipeline`]: new documents kept once, read by the text analyser, grouped by incident
//!   into candidates of the triage queue.

pub mod channels;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod pipeline;
pub mod social;
