//! Scores duplicate clustering against the labelled corpus: pairwise precision, recall and F1
//! over all pairs of texts, as the text-analyser issue defines them.
//! `cargo run --release -p sigap-text --example dedup_eval [-- --errors]`

use sigap_core::gazetteer::Gazetteer;
use sigap_text::{dedup, locate::locate};

fn day(date: Option<&str>) -> Option<i64> {
    let d = date?;
    let (y, rest) = d.split_once('-')?;
    let (m, dd) = rest.split_once('-')?;
    let (y, m, dd): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, dd.parse().ok()?);
    // Days since 1970-01-01 (civil-from-days inverse, Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn main() {
    let show = std::env::args().any(|a| a == "--errors");
    let g = Gazetteer::embedded();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/corpus/raw");
    let mut rows = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(root)
        .expect("the corpus folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        for line in std::fs::read_to_string(path).expect("readable").lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                rows.push(v);
            }
        }
    }
    let start = std::time::Instant::now();
    let sigs: Vec<_> = rows
        .iter()
        .map(|v| {
            let title = v["title"].as_str();
            let text = v["text"].as_str().unwrap_or_default();
            let place = locate(g, title, text);
            dedup::signature(
                title,
                text,
                place
                    .as_ref()
                    .map(|l| (l.province.as_str(), l.regency.as_deref())),
                day(v["published"].as_str()),
            )
        })
        .collect();
    let got = dedup::cluster(&sigs);
    let elapsed = start.elapsed();
    let want: Vec<&str> = rows
        .iter()
        .map(|v| v["cluster"].as_str().unwrap_or_default())
        .collect();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for i in 0..rows.len() {
        for j in i + 1..rows.len() {
            let same_want = !want[i].is_empty() && want[i] == want[j];
            let same_got = got[i] == got[j];
            match (same_got, same_want) {
                (true, true) => tp += 1,
                (true, false) => {
                    fp += 1;
                    if show {
                        println!(
                            "FALSE MERGE direct={} wording={:.2} {} | {}",
                            dedup::same_incident(&sigs[i], &sigs[j]),
                            dedup::wording_similarity(&sigs[i], &sigs[j]),
                            rows[i]["title"],
                            rows[j]["title"]
                        );
                    }
                }
                (false, true) => {
                    fn_ += 1;
                    if show {
                        println!("MISSED {} | {}", rows[i]["title"], rows[j]["title"]);
                    }
                }
                _ => {}
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "texts {}; signatures + clustering in {:.1} ms",
        rows.len(),
        elapsed.as_secs_f64() * 1e3
    );
    println!("pairs: tp {tp}, fp {fp}, fn {fn_}");
    println!(
        "pairwise precision {p:.3}, recall {r:.3}, F1 {:.3}",
        2.0 * p * r / (p + r).max(1e-9)
    );
}
