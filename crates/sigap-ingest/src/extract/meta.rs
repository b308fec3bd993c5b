//! Page metadata: `<link rel=canonical>`, OpenGraph / `article:` meta tags, JSON-LD
//! (`NewsArticle` and kin, also inside `@graph`), `<time datetime>` and `<title>`.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::Value;

use super::dom::{Dom, Kind};

/// What the page says about itself, each field from its best source.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub(crate) title: Option<String>,
    pub(crate) published: Option<DateTime<Utc>>,
    pub(crate) author: Option<String>,
    pub(crate) canonical_url: Option<String>,
    /// JSON-LD `articleBody`, the fallback when the page's own markup yields nothing.
    pub(crate) ld_body: Option<String>,
}

/// The JSON-LD `@type`s that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNews",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "Report",
];

/// Reads the metadata of `dom`; `url` resolves a relative canonical link.
pub(crate) fn read(dom: &Dom, url: &str) -> Meta {
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut canonical = None;
    let mut title_tag = None;
    let mut time_datetime = None;
    let mut ld: Option<Value> = None;
    for id in dom.descendants(0) {
        let node = dom.node(id);
        if !node.is_element() {
            continue;
        }
        match &**node.tag() {
            "meta" => {
                let key = node
                    .attr("property")
                    .or_else(|| node.attr("name"))
                    .or_else(|| node.attr("itemprop"));
                if let (Some(key), Some(content)) = (key, node.attr("content")) {
                    metas.push((key.trim().to_ascii_lowercase(), content.trim().to_owned()));
                }
            }
            "link" if canonical.is_none() => {
                let is_canonical = node.attr("rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if is_canonical
                    && let Some(href) = node.attr("href").filter(|h| !h.trim().is_empty())
                {
                    canonical = Some(resolve(url, href.trim()));
                }
            }
            "title" if title_tag.is_none() => title_tag = Some(text_of(dom, id)),
            "time" if time_datetime.is_none() => {
                time_datetime = node.attr("datetime").and_then(parse_date)
            }
            "script" if ld.is_none() => {
                let is_ld = node
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    ld = parse_json_ld(&text_of(dom, id));
                }
            }
            _ => {}
        }
    }
    let meta = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            metas
                .iter()
                .find(|(key, v)| key == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    };
    let ld_str = |key: &str| {
        ld.as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
    };

    let title = ld_str("headline")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| meta(&["og:title", "twitter:title", "title", "headline"]))
        .or_else(|| {
            title_tag
                .as_deref()
                .map(strip_site_name)
                .filter(|s| !s.is_empty())
        })
        .map(|t| collapse(&decode_entities(&t)));
    let published = ld_str("datePublished")
        .and_then(parse_date)
        .or_else(|| {
            meta(&[
                "article:published_time",
                "datepublished",
                "og:published_time",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "content_publisheddate",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dc.date",
                "date",
                "dtm",
            ])
            .as_deref()
            .and_then(parse_date)
        })
        .or(time_datetime);
    let author = ld
        .as_ref()
        .and_then(|v| v.get("author"))
        .and_then(names)
        .or_else(|| {
            meta(&[
                "author",
                "article:author",
                "dc.creator",
                "parsely-author",
                "sailthru.author",
                "content_author",
            ])
            .filter(|a| !a.starts_with("http"))
        });
    let canonical_url = canonical.or_else(|| meta(&["og:url"]).map(|u| resolve(url, &u)));
    let ld_body = ld_str("articleBody")
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    Meta {
        title,
        published,
        author,
        canonical_url,
        ld_body,
    }
}

/// The concatenated text of a node's descendants (for `<title>` and `<script>`).
fn text_of(dom: &Dom, id: usize) -> String {
    let mut out = String::new();
    for child in dom.descendants(id) {
        if let Kind::Text(t) = &dom.node(child).kind {
            out.push_str(t);
        }
    }
    out
}

/// Parses every JSON-LD block and returns the first article object in it.
fn parse_json_ld(raw: &str) -> Option<Value> {
    // Many news sites put raw newlines and tabs inside JSON strings, which JSON forbids.
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let value: Value = serde_json::from_str(cleaned.trim()).ok()?;
    find_article(value, 0)
}

fn find_article(value: Value, depth: usize) -> Option<Value> {
    if depth > 8 {
        return None;
    }
    match value {
        Value::Array(items) => items.into_iter().find_map(|v| find_article(v, depth + 1)),
        Value::Object(mut map) => {
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                _ => false,
            };
            if is_article {
                return Some(Value::Object(map));
            }
            map.remove("@graph")
                .and_then(|g| find_article(g, depth + 1))
        }
        _ => None,
    }
}

/// The author names of a JSON-LD `author` value (a string, a Person, or a list of them).
fn names(value: &Value) -> Option<String> {
    let list: Vec<String> = match value {
        Value::String(s) => vec![s.trim().to_owned()],
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .map(|s| vec![s.trim().to_owned()])?,
        Value::Array(items) => items.iter().filter_map(names).collect(),
        _ => return None,
    };
    let joined = list
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then_some(joined)
}

/// Western Indonesia Time, assumed for dates written without an offset (the scanner reads
/// Indonesian sites).
fn wib() -> Option<FixedOffset> {
    FixedOffset::east_opt(7 * 3600)
}

/// Parses the date formats news sites use: RFC 3339, ISO 8601 with or without a colon in
/// the offset or without one at all (taken as WIB), RFC 2822, and a bare date.
pub(crate) fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%dT%H:%M:%S%#z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, format) {
            return Some(d.with_timezone(&Utc));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    let s = s.trim_end_matches('Z');
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, format) {
            return wib()?
                .from_local_datetime(&d)
                .single()
                .map(|d| d.with_timezone(&Utc));
        }
    }
    let date = NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()?;
    wib()?
        .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

/// `<title>` without the site name: the longest part around ` | `, ` - `, ` – ` or ` — `.
fn strip_site_name(title: &str) -> String {
    let title = title.trim();
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if title.contains(sep) {
            return title
                .split(sep)
                .max_by_key(|p| p.chars().count())
                .unwrap_or(title)
                .trim()
                .to_owned();
        }
    }
    title.to_owned()
}

/// Resolves `href` against the page's `base` URL (absolute, scheme-relative and
/// root-relative links; anything else is joined to the base's directory).
pub(crate) fn resolve(base: &str, href: &str) -> String {
    if href.starts_with("http://") || href.starts_with("https://") {
        return href.to_owned();
    }
    let scheme_end = base.find("://").map(|i| i + 3);
    let Some(scheme_end) = scheme_end else {
        return href.to_owned();
    };
    if let Some(rest) = href.strip_prefix("//") {
        return format!("{}{rest}", &base[..scheme_end]);
    }
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if href.starts_with('/') {
        return format!("{}{href}", &base[..origin_end]);
    }
    let path = &base[origin_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{}{dir}{href}", &base[..origin_end])
}

/// Decodes the few entities that survive in meta content written twice-escaped.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Collapses runs of whitespace into one space.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
