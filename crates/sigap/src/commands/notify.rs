//! `sigap notify targets list|add|remove` and `sigap notify list`: the same validation and
//! store calls as the API (`/api/v1/notification-targets`, `/api/v1/notifications`).

use anyhow::{Context, Result, anyhow};
use sigap_core::notify::DeliveryStatus;
use sigap_server::{
    api::v1::notifications::{TargetRequest, parse_target},
    views::{NotificationView, TargetView},
};
use sigap_store::{StoreError, notifications::NotificationFilter};
use uuid::Uuid;

use crate::{
    cli::{DbJson, NotifyListArgs, TargetAddArgs, TargetRemoveArgs},
    config::Database,
    output::print_json,
};

pub async fn list_targets(args: DbJson) -> Result<()> {
    super::init_quiet_logging();
    let store = Database::resolve(&args.db)?.open().await?;
    let targets = store.list_notification_targets().await?;
    store.close().await;
    let views: Vec<TargetView> = targets.iter().map(TargetView::from).collect();
    if args.json {
        return print_json(&views);
    }
    if views.is_empty() {
        println!("Belum ada target notifikasi (sigap notify targets add …).");
    }
    for t in &views {
        println!(
            "{}  {:<17} {:<12} {:<7} {}{}",
            t.id,
            t.audience.as_str(),
            t.sentra.as_deref().unwrap_or("-"),
            t.channel.as_str(),
            t.address,
            t.label
                .as_deref()
                .map(|l| format!("  ({l})"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

pub async fn add_target(args: TargetAddArgs) -> Result<()> {
    super::init_quiet_logging();
    let (channel, address) = match (&args.email, &args.webhook) {
        (Some(e), None) => ("email", e.clone()),
        (None, Some(w)) => ("webhook", w.clone()),
        _ => return Err(anyhow!("give either --email or --webhook")),
    };
    let request = TargetRequest {
        audience: args.audience.clone(),
        sentra: args.sentra.clone(),
        channel: channel.into(),
        address,
        secret: args.secret.clone(),
        label: args.label.clone(),
    };
    let new = parse_target(&request).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message_en))
            .collect();
        anyhow!("{}", lines.join("; "))
    })?;
    let store = Database::resolve(&args.db)?.open().await?;
    let added = store
        .add_notification_target(&new, "cli", chrono::Utc::now())
        .await;
    store.close().await;
    let target = match added {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            return Err(anyhow!(
                "unknown Sentra {:?}",
                new.sentra.unwrap_or_default()
            ));
        }
        Err(StoreError::Conflict(_)) => {
            return Err(anyhow!(
                "this address is already a target for that audience"
            ));
        }
        Err(e) => return Err(e).context("cannot add the target"),
    };
    if args.json {
        let mut v = serde_json::to_value(TargetView::from(&target))?;
        v["secret"] = serde_json::json!(target.secret);
        return print_json(&v);
    }
    println!("Target {} ditambahkan.", target.id);
    if let Some(secret) = &target.secret {
        println!("Rahasia penandatanganan webhook (simpan sekarang, tidak ditampilkan lagi):");
        println!("{secret}");
    }
    Ok(())
}

pub async fn remove_target(args: TargetRemoveArgs) -> Result<()> {
    super::init_quiet_logging();
    let id =
        Uuid::try_parse(args.id.trim()).map_err(|_| anyhow!("{:?} is not a target id", args.id))?;
    let store = Database::resolve(&args.db)?.open().await?;
    let removed = store
        .remove_notification_target(id, "cli", chrono::Utc::now())
        .await;
    store.close().await;
    match removed {
        Ok(()) => {
            println!("Target {id} dihapus; pesan yang belum terkirim ke sana dibatalkan.");
            Ok(())
        }
        Err(StoreError::NotFound) => Err(anyhow!("no target {id}")),
        Err(e) => Err(e).context("cannot remove the target"),
    }
}

pub async fn list(args: NotifyListArgs) -> Result<()> {
    super::init_quiet_logging();
    let filter = NotificationFilter {
        case_id: args
            .case
            .as_deref()
            .map(|c| Uuid::try_parse(c.trim()).map_err(|_| anyhow!("{c:?} is not a case id")))
            .transpose()?,
        status: args
            .status
            .as_deref()
            .map(|s| DeliveryStatus::parse(s).map_err(|e| anyhow!("{}", e.message_en)))
            .transpose()?,
    };
    let store = Database::resolve(&args.db)?.open().await?;
    let rows = store
        .list_notifications(&filter, args.limit.clamp(1, 500))
        .await?;
    store.close().await;
    let views: Vec<NotificationView> = rows
        .iter()
        .map(|(n, log)| NotificationView::new(n, log))
        .collect();
    if args.json {
        return print_json(&views);
    }
    if views.is_empty() {
        println!("Outbox kosong.");
    }
    for n in &views {
        println!(
            "{}  {:<9} {:<16} {:<11} {:<7} {}  percobaan {}{}",
            n.created_at.format("%Y-%m-%d %H:%M"),
            n.status.as_str(),
            n.kind.as_str(),
            n.audience.as_str(),
            n.channel.as_str(),
            n.recipient,
            n.attempts,
            n.last_error
                .as_deref()
                .map(|e| format!("  ({e})"))
                .unwrap_or_default()
        );
    }
    Ok(())
}
