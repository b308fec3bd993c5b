//! Scores `locate` against the labelled corpus (`data/corpus/raw/*.jsonl`): province and regency
//! accuracy over the texts whose label has one, and what was said when nothing was labelled.
//! `cargo run --release -p sigap-text --example locate_eval [-- --misses]`

use sigap_core::gazetteer::Gazetteer;
use sigap_text::locate::locate;

fn main() {
    let show_misses = std::env::args().any(|a| a == "--misses");
    let g = Gazetteer::embedded();
    let (mut prov_n, mut prov_ok, mut reg_n, mut reg_ok, mut none_n, mut none_said) =
        (0, 0, 0, 0, 0, 0);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/corpus/raw");
    let mut files: Vec<_> = std::fs::read_dir(root)
        .expect("the corpus folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let start = std::time::Instant::now();
    let mut texts = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        for line in std::fs::read_to_string(path).expect("readable").lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            texts += 1;
            let got = locate(
                g,
                v["title"].as_str(),
                v["text"].as_str().unwrap_or_default(),
            );
            let label = &v["location"];
            if label.is_null() {
                if v["actionable"] == true {
                    none_n += 1;
                    none_said += usize::from(got.is_some());
                }
                continue;
            }
            let want_p = label["province"].as_str();
            let want_r = label["regency"].as_str();
            if let Some(p) = want_p {
                prov_n += 1;
                prov_ok += usize::from(got.as_ref().map(|l| l.province.as_str()) == Some(p));
            }
            if let Some(r) = want_r {
                reg_n += 1;
                let ok = got.as_ref().and_then(|l| l.regency.as_deref()) == Some(r);
                reg_ok += usize::from(ok);
                if !ok && show_misses {
                    println!(
                        "MISS want {r} got {:?} | {}",
                        got.as_ref().map(|l| (&l.regency, &l.evidence)),
                        v["text"]
                            .as_str()
                            .unwrap_or_default()
                            .chars()
                            .take(160)
                            .collect::<String>()
                    );
                }
            }
        }
    }
    let us = start.elapsed().as_secs_f64() * 1e6 / texts.max(1) as f64;
    println!("texts {texts}; {us:.1} µs per text");
    println!(
        "province accuracy {:.3} ({prov_ok}/{prov_n})",
        prov_ok as f64 / prov_n.max(1) as f64
    );
    println!(
        "regency accuracy  {:.3} ({reg_ok}/{reg_n})",
        reg_ok as f64 / reg_n.max(1) as f64
    );
    println!(
        "actionable texts labelled without a place: {none_n}, of which a place was given for {none_said}"
    );
}
