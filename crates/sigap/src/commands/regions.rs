//! `sigap regions …`, `sigap route` and `sigap sentra …`: the region gazetteer and the Sentra
//! coverage as shipped in `data/` (embedded in the binary). These read no database yet; once
//! coverage is kept in the database (the regions issue), they will read it from there.

use anyhow::{Result, anyhow};
use serde_json::json;
use sigap_core::{
    RegionCode,
    gazetteer::Gazetteer,
    routing::Router,
    sentra::{Sentra, embedded_network},
};

use crate::{
    cli::{JsonFlag, RegionsSearchArgs, RegionsShowArgs, RouteArgs},
    output::print_json,
};

fn network() -> Result<(Vec<Sentra>, Vec<sigap_core::routing::CoverageRule>)> {
    embedded_network().map_err(|e| anyhow!("the shipped Sentra data is invalid: {e}"))
}

fn code(input: &str) -> Result<RegionCode> {
    let g = Gazetteer::embedded();
    let code = RegionCode::parse(input).map_err(|e| anyhow!("{}", e.message_en))?;
    if g.contains(&code) {
        return Ok(code);
    }
    g.resolve_legacy(code.as_str())
        .ok_or_else(|| anyhow!("there is no region {code} in the Kemendagri list"))
}

pub fn stats(args: JsonFlag) -> Result<()> {
    let c = Gazetteer::embedded().counts();
    if args.json {
        print_json(&c)?;
    } else {
        println!(
            "{} provinsi, {} kabupaten/kota, {} kecamatan, {} desa/kelurahan",
            c.province, c.regency, c.district, c.village
        );
    }
    Ok(())
}

pub fn search(args: RegionsSearchArgs) -> Result<()> {
    let hits = Gazetteer::embedded().search(&args.query.join(" "), args.limit.clamp(1, 100));
    if args.json {
        print_json(&hits)?;
    } else if hits.is_empty() {
        println!("Tidak ada wilayah yang cocok.");
    } else {
        for h in &hits {
            println!("{:<15} {:>5.2}  {}", h.code.as_str(), h.score, h.path);
        }
    }
    Ok(())
}

pub fn show(args: RegionsShowArgs) -> Result<()> {
    let g = Gazetteer::embedded();
    let code = code(&args.code)?;
    let region = g.get(&code).ok_or_else(|| anyhow!("no region {code}"))?;
    let children = g.children(&code);
    if args.json {
        print_json(&json!({
            "region": region,
            "path": g.path(&code),
            "ancestors": g.ancestors(&code),
            "children": children,
            "aliases": g.aliases(&code),
        }))?;
    } else {
        println!("{}  {}", code, g.path(&code).unwrap_or_default());
        let aliases = g.aliases(&code);
        if !aliases.is_empty() {
            println!("Nama lain: {}", aliases.join(", "));
        }
        println!("{} wilayah di bawahnya", children.len());
        for c in children.iter().take(50) {
            println!("  {:<15} {}", c.code.as_str(), c.display_name());
        }
        if children.len() > 50 {
            println!(
                "  … dan {} lagi (pakai --json untuk semuanya)",
                children.len() - 50
            );
        }
    }
    Ok(())
}

pub fn route(args: RouteArgs) -> Result<()> {
    let g = Gazetteer::embedded();
    let place = code(&args.code)?;
    let (units, rules) = network()?;
    let router = Router::new(rules).with_gazetteer(g).with_sentra(&units);
    let decision = router.route(&place);
    let sentra = decision
        .sentra
        .as_deref()
        .and_then(|id| units.iter().find(|u| u.id == id))
        .map(|u| json!({"id": u.id, "name": u.name}));
    if args.json {
        print_json(&json!({
            "place": {"code": place, "path": g.path(&place)},
            "sentra": sentra,
            "level": decision.level,
            "rule": decision.rule,
            "explanation": decision.explanation,
        }))?;
    } else {
        match &sentra {
            Some(s) => println!("{} → {}", place, s["name"].as_str().unwrap_or_default()),
            None => println!("{place} → antrean nasional command center"),
        }
        println!("{}", decision.explanation);
    }
    Ok(())
}

pub fn sentra_check(args: JsonFlag) -> Result<()> {
    let g = Gazetteer::embedded();
    let (units, rules) = network()?;
    let report = Router::new(rules)
        .with_gazetteer(g)
        .with_sentra(&units)
        .check(g);
    if args.json {
        print_json(&report)?;
    } else {
        println!(
            "{} dari {} kabupaten/kota tercakup; {} tidak tercakup; {} konflik aturan.",
            report.covered,
            report.regencies,
            report.uncovered.len(),
            report.conflicts.len()
        );
        for u in &report.uncovered {
            let path = g
                .get_str(u)
                .and_then(|r| g.path(&r.code))
                .unwrap_or_default();
            println!("  tidak tercakup: {u} {path}");
        }
        for c in &report.conflicts {
            println!("  konflik di {}: {:?}", c.region, c.sentra);
        }
    }
    if !report.uncovered.is_empty() || !report.conflicts.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}

pub fn sentra_list(args: JsonFlag) -> Result<()> {
    let g = Gazetteer::embedded();
    let (units, rules) = network()?;
    let router = Router::new(rules).with_gazetteer(g).with_sentra(&units);
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for r in g.level(sigap_core::RegionLevel::Regency) {
        if let Some(id) = router.route(&r.code).sentra {
            *counts.entry(id).or_default() += 1;
        }
    }
    if args.json {
        let list: Vec<_> = units
            .iter()
            .map(|u| json!({"unit": u, "regencies": counts.get(&u.id).copied().unwrap_or(0)}))
            .collect();
        print_json(&list)?;
    } else {
        for u in &units {
            println!(
                "{:<16} {:>3} kab/kota  {} ({})",
                u.id,
                counts.get(&u.id).copied().unwrap_or(0),
                u.name,
                u.seat
            );
        }
    }
    Ok(())
}
