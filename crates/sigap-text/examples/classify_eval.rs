//! Trains the classifier on the training split of the labelled corpus and scores it on the
//! held-out split (25 % of the duplicate clusters, chosen by a fixed hash, so that no incident
//! is on both sides), with the definitions of the text-analyser issue.
//! `cargo run --release -p sigap-text --example classify_eval`

use sigap_core::Category;
use sigap_text::classify::{Example, Model, is_held_out};

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/corpus/raw");
    let mut files: Vec<_> = std::fs::read_dir(root)
        .expect("the corpus folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        for line in std::fs::read_to_string(path).expect("readable").lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let text = format!(
                "{}. {}",
                v["title"].as_str().unwrap_or_default(),
                v["text"].as_str().unwrap_or_default()
            );
            let e = Example {
                text,
                actionable: v["actionable"] == true,
                categories: v["categories"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|c| c.as_str().and_then(|s| Category::parse(s).ok()))
                            .collect()
                    })
                    .unwrap_or_default(),
                urgent: v["urgency"].as_str().map(|u| u == "high"),
            };
            if is_held_out(v["cluster"].as_str().unwrap_or_default()) {
                test.push(e);
            } else {
                train.push(e);
            }
        }
    }
    let start = std::time::Instant::now();
    let model = Model::train(&train);
    let trained = start.elapsed();
    let start = std::time::Instant::now();
    let decisions: Vec<_> = test.iter().map(|e| model.decide(&e.text)).collect();
    let per_text = start.elapsed().as_secs_f64() * 1e6 / test.len().max(1) as f64;

    let f1 = |tp: usize, fp: usize, fn_: usize| {
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        (p, r, 2.0 * p * r / (p + r).max(1e-9))
    };
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (e, d) in test.iter().zip(&decisions) {
        match (d.actionable, e.actionable) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    let (p, r, f) = f1(tp, fp, fn_);
    println!(
        "train {} texts, held-out {} texts; trained in {:.0} ms; {per_text:.1} µs per decision; vocabulary {}",
        train.len(),
        test.len(),
        trained.as_secs_f64() * 1e3,
        model.vocabulary.len()
    );
    println!("actionable: precision {p:.3}, recall {r:.3}, F1 {f:.3}");
    let (mut all_tp, mut all_fp, mut all_fn, mut macro_sum) = (0, 0, 0, 0.0);
    for c in Category::ALL {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (e, d) in test.iter().zip(&decisions) {
            match (d.categories.contains(c), e.categories.contains(c)) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
        }
        let (_, _, f) = f1(tp, fp, fn_);
        println!(
            "  {:<18} F1 {f:.3} (tp {tp}, fp {fp}, fn {fn_})",
            c.as_str()
        );
        macro_sum += f;
        all_tp += tp;
        all_fp += fp;
        all_fn += fn_;
    }
    let (_, _, micro) = f1(all_tp, all_fp, all_fn);
    println!(
        "categories: micro-F1 {micro:.3}, macro-F1 {:.3}",
        macro_sum / Category::ALL.len() as f64
    );
    let both: Vec<_> = test
        .iter()
        .zip(&decisions)
        .filter(|(e, d)| e.actionable && d.actionable)
        .collect();
    let right = both.iter().filter(|(e, d)| e.urgent == d.urgent).count();
    println!(
        "urgency accuracy on texts actionable and predicted actionable: {:.3} ({right}/{})",
        right as f64 / both.len().max(1) as f64,
        both.len()
    );
}
