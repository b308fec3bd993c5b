//! Designed group features on top of the words: a text that has any word or pair of a group's
//! list (`data/lexicon/groups.tsv`) gets the feature `#g:<group>`, `#g2:<group>` when they
//! occur at least twice, and `#gg:<group>+<group>` for each two groups whose lists occur; every
//! head may use the first, all but urgency the others. The
//! lists are written as words; they are turned into the feature names of
//! [`crate::classify::features`] (stems, and pairs of stems) once, so that a word's groups are
//! found by the same look-up as its weights.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use sigap_core::Category;

use crate::{
    lexicon, normalise,
    stem::stem,
    tokens::{TokenKind, tokenise},
};

/// Feature name → the groups whose list has it, as a bit set: bit `k` is `Category::ALL[k]`.
pub static GROUPS: LazyLock<FxHashMap<String, u16>> = LazyLock::new(|| {
    let mut groups: FxHashMap<String, u16> = FxHashMap::default();
    for line in lexicon::entries(lexicon::GROUPS) {
        let Some((name, words)) = line.split_once('\t') else {
            continue;
        };
        let k = Category::ALL
            .iter()
            .position(|c| c.as_str() == name.trim())
            .unwrap_or_else(|| panic!("groups.tsv: {name} is not a category"));
        for w in words.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            *groups.entry(feature_name(w)).or_default() |= 1 << k;
        }
    }
    groups
});

/// The name of the group feature of `Category::ALL[k]`.
pub fn group_feature(k: usize) -> String {
    format!("#g:{}", Category::ALL[k].as_str())
}

/// The name of the feature of `Category::ALL[k]` whose list's words occur at least twice.
pub fn strong_group_feature(k: usize) -> String {
    format!("#g2:{}", Category::ALL[k].as_str())
}

/// The name of the feature of two groups `k < l` whose lists both occur.
pub fn pair_group_feature(k: usize, l: usize) -> String {
    format!(
        "#gg:{}+{}",
        Category::ALL[k].as_str(),
        Category::ALL[l].as_str()
    )
}

/// Whether a feature is for the actionable and category heads only, not for urgency: the
/// "twice" and pair group features, which lowered cross-validated urgency.
pub fn is_category_only(name: &str) -> bool {
    name.starts_with("#g2:") || name.starts_with("#gg:")
}

/// The feature name of a listed word or two-word phrase: the stem of the word or the pair of
/// stems, as [`crate::classify::features`] names them.
/// Panics on a phrase that is not one or two content words (a list error, caught by the tests).
fn feature_name(phrase: &str) -> String {
    let clean = normalise::clean(phrase);
    let stems: Vec<String> = tokenise(&clean)
        .iter()
        .filter(|t| t.kind == TokenKind::Word && !lexicon::is_stopword(t.text))
        .map(|t| stem(t.text).into_owned())
        .collect();
    assert!(
        (1..=2).contains(&stems.len()),
        "{phrase:?} is not one or two content words: {stems:?}"
    );
    stems.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_is_one_or_two_content_words_and_every_group_has_a_list() {
        let groups = &*GROUPS;
        assert!(groups.len() > 100, "{}", groups.len());
        for k in 0..Category::ALL.len() {
            assert!(
                groups.values().any(|g| g & (1 << k) != 0),
                "{}",
                Category::ALL[k].as_str()
            );
        }
        // Stems and pairs of stems, as the features name them.
        assert_ne!(groups["aniaya"], 0);
        assert_ne!(groups["nasi aking"], 0);
        assert!(!groups.contains_key("dianiaya"));
    }
}
