//! The supervisor dashboard (`/staf/dasbor`) and its province drill-down, as a browser sees them.

use axum::http::StatusCode;
use serde_json::json;

use super::*;

impl App {
    /// Files `n` complaints in Kab. Bogor (Jawa Barat) and runs the SLA sweep; returns their ids.
    async fn file_cases(&self, n: usize, description: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for _ in 0..n {
            let mut body = minimal();
            body["description"] = json!(description);
            let r = self.post("/api/v1/complaints", &body).await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            ids.push(r.json()["id"].as_str().unwrap().to_owned());
        }
        self.sweep_now().await;
        ids
    }

    async fn sweep_now(&self) {
        sigap_server::jobs::sla::sweep(&self.db.store, &self.state.sla, self.state.clock.now())
            .await
            .unwrap();
    }

    /// Moves the clock past the verification deadline (three working days) and sweeps.
    async fn make_late(&self) {
        self.state.clock.advance(chrono::Duration::hours(80));
        self.sweep_now().await;
    }
}

/// `<span class="nilai">N</span> label`: one counter as the page shows it.
fn counter(n: u64, label: &str) -> String {
    format!("<span class=\"nilai\">{n}</span> {label}")
}

api_tests! {
    async fn the_dashboard_renders_before_the_sla_clock_has_seen_a_case(app: &App) {
        // No sweep: the case has no SLA state or flags yet (the KPI chart sums NULLs).
        assert_eq!(app.post("/api/v1/complaints", &minimal()).await.status, StatusCode::CREATED);
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let page = app.page(&cookie, "/staf/dasbor").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains(&counter(1, "terbuka")), "{}", page.text);
    }

    async fn the_dashboard_shows_a_supervisor_the_counts_the_map_and_the_late_cases(app: &App) {
        let ids = app.file_cases(3, "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.").await;
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let page = app.page(&cookie, "/staf/dasbor").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        for shown in [counter(3, "masuk hari ini"), counter(3, "terbuka"), counter(0, "terlambat")] {
            assert!(page.text.contains(&shown), "no {shown:?} in {}", page.text);
        }
        assert!(page.text.contains("<svg") && page.text.contains("href=\"/staf/dasbor/provinsi/32\""));
        assert!(page.text.contains("Tidak ada kasus yang berisiko atau terlambat."));

        app.make_late().await;
        // A new session: the first one has expired in the meantime.
        let (cookie, _) = app.session("rudi.supervisor", "supervisor", &[]).await;
        let page = app.page(&cookie, "/staf/dasbor?periode=7&peta=terlambat").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains(&counter(3, "terlambat")), "{}", page.text);
        assert!(page.text.contains("class=\"peta merah\""), "the map is shaded by late cases");
        for id in &ids {
            // minijinja writes `/` as `&#x2f;` in attributes.
            assert!(page.text.contains(&format!("href=\"&#x2f;staf&#x2f;kasus&#x2f;{id}\"")), "{id} is not listed: {}", page.text);
        }
        assert!(page.text.contains("SGP-2611-00001") && page.text.contains("Kab. Bogor, Jawa Barat"));
        assert!(page.text.contains("<option value=\"7\" selected>"));
        // In English through the tr filter.
        let english = app.send(Method::GET, "/staf/dasbor", None, &[("cookie", &format!("{cookie}; sigap_bahasa=en"))]).await;
        assert!(english.text.contains(&counter(3, "late")) && english.text.contains("Cases at risk or late"), "{}", english.text);
    }

    async fn a_viewer_sees_the_dashboard_without_personal_data(app: &App) {
        app.file_cases(2, "Nenek Karsih 80 tahun hidup sendiri di gubuk reyot di belakang pasar.").await;
        app.make_late().await;
        let (cookie, csrf) = app.session("vina.viewer", "viewer", &[]).await;
        let page = app.page(&cookie, "/staf/dasbor").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("SGP-2611-00002"), "the at-risk list is shown: {}", page.text);
        // The session's random CSRF token (in the sign-out form) may happen to hold "0812".
        assert!(page.text.contains(&csrf), "the sign-out form carries the session's token");
        let shown = page.text.replace(&csrf, "");
        for private in ["Siti", "Aminah", "0812", "Karsih", "Nenek", "Sukamaju", "pasar"] {
            assert!(!shown.contains(private), "the dashboard shows {private}");
        }
    }

    async fn a_sentra_user_sees_its_own_numbers_and_an_operator_the_whole_country(app: &App) {
        let ids = app.file_cases(2, "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.").await;
        let case = app.admin_get(&format!("/api/v1/cases/{}", ids[0])).await.json();
        let own = case["sentra"]["id"].as_str().expect("the case is routed").to_owned();
        let other = app.db.store.list_sentra().await.unwrap().into_iter().map(|(s, _)| s.id).find(|s| *s != own).unwrap();
        let (mine, _) = app.session("sari.sentra", "sentra", &[&own]).await;
        let page = app.page(&mine, "/staf/dasbor").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("Angka Sentra Anda saja.") && page.text.contains(&counter(2, "terbuka")), "{}", page.text);
        let (theirs, _) = app.session("budi.sentra", "sentra", &[&other]).await;
        let page = app.page(&theirs, "/staf/dasbor").await;
        assert!(page.text.contains(&counter(0, "terbuka")), "{}", page.text);
        let drill = app.page(&theirs, "/staf/dasbor/provinsi/32").await;
        assert!(drill.text.contains(&counter(0, "terbuka")), "{}", drill.text);
        let (operator, _) = app.session("ani.operator", "operator", &[]).await;
        let page = app.page(&operator, "/staf/dasbor").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains(&counter(2, "terbuka")) && !page.text.contains("Angka Sentra Anda saja."));
        // Without a session: to the sign-in page.
        let anonymous = app.send(Method::GET, "/staf/dasbor", None, &[]).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    }

    async fn the_province_drill_down_lists_regencies_and_an_unknown_province_is_404(app: &App) {
        app.file_cases(2, "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.").await;
        app.make_late().await;
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let page = app.page(&cookie, "/staf/dasbor/provinsi/32").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("<h1>Jawa Barat</h1>") && page.text.contains("<svg"), "{}", page.text);
        assert!(page.text.contains("<tr><th scope=\"row\"><a href=\"&#x2f;staf&#x2f;kasus?region=32.01\">Kab. Bogor</a></th><td>2</td><td>0</td><td>2</td></tr>"), "{}", page.text);
        assert!(page.text.contains("<th scope=\"row\"><a href=\"&#x2f;staf&#x2f;kasus?region=32.73\">Kota Bandung</a></th><td>0</td>"), "{}", page.text);
        // Each regency leads on to its cases.
        let bogor = app.page(&cookie, "/staf/kasus?region=32.01").await;
        assert_eq!(bogor.status, StatusCode::OK);
        assert_eq!(bogor.text.matches("class=\"ticket\" href=\"/staf/kasus/").count(), 2, "{}", bogor.text);
        // Bogor, with cases, comes before every regency without.
        assert!(page.text.find("Kab. Bogor").unwrap() < page.text.find("Kota Bandung").unwrap());
        for unknown in ["/staf/dasbor/provinsi/99", "/staf/dasbor/provinsi/32.01", "/staf/dasbor/provinsi/%3Cb%3Ex%3C%2Fb%3E"] {
            let r = app.page(&cookie, unknown).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{unknown}");
            assert!(!r.text.contains("<b>x"), "{}", r.text);
        }
    }

    async fn markup_in_a_complaint_or_a_sentra_name_is_never_rendered(app: &App) {
        let ids = app.file_cases(1, "<script>alert('qwertz')</script> Nenek hidup sendiri di gubuk reyot, tidak makan.").await;
        let id = uuid::Uuid::parse_str(&ids[0]).unwrap();
        let assignment = sigap_core::case::Assignment {
            sentra: Some("<img src=x onerror=alert(1)>".into()),
            sentra_name: None,
            level: None,
            rule: None,
            explanation: "Uji.".into(),
            surge: None,
            decided_at: app.state.clock.now(),
            cause: "reassigned".into(),
            by: "test".into(),
        };
        app.db.store.set_assignment(id, &assignment, None, None, None, app.state.clock.now()).await.unwrap();
        app.make_late().await;
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let page = app.page(&cookie, "/staf/dasbor").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("SGP-2611-00001"), "the case is listed: {}", page.text);
        assert!(!page.text.contains("<script>alert") && !page.text.contains("qwertz"), "the complaint's words are not shown");
        assert!(!page.text.contains("<img src=x"), "a Sentra name is escaped");
        assert!(page.text.contains("&lt;img src=x"), "the odd Sentra id is shown, escaped");
    }
}
