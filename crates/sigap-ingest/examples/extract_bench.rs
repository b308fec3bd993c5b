//! Runs the article-extraction benchmark on a directory and prints the figures:
//! `cargo run --release -p sigap-ingest --example extract_bench -- <dir> [--worst N]`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/bench/article-extraction".to_owned()),
    );
    let worst: usize = match (args.next().as_deref(), args.next()) {
        (Some("--worst"), Some(n)) => n.parse()?,
        _ => 0,
    };
    let report = sigap_ingest::extract::bench::run_benchmark(&dir)?;
    let mut pages = report.per_page.clone();
    pages.sort_by(|a, b| {
        let f = |s: &sigap_ingest::extract::bench::PageScore| s.precision + s.recall;
        f(&a.score).total_cmp(&f(&b.score))
    });
    for page in pages.iter().take(worst) {
        println!(
            "{:.3} {:.3} {}",
            page.score.precision, page.score.recall, page.id
        );
    }
    println!(
        "{}: {} pages, precision {:.4}, recall {:.4}, F1 {:.4}, {:.0} pages/s on {} thread(s)",
        dir.display(),
        report.pages,
        report.precision,
        report.recall,
        report.f1,
        report.pages_per_sec,
        report.threads
    );
    Ok(())
}
