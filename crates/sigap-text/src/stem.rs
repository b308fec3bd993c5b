//! Stemming: the Snowball Indonesian stemmer (crate `frostem`), held back from the words in the
//! project's no-stem lists, whose stems would merge distinct meanings (`kekerasan` → *keras*,
//! `Kediri` → *diri*).

use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::lexicon;

/// Clitics the stemmer strips and that may hang on a protected word (`kekerasannya`).
const CLITICS: [&str; 6] = ["nya", "lah", "kah", "pun", "ku", "mu"];

/// The stem of one lowercase word: borrowed when nothing changes (no allocation), the word itself
/// when it is in `data/lexicon/no-stem.txt` or `no-stem-places.txt`, the word without its clitic
/// when that is protected (`penyandangnya` → `penyandang`), else the Snowball Indonesian stem.
pub fn stem(word: &str) -> Cow<'_, str> {
    if lexicon::is_no_stem(word) {
        return Cow::Borrowed(word);
    }
    for clitic in CLITICS {
        if let Some(base) = word.strip_suffix(clitic)
            && lexicon::is_no_stem(base)
        {
            return Cow::Borrowed(base);
        }
    }
    Stemmer::new(Algorithm::Indonesian).stem(word)
}

/// How many words a [`Stems`] memo holds before it starts afresh: a few MiB at most, and far
/// more than the distinct words of a batch of news texts.
const MEMO_LIMIT: usize = 100_000;

/// [`stem`] with a memo, for a loop over many texts. News texts repeat a small vocabulary, and
/// one hash look-up is several times cheaper than the no-stem checks and the Snowball suffix
/// rules. Stemming is a pure function, so the memo never changes a result.
#[derive(Debug, Default)]
pub struct Stems {
    /// Word → index of its stem in `stems`; one look-up on a hit.
    index: FxHashMap<Box<str>, u32>,
    stems: Vec<Box<str>>,
}

impl Stems {
    /// The stem of one lowercase word, as [`stem`] gives it.
    pub fn get(&mut self, word: &str) -> &str {
        if let Some(&i) = self.index.get(word) {
            return &self.stems[i as usize];
        }
        if self.stems.len() >= MEMO_LIMIT {
            self.index.clear();
            self.stems.clear();
        }
        let i = self.stems.len();
        self.stems.push(stem(word).into());
        self.index.insert(word.into(), i as u32);
        &self.stems[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixed_forms_of_one_root_share_a_stem() {
        for (word, root) in [
            ("dipasung", "pasung"),
            ("pemasungan", "pasung"),
            ("pengungsi", "ungsi"),
            ("mengungsi", "ungsi"),
            ("pengungsian", "ungsi"),
            ("kelaparan", "lapar"),
            ("penganiayaan", "aniaya"),
            ("dianiaya", "aniaya"),
            ("gelandangan", "gelandang"),
            ("anaknya", "anak"),
            ("ditelantarkan", "telantar"),
            ("kebanjiran", "banjir"),
        ] {
            assert_eq!(stem(word), root, "{word}");
        }
    }

    #[test]
    fn protected_domain_words_are_not_stemmed() {
        for word in [
            "lansia",
            "disabilitas",
            "penyandang",
            "kekerasan",
            "perdagangan",
            "kemiskinan",
            "pemerintah",
            "ketua",
            "sekolah",
        ] {
            assert_eq!(stem(word), word, "{word}");
        }
    }

    #[test]
    fn a_protected_word_with_a_clitic_loses_only_the_clitic() {
        assert_eq!(stem("kekerasannya"), "kekerasan");
        assert_eq!(stem("sekolahnya"), "sekolah");
    }

    #[test]
    fn place_names_never_become_common_words() {
        for place in [
            "kediri",
            "maluku",
            "kuningan",
            "pesisir",
            "mentawai",
            "pekalongan",
        ] {
            assert_eq!(stem(place), place, "{place}");
        }
    }

    #[test]
    fn an_unchanged_word_is_borrowed_not_copied() {
        assert!(matches!(stem("banjir"), Cow::Borrowed("banjir")));
        assert!(matches!(stem("lansia"), Cow::Borrowed("lansia")));
    }

    #[test]
    fn the_memo_gives_what_the_stemmer_gives_even_after_it_starts_afresh() {
        let words = [
            "dipasung",
            "kekerasannya",
            "lansia",
            "banjir",
            "",
            "di",
            "pengungsian",
        ];
        let mut stems = Stems::default();
        for _ in 0..2 {
            for word in words {
                assert_eq!(stems.get(word), stem(word), "{word}");
            }
        }
        for n in 0..MEMO_LIMIT + 10 {
            stems.get(&format!("kata{n}"));
        }
        assert!(stems.stems.len() <= MEMO_LIMIT);
        for word in words {
            assert_eq!(stems.get(word), stem(word), "{word}");
        }
    }

    #[test]
    fn empty_and_short_words_pass_through() {
        assert_eq!(stem(""), "");
        assert_eq!(stem("di"), "di");
    }
}
