//! `sigap regions …` (the region gazetteer, embedded in the binary), and `sigap route` and
//! `sigap sentra …`, which read the Sentra network and coverage from the database (a new
//! database gets the shipped network from `data/sentra/` on first open).

use anyhow::{Result, anyhow};
use serde_json::json;
use sigap_core::{RegionCode, gazetteer::Gazetteer};
use sigap_server::routing::Routing;

use crate::{
    cli::{DbJson, JsonFlag, RegionsSearchArgs, RegionsShowArgs, RouteArgs},
    config::Database,
    output::print_json,
};

fn code(input: &str) -> Result<RegionCode> {
    let code = RegionCode::parse(input).map_err(|e| anyhow!("{}", e.message_en))?;
    Gazetteer::embedded()
        .current(&code)
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

pub async fn route(args: RouteArgs) -> Result<()> {
    super::init_quiet_logging();
    let place = code(&args.code)?;
    let store = Database::resolve(&args.db)?.open().await?;
    // A preview: surges are shown, their rotation is not advanced.
    let preview = Routing::default()
        .preview(&store, &place, chrono::Utc::now())
        .await?;
    store.close().await;
    if args.json {
        print_json(&preview)?;
    } else {
        match &preview.sentra {
            Some(s) => println!("{place} → {}", s.name),
            None => println!("{place} → antrean nasional command center"),
        }
        println!("{}", preview.explanation);
    }
    Ok(())
}

pub async fn sentra_check(args: DbJson) -> Result<()> {
    super::init_quiet_logging();
    let g = Gazetteer::embedded();
    let store = Database::resolve(&args.db)?.open().await?;
    let net = Routing::default()
        .network(&store, chrono::Utc::now())
        .await?;
    store.close().await;
    let report = net.router.check(g);
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

pub async fn sentra_list(args: DbJson) -> Result<()> {
    super::init_quiet_logging();
    let g = Gazetteer::embedded();
    let store = Database::resolve(&args.db)?.open().await?;
    let units: Vec<_> = store
        .list_sentra()
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    let net = Routing::default()
        .network(&store, chrono::Utc::now())
        .await?;
    store.close().await;
    let router = &net.router;
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
