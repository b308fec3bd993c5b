//! How the command line prints cases for people (tables) and for programs (`--json`).

use sigap_core::case::Case;

pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// One line per case: ticket, status, channel, region, categories, the start of the text.
pub fn print_case_table(cases: &[Case]) {
    println!(
        "{:<16} {:<14} {:<9} {:<14} {:<30} URAIAN",
        "TIKET", "STATUS", "KANAL", "WILAYAH", "KATEGORI"
    );
    for c in cases {
        let categories: Vec<&str> = c.categories.iter().map(|c| c.as_str()).collect();
        let description: String = c.description.chars().take(48).collect();
        println!(
            "{:<16} {:<14} {:<9} {:<14} {:<30} {}",
            c.ticket.as_str(),
            c.status.as_str(),
            c.channel.as_str(),
            c.location
                .region
                .as_ref()
                .map(|r| r.as_str())
                .unwrap_or("-"),
            categories.join(","),
            description
        );
    }
}
