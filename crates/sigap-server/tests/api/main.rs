//! The HTTP API through the real router, on SQLite and on PostgreSQL alike.

#![allow(clippy::unwrap_used)]

mod regions;

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Method, Request, StatusCode, header},
};
use serde_json::{Value, json};
use sigap_server::{AppState, Clock, ServerConfig, build_router};
use sigap_store::testing::TestDb;
use tower::ServiceExt;

const TOKEN: &str = "test-admin-token-0123456789";

struct App {
    router: Router,
    db: TestDb,
    state: AppState,
}

/// A request through `router`, answered in full.
pub(crate) async fn reply(router: &Router, req: Request<Body>) -> Reply {
    let response = router.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), 1 << 24).await.unwrap();
    Reply {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    fn field_codes(&self) -> Vec<(String, String)> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["field"].as_str().unwrap_or_default().to_owned(),
                            e["code"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl App {
    async fn start(db: TestDb) -> App {
        let mut state = AppState::new(
            db.store.clone(),
            ServerConfig {
                secure_cookies: false,
                body_limit: 16 * 1024,
                public_url: Some("https://sigap.test".into()),
            },
        );
        state.clock = Clock::fixed(
            chrono::DateTime::parse_from_rfc3339("2026-11-23T02:00:00Z")
                .unwrap()
                .to_utc(),
        );
        sigap_server::routing::Routing::ensure_seeded(&db.store, state.clock.now())
            .await
            .unwrap();
        let app = App {
            router: build_router(state.clone()),
            db,
            state,
        };
        app.account("admin", "admin", &[], TOKEN).await;
        app
    }

    /// A user of `role` (working for `sentra`) with the API token `token`. Its password hash
    /// is not a real one: tests that sign in make their user with `users::add_user`.
    async fn account(&self, username: &str, role: &str, sentra: &[&str], token: &str) -> i64 {
        let sentra: Vec<String> = sentra.iter().map(|s| s.to_string()).collect();
        let new = sigap_store::accounts::NewUser {
            username,
            display_name: username,
            role: sigap_core::access::Role::parse(role).unwrap(),
            password_hash: "-",
            sentra: &sentra,
        };
        let now = self.state.clock.now();
        let user = self.db.store.create_user(&new, "test", now).await.unwrap();
        let hash = sigap_server::secret::sha256_hex(token.as_bytes());
        self.db
            .store
            .create_api_token(user.id, "test", &hash, now)
            .await
            .unwrap();
        user.id
    }

    /// Signs in a new user of `role` (working for `sentra`) through `/masuk`; returns its
    /// session cookie (`sigap_sesi=…`) and CSRF token.
    async fn session(&self, username: &str, role: &str, sentra: &[&str]) -> (String, String) {
        let request = sigap_server::api::v1::users::NewUserRequest {
            username: username.into(),
            display_name: None,
            role: role.into(),
            sentra: sentra.iter().map(|s| s.to_string()).collect(),
            password: "kuda-lumping-2026".into(),
        };
        sigap_server::api::v1::users::add_user(
            &self.db.store,
            &request,
            "test",
            self.state.clock.now(),
        )
        .await
        .unwrap();
        let r = self
            .send_form(
                "/masuk",
                &format!("username={username}&password=kuda-lumping-2026"),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let cookie = r.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let me = self
            .send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)])
            .await
            .json();
        (cookie, me["csrf_token"].as_str().unwrap().to_owned())
    }

    /// A page as a signed-in browser sees it.
    async fn page(&self, cookie: &str, uri: &str) -> Reply {
        self.send(Method::GET, uri, None, &[("cookie", cookie)])
            .await
    }

    async fn get_as(&self, token: &str, uri: &str) -> Reply {
        self.send(
            Method::GET,
            uri,
            None,
            &[("authorization", &format!("Bearer {token}"))],
        )
        .await
    }

    async fn send(
        &self,
        method: Method,
        uri: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if body.is_some() {
            req = req.header(header::CONTENT_TYPE, "application/json");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(
                body.map(|b| Body::from(b.to_owned()))
                    .unwrap_or_else(Body::empty),
            )
            .unwrap();
        self.dispatch(req).await
    }

    /// A form post, as a browser sends it.
    async fn send_form(&self, uri: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.dispatch(req.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    async fn dispatch(&self, req: Request<Body>) -> Reply {
        reply(&self.router, req).await
    }

    async fn post(&self, uri: &str, body: &Value) -> Reply {
        self.send(Method::POST, uri, Some(&body.to_string()), &[])
            .await
    }

    async fn admin_get(&self, uri: &str) -> Reply {
        self.send(
            Method::GET,
            uri,
            None,
            &[("authorization", &format!("Bearer {TOKEN}"))],
        )
        .await
    }

    async fn admin_post(&self, uri: &str, body: &Value, extra: &[(&str, &str)]) -> Reply {
        let auth = format!("Bearer {TOKEN}");
        let mut headers = vec![("authorization", auth.as_str())];
        headers.extend_from_slice(extra);
        self.send(Method::POST, uri, Some(&body.to_string()), &headers)
            .await
    }

    async fn cases(&self) -> i64 {
        self.db.store.count_cases().await.unwrap()
    }
}

fn minimal() -> Value {
    json!({"channel": "web",
     "reporter": {"name": "Siti Aminah", "phone": "081234567890"},
     "description": "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.",
     "location": {"address": "Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor", "region_code": "32.01"}})
}

/// Writes each test twice: `<name>::sqlite` and `<name>::postgres`.
macro_rules! api_tests {
    ($(async fn $name:ident($app:ident: &App) $body:block)+) => {$(
        mod $name {
            use super::*;
            async fn run($app: &App) $body
            #[tokio::test]
            async fn sqlite() {
                let app = App::start(TestDb::sqlite().await.expect("sqlite")).await;
                run(&app).await;
                app.db.cleanup().await;
            }
            #[tokio::test]
            async fn postgres() {
                let app = App::start(TestDb::postgres().await.expect("PostgreSQL test database (never skipped)")).await;
                run(&app).await;
                app.db.cleanup().await;
            }
        }
    )+};
}

mod accounts;
mod admin_pages;
mod browser;
mod case_page;
mod channels;
mod daily_report;
mod dashboard;
mod georeport;
mod lapor;
mod notify;
mod open311;
mod openapi;
mod scanning;
mod sinks;
mod sla;
mod staff_cases;
mod triage;

api_tests! {
    async fn the_minimal_complaint_is_accepted_with_a_ticket_and_a_location(app: &App) {
        let r = app.post("/api/v1/complaints", &minimal()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let body = r.json();
        let id = body["id"].as_str().unwrap();
        assert_eq!(body["ticket"], "SGP-2611-00001");
        assert_eq!(r.headers[header::LOCATION], format!("/api/v1/cases/{id}").as_str());
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["reporter"]["phone"], "+6281234567890");
        assert_eq!(case["reporter"]["consent_contact"], true);
        assert_eq!(case["history"][0]["actor"], "public");
    }

    async fn a_ticket_shows_its_status_and_history_without_personal_data(app: &App) {
        let mut body = minimal();
        body["reporter"]["nik"] = json!("3201055208900003");
        let ticket = app.post("/api/v1/complaints", &body).await.json()["ticket"].as_str().unwrap().to_owned();
        let id = app.admin_get("/api/v1/cases").await.json()["items"][0]["id"].as_str().unwrap().to_owned();
        app.admin_post(&format!("/api/v1/cases/{id}/events"), &json!({"action": "verifikasi", "note": "Pelapor Siti sudah ditelepon"}), &[]).await;
        for uri in [format!("/api/v1/tickets/{ticket}"), format!("/api/v1/tickets/{}", ticket.to_lowercase()), format!("/lacak/{ticket}")] {
            let r = app.send(Method::GET, &uri, None, &[]).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}");
            for private in ["Siti", "0812", "6281234567890", "3201055208900003", "Nenek", "Sukamaju", "ditelepon"] {
                assert!(!r.text.contains(private), "{uri} shows {private}: {}", r.text);
            }
        }
        let t = app.send(Method::GET, &format!("/api/v1/tickets/{ticket}"), None, &[]).await.json();
        assert_eq!(t["status"], "terverifikasi");
        assert_eq!(t["history"].as_array().unwrap().len(), 2);
        let page = app.send(Method::GET, &format!("/lacak/{ticket}"), None, &[]).await.text;
        assert!(page.contains("Laporan sudah diverifikasi") && page.contains("23 November 2026, 09.00 WIB"), "{page}");
    }

    async fn an_unknown_ticket_is_a_404_in_both_forms(app: &App) {
        assert_eq!(app.send(Method::GET, "/api/v1/tickets/SGP-2611-99999", None, &[]).await.status, StatusCode::NOT_FOUND);
        let page = app.send(Method::GET, "/lacak/%3Cscript%3Ealert(1)%3C%2Fscript%3E", None, &[]).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(!page.text.contains("<script>") && page.text.contains("&lt;script&gt;"), "{}", page.text);
        let redirect = app.send(Method::GET, "/lacak?tiket=sgp-2611-00001", None, &[]).await;
        assert_eq!(redirect.status, StatusCode::SEE_OTHER);
        assert_eq!(redirect.headers[header::LOCATION], "/lacak/SGP-2611-00001");
    }

    async fn the_same_idempotency_key_never_makes_a_second_case(app: &App) {
        let body = minimal().to_string();
        let first = app.send(Method::POST, "/api/v1/complaints", Some(&body), &[("idempotency-key", "retry-1")]).await;
        let again = app.send(Method::POST, "/api/v1/complaints", Some(&body), &[("idempotency-key", "retry-1")]).await;
        assert_eq!(first.status, StatusCode::CREATED);
        assert_eq!(again.status, StatusCode::CREATED);
        assert_eq!(again.headers["idempotent-replayed"], "true");
        assert_eq!(first.json()["id"], again.json()["id"]);
        let mut other = minimal();
        other["description"] = json!("Isi yang berbeda dengan kunci yang sama, harus ditolak.");
        let clash = app.send(Method::POST, "/api/v1/complaints", Some(&other.to_string()), &[("idempotency-key", "retry-1")]).await;
        assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(clash.field_codes(), [("header.idempotency-key".into(), "idempotency_key_reused".into())]);
        let bad_key = app.send(Method::POST, "/api/v1/complaints", Some(&body), &[("idempotency-key", "")]).await;
        assert_eq!(bad_key.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.cases().await, 1);
    }

    async fn every_wrong_field_is_named_and_nothing_is_stored(app: &App) {
        let body = json!({"channel": "fax", "type": "x",
            "reporter": {"phone": "12", "email": "siti@", "nik": "3201053208900003"},
            "beneficiary": {"age": 200, "sex": "x"},
            "description": "pendek",
            "location": {"region_code": "99", "latitude": 50.0, "longitude": 110.0},
            "categories": ["lansia", "miskin"], "urgency": "segera"});
        let r = app.post("/api/v1/complaints", &body).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/problem+json");
        let mut codes = r.field_codes();
        codes.sort();
        let expected: Vec<(String, String)> = [
            ("beneficiary.age", "invalid_age"), ("beneficiary.sex", "unknown_sex"),
            ("categories[1]", "unknown_category"), ("channel", "unknown_channel"),
            ("description", "too_short"), ("location", "outside_indonesia"),
            ("location.region_code", "unknown_province"), ("reporter.email", "invalid_email"),
            ("reporter.nik", "invalid_nik_birth_date"), ("reporter.phone", "invalid_phone"),
            ("type", "unknown_complaint_type"), ("urgency", "unknown_urgency"),
        ].iter().map(|(f, c)| (f.to_string(), c.to_string())).collect();
        assert_eq!(codes, expected);
        let first = &r.json()["errors"][0];
        assert!(first["message"].as_str().unwrap().len() > 5 && first["message_en"].as_str().unwrap().len() > 5);
        assert_eq!(app.cases().await, 0);
    }

    async fn malformed_requests_get_the_right_status(app: &App) {
        let r = app.send(Method::POST, "/api/v1/complaints", Some("{\"channel\": "), &[]).await;
        assert_eq!((r.status, r.json()["code"].clone()), (StatusCode::BAD_REQUEST, json!("malformed_json")));
        let r = app.send(Method::POST, "/api/v1/complaints", Some("[1, 2]"), &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut typed = minimal();
        typed["beneficiary"] = json!({"age": "delapan puluh"});
        let r = app.post("/api/v1/complaints", &typed).await;
        assert_eq!(r.field_codes(), [("beneficiary.age".into(), "invalid_type".into())]);
        let mut unknown = minimal();
        unknown["reporter"]["nama"] = json!("Siti");
        assert_eq!(app.post("/api/v1/complaints", &unknown).await.status, StatusCode::UNPROCESSABLE_ENTITY);
        let req = Request::builder().method(Method::POST).uri("/api/v1/complaints")
            .header(header::CONTENT_TYPE, "text/plain").body(Body::from(minimal().to_string())).unwrap();
        assert_eq!(app.router.clone().oneshot(req).await.unwrap().status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let mut huge = minimal();
        huge["description"] = json!("a".repeat(20_000));
        assert_eq!(app.post("/api/v1/complaints", &huge).await.status, StatusCode::PAYLOAD_TOO_LARGE);
        let mut nul = minimal();
        nul["description"] = json!("Nenek sakit\u{0} tidak makan dua hari");
        assert_eq!(app.post("/api/v1/complaints", &nul).await.field_codes(), [("description".into(), "control_characters".into())]);
        assert_eq!(app.send(Method::GET, "/tidak-ada", None, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.send(Method::DELETE, "/api/v1/complaints", None, &[]).await.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(app.cases().await, 0);
    }

    async fn internal_endpoints_need_an_account(app: &App) {
        let id = app.post("/api/v1/complaints", &minimal()).await.json()["id"].as_str().unwrap().to_owned();
        for (method, uri) in [(Method::GET, "/api/v1/cases".to_owned()), (Method::GET, format!("/api/v1/cases/{id}")), (Method::POST, format!("/api/v1/cases/{id}/events"))] {
            let body = (method == Method::POST).then_some("{\"action\": \"verifikasi\"}");
            let none = app.send(method.clone(), &uri, body, &[]).await;
            assert_eq!(none.status, StatusCode::UNAUTHORIZED, "{uri}");
            assert_eq!(none.headers[header::WWW_AUTHENTICATE], "Bearer");
            let wrong = app.send(method, &uri, body, &[("authorization", "Bearer wrong-token-0123456789")]).await;
            assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{uri}");
        }
        let mut operator = minimal();
        operator["channel"] = json!("operator");
        let r = app.post("/api/v1/complaints", &operator).await;
        assert_eq!(r.field_codes(), [("channel".into(), "channel_requires_token".into())]);
        let r = app.admin_post("/api/v1/complaints", &operator, &[]).await;
        assert_eq!(r.status, StatusCode::CREATED);
    }

    async fn an_anonymous_reporter_leaves_no_identity_behind(app: &App) {
        let body = json!({"channel": "web", "reporter": {"anonymous": true, "name": "Siti", "phone": "081234567890"},
            "description": "Ada anak dikurung di rumah kosong dekat pasar.", "category": "anak"});
        let id = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["reporter"], json!({"name": null, "phone": null, "email": null, "nik": null, "anonymous": true, "consent_contact": false}));
        assert_eq!(case["categories"], json!(["anak"]));
        let nobody = json!({"channel": "web", "description": "Ada anak dikurung di rumah kosong."});
        assert_eq!(app.post("/api/v1/complaints", &nobody).await.field_codes(), [("reporter".into(), "required".into())]);
    }

    async fn cases_are_listed_newest_first_with_filters_and_a_cursor(app: &App) {
        for i in 0..5 {
            let mut body = minimal();
            if i % 2 == 1 {
                body["location"]["region_code"] = json!("73.07");
                body["categories"] = json!(["anak"]);
            }
            app.post("/api/v1/complaints", &body).await;
            app.state.clock.advance(chrono::Duration::minutes(1));
        }
        let page = app.admin_get("/api/v1/cases?limit=2").await.json();
        assert_eq!(page["items"][0]["ticket"], "SGP-2611-00005");
        assert_eq!(page["items"].as_array().unwrap().len(), 2);
        let cursor = page["next_cursor"].as_str().unwrap();
        let next = app.admin_get(&format!("/api/v1/cases?limit=2&cursor={cursor}")).await.json();
        assert_eq!(next["items"][0]["ticket"], "SGP-2611-00003");
        assert!(next["items"][0].get("reporter").is_none(), "lists carry no personal data");
        assert_eq!(app.admin_get("/api/v1/cases?region=73&category=anak").await.json()["items"].as_array().unwrap().len(), 2);
        assert_eq!(app.admin_get("/api/v1/cases?channel=web&status=baru&from=2026-11-23&to=2026-11-23").await.json()["items"].as_array().unwrap().len(), 5);
        assert_eq!(app.admin_get("/api/v1/cases?from=2026-11-24").await.json()["items"].as_array().unwrap().len(), 0);
        let bad = app.admin_get("/api/v1/cases?status=x&region=1&from=kemarin&cursor=zz&limit=0").await;
        let fields: Vec<String> = bad.field_codes().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["status", "region", "from", "cursor", "limit"]);
        assert_eq!(app.admin_get("/api/v1/cases?bogus=1").await.status, StatusCode::BAD_REQUEST);
    }

    async fn the_workflow_is_enforced_and_recorded(app: &App) {
        let id = app.post("/api/v1/complaints", &minimal()).await.json()["id"].as_str().unwrap().to_owned();
        let uri = format!("/api/v1/cases/{id}/events");
        let wrong = app.admin_post(&uri, &json!({"action": "selesaikan", "outcome": "menolak_bantuan"}), &[]).await;
        assert_eq!(wrong.status, StatusCode::CONFLICT);
        assert_eq!(wrong.json()["code"], "invalid_transition");
        assert_eq!((wrong.json()["status"].clone(), wrong.json()["case_status"].clone()), (json!(409), json!("baru")));
        assert_eq!(wrong.json()["allowed_actions"], json!(["verifikasi", "tolak", "tandai_duplikat", "minta_tanggapan"]));
        let no_reason = app.admin_post(&uri, &json!({"action": "tolak"}), &[]).await;
        assert_eq!(no_reason.field_codes(), [("note".into(), "reason_required".into())]);
        for action in ["verifikasi", "tugaskan", "tangani"] {
            let r = app.admin_post(&uri, &json!({"action": action}), &[]).await;
            assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.text);
        }
        let stale = app.admin_post(&uri, &json!({"action": "selesaikan", "outcome": "menolak_bantuan"}), &[("if-match", "\"2\"")]).await;
        assert_eq!((stale.status, stale.json()["current_version"].clone()), (StatusCode::CONFLICT, json!(4)));
        let noted = app.admin_post(&uri, &json!({"note": "Bantuan sembako sudah diantar."}), &[]).await.json();
        assert_eq!(noted["status"], "ditangani");
        let no_outcome = app.admin_post(&uri, &json!({"action": "selesaikan"}), &[]).await;
        assert_eq!(no_outcome.field_codes(), [("outcome".into(), "outcome_required".into())]);
        let done = app.admin_post(&uri, &json!({"action": "selesaikan", "outcome": "menolak_bantuan", "expected_version": 5}), &[]).await.json();
        assert_eq!(done["outcome"]["outcome"], "menolak_bantuan");
        assert_eq!(done["status"], "selesai");
        let history = done["history"].as_array().unwrap();
        let kinds: Vec<&str> = history.iter().map(|e| e["to_status"].as_str().unwrap_or("catatan")).collect();
        assert_eq!(kinds, ["baru", "terverifikasi", "ditugaskan", "ditangani", "catatan", "selesai"]);
        assert_eq!(history[1]["actor"], "admin");
        let missing = app.admin_post("/api/v1/cases/00000000-0000-0000-0000-000000000000/events", &json!({"action": "verifikasi"}), &[]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(app.admin_get("/api/v1/cases/not-a-uuid").await.status, StatusCode::NOT_FOUND);
    }

    async fn operations_endpoints_answer(app: &App) {
        assert_eq!(app.send(Method::GET, "/healthz", None, &[]).await.json()["status"], "ok");
        assert_eq!(app.send(Method::GET, "/readyz", None, &[]).await.json()["status"], "ready");
        app.post("/api/v1/complaints", &minimal()).await;
        let metrics = app.send(Method::GET, "/metrics", None, &[]).await;
        assert!(metrics.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
        assert!(metrics.text.contains("sigap_complaints_created_total{channel=\"web\"} 1"), "{}", metrics.text);
        assert!(metrics.text.contains("route=\"/api/v1/complaints\",status=\"201\""), "{}", metrics.text);
        let home = app.send(Method::GET, "/", None, &[]).await;
        assert!(home.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("script-src 'self'"));
    }
}

api_tests! {
    async fn a_new_case_is_routed_to_the_sentra_of_its_place_with_a_reason(app: &App) {
        let mut body = minimal();
        body["location"]["region_code"] = json!("73.07.01");
        let id = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["sentra"], json!({"id": "pangurangi", "name": "Sentra Pangurangi"}));
        assert_eq!(case["routing"]["level"], "regency");
        assert_eq!(case["routing"]["rule"]["region"], "73.07");
        assert_eq!(case["routing"]["rule"]["confidence"], "documented");
        assert!(case["routing"]["explanation"].as_str().unwrap().contains("Kab. Sinjai"), "{case}");
        let mut madiun = minimal();
        madiun["location"]["region_code"] = json!("35.77");
        let id = app.post("/api/v1/complaints", &madiun).await.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{id}")).await.json()["sentra"]["id"], "kartini");
        let mut nowhere = minimal();
        nowhere["location"] = json!({"address": "belum jelas"});
        let id = app.post("/api/v1/complaints", &nowhere).await.json()["id"].as_str().unwrap().to_owned();
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["sentra"], Value::Null);
        assert!(case["routing"]["explanation"].as_str().unwrap().contains("antrean nasional"));
        let national = app.admin_get("/api/v1/cases?sentra=nasional").await.json();
        assert_eq!(national["items"].as_array().unwrap().len(), 1);
        let pangurangi = app.admin_get("/api/v1/cases?sentra=pangurangi").await.json();
        assert_eq!(pangurangi["items"].as_array().unwrap().len(), 1);
        let mut unknown = minimal();
        unknown["location"]["region_code"] = json!("32.99");
        assert_eq!(app.post("/api/v1/complaints", &unknown).await.field_codes(), [("location.region_code".into(), "unknown_region".into())]);
    }

    async fn a_supervisor_reassigns_with_a_reason_and_a_changed_place_reroutes(app: &App) {
        let id = app.post("/api/v1/complaints", &minimal()).await.json()["id"].as_str().unwrap().to_owned();
        let before = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        let usual = before["sentra"]["id"].as_str().unwrap().to_owned();
        let uri = format!("/api/v1/cases/{id}/reassign");
        let no_reason = app.admin_post(&uri, &json!({"sentra": "wyata-guna"}), &[]).await;
        assert_eq!(no_reason.field_codes(), [("reason".into(), "reason_required".into())]);
        let unknown = app.admin_post(&uri, &json!({"sentra": "tidak-ada", "reason": "x"}), &[]).await;
        assert_eq!(unknown.field_codes(), [("sentra".into(), "unknown_sentra".into())]);
        let moved = app.admin_post(&uri, &json!({"sentra": "wyata-guna", "reason": "Tim terdekat sedang di lokasi"}), &[]).await.json();
        assert_eq!(moved["sentra"]["id"], "wyata-guna");
        assert_eq!(moved["routing"]["cause"], "reassigned");
        assert_eq!(moved["routing"]["rule"]["sentra"], usual.as_str(), "the usual rule stays on record");
        let last = moved["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!((last["kind"].as_str(), last["actor"].as_str()), (Some("reassigned"), Some("admin")));
        assert!(last["note"].as_str().unwrap().contains("Tim terdekat"));

        let auth = format!("Bearer {TOKEN}");
        let relocated = app.send(Method::PUT, &format!("/api/v1/cases/{id}/location"),
            Some(&json!({"location": {"address": "Kec. Sinjai Utara", "region_code": "73.07"}, "expected_version": 2}).to_string()),
            &[("authorization", &auth)]).await;
        assert_eq!(relocated.status, StatusCode::OK, "{}", relocated.text);
        let relocated = relocated.json();
        assert_eq!(relocated["sentra"]["id"], "pangurangi");
        assert_eq!(relocated["location"]["region_code"], "73.07");
        assert_eq!(relocated["history"].as_array().unwrap().last().unwrap()["kind"], "location_changed");
        let stale = app.send(Method::PUT, &format!("/api/v1/cases/{id}/location"),
            Some(&json!({"location": {"region_code": "32.01"}, "expected_version": 2}).to_string()),
            &[("authorization", &auth)]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
    }

    async fn a_coverage_change_routes_new_cases_and_leaves_old_cases_as_they_were(app: &App) {
        let mut body = minimal();
        body["location"]["region_code"] = json!("73.07");
        let old = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
        let rule = app.admin_post("/api/v1/sentra/wirajaya/coverage",
            &json!({"region": "73.07.01", "priority": 0, "confidence": "inferred", "source": "inferred: uji", "as_of": "2026-11-23"}), &[]).await;
        assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.text);
        let row = rule.json()["row"].as_i64().unwrap();
        app.state.clock.advance(chrono::Duration::minutes(1));
        body["location"]["region_code"] = json!("73.07.01");
        let new = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{new}")).await.json()["sentra"]["id"], "wirajaya");
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{old}")).await.json()["sentra"]["id"], "pangurangi");
        let ended = app.admin_post(&format!("/api/v1/coverage/{row}/end"), &json!({"reason": "uji selesai"}), &[]).await;
        assert_eq!(ended.status, StatusCode::NO_CONTENT);
        let history = app.admin_get("/api/v1/sentra/wirajaya/coverage?history=true").await.json();
        let ended_rule = history.as_array().unwrap().iter().find(|r| r["row"] == row).unwrap().clone();
        assert_eq!(ended_rule["end_reason"], "uji selesai");
        let past = app.admin_get("/api/v1/sentra/wirajaya/coverage?at=2026-11-23T02:00:30Z").await.json();
        assert!(past.as_array().unwrap().iter().any(|r| r["row"] == row), "the rule was in force then");
        let check = app.admin_get("/api/v1/coverage/check").await.json();
        assert_eq!(check, json!({"regencies": 514, "covered": 514, "uncovered": [], "conflicts": []}));
        assert_eq!(app.admin_get("/api/v1/sentra").await.json().as_array().unwrap().len(), 30);
        let preview = app.admin_get("/api/v1/route?region=73.07").await.json();
        assert_eq!(preview["sentra"]["id"], "pangurangi");
    }

    async fn a_surge_rotates_new_cases_over_its_units_and_ends_by_itself(app: &App) {
        let surge = app.admin_post("/api/v1/surges", &json!({"region": "34.02", "sentra": ["antasena", "kartini", "prof-soeharso"],
            "ends_at": "2026-11-23T04:00:00Z", "reason": "Gempa Bantul"}), &[]).await;
        assert_eq!(surge.status, StatusCode::CREATED, "{}", surge.text);
        let mut body = minimal();
        body["location"]["region_code"] = json!("34.02.01");
        let mut units = Vec::new();
        for _ in 0..4 {
            let id = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
            let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
            assert!(case["routing"]["surge"].is_string(), "{case}");
            units.push(case["sentra"]["id"].as_str().unwrap().to_owned());
        }
        assert_eq!(units, ["antasena", "kartini", "prof-soeharso", "antasena"]);
        // A manual reassignment does not take a turn of the rotation.
        let first = app.admin_get("/api/v1/cases?limit=1").await.json()["items"][0]["id"].as_str().unwrap().to_owned();
        let moved = app.admin_post(&format!("/api/v1/cases/{first}/reassign"), &json!({"sentra": "melati", "reason": "tim terdekat"}), &[]).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
        let id = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{id}")).await.json()["sentra"]["id"], "kartini");
        // Nor does a retry answered from its idempotency key.
        let once = app.send(Method::POST, "/api/v1/complaints", Some(&body.to_string()), &[("idempotency-key", "surge-retry")]).await.json();
        let again = app.send(Method::POST, "/api/v1/complaints", Some(&body.to_string()), &[("idempotency-key", "surge-retry")]).await;
        assert_eq!((again.headers["idempotent-replayed"].to_str().unwrap(), again.json()["id"].clone()), ("true", once["id"].clone()));
        let id = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{id}")).await.json()["sentra"]["id"], "antasena");
        assert_eq!(app.admin_get("/api/v1/surges").await.json().as_array().unwrap().len(), 1);
        let bad = app.admin_get("/api/v1/surges?all=mungkin").await;
        assert_eq!((bad.status, bad.json()["code"].clone()), (StatusCode::BAD_REQUEST, json!("invalid_query")));
        assert_eq!(bad.headers[header::CONTENT_TYPE], "application/problem+json");
        app.state.clock.advance(chrono::Duration::hours(3));
        app.state.routing.invalidate();
        let id = app.post("/api/v1/complaints", &body).await.json()["id"].as_str().unwrap().to_owned();
        let after = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(after["routing"]["surge"], Value::Null, "the surge ended by itself");
        assert_eq!(app.admin_get("/api/v1/surges").await.json().as_array().unwrap().len(), 0);
        let bad = app.admin_post("/api/v1/surges", &json!({"region": "34.02", "sentra": ["x"], "ends_at": "2020-01-01T00:00:00Z", "reason": ""}), &[]).await;
        let fields: Vec<String> = bad.field_codes().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["sentra[0]", "ends_at", "reason"]);
    }
}

/// Arbitrary JSON, and the minimal complaint with one field replaced by arbitrary JSON: whatever
/// arrives, the answer is a precise 2xx or 4xx, never a 5xx, and nothing panics.
/// Any JSON value, nested up to three levels: what a careless or hostile client may send.
fn any_json() -> impl proptest::strategy::Strategy<Value = Value> + Clone {
    use proptest::{collection, prelude::*};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,40}".prop_map(Value::from),
        "[0-9.+ -]{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            collection::btree_map("[a-z_]{1,12}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn no_complaint_body_makes_the_server_fail() {
    use proptest::{prelude::*, test_runner::TestRunner};
    let value = any_json();
    let fields = prop_oneof![
        Just("channel"),
        Just("type"),
        Just("reporter"),
        Just("beneficiary"),
        Just("description"),
        Just("location"),
        Just("category"),
        Just("categories"),
        Just("urgency"),
        Just("confidential"),
    ];
    let nested = prop_oneof![
        Just(("reporter", "phone")),
        Just(("reporter", "nik")),
        Just(("reporter", "email")),
        Just(("reporter", "anonymous")),
        Just(("beneficiary", "age")),
        Just(("location", "region_code")),
        Just(("location", "latitude")),
        Just(("location", "longitude")),
    ];
    let bodies = prop_oneof![
        value.clone(),
        (fields, value.clone()).prop_map(|(f, v)| {
            let mut b = minimal();
            b[f] = v;
            b
        }),
        (nested, value).prop_map(|((outer, inner), v)| {
            let mut b = minimal();
            if !b[outer].is_object() {
                b[outer] = json!({});
            }
            b[outer][inner] = v;
            b
        }),
    ];
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = rt.block_on(async { App::start(TestDb::sqlite().await.unwrap()).await });
    let mut runner = TestRunner::new(proptest::test_runner::Config {
        cases: 300,
        ..Default::default()
    });
    runner
        .run(&bodies, |body| {
            let r = rt.block_on(app.post("/api/v1/complaints", &body));
            prop_assert!(
                matches!(r.status.as_u16(), 201 | 400 | 413 | 415 | 422),
                "{} for {body}: {}",
                r.status,
                r.text
            );
            Ok(())
        })
        .unwrap();
    rt.block_on(app.db.cleanup());
}
