//! What the map and the charts share: escaping, Indonesian numbers, nice axis steps, the
//! "no data yet" picture.

use std::fmt::Write;

/// The message shown instead of an empty chart or map.
pub const NO_DATA: &str = "Belum ada data";

/// Escapes text for an SVG element or a double- or single-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `1234567` as Indonesians write it: `1.234.567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Axis ticks from 0 to at least `max`, about five of them, at 1, 2 or 5 times a power of ten.
pub fn nice_ticks(max: u64) -> Vec<u64> {
    let max = max.max(1);
    let mut magnitude: u64 = 1;
    let step = loop {
        if let Some(step) = [1, 2, 5]
            .iter()
            .map(|m| m * magnitude)
            .find(|step| step.saturating_mul(5) >= max)
        {
            break step;
        }
        magnitude = magnitude.saturating_mul(10);
    };
    (0..=max.div_ceil(step))
        .map(|i| i.saturating_mul(step))
        .collect()
}

/// A number for a coordinate: at most one decimal, no trailing `.0`.
pub fn coord(x: f64) -> String {
    let tenths = (x * 10.0).round() / 10.0;
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

/// Opens an accessible, non-interactive picture: `role="img"`, a title and a description.
pub fn open_img(out: &mut String, class: &str, width: f64, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-label=\"{t}\"><title>{t}</title><desc>{d}</desc>",
        w = coord(width),
        h = coord(height),
        t = escape(title),
        d = escape(desc),
    );
}

/// The picture that stands in for a chart or map without data: its title and "Belum ada data".
pub fn no_data(class: &str, title: &str) -> String {
    let mut out = String::new();
    open_img(
        &mut out,
        &format!("{class} kosong"),
        640.0,
        120.0,
        title,
        NO_DATA,
    );
    let _ = write!(
        out,
        "<rect class=\"bingkai\" x=\"1\" y=\"1\" width=\"638\" height=\"118\" rx=\"6\"/>\
         <text class=\"pesan\" x=\"320\" y=\"66\" text-anchor=\"middle\">{NO_DATA}</text></svg>"
    );
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small well-formedness check (no XML crate in the tree): tags nest and close, attribute
    /// values are quoted, text holds no raw `<` and only known entities.
    pub fn assert_well_formed(svg: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open]);
            let close = rest[open..].find('>').expect("a tag ends") + open;
            let tag = &rest[open + 1..close];
            rest = &rest[close + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "closing tag {name} matches");
            } else {
                let self_closing = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let name = tag.split_whitespace().next().expect("a tag has a name");
                check_attributes(&tag[name.len()..]);
                if !self_closing {
                    stack.push(name);
                }
            }
        }
        check_text(rest);
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
        assert!(svg.starts_with("<svg "), "one root element");
    }

    fn check_text(text: &str) {
        assert!(!text.contains('>'), "no raw > in text: {text}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
                "unknown entity {entity}"
            );
        }
    }

    fn check_attributes(mut attrs: &str) {
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                return;
            }
            let eq = attrs.find('=').expect("an attribute has a value");
            assert!(
                !attrs[..eq].contains(char::is_whitespace),
                "attribute name: {attrs}"
            );
            let value = &attrs[eq + 1..];
            assert!(value.starts_with('"'), "attribute value is quoted: {attrs}");
            let end = value[1..].find('"').expect("the quote closes") + 1;
            check_text(&value[1..end]);
            assert!(!value[1..end].contains('<'), "no < in an attribute");
            attrs = &value[end + 1..];
        }
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn thousands_are_separated_with_dots() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(1_234_567), "1.234.567");
    }

    #[test]
    fn ticks_are_nice_numbers_that_reach_the_maximum() {
        assert_eq!(nice_ticks(0), vec![0, 1]);
        assert_eq!(nice_ticks(3), vec![0, 1, 2, 3]);
        assert_eq!(nice_ticks(7), vec![0, 2, 4, 6, 8]);
        assert_eq!(nice_ticks(48), vec![0, 10, 20, 30, 40, 50]);
        assert_eq!(nice_ticks(1234), vec![0, 500, 1000, 1500]);
        assert!(nice_ticks(u64::MAX).len() >= 2);
    }

    #[test]
    fn the_no_data_picture_says_so_and_is_well_formed() {
        let svg = no_data("grafik", "Kasus <harian>");
        assert!(svg.contains(NO_DATA));
        assert!(svg.contains("Kasus &lt;harian&gt;"));
        assert_well_formed(&svg);
    }
}
