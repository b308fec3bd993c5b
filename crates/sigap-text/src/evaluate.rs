//! Scores the analyser against labels, with the definitions of the text-analyser issue, so that
//! its figures compare with outside evaluations:
//! actionable precision/recall/F1; category micro- and macro-F1 over all texts; urgency accuracy
//! on texts that are actionable and predicted actionable; regency and province accuracy over
//! texts whose label has one; duplicate clustering as pairwise precision/recall/F1 over all pairs.

use serde::{Deserialize, Serialize};
use sigap_core::Category;

use crate::analyse::Output;

/// The labels of one text (the corpus format of `data/corpus/`).
#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    pub actionable: bool,
    #[serde(default)]
    pub categories: Vec<Category>,
    pub urgency: Option<String>,
    pub location: Option<LabelledPlace>,
    pub cluster: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LabelledPlace {
    pub province: Option<String>,
    pub regency: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let precision = if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let recall = if tp + fn_ == 0 {
            0.0
        } else {
            tp as f64 / (tp + fn_) as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub texts: usize,
    pub actionable: Prf,
    pub categories_micro_f1: f64,
    pub categories_macro_f1: f64,
    pub per_category: Vec<(Category, Prf)>,
    pub urgency_accuracy: f64,
    pub urgency_texts: usize,
    pub regency_accuracy: f64,
    pub regency_texts: usize,
    pub province_accuracy: f64,
    pub province_texts: usize,
    pub duplicates: Prf,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// True-positive, false-positive and false-negative pairs over all pairs of `n` texts: `gold`
/// says whether two texts report one incident, `predicted` whether they were grouped together.
pub(crate) fn pair_counts(
    n: usize,
    gold: impl Fn(usize, usize) -> bool,
    predicted: impl Fn(usize, usize) -> bool,
) -> (usize, usize, usize) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for i in 0..n {
        for j in i + 1..n {
            match (predicted(i, j), gold(i, j)) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
        }
    }
    (tp, fp, fn_)
}

/// Scores outputs against labels, text by text in the same order.
pub fn score(labels: &[Labels], outputs: &[Output]) -> Scores {
    let pairs: Vec<(&Labels, &Output)> = labels.iter().zip(outputs).collect();
    let count =
        |f: &dyn Fn(&Labels, &Output) -> bool| pairs.iter().filter(|(l, o)| f(l, o)).count();
    let actionable = Prf::new(
        count(&|l, o| l.actionable && o.actionable),
        count(&|l, o| !l.actionable && o.actionable),
        count(&|l, o| l.actionable && !o.actionable),
    );
    let (mut tp_all, mut fp_all, mut fn_all) = (0, 0, 0);
    let mut per_category = Vec::new();
    for c in Category::ALL {
        let tp = count(&|l, o| l.categories.contains(c) && o.categories.contains(c));
        let fp = count(&|l, o| !l.categories.contains(c) && o.categories.contains(c));
        let fn_ = count(&|l, o| l.categories.contains(c) && !o.categories.contains(c));
        tp_all += tp;
        fp_all += fp;
        fn_all += fn_;
        per_category.push((*c, Prf::new(tp, fp, fn_)));
    }
    let macro_f1 = per_category.iter().map(|(_, p)| p.f1).sum::<f64>() / per_category.len() as f64;
    let urgency_texts = count(&|l, o| l.actionable && o.actionable);
    let urgency_right =
        count(&|l, o| l.actionable && o.actionable && l.urgency.as_deref() == o.urgency);
    let regency_of = |l: &Labels| l.location.as_ref().and_then(|p| p.regency.clone());
    let province_of = |l: &Labels| l.location.as_ref().and_then(|p| p.province.clone());
    let regency_texts = count(&|l, _| regency_of(l).is_some());
    let regency_right = count(&|l, o| {
        regency_of(l).is_some_and(|r| {
            o.location.as_ref().and_then(|x| x.regency.as_deref()) == Some(r.as_str())
        })
    });
    let province_texts = count(&|l, _| province_of(l).is_some());
    let province_right = count(&|l, o| {
        province_of(l)
            .is_some_and(|p| o.location.as_ref().map(|x| x.province.as_str()) == Some(p.as_str()))
    });
    let (tp, fp, fn_) = pair_counts(
        pairs.len(),
        |i, j| match (&pairs[i].0.cluster, &pairs[j].0.cluster) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        |i, j| pairs[i].1.cluster == pairs[j].1.cluster,
    );
    Scores {
        texts: pairs.len(),
        actionable,
        categories_micro_f1: Prf::new(tp_all, fp_all, fn_all).f1,
        categories_macro_f1: macro_f1,
        per_category,
        urgency_accuracy: ratio(urgency_right, urgency_texts),
        urgency_texts,
        regency_accuracy: ratio(regency_right, regency_texts),
        regency_texts,
        province_accuracy: ratio(province_right, province_texts),
        province_texts,
        duplicates: Prf::new(tp, fp, fn_),
    }
}

/// The fields on which one output differs from its labels, by the definitions of [`score`]:
/// `actionable`; `categories` (any group added or missed); `urgency` when both say actionable;
/// `regency` when the label has one. Empty when the text counts as right everywhere.
pub fn differences(l: &Labels, o: &Output) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if l.actionable != o.actionable {
        fields.push("actionable");
    }
    if Category::ALL
        .iter()
        .any(|c| l.categories.contains(c) != o.categories.contains(c))
    {
        fields.push("categories");
    }
    if l.actionable && o.actionable && l.urgency.as_deref() != o.urgency {
        fields.push("urgency");
    }
    let regency = l.location.as_ref().and_then(|p| p.regency.as_deref());
    if regency.is_some() && regency != o.location.as_ref().and_then(|x| x.regency.as_deref()) {
        fields.push("regency");
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_and_f1_follow_their_definitions() {
        let p = Prf::new(8, 2, 2);
        assert!(
            (p.precision - 0.8).abs() < 1e-9
                && (p.recall - 0.8).abs() < 1e-9
                && (p.f1 - 0.8).abs() < 1e-9
        );
        assert_eq!(Prf::new(0, 0, 0).f1, 0.0);
    }
}
