//! The media scanner's daily report: exact figures of a WIB calendar day (not the day before,
//! not the day after), the API's JSON and CSV, the staff page and the HTML file.

use super::*;
use chrono::{DateTime, Duration, Utc};
use sigap_store::scanning::{Decision, NewCandidate, NewItem, NewSource, ScanResult};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn item(key: &str, source: i64, actionable: bool) -> NewItem {
    NewItem {
        key: format!("https://berita.test/{key}"),
        source_id: Some(source),
        kind: "article",
        url: Some(format!("https://berita.test/{key}")),
        title: Some(format!("Berita {key}")),
        body: "Seorang nenek hidup sebatang kara di gubuk reyot.".into(),
        actionable,
        actionable_score: if actionable { 0.9 } else { 0.1 },
        categories: if actionable {
            vec!["lansia".into()]
        } else {
            vec![]
        },
        ..Default::default()
    }
}

fn candidate(title: &str) -> NewCandidate {
    NewCandidate {
        title: title.into(),
        excerpt:
            "Seorang nenek berusia 80 tahun hidup sendiri di gubuk reyot dan belum makan dua hari."
                .into(),
        categories: vec!["lansia".into()],
        urgency: Some("high".into()),
        score: 0.9,
        location: None,
        region_code: Some("32.01".into()),
        sentra_id: None,
        sentra_name: None,
    }
}

fn source<'a>(name: &'a str, url: &'a str, enabled: bool) -> NewSource<'a> {
    NewSource {
        name,
        url,
        kind: "feed",
        every_secs: 900,
        enabled,
        secret: None,
    }
}

/// 23 November 2026 in WIB runs from 2026-11-22T17:00Z to 2026-11-23T17:00Z. Around it: an item
/// and a candidate the evening before, items through the day, one just after, a failed scan,
/// a dismissal, an acceptance (a case of the `media` channel) and a merge; and a web complaint,
/// which is not the scanner's. Returns the ids of (the big candidate, the small one, the old one).
async fn scanned_day(app: &App) -> (i64, i64, i64) {
    let store = &app.db.store;
    let created = at("2026-11-01T00:00:00Z");
    let kompas = store
        .create_source(
            &source("Kompas Regional", "https://kompas.test/rss", false),
            "admin",
            created,
        )
        .await
        .unwrap();
    let detik = store
        .create_source(
            &source("Detik Jabar", "https://detik.test/rss", true),
            "admin",
            created,
        )
        .await
        .unwrap();
    let keep = |key: &'static str, source: i64, actionable: bool, when: &'static str| async move {
        store
            .insert_item(&item(key, source, actionable), at(when))
            .await
            .unwrap()
            .unwrap()
    };
    // 23.30 WIB on 22 November: the day before.
    let before = keep("sebelum", kompas.id, true, "2026-11-22T16:30:00Z").await;
    let old = store
        .create_candidate(
            &candidate("Kandidat kemarin"),
            before,
            at("2026-11-22T16:30:00Z"),
        )
        .await
        .unwrap();
    // 00.30, 09.00, 10.15 (not actionable) and 11.00 WIB.
    let first = keep("pertama", kompas.id, true, "2026-11-22T17:30:00Z").await;
    let big = store
        .create_candidate(
            &candidate("Nenek sebatang kara di Cibungbulang"),
            first,
            at("2026-11-22T17:30:00Z"),
        )
        .await
        .unwrap();
    let second = keep("kedua", detik.id, true, "2026-11-23T02:00:00Z").await;
    store
        .join_candidate(
            big,
            second,
            &["lansia".into()],
            Some("high"),
            at("2026-11-23T02:00:00Z"),
        )
        .await
        .unwrap();
    keep("iklan", kompas.id, false, "2026-11-23T03:15:00Z").await;
    let third = keep("ketiga", detik.id, true, "2026-11-23T04:00:00Z").await;
    let small = store
        .create_candidate(
            &candidate("Nenek di Bogor tidak makan dua hari"),
            third,
            at("2026-11-23T04:00:00Z"),
        )
        .await
        .unwrap();
    // 00.30 WIB on 24 November: the day after.
    keep("besok", kompas.id, true, "2026-11-23T17:30:00Z").await;

    let claimed = store
        .claim_sources(
            "pekerja-1",
            at("2026-11-23T05:00:00Z"),
            Duration::minutes(5),
            false,
            10,
        )
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|s| s.id).collect::<Vec<_>>(), [detik.id]);
    let failed = ScanResult::Failed("HTTP 503 dari detik.test".into());
    assert!(
        store
            .finish_scan(
                detik.id,
                "pekerja-1",
                &failed,
                5,
                at("2026-11-23T05:01:00Z")
            )
            .await
            .unwrap()
    );

    store
        .decide_candidate(
            old,
            &Decision::Dismissed("berita program".into()),
            false,
            "op",
            at("2026-11-23T05:30:00Z"),
        )
        .await
        .unwrap();
    app.state.clock.advance(Duration::hours(4)); // 06.00Z, 13.00 WIB
    let (_, case) = sigap_server::scan::accept(&app.state, big, "op", false)
        .await
        .unwrap();
    sigap_server::scan::merge(&app.state, small, case.id, "op")
        .await
        .unwrap();
    assert_eq!(
        app.post("/api/v1/complaints", &minimal()).await.status,
        StatusCode::CREATED
    );
    (big, small, old)
}

api_tests! {
    async fn the_daily_report_counts_exactly_the_wib_day(app: &App) {
        let (big, small, old) = scanned_day(app).await;
        let day = sigap_server::daily_report::day_bounds(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(day, (at("2026-11-22T17:00:00Z"), at("2026-11-23T17:00:00Z")));
        let r = app.db.store.daily_scan_report(day.0, day.1).await.unwrap();
        assert_eq!((r.items, r.actionable), (4, 3));
        let sources: Vec<(Option<&str>, u64, u64)> =
            r.by_source.iter().map(|s| (s.source_name.as_deref(), s.items, s.actionable)).collect();
        assert_eq!(sources, [(Some("Detik Jabar"), 2, 2), (Some("Kompas Regional"), 2, 1)]);
        assert_eq!(r.candidates_opened, 2);
        assert_eq!((r.decisions.accepted, r.decisions.merged, r.decisions.dismissed), (1, 1, 1));
        assert_eq!(r.accepted_cases, 1, "the web complaint is not the scanner's");
        assert_eq!(r.accepted_by_category.iter().map(|c| (c.category.as_str(), c.cases)).collect::<Vec<_>>(), [("lansia", 1)]);
        assert_eq!(r.accepted_by_province.iter().map(|p| (p.code.as_str(), p.name.as_str(), p.cases)).collect::<Vec<_>>(), [("32", "Jawa Barat", 1)]);
        let clusters: Vec<(i64, &str, i64)> = r.clusters.iter().map(|c| (c.id, c.status.as_str(), c.items)).collect();
        assert_eq!(clusters, [(big, "diterima", 2), (old, "ditolak", 1), (small, "digabung", 1)]);
        assert_eq!(r.clusters[0].title, "Nenek sebatang kara di Cibungbulang");
        assert_eq!(r.sources_in_trouble.len(), 1);
        let trouble = &r.sources_in_trouble[0];
        assert_eq!((trouble.name.as_str(), trouble.failures, trouble.last_error.as_deref(), trouble.paused_reason.as_deref()),
            ("Detik Jabar", 1, Some("HTTP 503 dari detik.test"), None));
        let mut hours = vec![0_u64; 24];
        (hours[0], hours[9], hours[10], hours[11]) = (1, 1, 1, 1);
        assert_eq!(r.items_per_hour, hours);

        let before = app.db.store.daily_scan_report(day.0 - Duration::days(1), day.0).await.unwrap();
        assert_eq!((before.items, before.candidates_opened, before.accepted_cases), (1, 1, 0));
        assert_eq!(before.items_per_hour[23], 1);
        assert_eq!(before.sources_in_trouble.len(), 1, "trouble is shown whatever the day");
    }

    async fn the_daily_report_api_answers_json_and_csv_and_names_bad_parameters(app: &App) {
        scanned_day(app).await;
        let r = app.admin_get("/api/v1/reports/daily?date=2026-11-23").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let j = r.json();
        assert_eq!((j["date"].clone(), j["items"].clone(), j["actionable"].clone()), (json!("2026-11-23"), json!(4), json!(3)));
        assert_eq!(j["decisions"], json!({"accepted": 1, "merged": 1, "dismissed": 1}));
        assert_eq!(j["accepted_by_province"], json!([{"code": "32", "name": "Jawa Barat", "cases": 1}]));
        assert_eq!(j["clusters"][0]["items"], 2);
        assert_eq!(j["sources_in_trouble"][0]["name"], "Detik Jabar");
        assert_eq!(j["items_per_hour"].as_array().unwrap().len(), 24);
        // Without a date: today in WIB (the clock says 13.00 WIB on 23 November).
        assert_eq!(app.admin_get("/api/v1/reports/daily").await.json()["date"], "2026-11-23");

        let csv = app.admin_get("/api/v1/reports/daily?date=2026-11-23&format=csv").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(csv.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("laporan-harian-2026-11-23.csv"));
        let sections: Vec<&str> = csv.text.split("\r\n\r\n").collect();
        assert_eq!(sections.len(), 7, "{}", csv.text);
        assert!(sections[0].starts_with("figure,value\r\ndate,2026-11-23\r\n"), "{}", sections[0]);
        assert!(sections[0].contains("\r\nitems,4\r\nactionable,3\r\ncandidates_opened,2\r\naccepted,1\r\nmerged,1\r\ndismissed,1\r\naccepted_cases,1"), "{}", sections[0]);
        assert!(sections[1].starts_with("source_id,source,items,actionable\r\n") && sections[1].contains("Detik Jabar,2,2\r\n"), "{}", sections[1]);
        assert_eq!(sections[2], "category,label,cases\r\nlansia,Lanjut usia,1");
        assert_eq!(sections[3], "province,name,cases\r\n32,Jawa Barat,1");
        assert!(sections[4].contains(",Nenek sebatang kara di Cibungbulang,diterima,2\r\n"), "{}", sections[4]);
        assert!(sections[5].contains(",Detik Jabar,https://detik.test/rss,true,1,HTTP 503 dari detik.test,"), "{}", sections[5]);
        assert!(sections[6].starts_with("hour,items\r\n00,1\r\n01,0\r\n") && sections[6].contains("\r\n09,1\r\n"), "{}", sections[6]);

        let bad = app.admin_get("/api/v1/reports/daily?date=23-11-2026&format=xml").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.field_codes(), [("date".into(), "invalid_date".into()), ("format".into(), "unknown_format".into())]);
        assert_eq!(app.admin_get("/api/v1/reports/daily?tanggal=2026-11-23").await.status, StatusCode::BAD_REQUEST);
    }

    async fn the_daily_report_page_shows_the_day_with_charts_and_tables(app: &App) {
        scanned_day(app).await;
        let anonymous = app.send(Method::GET, "/staf/laporan-harian", None, &[]).await;
        assert!(anonymous.status.is_redirection());
        assert!(anonymous.headers[header::LOCATION].to_str().unwrap().starts_with("/masuk"));
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let page = app.page(&cookie, "/staf/laporan-harian?tanggal=2026-11-23").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        for shown in ["Laporan harian pemindaian", "value=\"2026-11-23\"", "Nenek sebatang kara di Cibungbulang",
            "Detik Jabar", "HTTP 503 dari detik.test", "Jawa Barat", "Lanjut usia", "<svg", "<details>",
            "/api/v1/reports/daily?date=2026-11-23&amp;format=csv", "href=\"&#x2f;staf&#x2f;laporan-harian\""] {
            assert!(page.text.contains(shown), "the page lacks {shown}: {}", page.text);
        }
        let english = app.page(&format!("{cookie}; sigap_bahasa=en"), "/staf/laporan-harian?tanggal=2026-11-23").await;
        assert!(english.text.contains("Daily scan report") && english.text.contains("Items per hour (WIB)"), "{}", english.text);
        let wrong = app.page(&cookie, "/staf/laporan-harian?tanggal=kemarin").await;
        assert_eq!(wrong.status, StatusCode::OK);
        assert!(wrong.text.contains("YYYY-MM-DD") && wrong.text.contains("value=\"2026-11-23\""), "{}", wrong.text);
    }

    async fn the_daily_report_file_is_one_self_contained_page(app: &App) {
        scanned_day(app).await;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let report = sigap_server::daily_report::daily_report(&app.db.store, date, app.state.clock.now()).await.unwrap();
        let html = sigap_server::daily_report::daily_html(&sigap_server::pages::Templates::new(), &report).unwrap();
        assert!(html.starts_with("<!doctype html>") && html.contains("<style>") && html.contains("<svg"));
        assert!(html.contains(".grafik .batang") && html.contains("\"Segoe UI\""), "the stylesheet is inline and unescaped");
        for absent in ["<script", "<link", "src=", "/static/"] {
            assert!(!html.contains(absent), "the file has {absent}");
        }
        assert!(html.contains("Nenek sebatang kara di Cibungbulang"));
    }
}
