//! Listings: RSS 2.0, RSS 1.0, Atom and JSON Feed, and XML sitemaps (with Google News tags) and
//! sitemap indexes, read into [`Entry`]s. Links are resolved against the listing's URL; an
//! entry without an http(s) link is dropped.

mod xml;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

use xml::Node;

/// One item a listing points at.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub url: String,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    pub author: Option<String>,
}

/// What a listing holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    /// Items of a feed or of a sitemap.
    Entries(Vec<Entry>),
    /// A sitemap index: the child sitemaps to read.
    Sitemaps(Vec<String>),
}

/// Why a body could not be read as a listing.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("bukan feed atau sitemap yang dikenali")]
    NotAListing,
    #[error("XML rusak: {0}")]
    Xml(String),
    #[error("JSON rusak: {0}")]
    Json(String),
}

/// Reads a feed or a sitemap; `base_url` (the listing's own URL) resolves relative links.
pub fn parse_listing(body: &str, base_url: &str) -> Result<Listing, ParseError> {
    let base = url::Url::parse(base_url).ok();
    let body = body.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('{') {
        return json_feed(body, base.as_ref());
    }
    if !body.starts_with('<') || looks_like_html(body) {
        return Err(ParseError::NotAListing);
    }
    let root = xml::parse(body)?;
    let link = |raw: &str| resolve(base.as_ref(), raw);
    let entries = match root.name.as_str() {
        "rss" => root
            .child("channel")
            .map(|channel| {
                channel
                    .children("item")
                    .filter_map(|i| rss_item(i, &link))
                    .collect()
            })
            .unwrap_or_default(),
        "rdf" => root
            .children("item")
            .filter_map(|i| rss_item(i, &link))
            .collect(),
        "feed" => root
            .children("entry")
            .filter_map(|e| atom_entry(e, &link))
            .collect(),
        "urlset" => root
            .children("url")
            .filter_map(|u| sitemap_url(u, &link))
            .collect(),
        "sitemapindex" => {
            let sitemaps = root
                .children("sitemap")
                .filter_map(|s| link(&s.child_text("loc")?))
                .collect();
            return Ok(Listing::Sitemaps(sitemaps));
        }
        _ => return Err(ParseError::NotAListing),
    };
    Ok(Listing::Entries(entries))
}

fn looks_like_html(body: &str) -> bool {
    let head: String = body
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

fn rss_item(item: &Node, link: &dyn Fn(&str) -> Option<String>) -> Option<Entry> {
    let permalink_guid = item
        .child("guid")
        .filter(|guid| guid.attr("ispermalink") != Some("false"))
        .map(|guid| guid.text.clone());
    let url = [
        item.child_text("link"),
        item.attr("about").map(str::to_owned),
        permalink_guid,
    ]
    .into_iter()
    .flatten()
    .find_map(|raw| link(&raw))?;
    Some(Entry {
        url,
        title: item.child_text("title").map(|t| plain(&t)),
        summary: item.child_text("description").map(|t| plain(&t)),
        published: item
            .child_text("pubdate")
            .or_else(|| item.child_text("date"))
            .and_then(|d| parse_date(&d)),
        author: item
            .child_text("creator")
            .or_else(|| item.child_text("author")),
    })
}

fn atom_entry(entry: &Node, link: &dyn Fn(&str) -> Option<String>) -> Option<Entry> {
    let url = entry
        .children("link")
        .filter(|l| matches!(l.attr("rel"), None | Some("alternate")))
        .find_map(|l| link(l.attr("href")?))?;
    Some(Entry {
        url,
        title: entry.child_text("title").map(|t| plain(&t)),
        summary: entry
            .child_text("summary")
            .or_else(|| entry.child_text("content"))
            .map(|t| plain(&t)),
        published: entry
            .child_text("published")
            .or_else(|| entry.child_text("updated"))
            .and_then(|d| parse_date(&d)),
        author: entry.child("author").and_then(|a| a.child_text("name")),
    })
}

fn sitemap_url(url: &Node, link: &dyn Fn(&str) -> Option<String>) -> Option<Entry> {
    let loc = link(&url.child_text("loc")?)?;
    let news = url.child("news");
    let published = news
        .and_then(|n| n.child_text("publication_date"))
        .or_else(|| url.child_text("lastmod"))
        .and_then(|d| parse_date(&d));
    Some(Entry {
        url: loc,
        title: news.and_then(|n| n.child_text("title")).map(|t| plain(&t)),
        summary: None,
        published,
        author: None,
    })
}

fn json_feed(body: &str, base: Option<&url::Url>) -> Result<Listing, ParseError> {
    let feed: Value = serde_json::from_str(body).map_err(|e| ParseError::Json(e.to_string()))?;
    let Some(items) = feed.get("items").and_then(Value::as_array) else {
        return Err(ParseError::NotAListing);
    };
    let text = |item: &Value, key: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .map(plain)
            .filter(|s| !s.is_empty())
    };
    let entries = items
        .iter()
        .filter_map(|item| {
            let url = ["url", "external_url"]
                .iter()
                .filter_map(|key| item.get(*key).and_then(Value::as_str))
                .find_map(|raw| resolve(base, raw))?;
            let author = item
                .get("authors")
                .and_then(|a| a.get(0))
                .or_else(|| item.get("author"))
                .and_then(|a| text(a, "name"));
            Some(Entry {
                url,
                title: text(item, "title"),
                summary: text(item, "summary")
                    .or_else(|| text(item, "content_text"))
                    .or_else(|| text(item, "content_html")),
                published: item
                    .get("date_published")
                    .and_then(Value::as_str)
                    .and_then(parse_date),
                author,
            })
        })
        .collect();
    Ok(Listing::Entries(entries))
}

/// An absolute http(s) URL for `raw`, relative ones against `base`.
fn resolve(base: Option<&url::Url>, raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let url = url::Url::options().base_url(base).parse(raw).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.into())
}

/// Text without tags, with whitespace collapsed; summaries often carry HTML.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = html_entities(&out);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML entities summaries carry (`&amp;`, `&nbsp;`, `&#233;`, `&#xE9;`); others stay.
fn html_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest[1..]
            .find(';')
            .filter(|&end| end <= 10)
            .map(|end| &rest[1..=end]);
        let decoded = entity.and_then(|name| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => {
                let number = name.strip_prefix('#')?;
                let code = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => number.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(name), Some(c)) => {
                out.push(c);
                rest = &rest[name.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// RFC 3339 / W3C dates, RFC 2822 dates (with WIB/WITA/WIT, and a wrong weekday forgiven), or a
/// bare date.
fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(raw) {
        return Some(date.to_utc());
    }
    let rfc2822 = raw
        .replace(" WIB", " +0700")
        .replace(" WITA", " +0800")
        .replace(" WIT", " +0900");
    if let Ok(date) = DateTime::parse_from_rfc2822(&rfc2822) {
        return Some(date.to_utc());
    }
    if let Some((_, without_weekday)) = rfc2822.split_once(',')
        && let Ok(date) = DateTime::parse_from_rfc2822(without_weekday.trim())
    {
        return Some(date.to_utc());
    }
    if let Ok(date) = DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M%:z") {
        return Some(date.to_utc());
    }
    if let Ok(naive) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S") {
        return Some(naive.and_utc());
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

#[cfg(test)]
mod tests;
