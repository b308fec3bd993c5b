//! Scoring extraction against a gold set, with the metric of the ScrapingHub
//! article-extraction benchmark (`evaluate.py`), so that figures compare with published ones.
//!
//! Tokens are runs of word characters (`\w+`, case kept; here: alphanumeric or `_`); each
//! body becomes the multiset of its 4-token shingles (a body of one to three tokens is one
//! shingle, as in `evaluate.py`). Per page, TP = shared shingles, FP = extra extracted ones,
//! FN = missed expected ones, each divided by their sum so that every page weighs the same.
//! Precision and recall are averaged over all pages, a page with nothing expected and nothing
//! extracted counting 1 for both, and F1 is computed from the two averages. (`evaluate.py`
//! leaves a page out of the precision average when TP + FP = 0, and out of the recall average
//! when TP + FN = 0; the two agree whenever every page expects and yields some text.)

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How one extracted body compares with the expected one.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PageScore {
    /// Shared shingles, as a share of TP + FP + FN.
    pub true_positives: f64,
    /// Extracted shingles not expected, as a share of TP + FP + FN.
    pub false_positives: f64,
    /// Expected shingles not extracted, as a share of TP + FP + FN.
    pub false_negatives: f64,
    /// TP / (TP + FP); 1 when both bodies are empty.
    pub precision: f64,
    /// TP / (TP + FN); 1 when both bodies are empty.
    pub recall: f64,
}

/// One page's result in a [`Report`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageResult {
    /// The page's id in the gold file.
    pub id: String,
    /// Its score.
    pub score: PageScore,
}

/// The result of [`run_benchmark`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// Pages scored.
    pub pages: usize,
    /// Precision averaged over the pages.
    pub precision: f64,
    /// Recall averaged over the pages.
    pub recall: f64,
    /// F1 of the two averages.
    pub f1: f64,
    /// Pages extracted per second of wall-clock time (extraction only: no reading, no
    /// decompression, no scoring), over `threads` threads.
    pub pages_per_sec: f64,
    /// Threads the pages were split over (the machine's available parallelism).
    pub threads: usize,
    /// Every page's score, in id order.
    pub per_page: Vec<PageResult>,
}

/// Why a benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The gold file is not the expected JSON.
    #[error("cannot parse {path}: {source}")]
    Json {
        /// The gold file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
    /// The gold file names a page that has no HTML file.
    #[error("no html file for page {id} in {dir}")]
    MissingPage {
        /// The page's id.
        id: String,
        /// The benchmark directory.
        dir: PathBuf,
    },
    /// The directory has no gold file.
    #[error("no ground-truth.json or gold.json in {0}")]
    NoGold(PathBuf),
}

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Counts each shingle of `tokens` into slot `side` (0 expected, 1 extracted) of `counts`.
fn count_shingles<'a>(
    tokens: &'a [&'a str],
    side: usize,
    counts: &mut HashMap<&'a [&'a str], [u32; 2]>,
) {
    if tokens.is_empty() {
        return;
    }
    if tokens.len() < 4 {
        counts.entry(tokens).or_default()[side] += 1;
        return;
    }
    for shingle in tokens.windows(4) {
        counts.entry(shingle).or_default()[side] += 1;
    }
}

/// Scores the extracted body `got` against the `expected` one.
pub fn score(expected: &str, got: &str) -> PageScore {
    let expected_tokens = tokens(expected);
    let got_tokens = tokens(got);
    let mut counts: HashMap<&[&str], [u32; 2]> = HashMap::new();
    count_shingles(&expected_tokens, 0, &mut counts);
    count_shingles(&got_tokens, 1, &mut counts);
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for [want, have] in counts.into_values() {
        tp += u64::from(want.min(have));
        fp += u64::from(have.saturating_sub(want));
        fn_ += u64::from(want.saturating_sub(have));
    }
    let (tp, fp, fn_) = (tp as f64, fp as f64, fn_ as f64);
    let sum = tp + fp + fn_;
    let (tp, fp, fn_) = if sum > 0.0 {
        (tp / sum, fp / sum, fn_ / sum)
    } else {
        (0.0, 0.0, 0.0)
    };
    let precision = if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    };
    let recall = if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    };
    PageScore {
        true_positives: tp,
        false_positives: fp,
        false_negatives: fn_,
        precision,
        recall,
    }
}

/// Averages page scores: `(precision, recall, f1)`; all three are 0 for no pages.
pub fn aggregate(scores: &[PageScore]) -> (f64, f64, f64) {
    if scores.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let n = scores.len() as f64;
    let precision = scores.iter().map(|s| s.precision).sum::<f64>() / n;
    let recall = scores.iter().map(|s| s.recall).sum::<f64>() / n;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[derive(serde::Deserialize)]
struct GoldPage {
    #[serde(rename = "articleBody", default)]
    article_body: String,
    #[serde(default)]
    url: String,
}

fn read(path: &Path) -> Result<Vec<u8>, BenchError> {
    std::fs::read(path).map_err(|source| BenchError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The HTML of page `id`: `html/<id>.html.gz`, `html/<id>.html`, `<id>.html.gz` or `<id>.html`.
fn read_page(dir: &Path, id: &str) -> Result<String, BenchError> {
    for sub in [dir.join("html"), dir.to_owned()] {
        let gz = sub.join(format!("{id}.html.gz"));
        if gz.is_file() {
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(read(&gz)?.as_slice())
                .read_to_end(&mut html)
                .map_err(|source| BenchError::Io {
                    path: gz.clone(),
                    source,
                })?;
            return Ok(String::from_utf8_lossy(&html).into_owned());
        }
        let plain = sub.join(format!("{id}.html"));
        if plain.is_file() {
            return Ok(String::from_utf8_lossy(&read(&plain)?).into_owned());
        }
    }
    Err(BenchError::MissingPage {
        id: id.to_owned(),
        dir: dir.to_owned(),
    })
}

/// Runs extraction over the gold set in `dir` and scores it.
///
/// `dir` holds `ground-truth.json` (or `gold.json`), `{ "<id>": { "articleBody": "...",
/// "url": "..." } }`, and each page's HTML as `html/<id>.html.gz` (or `.html`, or either
/// directly in `dir`). Every page is read and decompressed first; then the pages are split
/// into one contiguous share per available core and extracted on scoped threads, and only
/// that part is timed.
pub fn run_benchmark(dir: &Path) -> Result<Report, BenchError> {
    let gold_path = ["ground-truth.json", "gold.json"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| BenchError::NoGold(dir.to_owned()))?;
    let gold: BTreeMap<String, GoldPage> =
        serde_json::from_slice(&read(&gold_path)?).map_err(|source| BenchError::Json {
            path: gold_path.clone(),
            source,
        })?;
    let mut pages = Vec::with_capacity(gold.len());
    for (id, page) in &gold {
        pages.push((id.as_str(), page, read_page(dir, id)?));
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, pages.len().max(1));
    let share = pages.len().div_ceil(threads).max(1);
    let started = Instant::now();
    let texts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = pages
            .chunks(share)
            .map(|chunk| {
                let handle = scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(_, page, html)| super::extract(html, &page.url).text)
                        .collect::<Vec<_>>()
                });
                (handle, chunk.len())
            })
            .collect();
        // `extract` does not panic; were it to, that share scores as empty, still in place.
        handles
            .into_iter()
            .flat_map(|(h, len)| h.join().unwrap_or_else(|_| vec![String::new(); len]))
            .collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let per_page: Vec<PageResult> = pages
        .iter()
        .zip(&texts)
        .map(|((id, page, _), text)| PageResult {
            id: (*id).to_owned(),
            score: score(&page.article_body, text),
        })
        .collect();
    let scores: Vec<PageScore> = per_page.iter().map(|p| p.score).collect();
    let (precision, recall, f1) = aggregate(&scores);
    let pages_per_sec = if seconds > 0.0 {
        pages.len() as f64 / seconds
    } else {
        0.0
    };
    Ok(Report {
        pages: pages.len(),
        precision,
        recall,
        f1,
        pages_per_sec,
        threads,
        per_page,
    })
}
