//! `sigap bench regions`: the gazetteer and the router — parse time, memory, lookups, name
//! search and routing — on the data embedded in the binary.

use std::hint::black_box;
use std::time::Instant;

use sigap_core::gazetteer::{ALIASES_TSV, Gazetteer, PAPUA_2022_TSV, REGIONS_TSV};

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn per_call_us(n: usize, mut f: impl FnMut(usize)) -> f64 {
    let start = Instant::now();
    for i in 0..n {
        f(i);
    }
    start.elapsed().as_secs_f64() * 1e6 / n as f64
}

pub fn regions() -> anyhow::Result<()> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; run `cargo run --release -- bench regions` for real figures"
        );
    }
    let before = rss_kib();
    let start = Instant::now();
    let parsed = Gazetteer::parse(REGIONS_TSV, ALIASES_TSV, PAPUA_2022_TSV);
    let parse_ms = start.elapsed().as_secs_f64() * 1e3;
    let g = parsed.map_err(|e| anyhow::anyhow!("the embedded region data does not parse: {e}"))?;
    let after = rss_kib();
    println!("parse the embedded gazetteer: {parse_ms:.1} ms");
    println!("stats: {:?}", g.stats());
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "resident memory: {:.1} MiB before, {:.1} MiB after (+{:.1} MiB)",
            b as f64 / 1024.0,
            a as f64 / 1024.0,
            (a - b) as f64 / 1024.0
        );
    }

    let codes: Vec<_> = g.regions().iter().map(|r| r.code.clone()).collect();
    let lookup = per_call_us(codes.len(), |i| {
        black_box(g.get(&codes[i]));
    });
    println!(
        "get by code: {lookup:.3} µs per lookup ({} lookups)",
        codes.len()
    );
    let ancestors = per_call_us(codes.len(), |i| {
        black_box(g.ancestors(&codes[i]));
    });
    println!("ancestors: {ancestors:.3} µs per call");

    let queries = [
        "sukamaju cibungbulang bogor",
        "sukamju cibungbulan bogor",
        "Kota Bogor",
        "kab. bogor",
        "Jaksel",
        "tanjung pinang",
        "desa sukamaju kecamatan cibungbulang kabupaten bogor jawa barat",
        "jaya baru sari tanjung",
        "kampung baru",
        "cibungbu",
        "xqzvkwpl",
        "sidomulyo",
    ];
    for q in queries {
        let n = 200;
        let us = per_call_us(n, |_| {
            black_box(g.search(q, 10));
        });
        let hits = g.search(q, 3);
        let first = hits
            .first()
            .map(|h| format!("{} {} ({:.2})", h.code, h.path, h.score))
            .unwrap_or_default();
        println!("search {q:?}: {us:.1} µs -> {first}");
    }

    match sigap_core::sentra::embedded_network() {
        Ok((units, rules)) => {
            let router = sigap_core::routing::Router::new(rules)
                .with_gazetteer(&g)
                .with_sentra(&units);
            let route = per_call_us(codes.len(), |i| {
                black_box(router.route(&codes[i]));
            });
            println!(
                "route (with explanation): {route:.2} µs per place, over all {} regions",
                codes.len()
            );
            let start = Instant::now();
            let report = router.check(&g);
            println!(
                "check: {:.1} ms, {} of {} regencies covered, {} conflicts",
                start.elapsed().as_secs_f64() * 1e3,
                report.covered,
                report.regencies,
                report.conflicts.len()
            );
        }
        Err(e) => println!("embedded network: {e}"),
    }
    Ok(())
}
