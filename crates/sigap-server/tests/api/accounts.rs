//! Accounts and roles: the permission matrix over every internal endpoint, a Sentra user's
//! scope, masking for viewers, the audit log, signing in with sessions, CSRF and throttling.

use super::*;

const ROLES: [&str; 5] = ["admin", "supervisor", "operator", "sentra", "viewer"];

/// Files a complaint in `region` and returns (case id, its Sentra).
async fn case_in(app: &App, region: &str) -> (String, String) {
    let mut body = minimal();
    body["location"]["region_code"] = json!(region);
    let id = app.post("/api/v1/complaints", &body).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
    let sentra = case["sentra"]["id"].as_str().unwrap().to_owned();
    (id, sentra)
}

/// One token per role; the Sentra user works for `sentra`.
async fn tokens(app: &App, sentra: &str) -> Vec<(&'static str, String)> {
    let mut out = vec![("admin", TOKEN.to_owned())];
    for role in &ROLES[1..] {
        let token = format!("test-{role}-token-0123456789");
        let units: &[&str] = if *role == "sentra" { &[sentra] } else { &[] };
        app.account(&format!("u-{role}"), role, units, &token).await;
        out.push((role, token));
    }
    out
}

async fn call(app: &App, method: &Method, uri: &str, token: Option<&str>) -> Reply {
    let body = matches!(*method, Method::POST | Method::PUT).then_some("{}");
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth
        .as_deref()
        .map(|a| vec![("authorization", a)])
        .unwrap_or_default();
    app.send(method.clone(), uri, body, &headers).await
}

api_tests! {
    async fn every_internal_endpoint_enforces_its_roles(app: &App) {
        let (id, sentra) = case_in(app, "32.01").await;
        let tokens = tokens(app, &sentra).await;
        let all = "admin supervisor operator sentra viewer";
        let matrix: Vec<(Method, String, &str)> = vec![
            (Method::GET, "/api/v1/cases".into(), all),
            (Method::GET, "/api/v1/cases/export.csv".into(), "admin supervisor sentra"),
            (Method::GET, format!("/api/v1/cases/{id}"), all),
            (Method::GET, format!("/api/v1/cases/{id}/response"), "admin supervisor operator sentra"),
            (Method::POST, format!("/api/v1/cases/{id}/assessments"), "admin supervisor operator sentra"),
            (Method::POST, format!("/api/v1/cases/{id}/interventions"), "admin supervisor operator sentra"),
            (Method::POST, format!("/api/v1/cases/{id}/events"), "admin supervisor operator sentra"),
            (Method::POST, format!("/api/v1/cases/{id}/reassign"), "admin supervisor operator"),
            (Method::PUT, format!("/api/v1/cases/{id}/location"), "admin supervisor operator"),
            (Method::GET, "/api/v1/sla/policy".into(), all),
            (Method::PUT, "/api/v1/sla/policy".into(), "admin"),
            (Method::GET, "/api/v1/calendar".into(), all),
            (Method::POST, "/api/v1/calendar/holidays".into(), "admin"),
            (Method::DELETE, "/api/v1/calendar/holidays/2026-12-31".into(), "admin"),
            (Method::GET, "/api/v1/reports/kpi".into(), all),
            (Method::GET, "/api/v1/reports/daily".into(), all),
            (Method::GET, "/api/v1/sentra".into(), all),
            (Method::GET, format!("/api/v1/sentra/{sentra}"), all),
            (Method::PUT, format!("/api/v1/sentra/{sentra}"), "admin"),
            (Method::GET, format!("/api/v1/sentra/{sentra}/coverage"), all),
            (Method::POST, format!("/api/v1/sentra/{sentra}/coverage"), "admin"),
            (Method::GET, "/api/v1/coverage/check".into(), all),
            (Method::POST, "/api/v1/coverage/999999/end".into(), "admin"),
            (Method::GET, "/api/v1/route?region=32.01".into(), all),
            (Method::GET, "/api/v1/surges".into(), all),
            (Method::POST, "/api/v1/surges".into(), "admin supervisor"),
            (Method::POST, "/api/v1/surges/999999/end".into(), "admin supervisor"),
            (Method::GET, "/api/v1/notification-targets".into(), "admin"),
            (Method::POST, "/api/v1/notification-targets".into(), "admin"),
            (Method::DELETE, format!("/api/v1/notification-targets/{}", uuid_zero()), "admin"),
            (Method::GET, "/api/v1/notifications".into(), "admin"),
            (Method::GET, "/api/v1/me".into(), all),
            (Method::GET, "/api/v1/users".into(), "admin"),
            (Method::POST, "/api/v1/users".into(), "admin"),
            (Method::PUT, "/api/v1/users/999999".into(), "admin"),
            (Method::POST, "/api/v1/users/999999/password".into(), "admin"),
            (Method::GET, "/api/v1/users/999999/tokens".into(), "admin"),
            (Method::POST, "/api/v1/users/999999/tokens".into(), "admin"),
            (Method::DELETE, "/api/v1/tokens/999999".into(), "admin"),
            (Method::GET, "/api/v1/audit".into(), "admin"),
            (Method::GET, "/api/v1/channels".into(), "admin"),
            (Method::GET, format!("/api/v1/cases/{id}/attachments"), "admin supervisor operator sentra"),
            (Method::GET, format!("/api/v1/cases/{id}/attachments/999999"), "admin supervisor operator sentra"),
            (Method::GET, "/api/v1/sources".into(), "admin"),
            (Method::POST, "/api/v1/sources".into(), "admin"),
            (Method::PUT, "/api/v1/sources/999999".into(), "admin"),
            (Method::GET, "/api/v1/candidates".into(), "admin supervisor operator"),
            (Method::GET, "/api/v1/candidates/999999".into(), "admin supervisor operator"),
            (Method::POST, "/api/v1/candidates/999999/accept".into(), "admin supervisor operator"),
            (Method::POST, "/api/v1/candidates/999999/merge".into(), "admin supervisor operator"),
            (Method::POST, "/api/v1/candidates/999999/dismiss".into(), "admin supervisor operator"),
        ];
        for (method, uri, allowed) in &matrix {
            let anonymous = call(app, method, uri, None).await;
            assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "anonymous {method} {uri}");
            for (role, token) in &tokens {
                let r = call(app, method, uri, Some(token)).await;
                if allowed.split(' ').any(|a| a == *role) {
                    assert!(
                        r.status != StatusCode::UNAUTHORIZED && r.status != StatusCode::FORBIDDEN,
                        "{role} may {method} {uri}: {} {}", r.status, r.text
                    );
                    assert!(!r.status.is_server_error(), "{role} {method} {uri}: {}", r.text);
                } else {
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} may not {method} {uri}: {}", r.text);
                    assert_eq!(r.json()["code"], "forbidden");
                }
            }
        }
        // Public endpoints stay public.
        for uri in ["/api/v1/regions?q=bogor", "/api/v1/tickets/SGP-2611-00001", "/lacak", "/masuk",
                    "/open311/discovery.json", "/open311/v2/discovery.xml", "/open311/v2/services.json",
                    "/open311/v2/services/lansia.xml", "/open311/v2/requests.json",
                    "/open311/v2/requests/SGP-2611-00001.xml", "/open311/v2/servicerequestupdates.json"] {
            assert_eq!(app.send(Method::GET, uri, None, &[]).await.status, StatusCode::OK, "{uri}");
        }
        // Open311 files with `api_key` (not a bearer header): the roles that file internal
        // complaints may; without a key, or with another role's, it is the spec's 403.
        let filing = "admin supervisor operator";
        let open311 = |key: Option<&str>| {
            let mut body = "service_code=lansia&address_id=32.01&description=Nenek+hidup+sendiri+tanpa+makanan".to_owned();
            if let Some(k) = key {
                body.push_str(&format!("&api_key={k}"));
            }
            body
        };
        let r = app.send_form("/open311/v2/requests.json", &open311(None), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "anonymous POST /open311/v2/requests.json");
        for (role, token) in &tokens {
            let r = app.send_form("/open311/v2/requests.json", &open311(Some(token)), &[]).await;
            if filing.split(' ').any(|a| a == *role) {
                assert_eq!(r.status, StatusCode::CREATED, "{role} may file through Open311: {}", r.text);
            } else {
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{role} may not file through Open311: {}", r.text);
                assert_eq!(r.json()[0]["code"], 403);
            }
        }
    }

    async fn a_sentra_user_sees_and_works_only_its_own_units_cases(app: &App) {
        let (own, sentra) = case_in(app, "32.01").await;
        let (other, other_sentra) = case_in(app, "73.07").await;
        assert_ne!(sentra, other_sentra);
        let token = "test-sentra-token-0123456789";
        app.account("petugas", "sentra", &[&sentra], token).await;
        assert_eq!(app.get_as(token, &format!("/api/v1/cases/{own}")).await.status, StatusCode::OK);
        let hidden = app.get_as(token, &format!("/api/v1/cases/{other}")).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND, "not a 403: the case's existence is not told");
        let auth = format!("Bearer {token}");
        let act = app.send(Method::POST, &format!("/api/v1/cases/{other}/events"),
            Some(r#"{"note": "mencoba"}"#), &[("authorization", &auth)]).await;
        assert_eq!(act.status, StatusCode::NOT_FOUND);
        let list = app.get_as(token, "/api/v1/cases").await.json();
        let ids: Vec<&str> = list["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [own.as_str()]);
        let csv = app.get_as(token, "/api/v1/cases/export.csv").await.text;
        assert!(csv.contains(&own) && !csv.contains(&other), "{csv}");
        let act = app.send(Method::POST, &format!("/api/v1/cases/{own}/events"),
            Some(r#"{"action": "verifikasi"}"#), &[("authorization", &auth)]).await;
        assert_eq!(act.status, StatusCode::OK, "{}", act.text);
        assert_eq!(act.json()["history"].as_array().unwrap().last().unwrap()["actor"], "petugas");
    }

    async fn a_viewer_gets_cases_without_personal_data_and_reads_are_audited(app: &App) {
        let (id, _) = case_in(app, "32.01").await;
        let token = "test-viewer-token-0123456789";
        app.account("pemantau", "viewer", &[], token).await;
        let seen = app.get_as(token, &format!("/api/v1/cases/{id}")).await;
        assert_eq!(seen.status, StatusCode::OK);
        for private in ["Siti", "0812", "6281234567890", "Nenek", "Sukamaju"] {
            assert!(!seen.text.contains(private), "a viewer sees {private}: {}", seen.text);
        }
        assert_eq!(seen.json()["personal_data_hidden"], true);
        let audit = app.admin_get("/api/v1/audit").await.json();
        assert!(audit["items"].as_array().unwrap().iter().all(|e| e["username"] != "pemantau"),
            "a masked view is not a view of personal data: {audit}");
        let full = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(full["reporter"]["name"], "Siti Aminah");
        let audit = app.admin_get(&format!("/api/v1/audit?case={id}")).await.json();
        let entry = &audit["items"][0];
        assert_eq!((entry["username"].as_str(), entry["action"].as_str()), (Some("admin"), Some("lihat_data_pribadi")));
    }

    async fn signing_in_opens_a_session_that_needs_its_csrf_token_to_change_anything(app: &App) {
        make_user(app, "ani.operator", "operator").await;
        let wrong = login(app, "ani.operator", "salah-sekali-sandinya").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.text.contains("Nama pengguna atau kata sandi salah"), "{}", wrong.text);
        assert!(!wrong.headers.contains_key(header::SET_COOKIE));
        let unknown = login(app, "tidak.ada", "kuda-lumping-2026").await;
        assert!(unknown.text.contains("Nama pengguna atau kata sandi salah"), "same answer for unknown users");
        let ok = login(app, "Ani.Operator", "kuda-lumping-2026").await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
        assert_eq!(ok.headers[header::LOCATION], "/staf");
        let set = ok.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
        let cookie = set.split(';').next().unwrap().to_owned();
        let me = app.send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)]).await.json();
        assert_eq!((me["username"].as_str(), me["role"].as_str()), (Some("ani.operator"), Some("operator")));
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        let mut call171 = minimal();
        call171["channel"] = json!("operator");
        let body = call171.to_string();
        let refused = app.send(Method::POST, "/api/v1/complaints", Some(&body), &[("cookie", &cookie)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
        let filed = app.send(Method::POST, "/api/v1/complaints", Some(&body), &[("cookie", &cookie), ("x-csrf-token", &csrf)]).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        // Signing out ends the session on the server, not only in the browser.
        let out = app.send_form("/keluar", &format!("_csrf={csrf}"), &[("cookie", &cookie)]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(app.send(Method::GET, "/api/v1/me", None, &[("cookie", &cookie)]).await.status, StatusCode::UNAUTHORIZED);
    }

    async fn repeated_failures_lock_an_account_for_a_while(app: &App) {
        make_user(app, "budi.sentra", "supervisor").await;
        for _ in 0..4 {
            assert_eq!(login(app, "budi.sentra", "tebakan-yang-salah").await.status, StatusCode::UNAUTHORIZED);
        }
        let locked = login(app, "budi.sentra", "tebakan-yang-salah").await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(locked.headers.contains_key(header::RETRY_AFTER));
        let still = login(app, "budi.sentra", "kuda-lumping-2026").await;
        assert_eq!(still.status, StatusCode::TOO_MANY_REQUESTS, "the right password waits too");
        app.state.clock.advance(chrono::Duration::minutes(16));
        assert_eq!(login(app, "budi.sentra", "kuda-lumping-2026").await.status, StatusCode::SEE_OTHER);
        // One address trying many names is slowed down beside each account's lock.
        for i in 0..20 {
            login(app, &format!("tebak{i}"), "tebakan-yang-salah").await;
        }
        let slowed = login(app, "budi.sentra", "kuda-lumping-2026").await;
        assert_eq!(slowed.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(slowed.text.contains("dari alamat ini"), "{}", slowed.text);
    }

    async fn revoked_tokens_and_disabled_users_are_refused(app: &App) {
        let created = app.admin_post("/api/v1/users", &json!({"username": "gateway", "role": "operator", "password": "kuda-lumping-2026"}), &[]).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        let user = created.json()["id"].as_i64().unwrap();
        let t = app.admin_post(&format!("/api/v1/users/{user}/tokens"), &json!({"name": "gateway WhatsApp"}), &[]).await.json();
        let token = t["token"].as_str().unwrap().to_owned();
        assert!(token.starts_with("sgp_"));
        assert_eq!(app.get_as(&token, "/api/v1/me").await.status, StatusCode::OK);
        let listed = app.admin_get(&format!("/api/v1/users/{user}/tokens")).await.text;
        assert!(!listed.contains(&token), "a token is shown once");
        let off = app.send(Method::PUT, &format!("/api/v1/users/{user}"), Some(r#"{"active": false}"#), &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.text);
        assert_eq!(app.get_as(&token, "/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
        app.send(Method::PUT, &format!("/api/v1/users/{user}"), Some(r#"{"active": true}"#), &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(app.get_as(&token, "/api/v1/me").await.status, StatusCode::OK);
        let id = t["id"].as_i64().unwrap();
        let revoke = app.send(Method::DELETE, &format!("/api/v1/tokens/{id}"), None, &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(revoke.status, StatusCode::NO_CONTENT);
        assert_eq!(app.get_as(&token, "/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
        let bad = app.admin_post("/api/v1/users", &json!({"username": "x", "role": "sentra", "password": "pendek"}), &[]).await;
        let mut codes = bad.field_codes();
        codes.sort();
        assert_eq!(codes, [("password".into(), "weak_password".into()), ("sentra".into(), "required".into()), ("username".into(), "invalid_username".into())]);
        let taken = app.admin_post("/api/v1/users", &json!({"username": "gateway", "role": "viewer", "password": "kuda-lumping-2026"}), &[]).await;
        assert_eq!(taken.field_codes(), [("username".into(), "username_taken".into())]);
    }

    async fn staff_pages_need_a_session_and_show_the_menu_of_the_role(app: &App) {
        let r = app.send(Method::GET, "/staf", None, &[]).await;
        assert_eq!((r.status, r.headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/masuk?lanjut=/staf"));
        let r = app.get_as(TOKEN, "/staf").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "pages want a session, not an API token");
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        let r = app.page(&cookie, "/staf").await;
        assert_eq!(r.headers[header::LOCATION], "/staf/kasus");
        let (cookie, csrf) = app.session("rina.supervisor", "supervisor", &[]).await;
        assert_eq!(app.page(&cookie, "/staf").await.headers[header::LOCATION], "/staf/dasbor");
        let english = app.send(Method::GET, "/bahasa?ke=en&lanjut=/staf", None, &[]).await;
        assert!(english.headers[header::SET_COOKIE].to_str().unwrap().starts_with("sigap_bahasa=en"));
        let _ = csrf;
    }

    async fn the_sign_in_page_never_redirects_off_site_or_signs_in_from_another_origin(app: &App) {
        make_user(app, "sari.admin", "admin").await;
        let r = app.send_form("/masuk", "username=sari.admin&password=kuda-lumping-2026&lanjut=//evil.example/x", &[]).await;
        assert_eq!(r.headers[header::LOCATION], "/staf");
        let r = app.send_form("/masuk", "username=sari.admin&password=kuda-lumping-2026&lanjut=/staf/kasus", &[]).await;
        assert_eq!(r.headers[header::LOCATION], "/staf/kasus");
        let r = app.send_form("/masuk", "username=sari.admin&password=kuda-lumping-2026",
            &[("origin", "https://evil.example"), ("host", "sigap.test")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let page = app.send(Method::GET, "/masuk?lanjut=%22%3E%3Cscript%3E", None, &[]).await.text;
        assert!(!page.contains("<script>"), "{page}");
    }
}

fn uuid_zero() -> &'static str {
    "00000000-0000-0000-0000-000000000000"
}

async fn make_user(app: &App, username: &str, role: &str) {
    let request = sigap_server::api::v1::users::NewUserRequest {
        username: username.into(),
        display_name: None,
        role: role.into(),
        sentra: Vec::new(),
        password: "kuda-lumping-2026".into(),
    };
    sigap_server::api::v1::users::add_user(&app.db.store, &request, "test", app.state.clock.now())
        .await
        .unwrap();
}

async fn login(app: &App, username: &str, password: &str) -> Reply {
    app.send_form(
        "/masuk",
        &format!("username={username}&password={password}"),
        &[],
    )
    .await
}
