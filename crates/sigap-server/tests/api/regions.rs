//! The public regions API through the real router (no database involved: SQLite is enough).

#![allow(clippy::unwrap_used)]

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Request, StatusCode, header},
};
use serde_json::Value;
use sigap_server::{AppState, ServerConfig};
use sigap_store::testing::TestDb;
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
}

impl Reply {
    fn codes(&self) -> Vec<&str> {
        self.json["items"]
            .as_array()
            .unwrap_or_else(|| panic!("no items: {}", self.json))
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect()
    }

    fn error_fields(&self) -> Vec<&str> {
        self.json["errors"]
            .as_array()
            .map(|a| a.iter().map(|e| e["field"].as_str().unwrap()).collect())
            .unwrap_or_default()
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

async fn app() -> (Router, TestDb) {
    let db = TestDb::sqlite().await.unwrap();
    let state = AppState::new(db.store.clone(), ServerConfig::default());
    let router = sigap_server::build_router(state);
    (router, db)
}

async fn get(router: &Router, uri: &str) -> Reply {
    let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
    let response = router.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), 1 << 24).await.unwrap();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    Reply {
        status,
        headers,
        json,
    }
}

#[tokio::test]
async fn a_village_district_regency_query_puts_that_village_first() {
    let (app, _db) = app().await;
    let r = get(&app, "/api/v1/regions?q=sukamaju%20cibungbulang%20bogor").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.codes()[0], "32.01.16.2013");
    let first = &r.json["items"][0];
    assert_eq!(first["name"], "Sukamaju");
    assert_eq!(first["display_name"], "Desa Sukamaju");
    assert_eq!(first["kind"], "desa");
    assert_eq!(first["level"], "village");
    assert_eq!(
        first["path"],
        "Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor, Jawa Barat"
    );
    assert_eq!(r.json["query"], "sukamaju cibungbulang bogor");
    assert!(r.codes().len() <= 10, "the default limit is 10");
    assert_eq!(
        r.headers.get(header::CACHE_CONTROL).unwrap(),
        "public, max-age=3600"
    );
}

#[tokio::test]
async fn a_typo_still_finds_the_village() {
    let (app, _db) = app().await;
    let r = get(
        &app,
        "/api/v1/regions?q=sukamaju%20cibungbulan%20bogr&limit=5",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.codes()[0], "32.01.16.2013", "{}", r.json);
    let edits: u64 = r.json["items"][0]["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["edits"].as_u64().unwrap())
        .sum();
    assert!(edits >= 1, "the typo shows as an edit: {}", r.json);
}

#[tokio::test]
async fn a_level_filter_keeps_only_regions_of_that_level() {
    let (app, _db) = app().await;
    let r = get(&app, "/api/v1/regions?q=bogor&level=regency").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let mut codes = r.codes();
    codes.sort_unstable();
    assert_eq!(codes, ["32.01", "32.71"], "{}", r.json);
    assert_eq!(r.json["level"], "regency");
}

#[tokio::test]
async fn a_limit_caps_the_results() {
    let (app, _db) = app().await;
    let r = get(&app, "/api/v1/regions?q=sukamaju&limit=3").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.codes().len(), 3);
}

#[tokio::test]
async fn a_regency_is_found_by_dotted_and_undotted_code() {
    let (app, _db) = app().await;
    for code in ["32.01", "3201"] {
        let r = get(&app, &format!("/api/v1/regions/{code}")).await;
        assert_eq!(r.status, StatusCode::OK, "{code}: {}", r.json);
        assert_eq!(r.json["code"], "32.01");
        assert_eq!(r.json["name"], "Bogor");
        assert_eq!(r.json["display_name"], "Kabupaten Bogor");
        assert_eq!(r.json["kind"], "kabupaten");
        assert_eq!(r.json["level"], "regency");
        assert_eq!(r.json["parent"], "32");
        assert_eq!(r.json["path"], "Kab. Bogor, Jawa Barat");
        assert_eq!(r.json["children_count"], 40);
        assert!(r.json["aliases"].is_array());
        assert_eq!(r.json["resolved_from"], Value::Null);
        assert_eq!(
            r.headers.get(header::CACHE_CONTROL).unwrap(),
            "public, max-age=3600"
        );
    }
}

#[tokio::test]
async fn the_children_of_a_regency_are_its_districts_sorted_by_code() {
    let (app, _db) = app().await;
    let r = get(&app, "/api/v1/regions/3201/children").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let codes = r.codes();
    assert_eq!(codes.len(), 40);
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
    assert!(codes.iter().all(|c| c.starts_with("32.01.")));
    assert!(codes.contains(&"32.01.16"));
    assert_eq!(r.json["code"], "32.01");
    assert_eq!(r.json["items"][0]["level"], "district");
}

#[tokio::test]
async fn the_ancestors_of_a_village_start_at_the_province() {
    let (app, _db) = app().await;
    let r = get(&app, "/api/v1/regions/32.01.16.2013/ancestors").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.codes(), ["32", "32.01", "32.01.16"]);
    assert_eq!(r.json["items"][0]["display_name"], "Provinsi Jawa Barat");
    let province = get(&app, "/api/v1/regions/32/ancestors").await;
    assert_eq!(province.status, StatusCode::OK);
    assert!(province.codes().is_empty());
}

#[tokio::test]
async fn an_unknown_code_is_a_404_problem() {
    let (app, _db) = app().await;
    for uri in [
        "/api/v1/regions/32.99",
        "/api/v1/regions/32.99/children",
        "/api/v1/regions/32.99/ancestors",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}: {}", r.json);
        assert_eq!(r.content_type(), "application/problem+json");
        assert_eq!(r.json["code"], "not_found");
        assert_eq!(r.json["detail"], "Wilayah tidak ditemukan.");
    }
}

#[tokio::test]
async fn a_malformed_code_is_a_422_naming_the_code() {
    let (app, _db) = app().await;
    for uri in [
        "/api/v1/regions/bogor",
        "/api/v1/regions/32.1",
        "/api/v1/regions/32.01.16.2013.1/children",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{uri}: {}",
            r.json
        );
        assert_eq!(r.content_type(), "application/problem+json");
        assert_eq!(r.error_fields(), ["code"]);
    }
}

#[tokio::test]
async fn an_empty_or_missing_query_is_a_422_naming_q() {
    let (app, _db) = app().await;
    for uri in [
        "/api/v1/regions?q=",
        "/api/v1/regions?q=%20%20",
        "/api/v1/regions",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{uri}: {}",
            r.json
        );
        assert_eq!(r.content_type(), "application/problem+json");
        assert_eq!(r.error_fields(), ["q"]);
        assert_eq!(r.json["errors"][0]["code"], "required");
    }
    let long = "a".repeat(201);
    let r = get(&app, &format!("/api/v1/regions?q={long}")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json["errors"][0]["code"], "too_long");
}

#[tokio::test]
async fn a_bad_limit_or_level_is_a_422_naming_each_field() {
    let (app, _db) = app().await;
    let r = get(&app, "/api/v1/regions?q=bogor&limit=0&level=kota").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(r.error_fields(), ["limit", "level"]);
    for limit in ["51", "abc", "-1"] {
        let r = get(&app, &format!("/api/v1/regions?q=bogor&limit={limit}")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{limit}");
        assert_eq!(r.error_fields(), ["limit"]);
    }
    let r = get(&app, "/api/v1/regions?q=bogor&limit=50").await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_pre_2022_papua_code_resolves_to_its_current_region() {
    let (app, _db) = app().await;
    // data/regions/papua-2022.tsv: 91.01 → 93.01, Kabupaten Merauke.
    for code in ["91.01", "9101"] {
        let r = get(&app, &format!("/api/v1/regions/{code}")).await;
        assert_eq!(r.status, StatusCode::OK, "{code}: {}", r.json);
        assert_eq!(r.json["code"], "93.01");
        assert_eq!(r.json["display_name"], "Kabupaten Merauke");
        assert_eq!(r.json["resolved_from"], "91.01");
        assert_eq!(r.json["parent"], "93");
    }
    let r = get(&app, "/api/v1/regions/91.01/ancestors").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.codes(), ["93"]);
    assert_eq!(r.json["resolved_from"], "91.01");
    let r = get(&app, "/api/v1/regions/91.01/children").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.codes().iter().all(|c| c.starts_with("93.01.")));
    let r = get(&app, "/api/v1/regions?q=91.01").await;
    assert_eq!(r.codes(), ["93.01"]);
}

#[tokio::test]
async fn script_like_input_in_q_breaks_nothing() {
    let (app, _db) = app().await;
    for q in [
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%27%20OR%201%3D1%20--",
        "%22%3B%20DROP%20TABLE%20regions%3B",
        "%E2%80%AE%F0%9F%92%A5%00%0A",
        "..%2F..%2Fetc%2Fpasswd",
        "%25%25%25",
    ] {
        let r = get(&app, &format!("/api/v1/regions?q={q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.json);
        assert!(r.json["items"].is_array());
        assert_eq!(r.content_type(), "application/json");
    }
}
