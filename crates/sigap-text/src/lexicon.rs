//! The project's word lists in `data/lexicon/`: slang, stop words, words the stemmer must not touch
//! and lexicalised reduplications. Embedded at build time, parsed once on first use, looked up
//! without allocating.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

const SLANG: &str = include_str!("../../../data/lexicon/slang.tsv");
const STOPWORDS: &str = include_str!("../../../data/lexicon/stopwords.txt");
const NO_STEM: &str = include_str!("../../../data/lexicon/no-stem.txt");
const NO_STEM_PLACES: &str = include_str!("../../../data/lexicon/no-stem-places.txt");
const REDUPLICATION: &str = include_str!("../../../data/lexicon/reduplication.txt");
/// The designed word lists of the nine groups (`group<TAB>word, word pair, ...`), read by
/// [`crate::groups`].
pub(crate) const GROUPS: &str = include_str!("../../../data/lexicon/groups.tsv");

/// Words in the lists are short ASCII, so rustc's multiply-rotate hash (FxHash) is much faster
/// than SipHash here; the keys are our own, so there is no flooding to defend against.
type WordSet = FxHashSet<&'static str>;
type WordMap = FxHashMap<&'static str, &'static str>;

/// The meaningful lines of a list: comments (from `#`) and surrounding blanks removed.
pub(crate) fn entries(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines()
        .map(|line| {
            line.split_once('#')
                .map_or(line, |(before, _)| before)
                .trim()
        })
        .filter(|line| !line.is_empty())
}

fn word_set(files: &[&'static str]) -> WordSet {
    files.iter().flat_map(|file| entries(file)).collect()
}

static SLANG_MAP: LazyLock<WordMap> = LazyLock::new(|| {
    entries(SLANG)
        .filter_map(|line| line.split_once('\t'))
        .map(|(slang, standard)| (slang.trim(), standard.trim()))
        .collect()
});
static SLANG_MAX_LEN: LazyLock<usize> =
    LazyLock::new(|| SLANG_MAP.keys().map(|key| key.len()).max().unwrap_or(0));
static STOPWORD_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(&[STOPWORDS]));
static NO_STEM_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(&[NO_STEM, NO_STEM_PLACES]));
static REDUPLICATION_SET: LazyLock<WordSet> = LazyLock::new(|| word_set(&[REDUPLICATION]));

/// The standard form of an abbreviation or slang word (`yg` → `yang`, `dll` → `dan lain-lain`),
/// from `data/lexicon/slang.tsv`. The standard form may be several words separated by one space.
/// `word` must already be lowercase, as [`crate::normalise::clean`] leaves it.
pub fn slang(word: &str) -> Option<&'static str> {
    if word.len() > *SLANG_MAX_LEN {
        return None;
    }
    SLANG_MAP.get(word).copied()
}

/// Whether `word` is an Indonesian function word with no evidence of its own
/// (`data/lexicon/stopwords.txt`). Negations, aspect words and first-person pronouns are not.
pub fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

/// Whether the stemmer must leave `word` as it is (`data/lexicon/no-stem.txt` and
/// `no-stem-places.txt`).
pub fn is_no_stem(word: &str) -> bool {
    NO_STEM_SET.contains(word)
}

/// Whether a hyphenated doubled word is lexicalised (`rata-rata`, `undang-undang`) and must be
/// kept whole rather than read as "many of the base word" (`data/lexicon/reduplication.txt`).
pub fn is_lexical_reduplication(word: &str) -> bool {
    REDUPLICATION_SET.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list: lowercase, no inner whitespace except in the standard side of slang, unique.
    fn assert_well_formed(name: &str, file: &'static str, tab_separated: bool) {
        let mut seen = std::collections::HashSet::new();
        for line in entries(file) {
            let key = if tab_separated {
                let (key, standard) = line
                    .split_once('\t')
                    .unwrap_or_else(|| panic!("{name}: no tab in {line:?}"));
                assert!(
                    !standard.trim().is_empty(),
                    "{name}: empty standard form in {line:?}"
                );
                assert!(
                    !standard.contains("  ") && standard == standard.trim(),
                    "{name}: stray spaces in {line:?}"
                );
                assert_eq!(standard, standard.to_lowercase(), "{name}: {line:?}");
                key
            } else {
                line
            };
            assert!(
                !key.contains(char::is_whitespace),
                "{name}: whitespace in {key:?}"
            );
            assert_eq!(key, key.to_lowercase(), "{name}: {key:?} is not lowercase");
            assert!(seen.insert(key), "{name}: {key:?} is listed twice");
        }
        assert!(!seen.is_empty(), "{name} is empty");
    }

    #[test]
    fn every_word_list_is_lowercase_unique_and_well_formed() {
        assert_well_formed("slang.tsv", SLANG, true);
        assert_well_formed("stopwords.txt", STOPWORDS, false);
        assert_well_formed("no-stem.txt", NO_STEM, false);
        assert_well_formed("no-stem-places.txt", NO_STEM_PLACES, false);
        assert_well_formed("reduplication.txt", REDUPLICATION, false);
        assert_well_formed("groups.tsv", GROUPS, true);
    }

    #[test]
    fn the_slang_list_has_at_least_sixty_entries_and_expands_the_common_ones() {
        assert!(
            SLANG_MAP.len() >= 60,
            "only {} slang entries",
            SLANG_MAP.len()
        );
        for (slang_word, standard) in [
            ("yg", "yang"),
            ("tdk", "tidak"),
            ("gak", "tidak"),
            ("ga", "tidak"),
            ("nggak", "tidak"),
            ("enggak", "tidak"),
            ("dgn", "dengan"),
            ("sdh", "sudah"),
            ("udah", "sudah"),
            ("utk", "untuk"),
            ("bgt", "banget"),
            ("org", "orang"),
            ("kpd", "kepada"),
            ("krn", "karena"),
            ("dr", "dari"),
            ("sm", "sama"),
            ("blm", "belum"),
            ("jg", "juga"),
            ("tp", "tapi"),
            ("aja", "saja"),
            ("bs", "bisa"),
            ("lg", "lagi"),
            ("dll", "dan lain-lain"),
        ] {
            assert_eq!(slang(slang_word), Some(standard), "{slang_word}");
        }
        assert_eq!(slang("nenek"), None);
    }

    #[test]
    fn stop_words_are_function_words_and_spare_negation_aspect_and_the_first_person() {
        assert!(
            STOPWORD_SET.len() >= 150,
            "only {} stop words",
            STOPWORD_SET.len()
        );
        for word in ["yang", "dan", "di", "ke", "dari", "tersebut", "adalah"] {
            assert!(is_stopword(word), "{word}");
        }
        for word in [
            "tidak", "belum", "bukan", "sudah", "telah", "masih", "saya", "kami", "seorang",
            "sendiri", "anak", "lansia",
        ] {
            assert!(!is_stopword(word), "{word}");
        }
    }

    #[test]
    fn a_stop_word_is_never_also_a_slang_key() {
        // A stop word would be expanded before it could be dropped; keep the lists apart.
        for word in STOPWORD_SET.iter() {
            assert!(
                slang(word).is_none(),
                "{word} is both a stop word and slang"
            );
        }
    }

    #[test]
    fn the_no_stem_lists_hold_domain_words_and_place_names() {
        for word in [
            "penyandang",
            "kekerasan",
            "disabilitas",
            "kediri",
            "maluku",
            "kuningan",
        ] {
            assert!(is_no_stem(word), "{word}");
        }
        assert!(!is_no_stem("pengungsian"));
    }

    #[test]
    fn lexicalised_reduplications_are_known() {
        assert!(is_lexical_reduplication("rata-rata"));
        assert!(is_lexical_reduplication("laki-laki"));
        assert!(!is_lexical_reduplication("anak-anak"));
    }
}
