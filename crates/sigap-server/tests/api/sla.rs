//! The SLA clock, the response record, KPIs and exports through the HTTP API, with the
//! test clock moved by hand.

use axum::http::StatusCode;
use serde_json::json;
use sigap_server::jobs::sla::sweep;

use super::*;

impl App {
    async fn sweep(&self) -> sigap_server::jobs::sla::SweepReport {
        sweep(&self.db.store, &self.state.sla, self.state.clock.now())
            .await
            .unwrap()
    }
}

fn stage<'a>(case: &'a Value, name: &str) -> &'a Value {
    case["sla"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == name)
        .unwrap_or_else(|| panic!("no stage {name} in {}", case["sla"]))
}

api_tests! {
    async fn a_case_shows_its_deadlines_turns_late_escalates_once_and_a_silent_one_closes_itself(app: &App) {
        // Monday 23 November 2026, 09:00 WIB; the place is Kab. Bogor (WIB).
        let id = app.post("/api/v1/complaints", &minimal()).await.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(app.sweep().await.evaluated, 1);
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["sla"]["zone"], "WIB");
        assert_eq!(case["sla"]["state"], "aman");
        let v = stage(&case, "verifikasi");
        assert_eq!(v["budget"], "3 hari kerja");
        assert_eq!(v["due_local"], "2026-11-26 09:00 WIB");
        assert_eq!(v["due_at"], "2026-11-26T02:00:00Z");
        assert_eq!(stage(&case, "penyelesaian")["budget"], "60 hari kerja");

        // Wednesday 15:00: at risk (75 % of 72 counted hours).
        app.state.clock.advance(chrono::Duration::hours(54));
        app.sweep().await;
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{id}")).await.json()["sla"]["state"], "berisiko");
        assert_eq!(app.admin_get("/api/v1/cases?sla=berisiko").await.json()["items"].as_array().unwrap().len(), 1);
        // Thursday 10:00: late, escalated once however often the sweep runs.
        app.state.clock.advance(chrono::Duration::hours(19));
        assert_eq!(app.sweep().await.escalated, 1);
        app.state.clock.advance(chrono::Duration::minutes(5));
        app.sweep().await;
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["sla"]["state"], "terlambat");
        let escalations: Vec<_> = case["history"].as_array().unwrap().iter().filter(|e| e["kind"] == "escalated").collect();
        assert_eq!(escalations.len(), 1);
        assert!(escalations[0]["note"].as_str().unwrap().contains("Verifikasi"), "{}", escalations[0]);

        // The operator asks the complainant; the clock stops; nobody answers for 10 working days.
        let uri = format!("/api/v1/cases/{id}/events");
        let no_reason = app.admin_post(&uri, &json!({"action": "minta_tanggapan"}), &[]).await;
        assert_eq!(no_reason.field_codes(), [("note".into(), "reason_required".into())]);
        let asked = app.admin_post(&uri, &json!({"action": "minta_tanggapan", "note": "Mohon alamat lengkap."}), &[]).await.json();
        assert_eq!(asked["sla"]["state"], "terlambat");
        assert!(asked["allowed_actions"].as_array().unwrap().contains(&json!("tanggapan_diterima")));
        // Thursday 26 Nov 10:05 + 10 working days (27 Nov … 10 Dec) = Thursday 10 December 10:05 WIB.
        assert_eq!(asked["sla"]["auto_close_at"], "2026-12-10T03:05:00Z");
        let forced = app.admin_post(&uri, &json!({"action": "tutup_otomatis"}), &[]).await;
        assert_eq!(forced.field_codes(), [("action".into(), "automatic_action".into())]);
        app.state.clock.advance(chrono::Duration::days(13));
        assert_eq!(app.sweep().await.auto_closed, 0);
        app.state.clock.advance(chrono::Duration::days(1));
        assert_eq!(app.sweep().await.auto_closed, 1);
        let closed = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(closed["status"], "selesai");
        assert_eq!(closed["outcome"]["outcome"], "tidak_ada_tanggapan");
        assert_eq!(closed["sla"]["state"], "selesai");
        assert_eq!(closed["waiting_since"], Value::Null);
    }

    async fn the_response_record_is_kept_and_a_case_closes_only_with_an_outcome(app: &App) {
        let id = app.post("/api/v1/complaints", &minimal()).await.json()["id"].as_str().unwrap().to_owned();
        let uri = format!("/api/v1/cases/{id}/events");
        for action in ["verifikasi", "tugaskan", "tangani"] {
            assert_eq!(app.admin_post(&uri, &json!({"action": action}), &[]).await.status, StatusCode::OK);
        }
        let bad = app.admin_post(&format!("/api/v1/cases/{id}/interventions"), &json!({"type": "kursi", "description": "", "quantity": 0, "given_by": "Tim", "given_on": "kemarin"}), &[]).await;
        let fields: Vec<String> = bad.field_codes().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["type", "given_on"]);
        let assessed = app.admin_post(&format!("/api/v1/cases/{id}/assessments"), &json!({"findings": "Tinggal sendiri, tidak bisa berjalan.", "needs": "Kursi roda, permakanan.", "recommended": ["dukungan_aksesibilitas"], "assessed_by": "Peksos Ani"}), &[]).await;
        assert_eq!(assessed.status, StatusCode::CREATED, "{}", assessed.text);
        assert_eq!(stage(&assessed.json()["case"], "asesmen")["state"], "tepat_waktu");
        let closing = json!({"action": "selesaikan", "outcome": "tertangani"});
        let refused = app.admin_post(&uri, &closing, &[]).await;
        assert_eq!((refused.status, refused.json()["code"].clone()), (StatusCode::CONFLICT, json!("intervention_required")));
        let given = app.admin_post(&format!("/api/v1/cases/{id}/interventions"), &json!({"type": "dukungan_aksesibilitas", "description": "Kursi roda", "quantity": 1, "unit": "unit", "given_by": "Sentra Mulya Jaya"}), &[]).await;
        assert_eq!(given.status, StatusCode::CREATED, "{}", given.text);
        let done = app.admin_post(&uri, &closing, &[]).await.json();
        assert_eq!(done["status"], "selesai");
        assert_eq!(stage(&done, "verifikasi")["state"], "tepat_waktu");
        let record = app.admin_get(&format!("/api/v1/cases/{id}/response")).await.json();
        assert_eq!(record["assessments"][0]["findings"], "Tinggal sendiri, tidak bisa berjalan.");
        assert_eq!(record["interventions"][0]["kind"], "dukungan_aksesibilitas");
        // The complainant consented to nothing here, so no survey link goes out; but the survey
        // exists and its link is not guessable.
        assert_eq!(app.send(Method::GET, &format!("/api/v1/surveys/{}", "0".repeat(48)), None, &[]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.send(Method::GET, "/api/v1/surveys/abc", None, &[]).await.status, StatusCode::NOT_FOUND);

        // KPIs by channel for November 2026, as JSON and as CSV.
        let kpi = app.admin_get("/api/v1/reports/kpi?from=2026-11-01&to=2026-11-30&by=channel").await.json();
        let web = &kpi["rows"][0];
        assert_eq!((web["key"].clone(), web["received"].clone(), web["closed"].clone()), (json!("web"), json!(1), json!(1)));
        assert_eq!(web["label"], "Formulir web");
        assert_eq!(web["verification"]["median_secs"], 0);
        assert_eq!(web["closure"]["within_sla"], 1);
        let csv = app.admin_get("/api/v1/reports/kpi?from=2026-11-01&to=2026-11-30&by=channel&format=csv").await;
        assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
        assert!(csv.text.starts_with("key,label,received,closed,backlog,late,"));
        assert!(csv.text.contains("\r\nweb,Formulir web,1,1,0,0,1,0.00,0.00,1,1,100.0,"), "{}", csv.text);
        let wrong = app.admin_get("/api/v1/reports/kpi?from=2026-12-01&to=2026-11-01&by=galaxy&format=xls").await;
        let fields: Vec<String> = wrong.field_codes().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["to", "by", "format"]);

        // The export holds every case, streamed.
        let export = app.admin_get("/api/v1/cases/export.csv?status=selesai").await;
        assert_eq!(export.status, StatusCode::OK);
        let lines: Vec<&str> = export.text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("id,ticket,created_at,status,"));
        assert!(lines[1].contains(",selesai,web,orang_rentan,"), "{}", lines[1]);
        assert!(lines[1].ends_with(",tertangani"));
    }

    async fn the_policy_and_the_calendar_are_settings_an_administrator_changes(app: &App) {
        let policy = app.admin_get("/api/v1/sla/policy").await.json();
        assert_eq!(policy["id"], Value::Null);
        assert_eq!(policy["policy"]["auto_close_working_days"], 10);
        let mut changed = policy["policy"].clone();
        changed["auto_close_working_days"] = json!(5);
        let put = app.send(Method::PUT, "/api/v1/sla/policy", Some(&changed.to_string()), &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(put.status, StatusCode::OK, "{}", put.text);
        assert_eq!(put.json()["policy"]["auto_close_working_days"], 5);
        changed["at_risk"] = json!(2);
        let bad = app.send(Method::PUT, "/api/v1/sla/policy", Some(&changed.to_string()), &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(bad.field_codes(), [("policy".into(), "invalid_policy".into())]);

        let year = app.admin_get("/api/v1/calendar?year=2026").await.json();
        assert!(year["official_years"].as_array().unwrap().contains(&json!(2026)));
        assert!(year["days"].as_array().unwrap().iter().any(|d| d["date"] == "2026-03-20" && d["kind"] == "cuti_bersama"));
        let before = year["working_days"].as_i64().unwrap();
        let added = app.admin_post("/api/v1/calendar/holidays", &json!({"date": "2026-12-31", "kind": "cuti_bersama", "name": "Cuti bersama tambahan"}), &[]).await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
        assert_eq!(app.admin_get("/api/v1/calendar?year=2026").await.json()["working_days"].as_i64().unwrap(), before - 1);
        let removed = app.send(Method::DELETE, "/api/v1/calendar/holidays/2026-12-31", None, &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT);
        let again = app.send(Method::DELETE, "/api/v1/calendar/holidays/2026-12-31", None, &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
        assert_eq!(app.admin_post("/api/v1/calendar/holidays", &json!({"date": "31-12-2026", "kind": "libur", "name": ""}), &[]).await.field_codes().len(), 3);
    }
}

async fn form_post(app: &App, uri: &str, body: &str) -> Reply {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap();
    reply(&app.router, req).await
}

api_tests! {
    async fn a_closed_case_sends_its_survey_link_and_the_survey_is_answered_once(app: &App) {
        let mut complaint = minimal();
        complaint["reporter"] = json!({"name": "Siti Aminah", "email": "siti@contoh.id", "consent_contact": true});
        let id = app.post("/api/v1/complaints", &complaint).await.json()["id"].as_str().unwrap().to_owned();
        let uri = format!("/api/v1/cases/{id}/events");
        for action in ["verifikasi", "tugaskan", "tangani"] {
            app.admin_post(&uri, &json!({"action": action}), &[]).await;
        }
        let closed = app.admin_post(&uri, &json!({"action": "selesaikan", "outcome": "menolak_bantuan"}), &[]).await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);
        let outbox = app.admin_get(&format!("/api/v1/notifications?case={id}")).await.json();
        let survey_mail: Vec<_> = outbox["items"].as_array().unwrap().iter().filter(|n| n["kind"] == "message").collect();
        assert_eq!(survey_mail.len(), 1, "{outbox}");
        assert!(survey_mail[0]["subject"].as_str().unwrap().contains("mohon nilai layanan"));

        // The link's token is only in the message; a second survey for the same case is refused,
        // so the test opens a fresh case's survey to hold a token.
        let case_id = uuid::Uuid::parse_str(&id).unwrap();
        assert!(sigap_server::api::v1::surveys::open_survey(&app.db.store, case_id, app.state.clock.now()).await.unwrap().is_none());
        let other = app.post("/api/v1/complaints", &minimal()).await.json()["id"].as_str().unwrap().to_owned();
        let other_id = uuid::Uuid::parse_str(&other).unwrap();
        let token = sigap_server::api::v1::surveys::open_survey(&app.db.store, other_id, app.state.clock.now()).await.unwrap().unwrap();

        let page = app.send(Method::GET, &format!("/survei/{token}"), None, &[]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.text.matches("<fieldset").count(), 9);
        assert!(page.text.contains("<legend><span class=\"code\">U1.</span>"));
        let english = app.send(Method::GET, &format!("/survei/{token}"), None, &[("cookie", "sigap_bahasa=en")]).await;
        assert!(english.text.contains("Were the staff polite and friendly to you?") && english.text.contains("> Very polite and friendly</label>"), "{}", english.text);
        assert!(english.text.contains("Send my answers") && !english.text.contains("Kirim jawaban"), "{}", english.text);
        let half = form_post(app, &format!("/survei/{token}"), "u1=4&u2=4&u3=3&komentar=Cepat").await;
        assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(half.text.contains("href=\"#u4\""), "{}", half.text);
        assert!(half.text.contains("value=\"3\" required checked"), "the answers given are kept");
        let full = form_post(app, &format!("/survei/{token}"), "u1=4&u2=4&u3=4&u4=4&u5=4&u6=4&u7=4&u8=4&u9=3&komentar=Cepat+dan+ramah").await;
        assert_eq!(full.status, StatusCode::OK);
        assert!(full.text.contains("Terima kasih!"));
        let again = form_post(app, &format!("/survei/{token}"), "u1=1&u2=1&u3=1&u4=1&u5=1&u6=1&u7=1&u8=1&u9=1").await;
        assert!(again.text.contains("sudah diisi"), "{}", again.text);
        assert_eq!(app.send(Method::GET, &format!("/api/v1/surveys/{token}"), None, &[]).await.json()["answered"], true);
        assert_eq!(app.send(Method::GET, &format!("/survei/{}", "f".repeat(48)), None, &[]).await.status, StatusCode::NOT_FOUND);

        // The answer counts in the IKM of the report: (8 × 4 + 3) / 9 × 25 = 97.22, grade A.
        let kpi = app.admin_get("/api/v1/reports/kpi?from=2026-11-01&to=2026-11-30&by=channel").await.json();
        assert_eq!(kpi["rows"][0]["ikm"]["converted"], 97.22);
        assert_eq!(kpi["rows"][0]["ikm"]["grade_letter"], "A");
        assert_eq!(kpi["rows"][0]["ikm"]["grade_label"], "Sangat Baik");

        // The same report on the KPI page, in either language, with its downloads.
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let page = app.page(&cookie, "/staf/kinerja?dari=2026-11-01&sampai=2026-11-30&per=channel").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        // (minijinja writes `/` as `&#x2f;` in attributes, which browsers read back)
        assert!(page.text.contains("<a href=\"&#x2f;staf&#x2f;kinerja\">Kinerja</a>"), "the menu leads to it");
        assert!(page.text.contains("<th scope=\"row\">Formulir web</th>"), "{}", page.text);
        assert!(page.text.contains("97,22 (A, Sangat Baik)</span><br><small>1 responden"), "{}", page.text);
        assert!(page.text.contains("&#x2f;api&#x2f;v1&#x2f;reports&#x2f;kpi?from=2026-11-01&amp;to=2026-11-30&amp;by=channel&amp;format=csv"), "{}", page.text);
        let english = app.send(Method::GET, "/staf/kinerja?dari=2026-11-01&sampai=2026-11-30&per=channel", None,
            &[("cookie", &format!("{cookie}; sigap_bahasa=en"))]).await;
        assert!(english.text.contains("<th scope=\"row\">Web form</th>") && english.text.contains("97.22 (A, Very good)"), "{}", english.text);
        // Parameters that cannot be used are named, and the default report is shown.
        let wrong = app.page(&cookie, "/staf/kinerja?dari=2026-13-01&per=galaxy&sentra=atlantis").await;
        assert_eq!(wrong.status, StatusCode::OK);
        for reason in ["Sentra itu tidak dikenal.", "galaxy", "YYYY-MM-DD"] {
            assert!(wrong.text.contains(reason), "{reason}: {}", wrong.text);
        }
        assert!(wrong.text.contains(", per sentra</caption>"), "{}", wrong.text);
        // Without a period the page shows the last 30 days in WIB.
        let today = (app.state.clock.now() + chrono::Duration::hours(7)).date_naive();
        let first = today - chrono::Duration::days(29);
        assert!(wrong.text.contains(&format!("Kinerja {first} – {today}, per sentra</caption>")), "{}", wrong.text);
        // Only an end day: the 30 days up to it.
        let until = app.page(&cookie, "/staf/kinerja?sampai=2026-03-31").await;
        assert!(until.text.contains("Kinerja 2026-03-02 – 2026-03-31, per sentra</caption>") && !until.text.contains("role=\"alert\""), "{}", until.text);
        // A Sentra's staff see their own Sentra only, whatever they ask for.
        let (own, _) = app.session("budi.sentra", "sentra", &["galih-pakuan"]).await;
        let theirs = app.page(&own, "/staf/kinerja?dari=2026-11-01&sampai=2026-11-30&sentra=inten-soeweno").await;
        assert!(theirs.text.contains("bukan Sentra Anda"), "{}", theirs.text);
        assert!(theirs.text.contains("Tidak ada kasus pada periode ini.") && !theirs.text.contains("97,22"), "{}", theirs.text);
        assert!(!theirs.text.contains("value=\"inten-soeweno\""), "only their own Sentra to choose from");
        let (host, _) = app.session("wati.sentra", "sentra", &["inten-soeweno"]).await;
        let mine = app.page(&host, "/staf/kinerja?dari=2026-11-01&sampai=2026-11-30").await;
        assert!(mine.text.contains("97,22 (A, Sangat Baik)"), "{}", mine.text);
        // Without a session the page asks to sign in.
        let anonymous = app.send(Method::GET, "/staf/kinerja", None, &[]).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    }

    async fn two_sweeps_at_once_escalate_each_late_stage_once(app: &App) {
        for _ in 0..5 {
            app.post("/api/v1/complaints", &minimal()).await;
        }
        app.state.clock.advance(chrono::Duration::days(10));
        let store = &app.db.store;
        let now = app.state.clock.now();
        let (a, b) = tokio::join!(sweep(store, &app.state.sla, now), sweep(store, &app.state.sla, now));
        // Verification is late on all five (3 working days); first response has not started.
        assert_eq!(a.unwrap().escalated + b.unwrap().escalated, 5);
        assert_eq!(app.sweep().await.escalated, 0);
    }
}

/// Whatever a client sends to the response-record, policy, calendar, survey and report
/// endpoints, the answer is a clear 4xx or a success, never a 5xx.
#[test]
fn no_body_or_query_makes_the_new_endpoints_fail() {
    use proptest::{collection, prelude::*, test_runner::TestRunner};
    let value = any_json();
    let templates = [
        (
            "events",
            json!({"action": "selesaikan", "outcome": "tertangani", "note": "x", "referral": {"agency_kind": "kepolisian", "agency_name": "Polres"}}),
        ),
        (
            "events",
            json!({"action": "rujuk", "referral": {"agency_kind": "dinas_sosial", "agency_name": "Dinsos", "contact": "x"}}),
        ),
        (
            "assessments",
            json!({"findings": "a", "needs": "b", "recommended": ["rujukan"], "assessed_by": "c", "assessed_on": "2026-11-23"}),
        ),
        (
            "interventions",
            json!({"type": "bantuan_sosial", "description": "a", "quantity": 2, "unit": "paket", "given_on": "2026-11-23", "given_by": "b"}),
        ),
        (
            "holidays",
            json!({"date": "2026-12-31", "kind": "cuti_bersama", "name": "x"}),
        ),
        (
            "survey",
            json!({"answers": [4, 4, 4, 4, 4, 4, 4, 4, 4], "comment": "x"}),
        ),
        (
            "policy",
            serde_json::to_value(sigap_core::sla::Policy::default_policy()).unwrap(),
        ),
    ];
    let bodies = (
        0..templates.len(),
        "[a-z_]{1,16}",
        value.clone(),
        any::<bool>(),
    );
    let queries = (
        prop_oneof![
            Just("/api/v1/reports/kpi?"),
            Just("/api/v1/cases/export.csv?"),
            Just("/api/v1/calendar?"),
            Just("/api/v1/cases?")
        ],
        collection::vec(("[a-z_]{1,10}", "[\\PC&&[^&#=%+]]{0,20}"), 0..4),
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let app = rt.block_on(async { App::start(TestDb::sqlite().await.unwrap()).await });
    let id = rt
        .block_on(app.post("/api/v1/complaints", &minimal()))
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = "ab".repeat(24);
    let mut runner = TestRunner::new(proptest::test_runner::Config {
        cases: 300,
        ..Default::default()
    });
    runner
        .run(
            &(bodies, queries),
            |((which, field, v, replace_whole), (path, params))| {
                let (kind, template) = &templates[which];
                let body = if replace_whole {
                    v
                } else {
                    let mut b = template.clone();
                    b[field.as_str()] = v;
                    b
                };
                let auth = format!("Bearer {TOKEN}");
                let headers = [("authorization", auth.as_str())];
                let (method, uri) = match *kind {
                    "events" => (Method::POST, format!("/api/v1/cases/{id}/events")),
                    "assessments" => (Method::POST, format!("/api/v1/cases/{id}/assessments")),
                    "interventions" => (Method::POST, format!("/api/v1/cases/{id}/interventions")),
                    "holidays" => (Method::POST, "/api/v1/calendar/holidays".to_owned()),
                    "survey" => (Method::POST, format!("/api/v1/surveys/{token}")),
                    _ => (Method::PUT, "/api/v1/sla/policy".to_owned()),
                };
                let r = rt.block_on(app.send(method, &uri, Some(&body.to_string()), &headers));
                prop_assert!(
                    r.status.as_u16() < 500,
                    "{} for {uri} {body}: {}",
                    r.status,
                    r.text
                );
                let encode = |v: &str| -> String {
                    v.bytes()
                        .map(|b| match b {
                            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                                (b as char).to_string()
                            }
                            _ => format!("%{b:02X}"),
                        })
                        .collect()
                };
                let query: Vec<String> = params
                    .iter()
                    .map(|(k, v)| format!("{k}={}", encode(v)))
                    .collect();
                let uri = format!("{path}{}", query.join("&"));
                let r = rt.block_on(app.send(Method::GET, &uri, None, &headers));
                prop_assert!(
                    r.status.as_u16() < 500,
                    "{} for {uri}: {}",
                    r.status,
                    r.text
                );
                Ok(())
            },
        )
        .unwrap();
    rt.block_on(app.db.cleanup());
}
