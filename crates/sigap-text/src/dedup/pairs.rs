//! Whether two texts report one incident, as a trained score, and the grouping of a batch.
//!
//! An analyst compares two reports on a handful of signals: shared wording (a copy), shared
//! people, numbers and small places (a rewrite), the same regency, dates close together, the same
//! disaster. [`pair_features`] measures these; a logistic regression trained by
//! [`PairModel::train`] on the labelled clusters of the training split weighs them. Grouping is
//! average-linkage: two groups are joined only when their texts agree *on average*, so that one
//! vague text (no date, no place) cannot chain unrelated incidents together.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{Signature, overlap, word_similarity, wording_similarity};
use crate::{
    classify::{fold_of, sigmoid},
    evaluate::pair_counts,
};

/// Names of the pair features, in order (they are written into the model file, so that a model
/// trained on other features is refused instead of misread).
pub const FEATURES: &[&str] = &[
    "wording",
    "words",
    "title_words",
    "names",
    "shared_names",
    "shared_numbers",
    "same_regency",
    "other_regency",
    "same_province_only",
    "other_province",
    "no_place",
    "days<=3",
    "days<=14",
    "days<=45",
    "days>180",
    "no_date",
    "same_disaster",
    "same_disaster_same_regency",
    "same_disaster_days<=45",
    "names_far_apart",
    "names_differ",
    "numbers_differ",
    "shared_keys",
    "shared_rare_keys",
];

const N: usize = FEATURES.len();

/// The Jaccard similarity of two sets from their sizes and the size of their intersection.
fn jaccard(shared: usize, a: usize, b: usize) -> f32 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    shared as f32 / (a + b - shared) as f32
}

/// What a pair shares among the keys of its batch (see [`candidates`]): how many keys, and how
/// many of them few other texts of the batch have — a word, name or number that only the
/// reports of one incident carry is stronger evidence than one that a dozen texts share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shared {
    pub keys: u32,
    pub rare: u32,
}

/// A key that at most this many texts of a batch carry is rare (the reports of one incident in a
/// batch are rarely more).
const RARE: usize = 8;

/// The features of a pair, each in `[0, 1]`, in the order of [`FEATURES`].
pub fn pair_features(a: &Signature, b: &Signature, shared: Shared) -> [f32; N] {
    let flag = |c: bool| f32::from(u8::from(c));
    let same_regency = a.regency.is_some() && a.regency == b.regency;
    let other_regency = matches!((&a.regency, &b.regency), (Some(x), Some(y)) if x != y);
    let same_province = a.province.is_some() && a.province == b.province;
    let other_province = matches!((&a.province, &b.province), (Some(x), Some(y)) if x != y);
    let days = a.day.zip(b.day).map(|(x, y)| (x - y).abs());
    let disaster = a.events & b.events != 0;
    let shared_names = overlap(&a.names, &b.names);
    let shared_numbers = overlap(&a.numbers, &b.numbers);
    [
        wording_similarity(a, b),
        word_similarity(a, b),
        jaccard(
            overlap(&a.title_words, &b.title_words),
            a.title_words.len(),
            b.title_words.len(),
        ),
        jaccard(shared_names, a.names.len(), b.names.len()),
        shared_names.min(4) as f32 / 4.0,
        shared_numbers.min(3) as f32 / 3.0,
        flag(same_regency),
        flag(other_regency),
        flag(same_province && !same_regency),
        flag(other_province),
        flag(a.province.is_none() && b.province.is_none()),
        flag(days.is_some_and(|d| d <= 3)),
        flag(days.is_some_and(|d| d <= 14)),
        flag(days.is_some_and(|d| d <= 45)),
        flag(days.is_some_and(|d| d > 180)),
        flag(days.is_none()),
        flag(disaster),
        flag(disaster && same_regency),
        flag(disaster && days.is_some_and(|d| d <= 45)),
        flag(shared_names >= 2 && days.is_some_and(|d| d > 45)),
        // Both name people or small places, and not one of them is the same.
        flag(shared_names == 0 && !a.names.is_empty() && !b.names.is_empty()),
        flag(shared_numbers == 0 && !a.numbers.is_empty() && !b.numbers.is_empty()),
        shared.keys.min(10) as f32 / 10.0,
        shared.rare.min(6) as f32 / 6.0,
    ]
}

/// The trained pair score: a logistic regression over [`pair_features`] and the threshold that
/// grouping uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairModel {
    pub features: Vec<String>,
    pub bias: f32,
    pub weights: Vec<f32>,
    /// Two groups are joined when the mean score of their cross pairs reaches this.
    pub threshold: f32,
}

/// A trained pair model with what training measured.
#[derive(Debug, Clone)]
pub struct Trained {
    pub model: PairModel,
    /// Pairwise F1 of the grouping over the training incidents, each fold scored by a model
    /// that did not see it.
    pub cross_validated_f1: f64,
    /// Candidate pairs trained on.
    pub pairs: usize,
}

/// Why a pair model cannot be used.
#[derive(Debug, thiserror::Error)]
#[error(
    "the duplicate model was trained on other pair features ({0}); retrain it with `sigap train`"
)]
pub struct FeatureMismatch(String);

impl PairModel {
    /// Refuses a model whose features are not the ones this build computes.
    pub fn check(&self) -> Result<(), FeatureMismatch> {
        if self.features != FEATURES || self.weights.len() != N {
            return Err(FeatureMismatch(self.features.join(", ")));
        }
        Ok(())
    }

    /// The probability that two texts report one incident, given what they share in their batch.
    pub fn score(&self, a: &Signature, b: &Signature, shared: Shared) -> f32 {
        let x = pair_features(a, b, shared);
        sigmoid(self.bias + x.iter().zip(&self.weights).map(|(x, w)| x * w).sum::<f32>())
    }

    /// Trains on a labelled batch: `clusters[i]` is the incident of `signatures[i]`. Only
    /// candidate pairs (see [`candidates`]) are used, as in grouping. The grouping threshold is
    /// chosen by 4-fold cross-validation over the incidents, so it is not fitted to the pairs
    /// that set the weights. Deterministic.
    pub fn train(signatures: &[Signature], clusters: &[&str]) -> Trained {
        let pairs = candidates(signatures);
        let rows: Vec<([f32; N], bool)> = pairs
            .iter()
            .map(|&(i, j, shared)| {
                (
                    pair_features(&signatures[i], &signatures[j], shared),
                    clusters[i] == clusters[j],
                )
            })
            .collect();
        let fold: Vec<u64> = clusters.iter().map(|c| fold_of(c)).collect();
        let thresholds: Vec<f32> = (30..=98).map(|t| t as f32 / 100.0).collect();
        let mut counts = vec![(0usize, 0usize, 0usize); thresholds.len()];
        for k in 0..4 {
            let outside: Vec<([f32; N], bool)> = pairs
                .iter()
                .zip(&rows)
                .filter(|((i, j, _), _)| fold[*i] != k && fold[*j] != k)
                .map(|(_, r)| *r)
                .collect();
            let (bias, weights) = fit(&outside);
            let inside: Vec<usize> = (0..signatures.len()).filter(|i| fold[*i] == k).collect();
            let sigs: Vec<Signature> = inside.iter().map(|&i| signatures[i].clone()).collect();
            let gold: Vec<&str> = inside.iter().map(|&i| clusters[i]).collect();
            for (t, count) in thresholds.iter().zip(&mut counts) {
                let model = PairModel::new(bias, weights, *t);
                let groups = model.cluster(&sigs);
                let (tp, fp, fn_) = pair_counts(
                    gold.len(),
                    |i, j| gold[i] == gold[j],
                    |i, j| groups[i] == groups[j],
                );
                count.0 += tp;
                count.1 += fp;
                count.2 += fn_;
            }
        }
        let f1 = |(tp, fp, fn_): (usize, usize, usize)| {
            2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64
        };
        let mut best = (f64::MIN, 0.5f32);
        for (t, c) in thresholds.iter().zip(&counts) {
            if f1(*c) > best.0 {
                best = (f1(*c), *t);
            }
        }
        let (bias, weights) = fit(&rows);
        Trained {
            model: PairModel::new(bias, weights, best.1),
            cross_validated_f1: best.0,
            pairs: rows.len(),
        }
    }

    fn new(bias: f32, weights: [f32; N], threshold: f32) -> PairModel {
        PairModel {
            features: FEATURES.iter().map(|f| (*f).to_owned()).collect(),
            bias,
            weights: weights.to_vec(),
            threshold,
        }
    }

    /// Groups a batch: the cluster number of each input (numbers start at 0, in order of first
    /// appearance).
    pub fn cluster(&self, signatures: &[Signature]) -> Vec<usize> {
        let n = signatures.len();
        let scored: Vec<(f32, usize, usize)> = candidates(signatures)
            .into_iter()
            .map(|(i, j, shared)| (self.score(&signatures[i], &signatures[j], shared), i, j))
            .collect();
        // For each group, the sum of the scores of its pairs with each neighbouring group. A pair
        // that is not a candidate shares nothing and counts as 0; the sums are kept up to date as
        // groups merge, so a merge costs the number of neighbours, not the product of the sizes.
        let mut links: Vec<HashMap<usize, f32>> = vec![HashMap::new(); n];
        for &(p, i, j) in &scored {
            links[i].insert(j, p);
            links[j].insert(i, p);
        }
        let mut strong: Vec<(f32, usize, usize)> = scored
            .into_iter()
            .filter(|(p, _, _)| *p >= self.threshold)
            .collect();
        strong.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let mut group: Vec<usize> = (0..n).collect();
        let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
        for (_, i, j) in strong {
            let (gi, gj) = (group[i], group[j]);
            if gi == gj {
                continue;
            }
            let sum = links[gi].get(&gj).copied().unwrap_or(0.0);
            let mean = sum / (members[gi].len() * members[gj].len()) as f32;
            if mean < self.threshold {
                continue;
            }
            let (keep, gone) = (gi.min(gj), gi.max(gj));
            let moved = std::mem::take(&mut members[gone]);
            for &m in &moved {
                group[m] = keep;
            }
            members[keep].extend(moved);
            for (other, s) in std::mem::take(&mut links[gone]) {
                links[other].remove(&gone);
                if other != keep {
                    *links[other].entry(keep).or_default() += s;
                    *links[keep].entry(other).or_default() += s;
                }
            }
        }
        let mut numbers = HashMap::new();
        group
            .iter()
            .map(|g| {
                let next = numbers.len();
                *numbers.entry(*g).or_insert(next)
            })
            .collect()
    }
}

/// The pairs worth scoring: texts that share at least two of their rare keys (a name, a number,
/// a title word, the regency) or a band of their MinHash (a copy), with what they share. Other
/// pairs share too little to score high, and skipping them keeps a batch of thousands fast.
pub fn candidates(signatures: &[Signature]) -> Vec<(usize, usize, Shared)> {
    // Key → texts; a band key is marked by its lowest bit so that it counts double.
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut keys: Vec<u64> = Vec::new();
    for (i, s) in signatures.iter().enumerate() {
        keys.clear();
        keys.extend(
            s.names
                .iter()
                .chain(&s.title_words)
                .map(|h| h ^ 0x6e61_6d65)
                .chain(s.numbers.iter().map(|h| h ^ 0x6e75_6d62))
                .chain(s.regency.iter().copied())
                .map(|h| h & !1),
        );
        // Four bands of the MinHash: copies share at least one.
        keys.extend(s.minhash.chunks(16).enumerate().map(|(b, band)| {
            band.iter()
                .fold(super::fnv(&[b as u8]), |h, x| h.rotate_left(7) ^ x)
                | 1
        }));
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            postings.entry(k).or_default().push(i as u32);
        }
    }
    let cap = 64.max(signatures.len() / 4);
    // One entry per pair and shared key (a band twice): the pair in the high bits, whether the
    // key is rare in the lowest.
    let mut shared: Vec<u64> = Vec::new();
    for (key, list) in &postings {
        // A key that a quarter of a large batch shares tells nothing.
        if list.len() > cap {
            continue;
        }
        let times = if key & 1 == 1 { 2 } else { 1 };
        let rare = u64::from(list.len() <= RARE);
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                for _ in 0..times {
                    shared.push((u64::from(i) << 32 | u64::from(j)) << 1 | rare);
                }
            }
        }
    }
    shared.sort_unstable();
    shared
        .chunk_by(|a, b| a >> 1 == b >> 1)
        .filter(|run| run.len() >= 2)
        .map(|run| {
            let pair = run[0] >> 1;
            let shared = Shared {
                keys: run.len() as u32,
                rare: run.iter().filter(|x| *x & 1 == 1).count() as u32,
            };
            ((pair >> 32) as usize, (pair & 0xffff_ffff) as usize, shared)
        })
        .collect()
}

/// Logistic regression by full-batch gradient descent with L2: few dense features, so this is
/// quick and exactly repeatable. Positives are weighted up by the square root of the class
/// ratio (same-incident pairs are rare among candidates).
fn fit(rows: &[([f32; N], bool)]) -> (f32, [f32; N]) {
    let positives = rows.iter().filter(|r| r.1).count().max(1) as f32;
    let negatives = (rows.len() as f32 - positives).max(1.0);
    let pos_weight = (negatives / positives).sqrt();
    let total = negatives + positives * pos_weight;
    let (mut bias, mut w) = (0.0f32, [0.0f32; N]);
    let (rate, l2) = (2.0f32, 1e-4f32);
    for _ in 0..1500 {
        let (mut gb, mut gw) = (0.0f32, [0.0f32; N]);
        for (x, y) in rows {
            let p = sigmoid(bias + x.iter().zip(&w).map(|(x, w)| x * w).sum::<f32>());
            let weight = if *y { pos_weight } else { 1.0 };
            let g = (p - f32::from(u8::from(*y))) * weight;
            gb += g;
            for (gk, xk) in gw.iter_mut().zip(x) {
                *gk += g * xk;
            }
        }
        bias -= rate * gb / total;
        for (wk, gk) in w.iter_mut().zip(gw) {
            *wk -= rate * (gk / total + l2 * *wk);
        }
    }
    (bias, w)
}
