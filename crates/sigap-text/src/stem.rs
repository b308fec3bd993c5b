//! Stemming: the Snowball Indonesian stemmer (crate `frostem`), held back from the words in the
//! project's no-stem lists, whose stems would merge distinct meanings (`kekerasan` → *keras*,
//! `Kediri` → *diri*).

use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};

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
    fn empty_and_short_words_pass_through() {
        assert_eq!(stem(""), "");
        assert_eq!(stem("di"), "di");
    }
}
