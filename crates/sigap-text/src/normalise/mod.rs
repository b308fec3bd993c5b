//! Normalisation, the first stage of every analysis: Unicode NFKC, lowercase, invisible characters,
//! whitespace, letter stretching (`tolonggg`), and the page boilerplate that news excerpts carry.
//! The dateline of a news text is read from the raw text by [`dateline`].

mod boilerplate;
mod dateline;

pub use dateline::dateline;

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// The text as the tokeniser reads it: NFKC-normalised, lowercase, without zero-width characters,
/// emoji variation selectors and page boilerplate ("Baca juga: …", "ADVERTISEMENT", share buttons,
/// editor lines, wire codes such as "(ant)", "Lihat Foto"), with every run of whitespace one space,
/// no leading or trailing space, and runs of three or more of one letter shortened to one
/// (`tolonggg` → `tolong`). Punctuation and the dateline stay.
///
/// Costs one pass over the text; ASCII and already-NFKC text is not copied for normalisation.
pub fn clean(text: &str) -> String {
    let text = nfkc(text);
    let bytes = text.as_bytes();
    let mut out = Out::with_capacity(text.len());
    // Whether the previous character was a letter or digit: boilerplate starts only at a word start.
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if !in_word
            && boilerplate::may_start(byte)
            && let Some(end) = boilerplate::span_end(&text, i)
        {
            out.space();
            in_word = false;
            i = end;
            continue;
        }
        if byte.is_ascii_alphanumeric() {
            // The common case: copy a run of ASCII letters and digits at once.
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(bytes.len(), |k| i + k);
            out.push_ascii_word(&bytes[i..run]);
            in_word = true;
            i = run;
            continue;
        }
        if byte.is_ascii() {
            if byte.is_ascii_whitespace() {
                out.space();
            } else {
                out.push(char::from(byte));
            }
            in_word = false;
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        match c {
            _ if is_invisible(c) => continue,
            _ if c.is_whitespace() => out.space(),
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            _ => c.to_lowercase().for_each(|lower| out.push(lower)),
        }
        in_word = c.is_alphanumeric();
    }
    out.finish()
}

/// NFKC, skipped (no copy) when the text is ASCII or quickly known to be NFKC already.
fn nfkc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

/// Zero-width and formatting characters, variation selectors and tag characters: invisible, and
/// they split words ("ba\u{200B}ntuan") or pad emoji.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                  // soft hyphen
        | '\u{034F}'                // combining grapheme joiner
        | '\u{061C}'                // Arabic letter mark
        | '\u{180B}'..='\u{180F}'   // Mongolian selectors and vowel separator
        | '\u{200B}'..='\u{200F}'   // zero-width space, (non-)joiner, direction marks
        | '\u{202A}'..='\u{202E}'   // bidirectional embeddings
        | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'   // bidirectional isolates
        | '\u{FE00}'..='\u{FE0F}'   // variation selectors (emoji presentation)
        | '\u{FEFF}'                // byte-order mark
        | '\u{E0000}'..='\u{E007F}' // tags (emoji flag sequences)
        | '\u{E0100}'..='\u{E01EF}' // variation selectors supplement
    )
}

/// The output being built: collapses whitespace lazily and shortens stretched letters. Bytes are
/// written directly; only whole UTF-8 sequences are ever pushed.
struct Out {
    bytes: Vec<u8>,
    pending_space: bool,
    run_char: char,
    run_len: u32,
}

impl Out {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(capacity),
            pending_space: false,
            run_char: ' ',
            run_len: 0,
        }
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn flush_space(&mut self) {
        if self.pending_space {
            self.pending_space = false;
            if !self.bytes.is_empty() {
                self.bytes.push(b' ');
                self.run_char = ' ';
                self.run_len = 0;
            }
        }
    }

    /// Whether `c` is the third or later of a run of one letter, and so is dropped; the third also
    /// takes back the second, so a run of three or more leaves one.
    fn stretched(&mut self, c: char) -> bool {
        if c != self.run_char {
            self.run_char = c;
            self.run_len = 1;
            return false;
        }
        self.run_len += 1;
        if self.run_len == 3 {
            let len = self.bytes.len() - c.len_utf8();
            self.bytes.truncate(len);
        }
        self.run_len >= 3
    }

    /// A run of ASCII letters and digits. Such a run stands between non-ASCII-alphanumeric
    /// characters, so a stretched letter never reaches across its ends.
    fn push_ascii_word(&mut self, word: &[u8]) {
        self.flush_space();
        let start = self.bytes.len();
        self.bytes.extend(word.iter().map(u8::to_ascii_lowercase));
        let stretched = self.bytes[start..]
            .windows(3)
            .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic());
        if stretched {
            // Rare: rewrite the run, keeping one letter of each run of three or more.
            self.bytes.truncate(start);
            self.run_char = ' ';
            for &byte in word {
                let lower = byte.to_ascii_lowercase();
                if lower.is_ascii_alphabetic() {
                    if self.stretched(char::from(lower)) {
                        continue;
                    }
                } else {
                    self.run_char = ' ';
                }
                self.bytes.push(lower);
            }
        }
        self.run_char = ' ';
    }

    fn push(&mut self, c: char) {
        self.flush_space();
        if c.is_alphabetic() {
            if self.stretched(c) {
                return;
            }
        } else {
            self.run_char = ' ';
        }
        let mut buffer = [0; 4];
        self.bytes
            .extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
    }

    fn finish(self) -> String {
        // Only whole UTF-8 sequences were pushed, so this never falls back.
        String::from_utf8(self.bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }
}

#[cfg(test)]
mod tests;
