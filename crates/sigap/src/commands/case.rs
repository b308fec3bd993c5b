//! `sigap case list` and `sigap case show`.

use anyhow::{Context, Result};
use sigap_core::{Category, Channel, RegionCode, Status, TicketNumber};
use sigap_server::views::CaseView;
use sigap_store::{CaseFilter, StoreError};

use crate::{
    cli::{CaseListArgs, CaseShowArgs},
    config::Database,
    output::{print_case_table, print_json},
};

fn parse<T>(
    value: Option<&str>,
    parse: fn(&str) -> Result<T, sigap_core::FieldError>,
) -> Result<Option<T>> {
    value
        .map(|v| parse(v).map_err(|e| anyhow::anyhow!("{}", e.message_en)))
        .transpose()
}

pub async fn list(args: CaseListArgs) -> Result<()> {
    super::init_quiet_logging();
    let filter = CaseFilter {
        status: parse(args.status.as_deref(), Status::parse)?,
        category: parse(args.category.as_deref(), Category::parse)?,
        region: parse(args.region.as_deref(), RegionCode::parse)?,
        channel: parse(args.channel.as_deref(), Channel::parse)?,
        from: None,
        to: None,
        sentra: args.sentra.as_deref().map(|s| match s {
            "nasional" | "national" => sigap_store::SentraFilter::National,
            id => sigap_store::SentraFilter::Unit(id.to_owned()),
        }),
        sla: None,
        scope: None,
        q: None,
        search_personal: false,
    };
    let db = Database::resolve(&args.db)?;
    let store = db.open().await?;
    let page = store.list_cases(&filter, args.limit, None).await?;
    if args.json {
        let views: Vec<CaseView> = page.cases.iter().map(|c| CaseView::new(c, None)).collect();
        print_json(&views)?;
    } else if page.cases.is_empty() {
        println!("Tidak ada kasus yang cocok.");
    } else {
        print_case_table(&page.cases);
    }
    store.close().await;
    Ok(())
}

pub async fn show(args: CaseShowArgs) -> Result<()> {
    super::init_quiet_logging();
    let db = Database::resolve(&args.db)?;
    let store = db.open().await?;
    let found = if let Ok(id) = uuid::Uuid::try_parse(&args.case) {
        store.get_case(id).await
    } else {
        let ticket =
            TicketNumber::parse(&args.case).map_err(|e| anyhow::anyhow!("{}", e.message_en))?;
        match store.find_case_by_ticket(&ticket).await {
            Ok(c) => store.get_case(c.id).await,
            Err(e) => Err(e),
        }
    };
    let case = match found {
        Err(StoreError::NotFound) => anyhow::bail!("no case {}", args.case),
        other => other.context("cannot read the case")?,
    };
    let events = store.case_events(case.id).await?;
    let view = CaseView::new(&case, Some(&events));
    if args.json {
        print_json(&view)?;
    } else {
        println!("{}  [{}]  {}", view.ticket, view.status_label, view.id);
        println!(
            "Kanal: {}   Dibuat: {}",
            case.channel.label(),
            view.created_at
        );
        println!(
            "Wilayah: {}   Alamat: {}",
            view.location.region_code.as_deref().unwrap_or("-"),
            view.location.address.as_deref().unwrap_or("-")
        );
        let cats: Vec<&str> = case.categories.iter().map(|c| c.label()).collect();
        match &case.assignment {
            Some(a) => println!(
                "Sentra: {}\n  {}",
                a.sentra_name
                    .as_deref()
                    .unwrap_or("antrean nasional command center"),
                a.explanation
            ),
            None => println!("Sentra: -"),
        }
        println!(
            "Kategori: {}   Urgensi: {}",
            cats.join(", "),
            case.urgency.map(|u| u.label()).unwrap_or("-")
        );
        if let Some(r) = &view.reporter {
            println!(
                "Pelapor: {}{}",
                r.name.as_deref().unwrap_or("-"),
                if r.anonymous { " (anonim)" } else { "" }
            );
        }
        println!("\n{}\n", view.description);
        println!("Riwayat:");
        for e in &events {
            println!(
                "  {}  {:<10} {:<14} {}",
                e.at.format("%Y-%m-%d %H:%M"),
                e.actor,
                e.to_status.map(|s| s.as_str()).unwrap_or(e.kind.as_str()),
                e.note.as_deref().unwrap_or("")
            );
        }
        let next: Vec<&str> = view.allowed_actions.iter().map(|a| a.as_str()).collect();
        println!("Tindakan berikutnya: {}", next.join(", "));
    }
    store.close().await;
    Ok(())
}
