//! Same incident? Texts that report one incident — a copied wire story, or a rewrite by another
//! outlet — get one cluster; different incidents on the same day or of the same kind do not.
//!
//! What an analyst compares, kept per text in a [`Signature`]:
//! - **wording**: MinHash over word 3-shingles estimates how much two texts share (a copy);
//! - **people and places**: names, numbers such as ages and counts, title words, content words
//!   (a rewrite of the same story);
//! - **where and when**: the regency and province found by [`crate::locate`], the day published
//!   (or read from the address or a dated parenthesis), and the disaster named, if any.
//!
//! [`PairModel`] (in `pairs.rs`) turns two signatures into a probability of one incident — a
//! logistic regression trained by `sigap train` on the labelled incidents, its threshold chosen
//! by cross-validation — and groups a batch by average linkage over candidate pairs.
//!
//! Hashes are FNV-1a (stable across builds and machines), so signatures can be stored later.
//! Figures: `docs/PERFORMANCE.md` (held-out pairwise F1 0.860 on 2026-12-04).

use serde::Serialize;

mod pairs;
pub use pairs::{FEATURES, FeatureMismatch, PairModel, Shared, Trained, candidates, pair_features};

/// Number of MinHash functions: a Jaccard estimate within about ±0.06.
const HASHES: usize = 64;

/// What is kept of a text to compare it with others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    minhash: Vec<u64>,
    /// MinHash of the set of content words.
    words: Vec<u64>,
    /// Content words of the title alone (a rewrite often keeps the headline's words).
    title_words: Vec<u64>,
    /// Capitalised words: names of people and small places.
    names: Vec<u64>,
    /// Numbers of two digits or more that are not years: ages, counts of victims.
    numbers: Vec<u64>,
    /// Disaster kinds named in the text, one bit each (see `EVENTS`).
    events: u16,
    /// The regency and province codes, hashed (compared often, never read back).
    regency: Option<u64>,
    province: Option<u64>,
    /// Days since 1970-01-01 of the publication date, when known.
    day: Option<i64>,
}

pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Number of MinHash functions over the content words.
const WORD_HASHES: usize = 32;

/// The MinHash family, computed at build time: for each function an odd multiplier and an
/// offset from splitmix64 (the first [`HASHES`] for shingles, the rest for content words).
const FAMILY: [(u64, u64); HASHES + WORD_HASHES] = {
    let mut out = [(0u64, 0u64); HASHES + WORD_HASHES];
    let mut i = 0;
    while i < out.len() {
        let mut z = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out[i] = (z | 1, z.rotate_left(17));
        i += 1;
    }
    out
};

/// Words too common in this kind of news to tell two stories apart.
const COMMON: &[&str] = &[
    "yang",
    "dan",
    "di",
    "ke",
    "dari",
    "itu",
    "ini",
    "dengan",
    "untuk",
    "pada",
    "dalam",
    "tidak",
    "akan",
    "sudah",
    "telah",
    "juga",
    "karena",
    "oleh",
    "atau",
    "saat",
    "seorang",
    "warga",
    "kata",
    "ujar",
    "ungkap",
    "jelas",
    "mengatakan",
    "menurut",
    "tahun",
    "hari",
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "com",
    "kompas",
    "tribunnews",
    "detik",
    "antara",
    "liputan6",
    "okezone",
    "sindonews",
    "merdeka",
    "news",
    "sebuah",
    "para",
    "masih",
    "bisa",
    "ada",
    "tersebut",
    "kepada",
    "setelah",
    "sejak",
    "hingga",
    "lebih",
    "baca",
    "juga",
];

/// Capitalised words that are not names of people or small places.
const NOT_NAMES: &[&str] = &[
    "kabupaten",
    "kab",
    "kota",
    "kecamatan",
    "kec",
    "desa",
    "kelurahan",
    "provinsi",
    "dusun",
    "kampung",
    "jalan",
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
    "wib",
    "wita",
    "wit",
    "polres",
    "polsek",
    "polda",
    "dinas",
    "sosial",
    "dinsos",
    "kemensos",
    "kementerian",
    "badan",
    "bpbd",
    "pemkab",
    "pemkot",
    "pemprov",
    "rumah",
    "sakit",
    "rsud",
    "kepala",
    "camat",
    "lurah",
    "bupati",
    "wali",
    "gubernur",
    "menteri",
    "ketua",
    "tim",
    "sar",
    "basarnas",
    "tni",
    "polri",
    "satpol",
    "indonesia",
    "jawa",
    "barat",
    "timur",
    "tengah",
    "selatan",
    "utara",
    "sumatera",
    "sulawesi",
    "kalimantan",
    "nusa",
    "tenggara",
    "papua",
    "maluku",
    "tribunnews",
    "kompas",
    "detikcom",
    "liputan6",
    "antara",
    "okezone",
    "sindonews",
    "merdeka",
    "republika",
    "tempo",
    "jpnn",
    "idn",
    "times",
    "bayi",
    "ibu",
    "nenek",
    "kakek",
    "anak",
    "warga",
    "pak",
    "bu",
    "mak",
    "mbah",
];

/// Province and regency names (every report from there shares them).
fn is_large_region(word: &str) -> bool {
    use std::sync::OnceLock;
    static NAMES: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let g = sigap_core::gazetteer::Gazetteer::embedded();
            g.regions()
                .iter()
                .filter(|r| r.level() <= sigap_core::RegionLevel::Regency)
                .flat_map(|r| {
                    r.name
                        .split_whitespace()
                        .map(str::to_lowercase)
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .contains(word)
}

/// Disaster kinds: texts about one flood or one earthquake in one regency are one incident, told
/// by many reports over days. Each word sets one bit of [`Signature::events`].
const EVENTS: &[(&str, u16)] = &[
    ("banjir", 1),
    ("bandang", 1),
    ("gempa", 2),
    ("tsunami", 2),
    ("likuifaksi", 2),
    ("longsor", 4),
    ("erupsi", 8),
    ("letusan", 8),
    ("kebakaran", 16),
    ("terbakar", 16),
    ("beliung", 32),
    ("kekeringan", 64),
    ("rob", 128),
    ("abrasi", 128),
];

/// Hashes of a list of words, sorted, for [`is_listed`].
fn hashed(list: &[&str]) -> Vec<u64> {
    let mut v: Vec<u64> = list.iter().map(|w| fnv(w.as_bytes())).collect();
    v.sort_unstable();
    v
}

fn is_listed(sorted: &[u64], hash: u64) -> bool {
    sorted.binary_search(&hash).is_ok()
}

/// [`COMMON`] and [`NOT_NAMES`] as sorted hashes (a text looks up every word in them).
fn lists() -> &'static (Vec<u64>, Vec<u64>) {
    static LISTS: std::sync::OnceLock<(Vec<u64>, Vec<u64>)> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| (hashed(COMMON), hashed(NOT_NAMES)))
}

/// Calls `each` with every word of a text, lowercased, and whether it was written capitalised
/// (a name). One buffer serves all words.
fn each_word(text: &str, buffer: &mut String, mut each: impl FnMut(&str, bool)) {
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &text[s..i];
                let mut chars = word.chars();
                let capital =
                    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
                buffer.clear();
                if word.is_ascii() {
                    buffer.push_str(word);
                    buffer.make_ascii_lowercase();
                } else {
                    buffer.push_str(&word.to_lowercase());
                }
                each(buffer, capital);
                start = None;
            }
            _ => {}
        }
    }
}

fn sorted_unique(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Builds the signature of a text. `location` is the regency and province found by
/// [`crate::locate`], `day` the publication date as days since 1970-01-01.
pub fn signature(
    title: Option<&str>,
    text: &str,
    location: Option<(&str, Option<&str>)>,
    day: Option<i64>,
) -> Signature {
    let (common, not_names) = lists();
    let mut hashes: Vec<u64> = Vec::with_capacity(text.len() / 6);
    // The content words, as a MinHash: comparing two long texts costs 32 steps.
    let mut words = vec![u64::MAX; WORD_HASHES];
    let mut title_words = Vec::new();
    let mut names = Vec::new();
    let mut numbers = Vec::new();
    let mut events = 0u16;
    let mut buffer = String::new();
    for (part, in_title) in [(title.unwrap_or(""), true), (text, false)] {
        each_word(part, &mut buffer, |w, capital| {
            let h = fnv(w.as_bytes());
            hashes.push(h);
            let digits = w.bytes().all(|b| b.is_ascii_digit());
            let length = w.chars().count();
            if length >= 4 && !digits && !is_listed(common, h) {
                for (slot, (a, b)) in words.iter_mut().zip(&FAMILY[HASHES..]) {
                    *slot = (*slot).min(h.wrapping_mul(*a).wrapping_add(*b));
                }
                if in_title {
                    title_words.push(h);
                }
            }
            // Names of people and of small places; not the words every report from a region
            // shares (its province and regency, cue words, months, outlets).
            if capital
                && length >= 3
                && !is_listed(common, h)
                && !is_listed(not_names, h)
                && !is_large_region(w)
            {
                names.push(h);
            }
            // Numbers that tell one story from another: ages, counts of victims. Years and
            // single digits are left out (every story has them).
            if digits
                && w.len() >= 2
                && !(w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
            {
                numbers.push(h);
            }
            if let Some((_, bit)) = EVENTS.iter().find(|(e, _)| *e == w) {
                events |= bit;
            }
        });
    }
    // A 3-shingle's hash from its words' hashes (no string is built per shingle).
    let mut minhash = vec![u64::MAX; HASHES];
    for w in hashes.windows(3) {
        let h = w[0].rotate_left(42) ^ w[1].rotate_left(21) ^ w[2];
        for (slot, (a, b)) in minhash.iter_mut().zip(&FAMILY[..HASHES]) {
            *slot = (*slot).min(h.wrapping_mul(*a).wrapping_add(*b));
        }
    }
    let (title_words, names, numbers) = (
        sorted_unique(title_words),
        sorted_unique(names),
        sorted_unique(numbers),
    );
    Signature {
        minhash,
        words,
        title_words,
        names,
        numbers,
        events,
        regency: location.and_then(|(_, r)| r.map(|r| fnv(r.as_bytes()))),
        province: location.map(|(p, _)| fnv(p.as_bytes())),
        day,
    }
}

/// How many values two sorted, deduplicated lists share.
fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The MinHash estimate of the Jaccard similarity of the two texts' 3-shingles.
pub fn wording_similarity(a: &Signature, b: &Signature) -> f32 {
    minhash_similarity(&a.minhash, &b.minhash)
}

/// The MinHash estimate of the Jaccard similarity of the two texts' content words.
pub fn word_similarity(a: &Signature, b: &Signature) -> f32 {
    minhash_similarity(&a.words, &b.words)
}

fn minhash_similarity(a: &[u64], b: &[u64]) -> f32 {
    let equal = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x == y && **x != u64::MAX)
        .count();
    equal as f32 / a.len().max(1) as f32
}

#[cfg(test)]
mod tests;
