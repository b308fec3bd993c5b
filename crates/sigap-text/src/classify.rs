//! The decisions: is a text actionable, which of the nine groups is it about, and how urgent is
//! it. Each is a logistic-regression head over the same sparse features (words, word pairs, a
//! few designed cues and the group word lists of [`crate::groups`]), trained from the labelled
//! corpus — not hand-tuned — and able to say which features weighed most.

use std::{cell::RefCell, collections::HashMap, hash::BuildHasher};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sigap_core::Category;

use crate::{
    groups, lexicon, normalise,
    stem::Stems,
    tokens::{TokenKind, tokenise},
};

/// The model file's format version; a model of another version is refused.
pub const MODEL_VERSION: u32 = 4;

/// One labelled text for training.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub actionable: bool,
    pub categories: Vec<Category>,
    /// `Some(true)` for urgent actionable texts, `Some(false)` for normal ones.
    pub urgent: Option<bool>,
    /// The incident the text reports: the texts of one incident stay in one fold of the
    /// cross-validation that sets the decision thresholds.
    pub cluster: String,
}

/// A trained model: a vocabulary and one weight vector per head.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub version: u32,
    /// Written in name order, so that a retrained model diffs cleanly. Hashed with FxHash: a
    /// text's few hundred features are each looked up here, and the names are the model's own.
    #[serde(serialize_with = "sorted")]
    pub vocabulary: FxHashMap<String, u32>,
    pub heads: Vec<Head>,
    /// The duplicate-pair score, trained from the labelled incident clusters (`sigap train` adds
    /// it; a model without it groups nothing).
    #[serde(default)]
    pub duplicate: Option<crate::dedup::PairModel>,
    /// The tables of [`Model::decide`], built from the above on the first decision (so also for
    /// a model deserialised or changed by hand before it decides; a change after the first
    /// decision is not seen).
    #[serde(skip)]
    fast: std::sync::OnceLock<Fast>,
}

/// What deciding needs, laid out for it: one hash look-up per feature name gives its index and
/// its groups, and one row of `weights` gives its weight in every head.
#[derive(Debug, Clone, Default)]
struct Fast {
    /// Feature name → index in the vocabulary (`u32::MAX` for a listed word that is not in it)
    /// and the groups whose list has it (bit `k`: `Category::ALL[k]`).
    lookup: FxHashMap<Box<str>, (u32, u16)>,
    /// Feature-major: the weight of feature `i` in head `h` at `i * heads + h`.
    weights: Vec<f32>,
    heads: usize,
    /// Vocabulary index of each group feature and each "twice" group feature, in
    /// `Category::ALL` order.
    group_index: Vec<Option<u32>>,
    strong_index: Vec<Option<u32>>,
    pair_index: Vec<Option<u32>>,
    /// Position in `heads` of the actionable head, each category's head and the urgency head.
    actionable: Option<usize>,
    categories: Vec<Option<usize>>,
    urgency: Option<usize>,
    /// Feature names by index, for explanations.
    names: Vec<Box<str>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Head {
    /// `actionable`, `urgency` or a category slug.
    pub name: String,
    pub bias: f32,
    /// Sparse: feature index and weight, for features whose weight matters.
    pub weights: Vec<(u32, f32)>,
    /// The score from which the head says yes, chosen by cross-validation on the training split.
    #[serde(default = "half")]
    pub threshold: f32,
}

fn half() -> f32 {
    0.5
}

/// What the model says about a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub actionable: bool,
    pub actionable_score: f32,
    pub categories: Vec<Category>,
    /// `None` when not actionable.
    pub urgent: Option<bool>,
    /// The features that pushed the actionable decision most, with their contribution.
    pub explain: Vec<(String, f32)>,
    /// For each category decided, the features that pushed it towards yes most (in the order
    /// of `categories`).
    pub explain_categories: Vec<(Category, Vec<(String, f32)>)>,
    /// For an actionable text, the features that pushed the urgency head most towards what it
    /// decided: towards `high` (positive) for an urgent text, towards `normal` (negative)
    /// otherwise. Empty when not actionable.
    pub explain_urgency: Vec<(String, f32)>,
}

/// How many terms explain each category and the urgency decision (the actionable decision
/// keeps eight).
const EXPLAIN_TERMS: usize = 5;

/// Which of a head's weights explain a decision: those that pushed either way (the actionable
/// decision), towards yes (a category, a `high` urgency) or towards no (a `normal` urgency).
#[derive(Clone, Copy)]
enum Side {
    Either,
    Yes,
    No,
}

/// Whether a labelled text belongs to the held-out split that training never sees: a fixed
/// quarter of the duplicate clusters, so that no incident is on both sides.
pub fn is_held_out(cluster: &str) -> bool {
    crate::dedup::fnv(cluster.as_bytes()).is_multiple_of(4)
}

/// Which of the four cross-validation folds of the training split an incident falls in (bits
/// of the same hash as [`is_held_out`] that the split does not use).
pub(crate) fn fold_of(cluster: &str) -> u64 {
    (crate::dedup::fnv(cluster.as_bytes()) >> 8) % 4
}

/// Stems, pairs of stems and designed cues of a text, as feature names: the text is cleaned
/// (boilerplate, case, slang) and tokenised first; stop words are dropped; an age becomes an
/// age band (`#age:lansia` from 60, `#age:anak` under 18), a number the word it counts. Then the
/// group features of [`crate::groups`]: `#g:anak` when a word or pair of the anak list occurs,
/// `#g2:anak` when they occur at least twice (the same one repeated or two of them), and
/// `#gg:anak+korban_kekerasan` when the lists of both groups occur.
pub fn features(text: &str) -> Vec<String> {
    let lists = &*groups::GROUPS;
    let mut out = Vec::new();
    let mut bits = 0u16;
    let mut twice = 0u16;
    each_feature(text, |name| {
        if let Some(g) = lists.get(name) {
            twice |= bits & g;
            bits |= g;
        }
        out.push(name.to_owned());
    });
    out.extend(group_features(bits, twice).map(|f| match f {
        GroupFeature::Any(k) => groups::group_feature(k),
        GroupFeature::Twice(k) => groups::strong_group_feature(k),
        GroupFeature::Pair(k, l) => groups::pair_group_feature(k, l),
    }));
    out.sort();
    out.dedup();
    out
}

/// The positions of the set bits of `bits`.
fn set_bits(bits: u16) -> impl Iterator<Item = usize> {
    (0..16).filter(move |k| bits & (1 << k) != 0)
}

/// A feature derived from the groups whose lists a text has: `#g:` (any word), `#g2:` (two
/// or more), `#gg:` (two groups, `k < l`).
enum GroupFeature {
    Any(usize),
    Twice(usize),
    Pair(usize, usize),
}

/// The group features of a text whose words hit the groups of `bits`, those of `twice` at
/// least twice: the one derivation for training (names) and deciding (indices).
fn group_features(bits: u16, twice: u16) -> impl Iterator<Item = GroupFeature> {
    let pairs = set_bits(bits)
        .flat_map(move |k| set_bits(bits).filter(move |l| *l > k).map(move |l| (k, l)));
    set_bits(bits)
        .map(GroupFeature::Any)
        .chain(set_bits(twice).map(GroupFeature::Twice))
        .chain(pairs.map(|(k, l)| GroupFeature::Pair(k, l)))
}

thread_local! {
    /// One stem memo per thread: the analyser runs one batch per thread, and words repeat
    /// across the texts of a batch far more than within one.
    static STEMS: RefCell<Stems> = RefCell::new(Stems::default());
}

/// Calls `emit` with each word feature name of [`features`] (not the group features), in text
/// order and with repeats. The names are built in one reused buffer, so a caller that only looks
/// them up (as [`Model::decide`] does) allocates nothing per feature.
fn each_feature(text: &str, mut emit: impl FnMut(&str)) {
    let clean = normalise::clean(text);
    let tokens = tokenise(&clean);
    let mut name = String::new();
    // The stem of the word before, when it can start a pair.
    let mut previous = String::new();
    let mut has_previous = false;
    STEMS.with_borrow_mut(|stems| {
        for (i, t) in tokens.iter().enumerate() {
            match t.kind {
                TokenKind::Age(age) => {
                    emit(match age {
                        0..=4 => "#age:balita",
                        5..=17 => "#age:anak",
                        18..=59 => "#age:dewasa",
                        _ => "#age:lansia",
                    });
                    has_previous = false;
                }
                TokenKind::Number => {
                    if let Some(next) = tokens.get(i + 1).filter(|n| n.is_word()) {
                        name.clear();
                        name.push_str("#num ");
                        name.push_str(stems.get(next.text));
                        emit(&name);
                    }
                    has_previous = false;
                }
                TokenKind::Word => {
                    if lexicon::is_stopword(t.text) {
                        has_previous = false;
                        continue;
                    }
                    let s = stems.get(t.text);
                    if has_previous {
                        name.clear();
                        name.push_str(&previous);
                        name.push(' ');
                        name.push_str(s);
                        emit(&name);
                    }
                    emit(s);
                    previous.clear();
                    previous.push_str(s);
                    has_previous = true;
                }
            }
        }
    });
}

pub(crate) fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

struct Dense {
    bias: f32,
    w: Vec<f32>,
}

/// The decision threshold of a head, by 4-fold cross-validation: each fold is scored by a head
/// trained without it, and the threshold that serves the pooled scores best wins — F1 of the yes
/// class for a label that is rarely yes, accuracy for urgency (both classes matter there).
/// Searched between 0.2 and 0.8; 0.5 when a fold has nothing to learn from.
fn cross_validated_threshold(
    rows: &[(Vec<u32>, bool)],
    fold: &[u64],
    dims: usize,
    by_accuracy: bool,
    epochs: usize,
) -> f32 {
    let mut scored: Vec<(f32, bool)> = Vec::with_capacity(rows.len());
    for k in 0..4 {
        let inside: Vec<(Vec<u32>, bool)> = rows
            .iter()
            .zip(fold)
            .filter(|(_, f)| **f != k)
            .map(|(r, _)| r.clone())
            .collect();
        if !inside.iter().any(|r| r.1) {
            return 0.5;
        }
        let d = train_head(&inside, dims, epochs);
        scored.extend(
            rows.iter()
                .zip(fold)
                .filter(|(_, f)| **f == k)
                .map(|((x, y), _)| {
                    (
                        sigmoid(d.bias + x.iter().map(|&i| d.w[i as usize]).sum::<f32>()),
                        *y,
                    )
                }),
        );
    }
    let mut best = (f64::MIN, 0.5f32);
    for step in 0..=30 {
        let t = 0.2 + step as f32 * 0.02;
        let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
        for (p, y) in &scored {
            match (*p >= t, *y) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => tn += 1,
            }
        }
        let value = if by_accuracy {
            (tp + tn) as f64 / scored.len().max(1) as f64
        } else {
            2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64
        };
        // Ties go to the threshold nearest 0.5 (searched outward from the lower end, so
        // compare distances).
        if value > best.0 + 1e-9
            || ((value - best.0).abs() <= 1e-9 && (t - 0.5).abs() < (best.1 - 0.5).abs())
        {
            best = (value, t);
        }
    }
    best.1
}

/// Passes over the training texts for a head, chosen by the cross-validation of
/// [`cross_validate`] among 30, 60 and 120 (docs/PERFORMANCE.md): the actionable and category
/// heads gain from a second 30 (micro-F1 0.766 → 0.783), the urgency head does not (0.740 at 60
/// for all heads, 0.772 when it keeps 30).
fn epochs_of(head: &str) -> usize {
    if head == "urgency" { 30 } else { 60 }
}

/// The orders in which training visits the texts: stochastic training depends on the order, and
/// one order alone made the heads unstable (the same texts in another order moved cross-validated
/// urgency by 0.025), so a head is the average of the heads trained in these seven orders (each a
/// stride through the texts by a prime), which is still one
/// linear head. Chosen by cross-validation among 1, 3, 5 and 7 orders (docs/PERFORMANCE.md).
const ORDERS: [usize; 7] = [7919, 6271, 4999, 3571, 2749, 1237, 977];

fn train_head(rows: &[(Vec<u32>, bool)], dims: usize, epochs: usize) -> Dense {
    let mut mean = Dense {
        bias: 0.0,
        w: vec![0.0; dims],
    };
    let share = 1.0 / ORDERS.len() as f32;
    for (k, &stride) in ORDERS.iter().enumerate() {
        // A stride that divides the number of texts would not visit them all.
        let stride = if rows.len().is_multiple_of(stride) {
            1
        } else {
            stride
        };
        let d = train_in_order(rows, dims, epochs, stride, k * 31);
        mean.bias += d.bias * share;
        for (m, w) in mean.w.iter_mut().zip(&d.w) {
            *m += w * share;
        }
    }
    mean
}

/// One AdaGrad head, visiting text `(k · stride + epoch · 104,729 + shift) mod n` at step `k`.
fn train_in_order(
    rows: &[(Vec<u32>, bool)],
    dims: usize,
    epochs: usize,
    stride: usize,
    shift: usize,
) -> Dense {
    // AdaGrad logistic regression with L2, positives weighted by class balance.
    let mut d = Dense {
        bias: 0.0,
        w: vec![0.0; dims],
    };
    let mut g2 = vec![1e-6f32; dims];
    let mut gb = 1e-6f32;
    let positives = rows.iter().filter(|r| r.1).count().max(1) as f32;
    let negatives = (rows.len() as f32 - positives).max(1.0);
    let pos_weight = (negatives / positives).sqrt().clamp(1.0, 3.0);
    let (rate, l2) = (0.5f32, 1e-2f32);
    for epoch in 0..epochs {
        // A fixed, epoch-dependent order: training is repeatable.
        let n = rows.len();
        for k in 0..n {
            let (x, y) = &rows[(k * stride + epoch * 104_729 + shift) % n];
            let z = d.bias + x.iter().map(|&i| d.w[i as usize]).sum::<f32>();
            let p = sigmoid(z);
            let weight = if *y { pos_weight } else { 1.0 };
            let g = (p - f32::from(u8::from(*y))) * weight;
            gb += g * g;
            d.bias -= rate * g / gb.sqrt();
            for &i in x {
                let i = i as usize;
                let gi = g + l2 * d.w[i];
                g2[i] += gi * gi;
                d.w[i] -= rate * gi / g2[i].sqrt();
            }
        }
    }
    d
}

fn sorted<S: serde::Serializer, H: BuildHasher>(
    map: &HashMap<String, u32, H>,
    s: S,
) -> Result<S::Ok, S::Error> {
    map.iter()
        .collect::<std::collections::BTreeMap<_, _>>()
        .serialize(s)
}

/// The model shipped in `data/model/sigap-model.json`, trained by `sigap train`.
pub const EMBEDDED_MODEL: &str = include_str!("../../../data/model/sigap-model.json");

/// Why a model file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("the model file is not valid: {0}")]
    Invalid(#[from] serde_json::Error),
    #[error("the model file has format version {found}; this Sigap reads version {MODEL_VERSION}")]
    Version { found: u32 },
    #[error(transparent)]
    Duplicate(#[from] crate::dedup::FeatureMismatch),
}

impl Model {
    /// Reads a model file, refusing another format version.
    pub fn from_json(json: &str) -> Result<Model, ModelError> {
        let mut model: Model = serde_json::from_str(json)?;
        if model.version != MODEL_VERSION {
            return Err(ModelError::Version {
                found: model.version,
            });
        }
        if let Some(d) = &model.duplicate {
            d.check()?;
        }
        for head in &mut model.heads {
            head.weights.sort_unstable_by_key(|(i, _)| *i);
        }
        Ok(model)
    }

    /// The shipped model, parsed once.
    pub fn embedded() -> Result<&'static Model, &'static ModelError> {
        static MODEL: std::sync::OnceLock<Result<Model, ModelError>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| Model::from_json(EMBEDDED_MODEL))
            .as_ref()
    }

    /// Trains every head from labelled examples. Words seen in fewer than two texts are left out.
    pub fn train(examples: &[Example]) -> Model {
        let feats: Vec<Vec<String>> = examples.iter().map(|e| features(&e.text)).collect();
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for f in &feats {
            for name in f {
                *counts.entry(name.as_str()).or_default() += 1;
            }
        }
        let mut names: Vec<&str> = counts
            .iter()
            .filter(|(_, c)| **c >= 2)
            .map(|(n, _)| *n)
            .collect();
        names.sort_unstable();
        let vocabulary: FxHashMap<String, u32> = names
            .iter()
            .enumerate()
            .map(|(i, n)| ((*n).to_owned(), i as u32))
            .collect();
        let rows: Vec<Vec<u32>> = feats
            .iter()
            .map(|f| {
                f.iter()
                    .filter_map(|n| vocabulary.get(n).copied())
                    .collect()
            })
            .collect();
        let dims = vocabulary.len();
        let mut heads = Vec::new();
        let folds: Vec<u64> = examples
            .iter()
            .enumerate()
            .map(|(i, e)| match e.cluster.as_str() {
                "" => i as u64 % 4,
                c => fold_of(c),
            })
            .collect();
        let mut fit = |name: &str, labels: Vec<(Vec<u32>, bool)>, fold: Vec<u64>| {
            let epochs = epochs_of(name);
            let d = train_head(&labels, dims, epochs);
            let threshold =
                cross_validated_threshold(&labels, &fold, dims, name == "urgency", epochs);
            heads.push(Head {
                name: name.to_owned(),
                threshold,
                bias: d.bias,
                weights: d
                    .w
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| w.abs() > 1e-3)
                    .map(|(i, w)| (i as u32, *w))
                    .collect(),
            });
        };
        fit(
            "actionable",
            rows.iter()
                .cloned()
                .zip(examples.iter().map(|e| e.actionable))
                .collect(),
            folds.clone(),
        );
        for c in Category::ALL {
            fit(
                c.as_str(),
                rows.iter()
                    .cloned()
                    .zip(examples.iter().map(|e| e.categories.contains(c)))
                    .collect(),
                folds.clone(),
            );
        }
        let (urgent, urgent_folds): (Vec<(Vec<u32>, bool)>, Vec<u64>) = rows
            .iter()
            .zip(examples)
            .zip(&folds)
            // The "twice" and pair group features are left out of the urgency head: with them
            // its cross-validated accuracy fell (docs/PERFORMANCE.md), without them it is
            // unchanged within noise.
            .filter_map(|((r, e), f)| {
                e.urgent.map(|u| {
                    let r: Vec<u32> = r
                        .iter()
                        .copied()
                        .filter(|&i| !groups::is_category_only(names[i as usize]))
                        .collect();
                    ((r, u), *f)
                })
            })
            .unzip();
        fit("urgency", urgent, urgent_folds);
        Model {
            version: MODEL_VERSION,
            vocabulary,
            heads,
            duplicate: None,
            fast: std::sync::OnceLock::new(),
        }
    }

    /// The tables of [`Model::decide`], built once.
    fn fast(&self) -> &Fast {
        self.fast.get_or_init(|| self.build_fast())
    }

    /// Builds the tables of [`Model::decide`] from the vocabulary and the heads.
    fn build_fast(&self) -> Fast {
        let dims = self.vocabulary.len();
        let h = self.heads.len();
        let mut weights = vec![0.0f32; dims * h];
        for (k, head) in self.heads.iter().enumerate() {
            for &(i, w) in &head.weights {
                if let Some(cell) = weights.get_mut(i as usize * h + k) {
                    *cell = w;
                }
            }
        }
        let mut lookup: FxHashMap<Box<str>, (u32, u16)> = self
            .vocabulary
            .iter()
            .map(|(n, &i)| (n.as_str().into(), (i, 0)))
            .collect();
        for (n, &g) in groups::GROUPS.iter() {
            lookup.entry(n.as_str().into()).or_insert((u32::MAX, 0)).1 = g;
        }
        let mut names = vec![Box::<str>::from(""); dims];
        for (n, &i) in &self.vocabulary {
            if let Some(slot) = names.get_mut(i as usize) {
                *slot = n.as_str().into();
            }
        }
        let position = |name: &str| self.heads.iter().position(|x| x.name == name);
        Fast {
            lookup,
            weights,
            heads: h,
            group_index: (0..Category::ALL.len())
                .map(|k| self.vocabulary.get(&groups::group_feature(k)).copied())
                .collect(),
            strong_index: (0..Category::ALL.len())
                .map(|k| {
                    self.vocabulary
                        .get(&groups::strong_group_feature(k))
                        .copied()
                })
                .collect(),
            pair_index: (0..Category::ALL.len() * Category::ALL.len())
                .map(|kl| {
                    let (k, l) = (kl / Category::ALL.len(), kl % Category::ALL.len());
                    (k < l)
                        .then(|| {
                            self.vocabulary
                                .get(&groups::pair_group_feature(k, l))
                                .copied()
                        })
                        .flatten()
                })
                .collect(),
            actionable: position("actionable"),
            categories: Category::ALL.iter().map(|c| position(c.as_str())).collect(),
            urgency: position("urgency"),
            names,
        }
    }

    /// The indices of the known features of a text, each once, in index order: words and
    /// pairs found by one look-up each, then the group features their lists set (the same
    /// ones as [`features`]).
    fn known_features(&self, text: &str) -> Vec<u32> {
        let fast = self.fast();
        let mut idx: Vec<u32> = Vec::new();
        let mut bits = 0u16;
        let mut twice = 0u16;
        each_feature(text, |name| {
            if let Some(&(i, g)) = fast.lookup.get(name) {
                if i != u32::MAX {
                    idx.push(i);
                }
                twice |= bits & g;
                bits |= g;
            }
        });
        let n = Category::ALL.len();
        idx.extend(group_features(bits, twice).filter_map(|f| {
            match f {
                GroupFeature::Any(k) => fast.group_index.get(k),
                GroupFeature::Twice(k) => fast.strong_index.get(k),
                GroupFeature::Pair(k, l) => fast.pair_index.get(k * n + l),
            }
            .copied()
            .flatten()
        }));
        idx.sort_unstable();
        idx.dedup();
        idx
    }

    /// Decides for one text.
    pub fn decide(&self, text: &str) -> Decision {
        let fast = self.fast();
        let idx = self.known_features(text);
        // Every head's sum in one pass: one row of weights per feature.
        let mut z: Vec<f32> = self.heads.iter().map(|h| h.bias).collect();
        for &i in &idx {
            let row = &fast.weights[i as usize * fast.heads..(i as usize + 1) * fast.heads];
            for (z, w) in z.iter_mut().zip(row) {
                *z += w;
            }
        }
        let says = |k: Option<usize>| k.is_some_and(|k| sigmoid(z[k]) >= self.heads[k].threshold);
        let actionable_score = fast.actionable.map_or(0.0, |k| sigmoid(z[k]));
        let actionable = says(fast.actionable);
        let categories: Vec<Category> = Category::ALL
            .iter()
            .zip(&fast.categories)
            .filter(|(_, k)| says(**k))
            .map(|(c, _)| *c)
            .collect();
        let urgent = actionable.then(|| says(fast.urgency));
        // The weights of the text's features in head `k` on the side asked for, strongest first.
        let strongest = |k: usize, side: Side, n: usize| -> Vec<(String, f32)> {
            let mut terms: Vec<(u32, f32)> = idx
                .iter()
                .map(|&i| (i, fast.weights[i as usize * fast.heads + k]))
                .filter(|(_, w)| match side {
                    Side::Either => *w != 0.0,
                    Side::Yes => *w > 0.0,
                    Side::No => *w < 0.0,
                })
                .collect();
            let order = |a: &(u32, f32), b: &(u32, f32)| {
                b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0))
            };
            // Only the first `n` are ordered: a text has a few hundred features.
            if terms.len() > n {
                terms.select_nth_unstable_by(n, order);
                terms.truncate(n);
            }
            terms.sort_unstable_by(order);
            // Names are copied only for the few that are kept.
            terms
                .into_iter()
                .map(|(i, w)| (fast.names[i as usize].to_string(), w))
                .collect()
        };
        let explain = fast
            .actionable
            .map_or_else(Vec::new, |k| strongest(k, Side::Either, 8));
        let explain_categories = Category::ALL
            .iter()
            .zip(&fast.categories)
            .filter_map(|(c, k)| Some((*c, (*k)?)))
            .filter(|(c, _)| categories.contains(c))
            .map(|(c, k)| (c, strongest(k, Side::Yes, EXPLAIN_TERMS)))
            .collect();
        let explain_urgency = match (urgent, fast.urgency) {
            (Some(u), Some(k)) => {
                let side = if u { Side::Yes } else { Side::No };
                strongest(k, side, EXPLAIN_TERMS)
            }
            _ => Vec::new(),
        };
        Decision {
            actionable,
            actionable_score,
            categories,
            urgent,
            explain,
            explain_categories,
            explain_urgency,
        }
    }
}

/// Figures of a 4-fold cross-validation of [`Model::train`] over labelled texts (the training
/// split): each fold, a quarter of the incidents as for the thresholds, is decided by a model
/// trained on the other three, with the definitions of the held-out evaluation (urgency on texts
/// both labelled and predicted actionable). Variants of the model are compared on these, never on
/// the held-out split.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidation {
    pub actionable_f1: f64,
    pub categories_micro_f1: f64,
    pub categories_macro_f1: f64,
    pub per_category: Vec<(Category, f64)>,
    pub urgency_accuracy: f64,
    pub urgency_texts: usize,
}

/// Cross-validates [`Model::train`] over `examples` (see [`CrossValidation`]).
pub fn cross_validate(examples: &[Example]) -> CrossValidation {
    let fold = |i: usize, e: &Example| match e.cluster.as_str() {
        "" => i as u64 % 4,
        c => fold_of(c),
    };
    let mut actionable = Counts::default();
    let mut categories = vec![Counts::default(); Category::ALL.len()];
    let (mut urgency_right, mut urgency_texts) = (0usize, 0usize);
    for k in 0..4 {
        let inside: Vec<Example> = examples
            .iter()
            .enumerate()
            .filter(|(i, e)| fold(*i, e) != k)
            .map(|(_, e)| e.clone())
            .collect();
        if inside.is_empty() {
            continue;
        }
        let model = Model::train(&inside);
        for (i, e) in examples.iter().enumerate() {
            if fold(i, e) != k {
                continue;
            }
            let d = model.decide(&e.text);
            actionable.add(d.actionable, e.actionable);
            for (c, n) in Category::ALL.iter().zip(&mut categories) {
                n.add(d.categories.contains(c), e.categories.contains(c));
            }
            if let (Some(u), true) = (e.urgent, d.actionable) {
                urgency_texts += 1;
                urgency_right += usize::from(d.urgent == Some(u));
            }
        }
    }
    let all = categories.iter().fold(Counts::default(), |a, b| Counts {
        tp: a.tp + b.tp,
        fp: a.fp + b.fp,
        fn_: a.fn_ + b.fn_,
    });
    let per_category: Vec<(Category, f64)> = Category::ALL
        .iter()
        .copied()
        .zip(categories.iter().map(Counts::f1))
        .collect();
    CrossValidation {
        actionable_f1: actionable.f1(),
        categories_micro_f1: all.f1(),
        categories_macro_f1: per_category.iter().map(|(_, f)| f).sum::<f64>()
            / per_category.len() as f64,
        per_category,
        urgency_accuracy: urgency_right as f64 / urgency_texts.max(1) as f64,
        urgency_texts,
    }
}

/// True positives, false positives and false negatives of one yes/no label.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, predicted: bool, gold: bool) {
        match (predicted, gold) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            (false, false) => {}
        }
    }

    fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str, actionable: bool, cats: &[Category], urgent: Option<bool>) -> Example {
        Example {
            text: text.into(),
            actionable,
            categories: cats.to_vec(),
            urgent,
            cluster: String::new(),
        }
    }

    #[test]
    fn a_model_learns_to_tell_a_case_from_programme_news() {
        let mut data = Vec::new();
        for i in 0..20 {
            data.push(ex(
                &format!("Nenek {i} tahun hidup sebatang kara di gubuk reyot, belum makan"),
                true,
                &[Category::Lansia, Category::FakirMiskin],
                Some(true),
            ));
            data.push(ex(
                &format!("Menteri sosial meresmikan program bantuan lansia tahap {i}"),
                false,
                &[Category::Lansia],
                None,
            ));
            data.push(ex(
                &format!("Tim sepak bola menang {i} gol di stadion"),
                false,
                &[],
                None,
            ));
        }
        let model = Model::train(&data);
        let d = model.decide("Seorang nenek hidup sebatang kara di gubuk reyot dan belum makan");
        assert!(d.actionable, "{d:?}");
        assert!(d.categories.contains(&Category::Lansia));
        assert_eq!(d.urgent, Some(true));
        assert!(!d.explain.is_empty());
        let p = model.decide("Menteri sosial meresmikan program bantuan lansia");
        assert!(!p.actionable, "{p:?}");
        assert_eq!(p.urgent, None);
        let json = serde_json::to_string(&model).unwrap();
        let back: Model = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back.decide("nenek sebatang kara gubuk reyot").actionable,
            model.decide("nenek sebatang kara gubuk reyot").actionable
        );
    }

    #[test]
    fn each_category_and_the_urgency_say_which_terms_decided_them() {
        let mut data = Vec::new();
        for i in 0..20 {
            data.push(ex(
                &format!("Nenek {i} kelaparan, belum makan tiga hari di gubuk reyot"),
                true,
                &[Category::Lansia, Category::FakirMiskin],
                Some(true),
            ));
            data.push(ex(
                &format!("Kakek {i} kini dirawat dengan baik di panti werdha"),
                true,
                &[Category::Lansia],
                Some(false),
            ));
            data.push(ex(
                &format!("Menteri sosial meresmikan program bantuan lansia tahap {i}"),
                false,
                &[Category::Lansia],
                None,
            ));
        }
        let model = Model::train(&data);
        let high = model.decide("Seorang nenek kelaparan dan belum makan di gubuk reyot");
        assert_eq!(high.urgent, Some(true), "{high:?}");
        let normal = model.decide("Seorang kakek kini dirawat di panti werdha");
        assert_eq!(normal.urgent, Some(false), "{normal:?}");
        for (d, sign) in [(&high, 1.0f32), (&normal, -1.0)] {
            // The urgency terms pushed towards what was decided, strongest first, at most five.
            assert!(!d.explain_urgency.is_empty(), "{d:?}");
            assert!(d.explain_urgency.len() <= EXPLAIN_TERMS);
            assert!(
                d.explain_urgency.iter().all(|(_, w)| w * sign > 0.0),
                "{d:?}"
            );
            assert!(
                d.explain_urgency
                    .windows(2)
                    .all(|p| p[0].1.abs() >= p[1].1.abs())
            );
            // One explanation per category decided, each made of terms that pushed towards it.
            let explained: Vec<Category> = d.explain_categories.iter().map(|(c, _)| *c).collect();
            assert_eq!(explained, d.categories, "{d:?}");
            for (c, terms) in &d.explain_categories {
                assert!(!terms.is_empty(), "{c:?}");
                assert!(terms.iter().all(|(_, w)| *w > 0.0), "{c:?}: {terms:?}");
            }
        }
        assert!(
            high.explain_urgency
                .iter()
                .any(|(t, _)| t.contains("makan")),
            "{high:?}"
        );
        assert!(
            normal
                .explain_urgency
                .iter()
                .any(|(t, _)| t.contains("rawat")),
            "{normal:?}"
        );
        let programme = model.decide("Menteri sosial meresmikan program bantuan lansia");
        assert!(!programme.actionable);
        assert!(programme.explain_urgency.is_empty());
    }

    #[test]
    fn cross_validation_decides_each_incident_by_a_model_that_never_saw_it() {
        let mut data = Vec::new();
        for i in 0..40 {
            let mut case = ex(
                &format!("Nenek {i} hidup sebatang kara di gubuk reyot dan kelaparan"),
                true,
                &[Category::Lansia],
                Some(true),
            );
            case.cluster = format!("nenek-{i}");
            let mut news = ex(
                &format!("Tim sepak bola menang {i} gol di stadion"),
                false,
                &[],
                None,
            );
            news.cluster = format!("bola-{i}");
            data.extend([case, news]);
        }
        let cv = cross_validate(&data);
        assert_eq!(cv.urgency_texts, 40, "{cv:?}");
        assert!(cv.actionable_f1 > 0.9, "{cv:?}");
        assert!(cv.categories_micro_f1 > 0.9, "{cv:?}");
        assert_eq!(cv.per_category.len(), Category::ALL.len());
    }

    /// Feature names as they were built before the reused buffer and the stem memo: the model
    /// and every decision depend on these exact names.
    fn features_as_before(text: &str) -> Vec<String> {
        use crate::stem::stem;
        let clean = normalise::clean(text);
        let tokens = tokenise(&clean);
        let mut out: Vec<String> = Vec::new();
        let mut previous: Option<String> = None;
        for (i, t) in tokens.iter().enumerate() {
            match t.kind {
                TokenKind::Age(age) => {
                    out.push(
                        match age {
                            0..=4 => "#age:balita",
                            5..=17 => "#age:anak",
                            18..=59 => "#age:dewasa",
                            _ => "#age:lansia",
                        }
                        .to_owned(),
                    );
                    previous = None;
                }
                TokenKind::Number => {
                    if let Some(next) = tokens.get(i + 1).filter(|n| n.is_word()) {
                        out.push(format!("#num {}", stem(next.text)));
                    }
                    previous = None;
                }
                TokenKind::Word => {
                    if lexicon::is_stopword(t.text) {
                        previous = None;
                        continue;
                    }
                    let s = stem(t.text).into_owned();
                    if let Some(p) = &previous {
                        out.push(format!("{p} {s}"));
                    }
                    previous = Some(s.clone());
                    out.push(s);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The word features of [`features`], without the group and cue features.
    fn word_features(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_feature(text, |name| out.push(name.to_owned()));
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn group_features_fire_on_any_listed_word_or_pair() {
        let f = features("Bocah 7 tahun dianiaya ayah tirinya, keluarga makan nasi aking");
        assert!(f.contains(&"#g:anak".to_owned()), "{f:?}");
        assert!(f.contains(&"#g:korban_kekerasan".to_owned()), "{f:?}");
        assert!(f.contains(&"#g:fakir_miskin".to_owned()), "{f:?}");
        assert!(!f.contains(&"#g:lansia".to_owned()), "{f:?}");
        let f = features("Nenek 80 tahun hidup sendiri");
        assert!(f.contains(&"#g:lansia".to_owned()), "{f:?}");
        assert!(
            !f.contains(&"#g2:lansia".to_owned()),
            "one listed word: {f:?}"
        );
        let f = features("Nenek dan kakek itu hidup sendiri");
        assert!(
            f.contains(&"#g2:lansia".to_owned()),
            "two listed words: {f:?}"
        );
        assert!(!f.iter().any(|x| x.starts_with("#gg:")), "one group: {f:?}");
        let f = features("Bocah dianiaya ayah tirinya");
        assert!(
            f.contains(&"#gg:anak+korban_kekerasan".to_owned()),
            "two groups: {f:?}"
        );
        let f = features("Tim sepak bola menang di stadion");
        assert!(!f.iter().any(|x| x.starts_with("#g")), "{f:?}");
    }

    #[test]
    fn deciding_uses_exactly_the_known_features_training_names() {
        let mut data = Vec::new();
        for i in 0..12 {
            data.push(ex(
                &format!("Bocah {i} tahun dianiaya, keluarga kelaparan dan belum makan"),
                true,
                &[Category::Anak, Category::KorbanKekerasan],
                Some(i % 2 == 0),
            ));
            data.push(ex(
                &format!("Nenek {i} tahun tinggal di panti, rumah reyot"),
                true,
                &[Category::Lansia],
                Some(false),
            ));
        }
        let model = Model::train(&data);
        for text in [
            "Bocah dianiaya, keluarga kelaparan dan belum makan di panti",
            "Tidak ada yang terluka; nenek 70 tahun tinggal di panti",
            "",
        ] {
            let mut expected: Vec<u32> = features(text)
                .iter()
                .filter_map(|n| model.vocabulary.get(n).copied())
                .collect();
            expected.sort_unstable();
            assert_eq!(model.known_features(text), expected, "{text}");
        }
        // The dense table gives what each head's sparse weights give.
        for text in ["Bocah dianiaya, keluarga kelaparan", "nenek di panti"] {
            let head = model.heads.iter().find(|h| h.name == "actionable").unwrap();
            // Summed in the same order, from the bias.
            let z = model
                .known_features(text)
                .iter()
                .filter_map(|i| head.weights.iter().find(|(j, _)| j == i).map(|(_, w)| *w))
                .fold(head.bias, |z, w| z + w);
            assert_eq!(model.decide(text).actionable_score, sigmoid(z), "{text}");
        }
        let back = Model::from_json(&serde_json::to_string(&model).unwrap()).unwrap();
        let text = "Bocah dianiaya, keluarga kelaparan";
        assert_eq!(back.decide(text), model.decide(text));
        // Deserialised directly (not through `from_json`), it decides the same.
        let raw: Model = serde_json::from_str(&serde_json::to_string(&model).unwrap()).unwrap();
        assert_eq!(raw.decide(text), model.decide(text));
    }

    #[test]
    fn feature_names_are_built_as_before() {
        for text in [
            "Nenek 80 tahun hidup sendiri, yg tdk punya apa2. Anak-anaknya 3 orang pergi.",
            "Banjir merendam 1.500 rumah; pengungsian di Kec. Cibungbulang, Kab. Bogor.",
            "Bocah (7) dianiaya ayah tirinya; korban kekerasannya dirawat di RSUD",
            "",
        ] {
            assert_eq!(word_features(text), features_as_before(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn feature_names_of_any_text_are_built_as_before(
            text in "([a-zA-Z]{1,9}|[0-9]{1,3}|tahun|nenek|yang|di|anak-anak|[ ,.()-]){0,40}"
        ) {
            proptest::prop_assert_eq!(word_features(&text), features_as_before(&text));
        }
    }

    #[test]
    fn features_keep_words_pairs_and_numbers_as_cues() {
        let f = features("Nenek 80 tahun hidup sendiri, yg tdk punya apa2");
        assert!(f.contains(&"nenek".to_owned()), "{f:?}");
        assert!(f.contains(&"#age:lansia".to_owned()), "{f:?}");
        assert!(f.contains(&"hidup sendiri".to_owned()), "{f:?}");
        assert!(f.contains(&"tidak".to_owned()), "slang is expanded: {f:?}");
        assert!(!f.iter().any(|x| x == "80"));
    }
}
