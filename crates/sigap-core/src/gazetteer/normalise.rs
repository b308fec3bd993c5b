//! Text normalisation shared by the name index and the query: case, accents, apostrophes,
//! hyphens, dotted abbreviations (`D.I.`, `Kep.`), the cue words that name a level (`Kab.`,
//! `Kec.`, `Ds.`…), and the small edit-distance helpers the typo search needs.

use super::RegionKind;

/// What a hyphen does: joins its two sides (`Muko-Muko` → `mukomuko`) or splits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hyphen {
    Join,
    Split,
}

/// The normalised words of `s`: lower-case ASCII letters and digits. Accents are folded
/// (`é` → `e`), apostrophes vanish (`Ra'as` → `raas`), every other character separates words,
/// runs of single letters merge (`D.I.` → `di`), and a few abbreviations are written out
/// (`Kep.` → `kepulauan`, `Tj.` → `tanjung`, `Kp.` → `kampung`).
pub(crate) fn words(s: &str, hyphen: Hyphen) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in s.chars() {
        match fold(c) {
            Fold::Char(f) => current.push(f),
            Fold::Skip => {}
            Fold::Hyphen if hyphen == Hyphen::Join => {}
            Fold::Hyphen | Fold::Separator => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    merge_single_letters(&mut out);
    for w in &mut out {
        let long = match w.as_str() {
            "kep" => "kepulauan",
            "tj" => "tanjung",
            "kp" => "kampung",
            _ => continue,
        };
        *w = long.to_owned();
    }
    out
}

enum Fold {
    Char(char),
    Skip,
    Hyphen,
    Separator,
}

fn fold(c: char) -> Fold {
    if c.is_ascii_alphanumeric() {
        return Fold::Char(c.to_ascii_lowercase());
    }
    match c {
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' | '"' | '\u{201c}' | '\u{201d}' => {
            Fold::Skip
        }
        '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => Fold::Hyphen,
        _ => {
            let lower = c.to_lowercase().next().unwrap_or(c);
            let folded = match lower {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
                'ç' | 'č' => 'c',
                'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
                'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
                'ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
                'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
                'ý' | 'ÿ' => 'y',
                _ => return Fold::Separator,
            };
            Fold::Char(folded)
        }
    }
}

/// `["d", "i", "yogyakarta"]` → `["di", "yogyakarta"]`; a lone letter (`Jaya I`) stays.
fn merge_single_letters(words: &mut Vec<String>) {
    let single = |w: &String| w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic();
    let mut merged: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && single(&words[j]) {
            j += 1;
        }
        if j - i >= 2 {
            merged.push(words[i..j].concat());
            i = j;
        } else {
            merged.push(std::mem::take(&mut words[i]));
            i += 1;
        }
    }
    *words = merged;
}

/// A word that names a level rather than a place: `Kab.`, `Kota`, `Kec.`, `Ds.`, `Kel.`,
/// `Prov.` and their long forms, `Distrik` (Papua's districts) and `Adm.`/`Administrasi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// The next place is of one of these kinds.
    Kind(&'static [RegionKind]),
    /// `Administrasi`: DKI Jakarta's regency and cities; it only strengthens the cue before it.
    Administrative,
}

const PROVINCE: &[RegionKind] = &[RegionKind::Provinsi];
const REGENCY: &[RegionKind] = &[RegionKind::Kabupaten];
const CITY: &[RegionKind] = &[RegionKind::Kota];
const DISTRICT: &[RegionKind] = &[RegionKind::Kecamatan];
const DESA: &[RegionKind] = &[RegionKind::Desa, RegionKind::DesaAdat];
const KELURAHAN: &[RegionKind] = &[RegionKind::Kelurahan];
const DESA_ADAT: &[RegionKind] = &[RegionKind::DesaAdat];
const ADMIN: &[RegionKind] = &[RegionKind::Kabupaten, RegionKind::Kota];

/// Long cue words, also recognised with one typo.
const LONG_CUES: [(&str, Cue); 7] = [
    ("provinsi", Cue::Kind(PROVINCE)),
    ("propinsi", Cue::Kind(PROVINCE)),
    ("kabupaten", Cue::Kind(REGENCY)),
    ("kotamadya", Cue::Kind(CITY)),
    ("kecamatan", Cue::Kind(DISTRICT)),
    ("kelurahan", Cue::Kind(KELURAHAN)),
    ("administrasi", Cue::Administrative),
];

/// The cue `word` stands for, given the word before it (`desa adat`).
pub(crate) fn cue(word: &str, previous: Option<&str>) -> Option<Cue> {
    let cue = match word {
        "prov" | "province" => Cue::Kind(PROVINCE),
        "kab" | "regency" => Cue::Kind(REGENCY),
        "kota" | "kodya" | "city" => Cue::Kind(CITY),
        "kec" | "distrik" | "district" => Cue::Kind(DISTRICT),
        "ds" | "desa" | "village" => Cue::Kind(DESA),
        "kel" => Cue::Kind(KELURAHAN),
        "adm" => Cue::Administrative,
        "adat" if matches!(previous, Some("desa" | "ds")) => Cue::Kind(DESA_ADAT),
        _ => {
            let long = LONG_CUES.iter().find(|(w, _)| {
                *w == word
                    || (word.len() >= 7 && within(w.as_bytes(), word.as_bytes(), 1).is_some())
            });
            return long.map(|(_, c)| *c);
        }
    };
    Some(cue)
}

impl Cue {
    pub(crate) fn kinds(self) -> &'static [RegionKind] {
        match self {
            Cue::Kind(kinds) => kinds,
            Cue::Administrative => ADMIN,
        }
    }
}

/// A 32-bit summary of which letters and digits occur in a word. Each edit changes at most
/// two bits, so two words within `k` edits differ in at most `2k` bits: a cheap first filter.
pub(crate) fn letter_mask(word: &[u8]) -> u32 {
    word.iter().fold(0u32, |m, &b| m | (1 << mask_bit(b)))
}

fn mask_bit(b: u8) -> u8 {
    match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + (b - b'0') % 6,
        _ => 31,
    }
}

/// The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
/// substitutions and swaps of neighbours each cost one), if it is at most `k`.
pub(crate) fn within(a: &[u8], b: &[u8], k: usize) -> Option<usize> {
    const MAX: usize = 64;
    if a.len().abs_diff(b.len()) > k || a.len() >= MAX || b.len() >= MAX {
        return None;
    }
    let n = b.len();
    // Three rows (two back for the swap), rotated by index rather than copied.
    let mut rows = [[0u8; MAX]; 3];
    for (j, d) in rows[1].iter_mut().enumerate().take(n + 1) {
        *d = j as u8;
    }
    let k8 = k as u8;
    for i in 1..=a.len() {
        let (cur_i, prev_i, before_i) = ((i + 1) % 3, i % 3, (i + 2) % 3);
        rows[cur_i][0] = i as u8;
        let mut row_min = i as u8;
        for j in 1..=n {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let prev = &rows[prev_i];
            let mut d = (prev[j] + 1)
                .min(rows[cur_i][j - 1] + 1)
                .min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before_i][j - 2] + 1);
            }
            rows[cur_i][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > k8 {
            return None;
        }
    }
    let last = rows[(a.len() + 1) % 3][n];
    (last <= k8).then_some(usize::from(last))
}

/// Letter counts, for a filter stronger than [`letter_mask`]: words within `k` edits differ
/// in at most `2k` counted letters.
pub(crate) fn letter_counts(word: &[u8]) -> [i8; 32] {
    let mut counts = [0i8; 32];
    for &b in word {
        let slot = &mut counts[usize::from(mask_bit(b))];
        *slot = slot.saturating_add(1);
    }
    counts
}

/// True when `word` differs from the letter counts `counts` in at most `limit` letters.
pub(crate) fn counts_within(counts: &[i8; 32], word: &[u8], limit: usize) -> bool {
    let mut diff = *counts;
    for &b in word {
        let slot = &mut diff[usize::from(mask_bit(b))];
        *slot = slot.saturating_sub(1);
    }
    diff.iter()
        .map(|d| usize::from(d.unsigned_abs()))
        .sum::<usize>()
        <= limit
}

/// How many typos a query word of this length may carry: one from 5 letters, two from 9.
pub(crate) fn typo_budget(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s, Hyphen::Join)
    }

    #[test]
    fn case_accents_apostrophes_and_punctuation_are_normalised() {
        assert_eq!(w("Kab. BOGOR, Jawa-Barat"), ["kab", "bogor", "jawabarat"]);
        assert_eq!(words("Tojo Una-Una", Hyphen::Split), ["tojo", "una", "una"]);
        assert_eq!(w("Ra'as  Darussa’adah"), ["raas", "darussaadah"]);
        assert_eq!(w("Bélé (Timur)/II"), ["bele", "timur", "ii"]);
    }

    #[test]
    fn dotted_initials_merge_and_abbreviations_are_written_out() {
        assert_eq!(w("D.I. Yogyakarta"), ["di", "yogyakarta"]);
        assert_eq!(w("Kep. Seribu"), ["kepulauan", "seribu"]);
        assert_eq!(w("Tj. Priok"), ["tanjung", "priok"]);
        assert_eq!(w("Sungai Jaya I"), ["sungai", "jaya", "i"]);
    }

    #[test]
    fn cue_words_name_levels_even_with_a_typo() {
        assert_eq!(cue("kab", None), Some(Cue::Kind(REGENCY)));
        assert_eq!(cue("kabupatn", None), Some(Cue::Kind(REGENCY)));
        assert_eq!(cue("adat", Some("desa")), Some(Cue::Kind(DESA_ADAT)));
        assert_eq!(cue("adat", None), None);
        assert_eq!(cue("bogor", None), None);
    }

    #[test]
    fn the_distance_counts_swaps_as_one_edit_and_stops_at_the_bound() {
        assert_eq!(within(b"sukamaju", b"sukamju", 1), Some(1));
        assert_eq!(within(b"sukamaju", b"sukamjau", 1), Some(1));
        assert_eq!(within(b"cibungbulang", b"cibungbulan", 2), Some(1));
        assert_eq!(within(b"bogor", b"bekasi", 2), None);
        assert_eq!(within(b"", b"ab", 2), Some(2));
    }

    #[test]
    fn words_within_k_edits_differ_in_at_most_2k_mask_bits() {
        let d =
            |a: &str, b: &str| (letter_mask(a.as_bytes()) ^ letter_mask(b.as_bytes())).count_ones();
        assert!(d("sukamaju", "sukamaxu") <= 2);
        assert!(d("sukamaju", "sukamju") <= 2);
        let c = letter_counts(b"sukamaju");
        assert!(counts_within(&c, b"sukamju", 2));
        assert!(counts_within(&c, b"sukamaxu", 2));
        assert!(
            !counts_within(&c, b"kumasaju", 2) || within(b"sukamaju", b"kumasaju", 1).is_none()
        );
        assert!(!counts_within(&c, b"bogor", 4));
    }
}
