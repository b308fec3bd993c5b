//! A body's character set: from the Content-Type header, else a `<meta>` or the XML declaration
//! near the start, else UTF-8; bytes that do not decode become U+FFFD.

use encoding_rs::{Encoding, UTF_8};

/// How far into the body a declaration is looked for.
const SNIFF_BYTES: usize = 2048;

/// Decodes `body` to UTF-8 (a byte-order mark wins over every declaration).
pub(super) fn decode(body: &[u8], content_type: Option<&str>) -> String {
    let encoding = content_type
        .and_then(charset_param)
        .or_else(|| declared(body))
        .unwrap_or(UTF_8);
    let (text, _, _) = encoding.decode(body);
    text.into_owned()
}

/// The `charset=` of a Content-Type.
fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// The charset a `<meta>` or an XML declaration in the first bytes names.
fn declared(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(SNIFF_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(start) = rest.find("<meta") {
        let tag = &rest[start..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(encoding) = label_after(tag, "charset") {
            // A page that says UTF-16 in ASCII bytes is not UTF-16 (HTML's rule).
            if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                return Some(UTF_8);
            }
            return Some(encoding);
        }
        rest = &rest[start + 5..];
    }
    let declaration = head.trim_start().strip_prefix("<?xml")?;
    let declaration = &declaration[..declaration.find("?>")?];
    label_after(declaration, "encoding")
}

/// The label in `… name = "label" …`.
fn label_after(text: &str, name: &str) -> Option<&'static Encoding> {
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        rest = &rest[at + name.len()..];
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start().trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
            .unwrap_or(value.len());
        if let Some(encoding) = Encoding::for_label(&value.as_bytes()[..end]) {
            return Some(encoding);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_charset_wins() {
        assert_eq!(
            decode(b"caf\xe9", Some("text/html; charset=ISO-8859-1")),
            "café"
        );
        assert_eq!(
            decode(b"caf\xe9", Some("text/html; charset=\"windows-1252\"")),
            "café"
        );
    }

    #[test]
    fn a_meta_charset_is_read() {
        let page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9</title>";
        assert!(decode(page, Some("text/html")).contains("Café"));
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\xe9";
        assert!(decode(page, None).ends_with('é'));
    }

    #[test]
    fn an_xml_declaration_is_read() {
        let feed = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss>\xe9</rss>";
        assert!(decode(feed, Some("application/rss+xml")).contains('é'));
    }

    #[test]
    fn undeclared_bytes_are_utf8_with_replacement() {
        assert_eq!(decode("café".as_bytes(), None), "café");
        assert_eq!(decode(b"caf\xe9", None), "caf\u{fffd}");
        assert_eq!(decode(b"<meta charset=", None), "<meta charset=");
    }
}
