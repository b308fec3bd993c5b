//! The OpenAPI document against the server it describes: it is a sound OpenAPI 3.1 document,
//! every operation it names is routed, the permission it names for an operation is the one the
//! server enforces for every role, and the page people read shows every operation.

use super::*;

const ROLES: [&str; 5] = ["admin", "supervisor", "operator", "sentra", "viewer"];

fn document() -> Value {
    serde_json::from_str(sigap_server::openapi::document_json()).unwrap()
}

/// `path` with its parameters filled in with values this test's data has (or, for ids that
/// are not there, values of the right shape).
fn concrete(path: &str, case: &str, sentra: &str, ticket: &str) -> String {
    let id = if path.starts_with("/api/v1/cases/") {
        case
    } else if path.starts_with("/api/v1/sentra/") {
        sentra
    } else if path.starts_with("/api/v1/notification-targets/") {
        "00000000-0000-0000-0000-000000000000"
    } else {
        "999999"
    };
    path.replace("{id}", id)
        .replace("{ticket}", ticket)
        .replace("{service_request_id}", ticket)
        .replace("{token}", "bukan-token")
        .replace("{date}", "2026-12-31")
        .replace("{rule}", "999999")
        .replace("{attachment}", "999999")
        .replace("{code}", "32.01")
        .replace("{service_code}", "lansia")
        .replace("{format}", "json")
}

fn method_of(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap()
}

#[test]
fn the_document_is_a_sound_openapi_3_1_document() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Sigap API");
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    // Every reference resolves.
    for reference in text.split("\"#/components/schemas/").skip(1) {
        let name = &reference[..reference.find('"').unwrap()];
        assert!(
            schemas.contains_key(name),
            "{name} is referred to but not defined"
        );
    }
    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let mut operations = 0;
    let mut ids = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let what = format!("{method} {path}");
            assert!(
                ids.insert(op["operationId"].as_str().unwrap().to_owned()),
                "{what}: operationId twice"
            );
            assert!(
                !op["summary"].as_str().unwrap_or("").is_empty(),
                "{what}: no summary"
            );
            assert!(
                tags.contains(&op["tags"][0].as_str().unwrap_or("")),
                "{what}: no known tag"
            );
            let answers = op["responses"].as_object().unwrap();
            assert!(
                answers
                    .keys()
                    .any(|s| s.starts_with('2') || s.starts_with('3')),
                "{what}: no success answer"
            );
            assert!(
                op["security"].is_array(),
                "{what}: does not say who may call it"
            );
            // Every parameter in the path template is declared.
            for part in path.split('{').skip(1) {
                let name = &part[..part.find('}').unwrap()];
                assert!(
                    op["parameters"].as_array().is_some_and(|ps| ps
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path")),
                    "{what}: path parameter {name} is not declared"
                );
            }
            // A JSON body comes with an example, so that the docs page shows one.
            if let Some(json) = op["requestBody"]["content"].get("application/json") {
                let example = json.get("example").is_some()
                    || json["schema"]["$ref"].as_str().is_some_and(|r| {
                        schemas[r.rsplit('/').next().unwrap()]
                            .get("example")
                            .is_some()
                    });
                assert!(
                    example || method == "put" && path == "/api/v1/sla/policy",
                    "{what}: a JSON body without an example"
                );
            }
        }
    }
    assert!(operations >= 80, "only {operations} operations");
}

#[test]
fn every_hand_registered_route_is_documented() {
    // The API's routes are registered with their documentation (utoipa-axum `routes!`), so only
    // the routes the router adds by hand can go undocumented: Open311 (one route per format),
    // the document itself, and the staff and public pages, which are not an API.
    let doc = document();
    let documented = sigap_server::openapi::operations_of(&doc);
    let pages = [
        "/masuk",
        "/keluar",
        "/bahasa",
        "/lapor/terkirim",
        "/static/",
        "/staf",
        "/survei/",
    ];
    let source = include_str!("../../src/router.rs");
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let mut seen = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line
            .strip_prefix(".route(")
            .or_else(|| line.strip_prefix("&format!("))
        else {
            continue;
        };
        // `.route(` may carry its path on the next line.
        let text = if rest.contains('"') {
            rest
        } else {
            lines.get(i + 1).copied().unwrap_or("")
        };
        let Some(path) = text.split('"').nth(1) else {
            continue;
        };
        let path = path.replace("{ext}", "{format}");
        seen += 1;
        if path == "/" || pages.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        let full = if path.starts_with("/v2/") || path.starts_with("/discovery") {
            format!("/open311{path}")
        } else {
            path.clone()
        };
        let template = full
            .replace(
                "/v2/services/{file}",
                "/v2/services/{service_code}.{format}",
            )
            .replace(
                "/v2/requests/{file}",
                "/v2/requests/{service_request_id}.{format}",
            )
            .replace("/v2/tokens/{file}", "/v2/tokens/{token}.{format}");
        assert!(
            documented.iter().any(|(_, p)| *p == template),
            "{full} is routed but not in the OpenAPI document"
        );
    }
    assert!(
        seen > 40,
        "only {seen} hand-registered routes found in router.rs"
    );
}

api_tests! {
    async fn every_documented_operation_is_routed_and_never_fails_on_the_server(app: &App) {
        let filed = app.post("/api/v1/complaints", &minimal()).await.json();
        let case = filed["id"].as_str().unwrap();
        let ticket = filed["ticket"].as_str().unwrap();
        let shown = app.admin_get(&format!("/api/v1/cases/{case}")).await.json();
        let sentra = shown["sentra"]["id"].as_str().unwrap();
        let doc = document();
        for (method, path) in sigap_server::openapi::operations_of(&doc) {
            let uri = concrete(&path, case, sentra, ticket);
            let method = method_of(&method);
            let auth = format!("Bearer {TOKEN}");
            let body = matches!(method, Method::POST | Method::PUT).then_some("{}");
            let r = app.send(method.clone(), &uri, body, &[("authorization", &auth)]).await;
            assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri} is documented but not routed");
            assert!(
                !(r.status == StatusCode::NOT_FOUND && r.text.contains("Alamat tidak ditemukan")),
                "{method} {uri} is documented but not routed"
            );
            assert!(!r.status.is_server_error(), "{method} {uri}: {} {}", r.status, r.text);
        }
    }

    async fn the_permission_each_operation_names_is_the_one_the_server_enforces(app: &App) {
        let filed = app.post("/api/v1/complaints", &minimal()).await.json();
        let case = filed["id"].as_str().unwrap();
        let ticket = filed["ticket"].as_str().unwrap();
        let shown = app.admin_get(&format!("/api/v1/cases/{case}")).await.json();
        let sentra = shown["sentra"]["id"].as_str().unwrap();
        let mut tokens = vec![("admin", TOKEN.to_owned())];
        for role in &ROLES[1..] {
            let token = format!("openapi-{role}-token-0123456789");
            let units: &[&str] = if *role == "sentra" { &[sentra] } else { &[] };
            app.account(&format!("o-{role}"), role, units, &token).await;
            tokens.push((role, token));
        }
        let doc = document();
        let mut checked = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let Some(permission) = op["security"][0]["token"][0].as_str() else {
                    continue;
                };
                let permission = sigap_core::access::Permission::ALL
                    .into_iter()
                    .find(|p| p.as_str() == permission)
                    .unwrap_or_else(|| panic!("{method} {path}: unknown permission {permission}"));
                let uri = concrete(path, case, sentra, ticket);
                let method = method_of(&method.to_uppercase());
                let body = matches!(method, Method::POST | Method::PUT).then_some("{}");
                let anonymous = app.send(method.clone(), &uri, body, &[]).await;
                assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "anonymous {method} {uri}");
                for (role, token) in &tokens {
                    let auth = format!("Bearer {token}");
                    let r = app.send(method.clone(), &uri, body, &[("authorization", &auth)]).await;
                    let holds = sigap_core::access::Role::parse(role).unwrap().may(permission);
                    if holds {
                        assert!(
                            r.status != StatusCode::UNAUTHORIZED && r.status != StatusCode::FORBIDDEN,
                            "{role} holds {} for {method} {uri}: {} {}", permission.as_str(), r.status, r.text
                        );
                    } else {
                        assert_eq!(
                            r.status, StatusCode::FORBIDDEN,
                            "{role} lacks {} for {method} {uri}: {}", permission.as_str(), r.text
                        );
                    }
                }
                checked += 1;
            }
        }
        assert!(checked >= 45, "only {checked} operations name a permission");
    }

    async fn the_document_and_its_page_are_served(app: &App) {
        let r = app.send(Method::GET, "/api/openapi.json", None, &[]).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(r.json()["openapi"], "3.1.0");
        let page = app.send(Method::GET, "/api/docs", None, &[]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        assert!(page.headers.contains_key(header::CONTENT_SECURITY_POLICY));
        assert!(!page.text.contains("<script"), "the docs page runs no script");
        for (method, path) in sigap_server::openapi::operations_of(&r.json()) {
            // As the template escapes it (minijinja also escapes `/`).
            let escaped = path.replace('&', "&amp;").replace('/', "&#x2f;");
            assert!(
                page.text.contains(&format!(">{method}</span> <code>{escaped}</code>")),
                "the page lacks {method} {path}"
            );
        }
        // Examples are shown, escaped: a JSON example's quotes never open an attribute.
        assert!(page.text.contains("&quot;channel&quot;: &quot;web&quot;"));
        assert!(page.text.contains("id=\"skema-CaseView\""));
    }
}
