//! Tokens of a cleaned text: words with their byte spans, slang expanded, reduplication reduced to
//! its base, numbers, and ages ("nenek 80 tahun", "berusia 7 tahun", "Sutini (80)").

use crate::lexicon;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word (letters, possibly with digits, an inner apostrophe or an inner hyphen).
    Word,
    /// A number as written, with `.` or `,` between digit groups ("1.500", "2,8").
    Number,
    /// A person's age in whole years, read from a number and its context; the token spans the
    /// number and its unit ("80 tahun"). Babies' ages in months, weeks or days round down.
    Age(u8),
}

/// One token of a cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token<'a> {
    /// The normalised form: the standard word for slang (`yg` → `yang`), the base of a
    /// reduplication (`anak-anak` → `anak`), else the text itself. A slang entry that expands to
    /// several words (`dll` → `dan lain-lain`) gives one token per word, all with the same span.
    pub text: &'a str,
    /// Byte offset of the token's start in the cleaned text (a char boundary).
    pub start: usize,
    /// Byte offset just past the token's end in the cleaned text (a char boundary).
    pub end: usize,
    /// Word, number or age.
    pub kind: TokenKind,
    /// Whether the word was doubled (`anak-anak`, `anak2`, `berlari-lari`): plural or intensive.
    pub reduplicated: bool,
}

impl Token<'_> {
    /// Whether this is a word rather than a number or an age.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// The tokens of `clean`, the output of [`crate::normalise::clean`]. Punctuation and symbols are
/// skipped; offsets are byte offsets into `clean`.
pub fn tokenise(clean: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(clean.len() / 6 + 1);
    tokenise_into(clean, &mut tokens);
    tokens
}

/// [`tokenise`] into a caller's buffer, cleared first, so that a loop over many texts allocates
/// nothing once the buffer has grown.
pub fn tokenise_into<'a>(clean: &'a str, tokens: &mut Vec<Token<'a>>) {
    tokens.clear();
    scan(clean, tokens);
    read_ages(clean, tokens);
}

fn scan<'a>(text: &'a str, tokens: &mut Vec<Token<'a>>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii_digit() {
            let end = number_end(bytes, i);
            tokens.push(Token {
                text: &text[i..end],
                start: i,
                end,
                kind: TokenKind::Number,
                reduplicated: false,
            });
            i = end;
        } else if byte.is_ascii_alphabetic() || (!byte.is_ascii() && alphabetic_at(text, i)) {
            let end = if bytes[i..].starts_with(b"rp")
                && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)
            {
                i + 2 // "rp1.500.000": the currency, then the number
            } else {
                word_end(text, i)
            };
            push_word(text, i, end, tokens);
            i = end;
        } else {
            i += utf8_len(byte);
        }
    }
}

/// Digits, with `.` or `,` between digit groups.
fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            i += 1;
        } else if matches!(bytes[i], b'.' | b',')
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// Letters and digits, with a single `-` or `'` between two of them.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii_alphanumeric() {
            i += 1;
        } else if !byte.is_ascii() && alphanumeric_at(text, i) {
            i += utf8_len(byte);
        } else if matches!(byte, b'-' | b'\'')
            && i + 1 < bytes.len()
            && (bytes[i + 1].is_ascii_alphanumeric()
                || (!bytes[i + 1].is_ascii() && alphanumeric_at(text, i + 1)))
        {
            i += 1;
        } else {
            break;
        }
    }
    i
}

fn alphabetic_at(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphabetic)
}

fn alphanumeric_at(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphanumeric)
}

/// The length of the UTF-8 sequence that starts with `byte` (a lead byte: the text is valid).
fn utf8_len(byte: u8) -> usize {
    match byte {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Clitics that may follow a reduplication (`anak-anaknya`, `kejar-kejaran`).
const REDUPLICATION_SUFFIXES: [&str; 7] = ["nya", "an", "kan", "i", "ku", "mu", "lah"];

/// One word from `start` to `end`: reduplication, then slang.
fn push_word<'a>(text: &'a str, start: usize, end: usize, tokens: &mut Vec<Token<'a>>) {
    let word = &text[start..end];
    // "anak2", "org2": the digit 2 written for reduplication.
    if let Some(base) = word.strip_suffix('2')
        && base.len() >= 2
        && base.bytes().all(|b| b.is_ascii_alphabetic())
    {
        push_normalised(base, start, end, true, tokens);
        return;
    }
    let Some((left, right)) = word.split_once('-') else {
        push_normalised(word, start, end, false, tokens);
        return;
    };
    if lexicon::is_lexical_reduplication(word) {
        push_normalised(word, start, end, false, tokens);
        return;
    }
    let numeric = |part: &str| part.bytes().next().is_some_and(|b| b.is_ascii_digit());
    if right.contains('-') || numeric(left) || numeric(right) {
        // "covid-19", "ke-3", "h-1", "anak-anak-nya": the parts are words of their own.
        let mut part_start = start;
        for part in word.split('-') {
            let part_end = part_start + part.len();
            if numeric(part) && part.bytes().all(|b| b.is_ascii_digit()) {
                tokens.push(Token {
                    text: part,
                    start: part_start,
                    end: part_end,
                    kind: TokenKind::Number,
                    reduplicated: false,
                });
            } else if !part.is_empty() {
                push_normalised(part, part_start, part_end, false, tokens);
            }
            part_start = part_end + 1;
        }
        return;
    }
    let doubled = left == right
        || right
            .strip_prefix(left)
            .is_some_and(|suffix| REDUPLICATION_SUFFIXES.contains(&suffix))
        || (right.len() >= 2 && left.ends_with(right));
    if doubled {
        // "anak-anak", "anak-anaknya", "berlari-lari", "sehari-hari"
        push_normalised(left, start, end, true, tokens);
    } else {
        // "sayur-mayur", "bolak-balik", "tolong-menolong": one word.
        push_normalised(word, start, end, false, tokens);
    }
}

/// Push `word`, or its standard form when it is slang.
fn push_normalised<'a>(
    word: &'a str,
    start: usize,
    end: usize,
    reduplicated: bool,
    tokens: &mut Vec<Token<'a>>,
) {
    let mut push = |text: &'a str| {
        tokens.push(Token {
            text,
            start,
            end,
            kind: TokenKind::Word,
            reduplicated,
        });
    };
    match lexicon::slang(word) {
        Some(standard) => standard.split(' ').for_each(&mut push),
        None => push(word),
    }
}

/// Words that say the next number is an age, with or without a unit ("berusia 80").
const AGE_CUES: &[&str] = &[
    "usia", "berusia", "usianya", "umur", "berumur", "umurnya", "uzur",
];
/// People whose age news writes right after them ("nenek 80 tahun", "bocah 5 th").
const PERSON_WORDS: &[&str] = &[
    "nenek",
    "kakek",
    "mbah",
    "bocah",
    "anak",
    "anaknya",
    "balita",
    "bayi",
    "lansia",
    "manula",
    "pria",
    "wanita",
    "perempuan",
    "lelaki",
    "laki-laki",
    "remaja",
    "siswa",
    "siswi",
    "pelajar",
    "mahasiswa",
    "mahasiswi",
    "murid",
    "santri",
    "santriwati",
    "gadis",
    "janda",
    "duda",
    "ibu",
    "ayah",
    "bapak",
    "warga",
    "korban",
    "pelaku",
    "tersangka",
    "kakak",
    "adik",
    "pemuda",
    "pemudi",
    "putra",
    "putri",
    "cucu",
    "cucunya",
    "suami",
    "istri",
    "orang",
    "buruh",
    "petani",
    "nelayan",
    "pengemis",
    "pemulung",
    "yatim",
    "piatu",
    "difabel",
    "penyandang",
    "odgj",
];
/// Words right before a number that make it a duration, not an age ("sudah 10 tahun").
const DURATION_BEFORE: &[&str] = &[
    "selama", "sejak", "sudah", "telah", "setelah", "sampai", "hingga", "dalam", "per", "tiap",
    "setiap", "ke", "penjara", "vonis", "divonis", "dihukum", "hukuman", "kurungan", "lalu",
];
/// Hedges between a cue and the number ("berusia sekitar 80 tahun").
const HEDGES: &[&str] = &[
    "sekitar", "lebih", "kurang", "dari", "hampir", "genap", "baru", "masih",
];
/// Words right after the unit that make it a duration ("5 tahun lalu", "5 tahun penjara").
const DURATION_AFTER: &[&str] = &[
    "lalu",
    "silam",
    "terakhir",
    "belakangan",
    "lamanya",
    "penjara",
    "kurungan",
    "ke",
    "kemudian",
    "mendatang",
    "lagi",
    "berturut-turut",
    "sebelumnya",
];
/// How many words back a person word or cue may stand ("nenek bernama sutini 80 tahun").
const AGE_CUE_WINDOW: usize = 3;

/// Turn numbers that are ages into [`TokenKind::Age`] tokens spanning the number and its unit,
/// compacting the vector in place.
fn read_ages(text: &str, tokens: &mut Vec<Token<'_>>) {
    let mut write = 0;
    let mut read = 0;
    while read < tokens.len() {
        let token = tokens[read];
        if token.kind == TokenKind::Number
            && let Some((age, last)) = age_at(text, &tokens[..write], &tokens[read..])
        {
            tokens[write] = Token {
                kind: TokenKind::Age(age),
                end: tokens[read + last].end,
                ..token
            };
            write += 1;
            read += last + 1;
            continue;
        }
        tokens[write] = token;
        write += 1;
        read += 1;
    }
    tokens.truncate(write);
}

/// The age that the number `rest[0]` gives, and the index in `rest` of its last token (the unit,
/// or the number itself), given the tokens before it.
fn age_at(text: &str, before: &[Token<'_>], rest: &[Token<'_>]) -> Option<(u8, usize)> {
    let number = rest[0];
    if !number.text.bytes().all(|b| b.is_ascii_digit()) || number.text.len() > 3 {
        return None;
    }
    let value: u32 = number.text.parse().ok()?;
    let bytes = text.as_bytes();

    // The unit must follow at once: "80 tahun", "80thn".
    let unit = rest.get(1).filter(|unit| {
        unit.kind == TokenKind::Word
            && unit.start - number.end <= 1
            && (unit.start == number.end || bytes[number.end] == b' ')
    });
    let (years, last) = match unit.map(|unit| unit.text) {
        Some("tahun") => (value, 1),
        Some("bulan") => (value / 12, 1),
        Some("minggu" | "pekan" | "hari") => (0, 1),
        _ => (value, 0),
    };
    let age = u8::try_from(years).ok().filter(|&age| age <= 120)?;
    if value == 0 {
        return None;
    }

    // "Sutini (80)", "Sutini (80 tahun)"
    let closing = rest[last].end;
    if number.start > 0
        && bytes[number.start - 1] == b'('
        && bytes.get(closing) == Some(&b')')
        && before.last().is_some_and(Token::is_word)
    {
        return Some((age, last));
    }

    if last == 1
        && rest
            .get(2)
            .is_some_and(|next| DURATION_AFTER.contains(&next.text))
    {
        return None;
    }
    // Walk back over the words of the same sentence: a cue ("berusia 80", "usia 65 thn") or, with a
    // unit, a person word ("nenek 80 tahun", "bocah 5 th") makes an age; a duration word
    // ("sudah 10 tahun") does not.
    for token in before.iter().rev().take(AGE_CUE_WINDOW) {
        if !token.is_word() || text[token.end..number.start].contains(['.', '!', '?', ';']) {
            return None;
        }
        let word = token.text;
        if AGE_CUES.contains(&word) {
            return Some((age, last));
        }
        if last == 0 {
            if HEDGES.contains(&word) {
                continue;
            }
            return None;
        }
        if DURATION_BEFORE.contains(&word) {
            return None;
        }
        if PERSON_WORDS.contains(&word) {
            return Some((age, last));
        }
    }
    None
}

#[cfg(test)]
mod tests;
