//! The article body: a readability-style scoring of text blocks by length, commas, link
//! density and class names, the best-scoring container and its related siblings, and a
//! walk that writes their text as paragraphs while skipping boilerplate subtrees.

use super::dom::{Dom, Kind, NodeId};

/// Elements whose content is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "nav",
    "footer",
    "aside",
    "button",
    "select",
    "textarea",
    "input",
    "template",
    "head",
    "figure",
    "figcaption",
    "object",
    "embed",
    "canvas",
    "audio",
    "video",
    "picture",
    "map",
    "dialog",
    "menu",
    "option",
    "label",
    "math",
];

/// Inline elements: their text belongs to the block around them.
const INLINE_TAGS: &[&str] = &[
    "a", "span", "b", "strong", "em", "i", "u", "font", "small", "sup", "sub", "mark", "abbr",
    "cite", "q", "code", "time", "ins", "del", "s", "big", "strike", "tt", "var", "kbd", "samp",
    "bdi", "bdo", "wbr", "data", "dfn", "acronym",
];

/// Elements whose whole text is one scored paragraph.
const PARAGRAPH_TAGS: &[&str] = &["p", "pre", "td"];

/// Headings: part of the body when inside it, but never evidence of where the body is.
const HEADING_TAGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Class or id fragments of page furniture (Readability's list plus Indonesian sites' own).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "share",
    "sharing",
    "baca-juga",
    "bacajuga",
    "baca_juga",
    "terkait",
    "newsletter",
    "subscribe",
    "advert",
    "iklan",
    "navbar",
    "cookie",
    "modal",
    "signup",
    "login",
    "populer",
    "popular",
    "trending",
    "recommend",
    "caption",
    "byline",
    "tags",
    "tag-",
    "author-box",
    "read-more",
    "readmore",
    "breaking",
    "topik",
    "widget",
];

/// Fragments that rescue an unlikely-looking element (Readability's "maybe candidate").
const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];

/// Fragments that only ever name furniture, even next to a rescuing fragment.
const ALWAYS_UNLIKELY: &[&str] = &[
    "share",
    "sharing",
    "social",
    "baca-juga",
    "bacajuga",
    "baca_juga",
    "comment",
    "related",
    "terkait",
    "newsletter",
    "advert",
];

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story", "detail", "isi", "berita",
];

const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "baca",
    "terkait",
    "caption",
    "ads",
];

fn has_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack.contains(n))
}

/// Per-node figures over the non-skipped part of the tree.
struct Stats {
    order: Vec<NodeId>,
    skipped: Vec<bool>,
    /// Text length (characters plus one per word gap).
    text: Vec<u32>,
    /// Text length inside links.
    links: Vec<u32>,
    commas: Vec<u32>,
    /// Text length of the node's own text and inline children (not of child blocks).
    direct: Vec<u32>,
    direct_commas: Vec<u32>,
    /// Whether the element has a child that is neither text nor inline.
    has_blocks: Vec<bool>,
    /// The lowercased `class` and `id` of each element.
    names: Vec<String>,
}

fn is_tag(dom: &Dom, id: NodeId, tags: &[&str]) -> bool {
    let node = dom.node(id);
    node.is_element() && tags.contains(&&**node.tag())
}

fn text_len(text: &str) -> (u32, u32) {
    let mut len = 0u32;
    for word in text.split_whitespace() {
        len = len
            .saturating_add(u32::try_from(word.chars().count()).unwrap_or(u32::MAX))
            .saturating_add(1);
    }
    let commas = u32::try_from(
        text.chars()
            .filter(|&c| c == ',' || c == '،' || c == '，')
            .count(),
    )
    .unwrap_or(u32::MAX);
    (len, commas)
}

impl Stats {
    fn new(dom: &Dom, use_classes: bool) -> Self {
        let n = dom.nodes.len();
        let order = dom.descendants(0);
        let mut skipped = vec![false; n];
        let mut names = vec![String::new(); n];
        for &id in &order {
            let node = dom.node(id);
            if let Some(parent) = node.parent
                && skipped[parent]
            {
                skipped[id] = true;
                continue;
            }
            if !node.is_element() {
                skipped[id] = matches!(node.kind, Kind::Other);
                continue;
            }
            let mut name = String::new();
            for attr in ["class", "id"] {
                if let Some(v) = node.attr(attr) {
                    name.push_str(&v.to_ascii_lowercase());
                    name.push(' ');
                }
            }
            let tag = &**node.tag();
            let hidden = node.attr("hidden").is_some()
                || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
                || node.attr("style").is_some_and(|s| {
                    let s: String = s
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    s.contains("display:none") || s.contains("visibility:hidden")
                });
            let role = node.attr("role").unwrap_or("");
            let unlikely = use_classes
                && !matches!(tag, "body" | "article" | "main" | "a")
                && (has_any(&name, ALWAYS_UNLIKELY)
                    || (has_any(&name, UNLIKELY) && !has_any(&name, MAYBE)));
            skipped[id] = SKIPPED_TAGS.contains(&tag)
                || hidden
                || unlikely
                || matches!(
                    role,
                    "navigation" | "complementary" | "banner" | "contentinfo" | "menu" | "dialog"
                );
            names[id] = name;
        }
        let mut text = vec![0u32; n];
        let mut links = vec![0u32; n];
        let mut commas = vec![0u32; n];
        let mut direct = vec![0u32; n];
        let mut direct_commas = vec![0u32; n];
        let mut has_blocks = vec![false; n];
        for &id in order.iter().rev() {
            if skipped[id] {
                continue;
            }
            let node = dom.node(id);
            match &node.kind {
                Kind::Text(t) => {
                    let (len, c) = text_len(t);
                    text[id] = len;
                    commas[id] = c;
                }
                Kind::Element if &**node.tag() == "a" => links[id] = text[id],
                _ => {}
            }
            if let Some(parent) = node.parent {
                text[parent] = text[parent].saturating_add(text[id]);
                links[parent] = links[parent].saturating_add(links[id]);
                commas[parent] = commas[parent].saturating_add(commas[id]);
                let inline = matches!(node.kind, Kind::Text(_)) || is_tag(dom, id, INLINE_TAGS);
                if inline {
                    direct[parent] = direct[parent].saturating_add(text[id]);
                    direct_commas[parent] = direct_commas[parent].saturating_add(commas[id]);
                } else if node.is_element() {
                    has_blocks[parent] = true;
                }
            }
        }
        Self {
            order,
            skipped,
            text,
            links,
            commas,
            direct,
            direct_commas,
            has_blocks,
            names,
        }
    }

    fn link_density(&self, id: NodeId) -> f64 {
        if self.text[id] == 0 {
            0.0
        } else {
            f64::from(self.links[id]) / f64::from(self.text[id])
        }
    }
}

fn base_score(dom: &Dom, stats: &Stats, id: NodeId) -> f64 {
    let tag_score = match &**dom.node(id).tag() {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" | "section" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let name = &stats.names[id];
    let mut weight = 0.0;
    if has_any(name, NEGATIVE) {
        weight -= 25.0;
    }
    if has_any(name, POSITIVE) {
        weight += 25.0;
    }
    tag_score + weight
}

/// The article text of `dom`, paragraphs separated by blank lines (before Indonesian
/// boilerplate removal). `use_classes` turns class/id-based pruning on.
pub(crate) fn body(dom: &Dom, use_classes: bool) -> Vec<String> {
    let stats = Stats::new(dom, use_classes);
    let n = dom.nodes.len();
    // Each candidate's tag-and-class weight, and separately the points its text earned.
    let mut score: Vec<Option<f64>> = vec![None; n];
    let mut points_of = vec![0.0f64; n];
    for &id in &stats.order {
        if stats.skipped[id]
            || !dom.node(id).is_element()
            || is_tag(dom, id, INLINE_TAGS)
            || is_tag(dom, id, HEADING_TAGS)
        {
            continue;
        }
        let (len, commas, anchor) = if is_tag(dom, id, PARAGRAPH_TAGS) {
            match dom.node(id).parent {
                Some(p) => (stats.text[id], stats.commas[id], p),
                None => continue,
            }
        } else {
            // Text among blocks is a paragraph of its element; a block holding only inline
            // content is a paragraph of its parent (Readability turns it into a <p>).
            let anchor = if stats.has_blocks[id] {
                Some(id)
            } else {
                dom.node(id).parent
            };
            match anchor {
                Some(anchor) => (stats.direct[id], stats.direct_commas[id], anchor),
                None => continue,
            }
        };
        if len < 25 {
            continue;
        }
        let points = 1.0 + f64::from(commas) + (f64::from(len) / 100.0).floor().min(3.0);
        let mut current = Some(anchor);
        for level in 0..5u32 {
            let Some(c) = current else { break };
            if c == 0 || !dom.node(c).is_element() {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => f64::from(level) * 3.0,
            };
            let entry = score[c].get_or_insert_with(|| base_score(dom, &stats, c));
            *entry += points / divider;
            points_of[c] += points / divider;
            current = dom.node(c).parent;
        }
    }
    // Class names may tip the balance between candidates with comparable text, never lift a
    // one-line box (a byline named "content-title") over the body.
    let max_points = points_of.iter().copied().fold(0.0, f64::max);
    let mut top: Option<(NodeId, f64)> = None;
    for (id, s) in score.iter().enumerate() {
        if let Some(s) = s
            && points_of[id] >= max_points * 0.2
        {
            let s = s * (1.0 - stats.link_density(id));
            if top.is_none_or(|(_, best)| s > best) {
                top = Some((id, s));
            }
        }
    }
    let Some((top_candidate, _)) = top else {
        return Vec::new();
    };
    let mut top = top_candidate;
    // A lone child says nothing its parent does not: climb so that siblings can join.
    while let Some(parent) = dom.node(top).parent {
        let element_children = dom
            .node(parent)
            .children
            .iter()
            .filter(|&&c| dom.node(c).is_element())
            .count();
        if parent == 0 || element_children != 1 || is_tag(dom, parent, &["body", "html"]) {
            break;
        }
        top = parent;
    }
    let mut chosen = Vec::new();
    match dom.node(top).parent {
        Some(parent) if parent != 0 && !is_tag(dom, top, &["body"]) => {
            // Siblings join on the points their own text earned (class names alone, which a
            // dateline or a caption box may share with the body, do not count).
            let top_points = points_of[top].max(points_of[top_candidate]);
            let threshold = (top_points * 0.2).max(5.0);
            let top_class = dom.node(top).attr("class").unwrap_or("");
            for &sibling in &dom.node(parent).children {
                if stats.skipped[sibling] || !dom.node(sibling).is_element() {
                    continue;
                }
                let ld = stats.link_density(sibling);
                let mut s = points_of[sibling] * (1.0 - ld);
                if !top_class.is_empty() && dom.node(sibling).attr("class") == Some(top_class) {
                    s += top_points * 0.2;
                }
                let len = stats.text[sibling];
                let short_sentence = len > 0 && ld == 0.0 && ends_sentence(dom, &stats, sibling);
                let keep = sibling == top
                    || (score[sibling].is_some() && s >= threshold)
                    || (is_tag(dom, sibling, &["p"])
                        && ((len > 80 && ld < 0.25) || short_sentence));
                if keep {
                    chosen.push(sibling);
                }
            }
        }
        _ => chosen.push(top),
    }
    let mut writer = Writer::default();
    for id in chosen {
        writer.write(dom, &stats, id, top);
    }
    writer.finish()
}

/// Whether the element's text reads like a sentence (Readability's test for a short paragraph).
fn ends_sentence(dom: &Dom, stats: &Stats, id: NodeId) -> bool {
    let mut text = String::new();
    for d in dom.descendants(id) {
        if !stats.skipped[d]
            && let Kind::Text(t) = &dom.node(d).kind
        {
            text.push_str(t);
        }
    }
    let text = text.trim_end();
    text.ends_with('.') || text.contains(". ")
}

/// Writes the text of chosen subtrees as paragraphs.
#[derive(Default)]
struct Writer {
    paragraphs: Vec<String>,
    current: String,
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "center",
    "address",
    "hr",
    "form",
    "fieldset",
    "details",
    "summary",
    "br",
    "body",
    "html",
    "caption",
    "thead",
    "tbody",
    "tfoot",
];

enum Step {
    Enter(NodeId),
    Leave(NodeId),
}

impl Writer {
    fn write(&mut self, dom: &Dom, stats: &Stats, root: NodeId, top: NodeId) {
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(id) => {
                    if stats.skipped[id] {
                        continue;
                    }
                    let node = dom.node(id);
                    match &node.kind {
                        Kind::Text(t) => {
                            let in_pre = node.parent.is_some_and(|p| is_tag(dom, p, &["pre"]));
                            self.push_text(t, in_pre);
                            continue;
                        }
                        Kind::Element => {}
                        _ => continue,
                    }
                    if id != top && id != root && self.is_clutter(dom, stats, id) {
                        continue;
                    }
                    let block = is_tag(dom, id, BLOCK_TAGS);
                    if block {
                        self.close();
                    }
                    if is_tag(dom, id, &["td", "th"]) {
                        self.current.push(' ');
                    }
                    stack.push(Step::Leave(id));
                    stack.extend(node.children.iter().rev().map(|&c| Step::Enter(c)));
                }
                Step::Leave(id) => {
                    if is_tag(dom, id, BLOCK_TAGS) {
                        self.close();
                    }
                }
            }
        }
    }

    /// Nested page furniture: titles, link lists, link-only lines.
    fn is_clutter(&self, dom: &Dom, stats: &Stats, id: NodeId) -> bool {
        let tag = &**dom.node(id).tag();
        let ld = stats.link_density(id);
        match tag {
            "h1" => true,
            "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "blockquote" => {
                ld > 0.8 && stats.text[id] < 200
            }
            "div" | "section" | "ul" | "ol" | "table" | "dl" | "form" | "header" => {
                ld > 0.5 || (tag == "form" && stats.text[id] < 200)
            }
            _ => false,
        }
    }

    fn push_text(&mut self, text: &str, in_pre: bool) {
        if in_pre {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.close();
                }
                self.current.push_str(line.trim_end());
            }
            return;
        }
        if text.starts_with(char::is_whitespace) {
            self.current.push(' ');
        }
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
        if text.ends_with(char::is_whitespace) {
            self.current.push(' ');
        }
    }

    fn close(&mut self) {
        let paragraph = super::meta::collapse(&self.current);
        self.current.clear();
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph);
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.close();
        self.paragraphs
    }
}
