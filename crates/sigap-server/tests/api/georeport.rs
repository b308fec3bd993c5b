//! Sigap's Open311 endpoint driven by a real client: the Python library `georeport` (PyPI),
//! installed by `scripts/ensure-georeport`. Two requests are filed through Sigap's own
//! `POST /open311/v2/requests.json` on a bound port, one is rejected by the command center, then
//! `tests/open311/georeport_client.py` reads them back through georeport in JSON and in XML.
//! The test fails, never skips, when Python or georeport is missing.

use std::path::PathBuf;

use super::{TOKEN, browser::Served};

/// The virtual environment `scripts/ensure-georeport` makes.
fn venv() -> PathBuf {
    std::env::var_os("SIGAP_GEOREPORT_VENV").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/py-georeport"),
        PathBuf::from,
    )
}

async fn file(client: &reqwest::Client, served: &Served, service: &str) -> String {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("api_key", TOKEN),
            ("jurisdiction_id", "sigap.test"),
            ("service_code", service),
            ("address_id", "32.01"),
            (
                "description",
                "Nenek 80 tahun hidup sendiri, sudah dua hari tidak makan.",
            ),
        ])
        .finish();
    let r = client
        .post(served.url("/open311/v2/requests.json"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("POST requests.json");
    assert_eq!(r.status(), 201);
    let answer: serde_json::Value = r.json().await.expect("a JSON answer");
    answer[0]["service_request_id"]
        .as_str()
        .expect("a service_request_id")
        .to_owned()
}

#[tokio::test]
async fn the_georeport_client_library_reads_what_open311_filed_in_json_and_xml() {
    let python = venv().join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/ensure-georeport (scripts/test does) to install the \
         Open311 client library georeport",
        python.display()
    );
    let served = Served::start().await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("an HTTP client");
    let lansia = file(&client, &served, "lansia").await;
    let bansos = file(&client, &served, "bansos").await;

    let auth = format!("Bearer {TOKEN}");
    let cases: serde_json::Value = client
        .get(served.url("/api/v1/cases"))
        .header("authorization", &auth)
        .send()
        .await
        .expect("GET cases")
        .json()
        .await
        .expect("a JSON list");
    let id = cases["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["ticket"] == bansos.as_str())
        .and_then(|c| c["id"].as_str())
        .expect("the bansos case")
        .to_owned();
    let rejected = client
        .post(served.url(&format!("/api/v1/cases/{id}/events")))
        .header("authorization", &auth)
        .json(&serde_json::json!({"action": "tolak", "note": "Sudah menerima PKH"}))
        .send()
        .await
        .expect("POST events");
    assert_eq!(rejected.status(), 200);

    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/open311/georeport_client.py");
    let output = tokio::process::Command::new(&python)
        .arg(&script)
        .arg(served.url("/open311/v2"))
        .arg("sigap.test")
        .arg(&lansia)
        .arg(&bansos)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .await
        .unwrap_or_else(|e| panic!("{} could not run: {e}", python.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    served.stop().await;
    assert!(
        output.status.success(),
        "georeport_client.py failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    assert!(stdout.contains("georeport: all checks passed"), "{stdout}");
}
