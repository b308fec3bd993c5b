//! Page boilerplate that news excerpts carry: the spans [`super::clean`] drops. Spans are found at a
//! word start in the original, not yet lowercased text, because capitals tell where a headline or a
//! name ends and the body resumes when the page's line breaks were lost.

/// How far a marker's span reaches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// The marker and the headline after it ("Baca juga: Nenek 80 Tahun Hidup Sebatang Kara").
    Headline,
    /// The marker, a colon and a name ("Editor: Aprillia Ika"); without the colon it is no marker.
    Name,
    /// The marker alone ("ADVERTISEMENT").
    Phrase,
    /// The marker and the rest of its line ("Copyright © 2024 KOMPAS.com").
    Line,
    /// A share button ("Bagikan", "Share"), only when it ends its line or share targets follow:
    /// "bantuan yang akan kami bagikan." is body text.
    Share,
}

/// Markers by their first letter, matched case-insensitively at a word start; the first match
/// wins, so a longer marker comes before its prefix.
fn markers(first: u8) -> &'static [(&'static str, Rule)] {
    match first {
        b'a' => &[
            ("advertisement", Rule::Phrase),
            ("all rights reserved", Rule::Phrase),
        ],
        b'b' => &[
            ("baca juga", Rule::Headline),
            ("baca selengkapnya", Rule::Phrase),
            ("baca:", Rule::Headline),
            ("bagikan", Rule::Share),
        ],
        b'c' => &[("copyright", Rule::Line)],
        b'e' => &[("editor", Rule::Name)],
        b'f' => &[("fotografer", Rule::Name)],
        b'h' => &[
            ("halaman selanjutnya", Rule::Phrase),
            ("halaman berikutnya", Rule::Phrase),
            ("hak cipta dilindungi undang-undang", Rule::Phrase),
        ],
        b'k' => &[("kontributor", Rule::Name)],
        b'l' => &[
            ("lihat juga", Rule::Headline),
            ("lihat foto", Rule::Phrase),
            ("lihat video", Rule::Phrase),
        ],
        b'p' => &[
            ("penulis", Rule::Name),
            ("pewarta", Rule::Name),
            ("penyunting", Rule::Name),
        ],
        b'r' => &[("reporter", Rule::Name), ("redaktur", Rule::Name)],
        b's' => &[
            ("simak juga", Rule::Headline),
            ("simak video", Rule::Headline),
            ("scroll to continue with content", Rule::Phrase),
            ("scroll to continue", Rule::Phrase),
            ("share", Rule::Share),
        ],
        _ => &[],
    }
}

/// Share-button targets by their first letter; two or more in a row are a share bar ("Facebook
/// Twitter WhatsApp").
fn share_targets(first: u8) -> &'static [&'static str] {
    match first {
        b'c' => &["copy link"],
        b'e' => &["email"],
        b'f' => &["facebook"],
        b'l' => &["linkedin", "line"],
        b'p' => &["pinterest"],
        b's' => &["salin link", "salin tautan"],
        b't' => &["twitter", "telegram"],
        b'w' => &["whatsapp"],
        b'x' => &["x"],
        _ => &[],
    }
}

/// Lowercase words that Indonesian title case leaves small.
const HEADLINE_SMALL_WORDS: &[&str] = &[
    "di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "dalam", "atau", "oleh", "jadi",
    "hingga", "usai", "saat", "karena", "ini", "itu", "tak", "akan", "bagi", "sejak", "soal",
    "agar", "vs", "jelang", "terkait",
];

/// Lowercase words inside names.
const NAME_SMALL_WORDS: &[&str] = &["dan", "bin", "binti", "van", "de", "da", "al", "el", "von"];

const HEADLINE_MAX_BYTES: usize = 240;
const NAME_MAX_BYTES: usize = 120;
const LINE_MAX_BYTES: usize = 200;

/// Whether a boilerplate span can start with this byte: a cheap filter before [`span_end`].
pub(super) fn may_start(byte: u8) -> bool {
    matches!(
        byte.to_ascii_lowercase(),
        b'a' | b'b'
            | b'c'
            | b'e'
            | b'f'
            | b'h'
            | b'k'
            | b'l'
            | b'p'
            | b'r'
            | b's'
            | b't'
            | b'w'
            | b'x'
            | b'('
            | 0xC2 // first byte of "©"
    )
}

/// The end of the boilerplate span that starts at byte `i` (a word start), if one does. The end is
/// always a char boundary of `text`.
pub(super) fn span_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let rest = &bytes[i..];
    if rest.first() == Some(&b'(') {
        return parenthesis_end(text, i);
    }
    if rest.starts_with("©".as_bytes()) {
        return Some(line_end(text, i + "©".len()));
    }
    let first = rest[0].to_ascii_lowercase();
    for &(marker, rule) in markers(first) {
        if !starts_with_ci(rest, marker) || !ends_word(bytes, i + marker.len()) {
            continue;
        }
        let after = i + marker.len();
        return match rule {
            Rule::Phrase => Some(after),
            Rule::Line => Some(line_end(text, after)),
            Rule::Headline => Some(run_end(text, after_separator(bytes, after), Rule::Headline)),
            Rule::Name => {
                let colon = skip_inline_space(bytes, after);
                (bytes.get(colon) == Some(&b':')).then(|| run_end(text, colon + 1, Rule::Name))
            }
            Rule::Share => share_button_end(text, after),
        };
    }
    if share_targets(first).is_empty() {
        return None;
    }
    match share_bar(text, i) {
        (targets, end) if targets >= 2 => Some(end),
        _ => None,
    }
}

fn starts_with_ci(haystack: &[u8], needle: &str) -> bool {
    haystack.len() >= needle.len()
        && haystack[..needle.len()].eq_ignore_ascii_case(needle.as_bytes())
}

/// Whether a word ends at byte `j`: the text ends or an ASCII non-alphanumeric byte follows. A
/// marker ending in punctuation ("baca:") ends a word wherever it stands.
fn ends_word(bytes: &[u8], j: usize) -> bool {
    match (j.checked_sub(1).map(|k| bytes[k]), bytes.get(j)) {
        (Some(last), _) if !last.is_ascii_alphanumeric() => true,
        (_, None) => true,
        (_, Some(next)) => next.is_ascii() && !next.is_ascii_alphanumeric(),
    }
}

fn skip_inline_space(bytes: &[u8], mut j: usize) -> usize {
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
        j += 1;
    }
    j
}

/// Past the spaces and one separator (`:`, `-`, `|`, en or em dash) that follow a marker.
fn after_separator(bytes: &[u8], j: usize) -> usize {
    let j = skip_inline_space(bytes, j);
    let rest = &bytes[j..];
    let separator = if matches!(rest.first(), Some(b':' | b'-' | b'|')) {
        1
    } else if rest.starts_with("–".as_bytes()) || rest.starts_with("—".as_bytes()) {
        "–".len()
    } else {
        0
    };
    j + separator
}

/// The end of the line that byte `j` is on (the `\n` itself stays), at most
/// [`LINE_MAX_BYTES`] on; a longer line is cut where a name-like run ends.
fn line_end(text: &str, j: usize) -> usize {
    let bytes = text.as_bytes();
    let end = bytes[j..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |k| j + k);
    if end - j <= LINE_MAX_BYTES {
        end
    } else {
        run_end(text, j, Rule::Name)
    }
}

/// Where a headline or a name that starts at byte `j` ends: at the end of its line, after a word
/// that ends a sentence, at the length cap, or, when the body follows on the same line, before the
/// first body word. The body is recognised by a lowercase word that title case would capitalise;
/// the capitalised word before it is taken as the body's first word when the run has others.
fn run_end(text: &str, j: usize, rule: Rule) -> usize {
    let bytes = text.as_bytes();
    let mut j = skip_inline_space(bytes, j);
    if bytes.get(j) == Some(&b'\n') {
        // "BACA JUGA:" alone on its line: the headline is the next line.
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
    }
    let line_end = bytes[j..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |k| j + k);
    let (small_words, max_bytes) = match rule {
        Rule::Name => (NAME_SMALL_WORDS, NAME_MAX_BYTES),
        _ => (HEADLINE_SMALL_WORDS, HEADLINE_MAX_BYTES),
    };
    let cap = j + max_bytes;
    let mut capitals = 0;
    let mut last_capital = j;
    let mut k = j;
    loop {
        k = skip_inline_space(bytes, k);
        if k >= line_end || k >= cap {
            return k.min(line_end);
        }
        let start = k;
        while k < line_end && !matches!(bytes[k], b' ' | b'\t' | b'\r') {
            k += 1;
        }
        let word = &text[start..k];
        let first = word.chars().find(|c| c.is_alphanumeric());
        match first {
            None => {}
            Some(c) if c.is_uppercase() || c.is_numeric() => {
                capitals += 1;
                last_capital = start;
            }
            Some(_) => {
                let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
                if !small_words.contains(&bare) {
                    return if capitals >= 2 { last_capital } else { start };
                }
            }
        }
        if ends_sentence(word) {
            return k;
        }
    }
}

/// A word that closes a sentence: ends in `.`, `!` or `?` (before closing quotes) and is not an
/// abbreviation or initial of three letters or fewer ("Jl.", "Kab.", "M.").
fn ends_sentence(word: &str) -> bool {
    let word = word.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')']);
    if word.ends_with(['!', '?']) {
        return true;
    }
    word.strip_suffix('.')
        .is_some_and(|bare| bare.chars().filter(|c| c.is_alphanumeric()).count() > 3)
}

/// "Bagikan" or "Share": a button when its line ends after it (with an optional colon or "artikel
/// ini") or share targets follow.
fn share_button_end(text: &str, after: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut k = skip_inline_space(bytes, after);
    if bytes.get(k) == Some(&b':') {
        k = skip_inline_space(bytes, k + 1);
    }
    for object in ["artikel ini", "berita ini", "this article"] {
        if starts_with_ci(&bytes[k..], object) {
            k = skip_inline_space(bytes, k + object.len());
            break;
        }
    }
    match bytes.get(k) {
        None | Some(b'\n') => Some(k),
        Some(_) => match share_bar(text, k) {
            (targets, end) if targets >= 1 => Some(end),
            _ => None,
        },
    }
}

/// How many share targets stand in a row from byte `i`, and where the last one ends.
fn share_bar(text: &str, i: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut targets, mut end, mut k) = (0, i, i);
    loop {
        // Separators: spaces, bars, commas, slashes, middle dots and bullets.
        loop {
            let rest = &bytes[k..];
            if matches!(
                rest.first(),
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'|' | b',' | b'/')
            ) {
                k += 1;
            } else if rest.starts_with("·".as_bytes()) {
                k += "·".len();
            } else if rest.starts_with("•".as_bytes()) {
                k += "•".len();
            } else {
                break;
            }
        }
        let first = bytes.get(k).map_or(0, u8::to_ascii_lowercase);
        let Some(target) = share_targets(first)
            .iter()
            .find(|t| starts_with_ci(&bytes[k..], t) && ends_word(bytes, k + t.len()))
        else {
            return (targets, end);
        };
        targets += 1;
        k += target.len();
        end = k;
    }
}

/// Wire and photo credits in parentheses: "(ant)", "(dtc/dtc)", "(*)", "(KOMPAS.com/ARI MAULANA)",
/// "(ANTARA FOTO/Adeng Bustomi)", "(Dok. Polres Garut)", "(Istimewa)". A lone lowercase code
/// without a slash counts only at the end of a line, where the byline stands.
fn parenthesis_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let close = bytes[i + 1..]
        .iter()
        .take(100)
        .position(|&b| b == b')' || b == b'\n')
        .map(|k| i + 1 + k)
        .filter(|&k| bytes[k] == b')')?;
    let inner = text[i + 1..close].trim();
    let end = close + 1;
    let credit = if inner == "*" || is_photo_credit(inner) {
        true
    } else if is_wire_code(inner) {
        inner.contains('/') || ends_line(bytes, end)
    } else {
        false
    };
    credit.then_some(end)
}

/// "ant", "dtc/dtc", "ant/*": short lowercase codes separated by slashes.
fn is_wire_code(inner: &str) -> bool {
    inner.split('/').all(|code| {
        (1..=6).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'*')
    })
}

fn is_photo_credit(inner: &str) -> bool {
    if inner.len() > 80 {
        return false;
    }
    let lower_start = |prefix: &str| starts_with_ci(inner.as_bytes(), prefix);
    if ["istimewa", "ist", "ist."]
        .iter()
        .any(|word| inner.eq_ignore_ascii_case(word))
        || ["dok.", "dok ", "foto:", "foto :"]
            .iter()
            .any(|prefix| lower_start(prefix))
    {
        return true;
    }
    let Some((outlet, _)) = inner.split_once('/') else {
        return false;
    };
    let outlet = outlet.trim();
    let domain_like = !outlet.contains(char::is_whitespace)
        && outlet
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0] == b'.' && pair[1].is_ascii_alphabetic());
    domain_like
        || ["antara foto", "antara", "foto", "dok", "dok."]
            .iter()
            .any(|name| outlet.eq_ignore_ascii_case(name))
}

/// Whether only spaces and full stops stand between byte `j` and the end of its line.
fn ends_line(bytes: &[u8], j: usize) -> bool {
    bytes[j..]
        .iter()
        .find(|&&b| !matches!(b, b' ' | b'\t' | b'\r' | b'.'))
        .is_none_or(|&b| b == b'\n')
}
