//! `sigap complaint add`: an operator files a complaint from a terminal. The same validation
//! as the HTTP API applies.

use anyhow::{Result, bail};
use sigap_server::{
    api::v1::complaint_request::{ComplaintRequest, LocationIn, PersonIn, ReporterIn},
    views::ComplaintCreated,
};

use crate::{cli::ComplaintAddArgs, config::Database, output::print_json};

pub async fn add(args: ComplaintAddArgs) -> Result<()> {
    super::init_quiet_logging();
    let db = Database::resolve(&args.db)?;
    let has_location = args.address.is_some()
        || args.region.is_some()
        || args.latitude.is_some()
        || args.longitude.is_some();
    let has_beneficiary = args.beneficiary_name.is_some()
        || args.beneficiary_age.is_some()
        || args.beneficiary_sex.is_some();
    let request = ComplaintRequest {
        channel: Some(args.channel),
        complaint_type: Some(args.complaint_type),
        reporter: Some(ReporterIn {
            name: args.reporter_name,
            phone: args.phone,
            email: args.email,
            nik: args.nik,
            anonymous: Some(args.anonymous),
            consent_contact: Some(!args.no_contact),
        }),
        beneficiary: has_beneficiary.then_some(PersonIn {
            name: args.beneficiary_name,
            age: args.beneficiary_age,
            sex: args.beneficiary_sex,
        }),
        description: Some(args.description),
        location: has_location.then_some(LocationIn {
            address: args.address,
            region_code: args.region,
            latitude: args.latitude,
            longitude: args.longitude,
        }),
        category: None,
        categories: Some(args.categories),
        urgency: args.urgency,
        confidential: None,
    };
    let new = match request.into_new_case() {
        Ok(n) => n,
        Err(errors) => {
            for e in &errors {
                eprintln!("  {}: {} ({})", e.field, e.message, e.message_en);
            }
            bail!(
                "the complaint was not filed: {} field(s) to correct",
                errors.len()
            );
        }
    };
    let store = db.open().await?;
    let now = chrono::Utc::now();
    let assignment = sigap_server::routing::Routing::default()
        .decide(
            &store,
            new.location.region.as_ref(),
            sigap_server::routing::Cause::Created,
            "system",
            now,
        )
        .await?;
    let outcome = store
        .create_case(&new, Some(&assignment), None, "operator-cli", now)
        .await?;
    let created = ComplaintCreated::from(outcome.case());
    if args.json {
        print_json(&created)?;
    } else {
        println!(
            "Aduan tercatat. Nomor tiket: {}  (id {})",
            created.ticket, created.id
        );
        println!("{}", assignment.explanation);
    }
    store.close().await;
    Ok(())
}
