//! Just enough XML: a small element tree built with quick-xml, names without their namespace
//! prefix and in lowercase, depth-limited so that no input can exhaust the stack.

use quick_xml::events::{BytesStart, Event};

use super::ParseError;

/// Deeper documents are refused (feeds and sitemaps are a handful of levels deep).
const MAX_DEPTH: usize = 64;

/// An element: its local name, attributes, child elements and text (CDATA included).
#[derive(Debug, Default)]
pub(super) struct Node {
    pub(super) name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    pub(super) text: String,
}

impl Node {
    pub(super) fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub(super) fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child called `name`, if not empty.
    pub(super) fn child_text(&self, name: &str) -> Option<String> {
        self.children(name)
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
            .map(str::to_owned)
    }

    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The document's root element.
pub(super) fn parse(body: &str) -> Result<Node, ParseError> {
    let mut reader = quick_xml::Reader::from_str(body);
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ParseError::Xml(e.to_string()))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::Xml(format!("lebih dari {MAX_DEPTH} tingkat")));
                }
                stack.push(element(&start));
            }
            Event::Empty(start) => {
                let node = element(&start);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(ParseError::Xml("tag penutup tanpa pembuka".to_owned()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Ok(node),
                }
            }
            Event::Text(text) => {
                if let Some(node) = stack.last_mut() {
                    match text.unescape() {
                        Ok(t) => node.text.push_str(&t),
                        // An HTML entity such as &nbsp; is not XML; keep the text as written.
                        Err(_) => node.text.push_str(&String::from_utf8_lossy(&text)),
                    }
                }
            }
            Event::CData(data) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::Eof => {
                return Err(ParseError::Xml(if stack.is_empty() {
                    "dokumen kosong".to_owned()
                } else {
                    "dokumen terpotong".to_owned()
                }));
            }
            _ => {}
        }
    }
}

fn element(start: &BytesStart<'_>) -> Node {
    let attrs = start
        .attributes()
        .flatten()
        .map(|attr| {
            let key = lower(attr.key.local_name().as_ref());
            let value = attr
                .unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&attr.value).into_owned());
            (key, value)
        })
        .collect();
    Node {
        name: lower(start.local_name().as_ref()),
        attrs,
        ..Node::default()
    }
}

fn lower(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_ascii_lowercase()
}
