//! Extracts one saved page and prints the article as JSON:
//! `cargo run -p sigap-ingest --example extract_page -- <file.html> [url]`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: extract_page <file.html> [url]")?;
    let url = args.next().unwrap_or_default();
    let html = String::from_utf8_lossy(&std::fs::read(&path)?).into_owned();
    let article = sigap_ingest::extract::extract(&html, &url);
    println!("{}", serde_json::to_string_pretty(&article)?);
    Ok(())
}
