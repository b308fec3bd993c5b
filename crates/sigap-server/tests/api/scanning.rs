//! The media scanner end to end: a local web server plays the outlets (a feed, article pages,
//! robots.txt, a broken endpoint); a scan round turns the feed into candidates; the triage API
//! accepts, merges and dismisses them; social posts arrive through the signed webhook.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{
    extract::Path,
    http::{Method, StatusCode},
    response::IntoResponse,
    routing::get,
};
use serde_json::{Value, json};
use sigap_server::scan::{self, ScanSettings};

use super::*;

/// An incident reported by two outlets in their own words, and one unrelated article.
const ARTICLES: &[(&str, &str, &str, &str)] = &[
    (
        "1",
        "Warta Priangan",
        "Nenek Rukiah Hidup Sebatang Kara di Gubuk Reyot, Sering Tidak Makan",
        "GARUT – Nenek Rukiah (82) hidup sebatang kara di sebuah gubuk reyot di Desa Sukamaju, \
         Kecamatan Cibalong, Kabupaten Garut. Sejak suaminya meninggal, ia tidak memiliki \
         penghasilan dan kerap tidak makan seharian. Dinding rumahnya dari bilik bambu yang \
         sudah lapuk dan atapnya bocor. Tetangga berharap pemerintah segera membantu nenek \
         Rukiah karena kondisinya semakin lemah.",
    ),
    (
        "2",
        "Kabar Jabar",
        "Lansia 82 Tahun di Cibalong Garut Tinggal Sendiri di Rumah Tak Layak Huni",
        "Seorang lansia bernama Rukiah, 82 tahun, warga Desa Sukamaju, Kecamatan Cibalong, \
         Kabupaten Garut, tinggal seorang diri di rumah tak layak huni. Menurut tetangganya, \
         nenek Rukiah sering kelaparan karena tidak punya penghasilan sejak ditinggal suaminya. \
         Atap rumahnya bocor dan dindingnya lapuk. Warga meminta Dinas Sosial turun tangan \
         membantu nenek Rukiah.",
    ),
    (
        "3",
        "Warta Priangan",
        "Festival Kuliner Garut Dipadati Pengunjung",
        "Festival kuliner tahunan di alun-alun Garut dipadati ribuan pengunjung pada akhir \
         pekan. Puluhan pedagang menjajakan dodol, burayot dan kerupuk kulit. Panitia menyebut \
         perputaran uang selama festival mencapai ratusan juta rupiah dan berharap acara serupa \
         digelar lagi tahun depan.",
    ),
];

fn article_page(id: &str) -> String {
    let Some((_, outlet, title, body)) = ARTICLES.iter().find(|a| a.0 == id) else {
        return String::new();
    };
    format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{title} - {outlet}</title>\
         <meta property=\"og:title\" content=\"{title}\">\
         <meta property=\"article:published_time\" content=\"2026-11-22T08:00:00+07:00\"></head>\
         <body><nav><a href=\"/\">Beranda</a> <a href=\"/daerah\">Daerah</a></nav>\
         <article><h1>{title}</h1><p>{body}</p><p>Baca juga: Harga cabai naik di pasar</p></article>\
         <footer>Hak cipta {outlet}</footer></body></html>"
    )
}

fn feed(base: &str) -> String {
    let items: String = ARTICLES
        .iter()
        .map(|(id, outlet, title, body)| {
            format!(
                "<item><title>{title}</title><link>{base}/berita/{id}</link>\
                 <description>{body}</description><author>{outlet}</author>\
                 <pubDate>Sun, 22 Nov 2026 08:00:00 +0700</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Berita Daerah</title><link>{base}/</link><description>Uji</description>{items}\
         </channel></rss>"
    )
}

/// The outlets: a feed, its articles, robots.txt, and an endpoint that always fails.
struct Outlets {
    base: String,
    article_hits: Arc<AtomicUsize>,
}

async fn outlets() -> Outlets {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let hits = Arc::new(AtomicUsize::new(0));
    let feed_body = feed(&base);
    let counter = hits.clone();
    let app = axum::Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route(
            "/feed.xml",
            get(move || {
                let body = feed_body.clone();
                async move { ([("content-type", "application/rss+xml")], body) }
            }),
        )
        .route(
            "/berita/{id}",
            get(move |Path(id): Path<String>| {
                counter.fetch_add(1, Ordering::SeqCst);
                async move {
                    (
                        [("content-type", "text/html; charset=utf-8")],
                        article_page(&id),
                    )
                }
            }),
        )
        .route(
            "/rusak.xml",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "rusak").into_response() }),
        )
        .route(
            "/kiriman.xml",
            get(|| async {
                let items: String = ARTICLES[..2]
                    .iter()
                    .map(|(id, _, _, body)| {
                        format!("<item><link>https://x.example/warga/status/{id}</link><description>{body}</description></item>")
                    })
                    .collect();
                (
                    [("content-type", "application/rss+xml")],
                    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kiriman</title>{items}</channel></rss>"),
                )
            }),
        )
        .route(
            "/bukan-feed",
            get(|| async {
                (
                    [("content-type", "text/html")],
                    "<html><body>halo</body></html>",
                )
            }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Outlets {
        base,
        article_hits: hits,
    }
}

/// Settings for a local server: no waiting between requests, no retries.
fn quick(app: &App) -> AppState {
    let mut state = app.state.clone();
    let mut settings = ScanSettings::default();
    settings.fetch.min_interval = Duration::from_millis(1);
    settings.fetch.retries = 0;
    settings.fetch.timeout = Duration::from_secs(5);
    settings.max_failures = 3;
    state.scan = Arc::new(settings);
    state
}

async fn add_source(app: &App, url: &str, kind: &str) -> i64 {
    let r = app
        .admin_post(
            "/api/v1/sources",
            &json!({"url": url, "kind": kind, "every": "15m", "enabled": true}),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()["id"].as_i64().unwrap()
}

async fn scan_once(state: &AppState) -> Vec<scan::SourceReport> {
    let fetcher = scan::fetcher(&state.scan).unwrap();
    scan::round(state, &fetcher, "test-worker", false, |_, _| {})
        .await
        .unwrap()
}

async fn queue(app: &App) -> Vec<Value> {
    let r = app.admin_get("/api/v1/candidates").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()["items"].as_array().unwrap().clone()
}

api_tests! {
    async fn two_reports_of_one_incident_make_one_candidate_and_the_unrelated_article_none(app: &App) {
        let outlets = outlets().await;
        let state = quick(app);
        add_source(app, &format!("{}/feed.xml", outlets.base), "feed").await;
        let reports = scan_once(&state).await;
        assert_eq!(reports.len(), 1);
        let r = &reports[0];
        assert_eq!((r.outcome, r.entries, r.processed.new_items), ("baru", 3, 3), "{r:?}");
        assert_eq!(outlets.article_hits.load(Ordering::SeqCst), 3);

        let items = queue(app).await;
        assert_eq!(items.len(), 1, "{items:#?}");
        let c = &items[0];
        let mut sources: Vec<&str> = c["sources"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        sources.sort();
        assert_eq!(sources, [format!("{}/berita/1", outlets.base), format!("{}/berita/2", outlets.base)]);
        assert!(c["categories"].as_array().unwrap().contains(&json!("lansia")), "{c}");
        let score = c["actionable_score"].as_f64().unwrap();
        assert!(score > 0.5 && score.to_string().len() <= 5, "the score as the analyser printed it: {score}");
        assert_eq!(c["location"]["province"], "32");
        assert_eq!(c["location"]["regency"], "32.05", "{c}");
        // The Sentra is the one routing gives for the place.
        let place = sigap_core::RegionCode::parse("32.05").unwrap();
        let preview = app.state.routing.preview(&app.db.store, &place, app.state.clock.now()).await.unwrap();
        let expected = preview.sentra.expect("Garut is covered");
        assert_eq!(c["sentra"]["id"], expected.id.as_str());
        assert_eq!(c["sentra"]["name"], expected.name.as_str());

        // A second round: the feed has not changed, nothing is fetched or made again.
        let again = scan_once(&state).await;
        assert_eq!(again[0].processed.new_items, 0, "{:?}", again[0]);
        assert_eq!(outlets.article_hits.load(Ordering::SeqCst), 3);
        assert_eq!(queue(app).await.len(), 1);
    }

    async fn an_accepted_candidate_is_a_routed_case_with_its_sources_and_cannot_be_taken_twice(app: &App) {
        let outlets = outlets().await;
        let state = quick(app);
        add_source(app, &format!("{}/feed.xml", outlets.base), "feed").await;
        scan_once(&state).await;
        let c = queue(app).await.remove(0);
        let id = c["id"].as_i64().unwrap();
        let r = app.admin_post(&format!("/api/v1/candidates/{id}/accept"), &json!({}), &[]).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let accepted = r.json();
        assert_eq!(accepted["candidate"]["status"], "diterima");
        let case_id = accepted["case"]["id"].as_str().unwrap().to_owned();
        let case = app.admin_get(&format!("/api/v1/cases/{case_id}")).await.json();
        assert_eq!(case["channel"], "media");
        // The most precise place the analyser read: Kecamatan Cibalong of Kabupaten Garut.
        assert_eq!(case["location"]["region_code"], "32.05.29");
        assert_eq!(case["sentra"]["id"], c["sentra"]["id"], "{case}");
        let linked = app.db.store.items_of_case(uuid::Uuid::parse_str(&case_id).unwrap()).await.unwrap();
        assert_eq!(linked.len(), 2);
        // A second click, and another operator's dismissal, are refused and name the decision.
        let twice = app.admin_post(&format!("/api/v1/candidates/{id}/accept"), &json!({}), &[]).await;
        assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
        assert_eq!(twice.json()["code"], "candidate_decided");
        let late = app.admin_post(&format!("/api/v1/candidates/{id}/dismiss"), &json!({"reason": "bukan kasus"}), &[]).await;
        assert_eq!(late.status, StatusCode::CONFLICT);
        assert_eq!(app.cases().await, 1);
        // The queue is empty; the decision is kept as feedback for training.
        assert!(queue(app).await.is_empty());
        let feedback = app.db.store.triage_feedback().await.unwrap();
        assert_eq!(feedback.len(), 2);
        assert!(feedback.iter().all(|f| f.status == "diterima"));
    }

    async fn a_new_report_of_an_accepted_incident_joins_its_case_not_the_queue(app: &App) {
        let state = quick(app);
        let post = |id: &str, text: &str| sigap_ingest::social::Post {
            platform: "x".into(),
            post_id: id.into(),
            author: Some("warga_garut".into()),
            text: text.into(),
            url: Some(format!("https://x.example/warga_garut/status/{id}")),
            posted_at: chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00+07:00").ok().map(|t| t.to_utc()),
            place: None,
            lat: None,
            lon: None,
        };
        let first = scan::ingest_posts(&state, None, vec![post("1", ARTICLES[0].3)]).await.unwrap();
        assert_eq!(first.new_candidates.len(), 1, "{first:?}");
        let id = first.new_candidates[0];
        let (_, case) = scan::accept(&state, id, "operator", false).await.unwrap();
        let second = scan::ingest_posts(&state, None, vec![post("2", ARTICLES[1].3)]).await.unwrap();
        assert_eq!((second.new_candidates.len(), second.joined_cases), (0, 1), "{second:?}");
        assert_eq!(app.db.store.items_of_case(case.id).await.unwrap().len(), 2);
        // The same post again is kept once.
        let again = scan::ingest_posts(&state, None, vec![post("2", ARTICLES[1].3)]).await.unwrap();
        assert_eq!(again.new_items, 0);
    }

    async fn merge_and_dismiss_are_checked_and_recorded(app: &App) {
        let state = quick(app);
        let post = sigap_ingest::social::Post {
            platform: "facebook".into(),
            post_id: "p-77".into(),
            author: None,
            text: ARTICLES[1].3.into(),
            url: None,
            posted_at: None,
            place: None,
            lat: None,
            lon: None,
        };
        let id = scan::ingest_posts(&state, None, vec![post]).await.unwrap().new_candidates[0];
        let uri = format!("/api/v1/candidates/{id}/merge");
        let unknown = app.admin_post(&uri, &json!({"case": "SGP-2611-99999"}), &[]).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(unknown.field_codes(), [("case".into(), "unknown_case".into())]);
        let empty = app.admin_post(&format!("/api/v1/candidates/{id}/dismiss"), &json!({"reason": "  "}), &[]).await;
        assert_eq!(empty.field_codes(), [("reason".into(), "required".into())]);
        let ticket = app.post("/api/v1/complaints", &minimal()).await.json()["ticket"].as_str().unwrap().to_owned();
        let merged = app.admin_post(&uri, &json!({"case": ticket}), &[]).await;
        assert_eq!(merged.status, StatusCode::OK, "{}", merged.text);
        assert_eq!(merged.json()["status"], "digabung");
        let case_id = merged.json()["case_id"].as_str().unwrap().to_owned();
        let case = app.admin_get(&format!("/api/v1/cases/{case_id}")).await.json();
        let history = case["history"].to_string();
        assert!(history.contains(&format!("kandidat #{id}")), "{history}");
        let all = app.admin_get("/api/v1/candidates?status=semua").await.json();
        assert_eq!(all["items"].as_array().unwrap().len(), 1);
        let bad = app.admin_get("/api/v1/candidates?status=x&urgency=urgent&limit=0").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<String> = bad.field_codes().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["status", "urgency", "limit"]);
    }

    async fn a_failing_source_reports_its_error_and_pauses_after_repeated_failures(app: &App) {
        let outlets = outlets().await;
        let state = quick(app);
        let broken = add_source(app, &format!("{}/rusak.xml", outlets.base), "feed").await;
        let not_a_feed = add_source(app, &format!("{}/bukan-feed", outlets.base), "feed").await;
        for round in 1..=3 {
            let reports = scan_once(&state).await;
            assert_eq!(reports.len(), 2, "round {round}");
            assert!(reports.iter().all(|r| r.outcome == "gagal"), "{reports:?}");
        }
        let sources = app.admin_get("/api/v1/sources").await.json();
        let find = |id: i64| sources["items"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap().clone();
        let b = find(broken);
        assert_eq!(b["health"], "dijeda", "{b}");
        assert_eq!(b["failures"], 3);
        assert!(b["last_error"].as_str().unwrap().contains("500"), "{b}");
        assert!(b["paused_reason"].as_str().unwrap().contains("3 kegagalan"), "{b}");
        assert!(find(not_a_feed)["last_error"].as_str().unwrap().contains("bukan feed"), "{}", find(not_a_feed));
        // Paused sources are not scanned; enabling one lifts the pause.
        assert!(scan_once(&state).await.is_empty());
        let r = app.send(Method::PUT, &format!("/api/v1/sources/{broken}"), Some(r#"{"enabled": true}"#), &[("authorization", &format!("Bearer {TOKEN}"))]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.json()["health"], "aktif");
        assert_eq!(scan_once(&state).await.len(), 1);
    }

    async fn a_source_is_claimed_by_one_worker_and_a_dead_workers_claim_runs_out(app: &App) {
        add_source(app, "https://contoh.id/feed.xml", "feed").await;
        let now = app.state.clock.now();
        let store = &app.db.store;
        let lease = chrono::Duration::minutes(10);
        let (a, b) = tokio::join!(
            store.claim_sources("a", now, lease, true, 10),
            store.claim_sources("b", now, lease, true, 10)
        );
        assert_eq!(a.unwrap().len() + b.unwrap().len(), 1);
        assert!(store.claim_sources("c", now + chrono::Duration::minutes(9), lease, false, 10).await.unwrap().is_empty());
        let taken = store.claim_sources("c", now + chrono::Duration::minutes(11), lease, false, 10).await.unwrap();
        assert_eq!(taken.len(), 1);
        assert_eq!(taken[0].claimed_by.as_deref(), Some("c"));
    }

    async fn a_feed_of_posts_is_read_from_the_feed_alone(app: &App) {
        let outlets = outlets().await;
        let state = quick(app);
        add_source(app, &format!("{}/kiriman.xml", outlets.base), "social_feed").await;
        let reports = scan_once(&state).await;
        assert_eq!((reports[0].outcome, reports[0].processed.new_items), ("baru", 2), "{:?}", reports[0]);
        assert_eq!(outlets.article_hits.load(Ordering::SeqCst), 0, "no page is fetched for a post");
        let items = queue(app).await;
        assert_eq!(items.len(), 1, "{items:#?}");
        assert_eq!(items[0]["items"][0]["kind"], "post");
        assert_eq!(items[0]["items"][0]["platform"], "127_0_0_1", "the platform is named after the feed's host");
    }

    async fn auto_accept_is_off_by_default_and_takes_only_what_its_threshold_allows(app: &App) {
        let post = |id: &str, text: &str| sigap_ingest::social::Post {
            platform: "x".into(),
            post_id: id.into(),
            author: None,
            text: text.into(),
            url: None,
            posted_at: None,
            place: None,
            lat: None,
            lon: None,
        };
        let off = quick(app);
        let first = scan::ingest_posts(&off, None, vec![post("1", ARTICLES[0].3)]).await.unwrap();
        assert_eq!(queue(app).await.len(), 1, "{first:?}");
        assert_eq!(app.cases().await, 0);
        let mut on = quick(app);
        let mut settings = (*on.scan).clone();
        settings.auto_accept.insert(sigap_core::Category::Lansia, 0.6);
        settings.auto_accept.insert(sigap_core::Category::Anak, 0.999);
        on.scan = Arc::new(settings);
        let child = "MAKASSAR – Tiga bocah kakak beradik ditemukan warga dalam kondisi kelaparan di \
            rumah kontrakan di Kelurahan Parang Tambung, Kecamatan Tamalate, Kota Makassar, \
            setelah ditinggal orang tuanya sepekan.";
        let elder = "Kakek Darto (79) tinggal seorang diri di gubuk bambu di Desa Kemiri, Kecamatan \
            Kebakkramat, Kabupaten Karanganyar. Ia lumpuh dan tidak ada yang merawat; tetangga \
            bergantian mengantar makanan.";
        let second = scan::ingest_posts(&on, None, vec![post("2", elder), post("3", child)]).await.unwrap();
        assert_eq!(second.new_candidates.len(), 2, "{second:?}");
        let all = app.admin_get("/api/v1/candidates?status=semua").await.json();
        let auto: Vec<&Value> = all["items"].as_array().unwrap().iter().filter(|c| c["auto_accepted"] == true).collect();
        assert_eq!(auto.len(), 1, "{all:#}");
        assert!(auto[0]["categories"].as_array().unwrap().contains(&json!("lansia")), "{all:#}");
        assert_eq!(auto[0]["decided_by"], "system");
        assert_eq!(app.cases().await, 1);
        assert!(app.db.store.triage_feedback().await.unwrap().is_empty(), "an automatic decision is no feedback");
    }

    async fn sources_are_validated_and_a_social_source_gets_its_secret_once(app: &App) {
        let bad = app.admin_post("/api/v1/sources", &json!({"url": "ftp://x", "kind": "podcast", "every": "5s"}), &[]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<String> = bad.field_codes().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["url", "kind", "every"]);
        let ok = app.admin_post("/api/v1/sources", &json!({"url": "https://www.antaranews.com/sitemap-news.xml"}), &[]).await;
        assert_eq!(ok.status, StatusCode::CREATED);
        assert_eq!((ok.json()["kind"].as_str(), ok.json()["enabled"].as_bool(), ok.json()["every_secs"].as_i64()), (Some("sitemap"), Some(false), Some(900)));
        let again = app.admin_post("/api/v1/sources", &json!({"url": "https://www.antaranews.com/sitemap-news.xml"}), &[]).await;
        assert_eq!(again.field_codes(), [("url".into(), "source_exists".into())]);
        let social = app.admin_post("/api/v1/sources", &json!({"url": "https://kolektor.example/x", "kind": "social"}), &[]).await.json();
        assert_eq!(social["secret"].as_str().unwrap().len(), 64);
        let list = app.admin_get("/api/v1/sources").await.text;
        assert!(!list.contains(social["secret"].as_str().unwrap()), "the secret is shown once");
    }

    async fn the_social_webhook_takes_signed_posts_once_and_refuses_forgeries_and_replays(app: &App) {
        let social = app.admin_post("/api/v1/sources", &json!({"url": "https://kolektor.example/x", "kind": "social", "enabled": true}), &[]).await.json();
        let id = social["id"].as_i64().unwrap().to_string();
        let secret = social["secret"].as_str().unwrap().to_owned();
        let now = app.state.clock.now().timestamp();
        let body = json!({"posts": [{
            "platform": "x", "post_id": "1790001", "author": "relawan_garut",
            "text": ARTICLES[0].3, "url": "https://x.example/relawan_garut/status/1790001",
            "posted_at": "2026-11-22T09:00:00+07:00"
        }]}).to_string();
        let sign = |ts: i64, body: &str, key: &str| sigap_server::jobs::notify::webhook::sign(key, ts, body.as_bytes());
        let send = |ts: i64, sig: String, body: String| {
            let id = id.clone();
            async move {
                app.send(Method::POST, "/api/v1/ingest/social", Some(&body), &[
                    ("sigap-source", id.as_str()),
                    ("sigap-timestamp", &ts.to_string()),
                    ("sigap-signature", &sig),
                ]).await
            }
        };
        let ok = send(now, sign(now, &body, &secret), body.clone()).await;
        assert_eq!(ok.status, StatusCode::ACCEPTED, "{}", ok.text);
        assert_eq!((ok.json()["new_items"].as_i64(), ok.json()["new_candidates"].as_i64()), (Some(1), Some(1)));
        let replay = send(now, sign(now, &body, &secret), body.clone()).await;
        assert_eq!(replay.status, StatusCode::CONFLICT);
        assert_eq!(replay.json()["code"], "replayed");
        // The same post in a new delivery is accepted and kept once.
        let later = now + 60;
        let resent = send(later, sign(later, &body, &secret), body.clone()).await;
        assert_eq!(resent.status, StatusCode::ACCEPTED);
        assert_eq!(resent.json()["new_items"], 0);
        let forged = send(now + 1, sign(now + 1, &body, "kunci-palsu"), body.clone()).await;
        assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
        assert_eq!(forged.json()["code"], "invalid_signature", "{}", forged.text);
        assert!(forged.headers.get(header::WWW_AUTHENTICATE).is_none(), "no Bearer challenge for a webhook");
        let tampered = send(now + 2, sign(now + 2, &body, &secret), body.replace("relawan", "penyusup")).await;
        assert_eq!(tampered.status, StatusCode::UNAUTHORIZED);
        let stale = now - 3600;
        let old = send(stale, sign(stale, &body, &secret), body.clone()).await;
        assert_eq!(old.status, StatusCode::BAD_REQUEST);
        assert_eq!(old.json()["code"], "stale_timestamp");
        let invalid = json!([{"platform": "x", "post_id": "", "text": "halo"}]).to_string();
        let r = send(now + 3, sign(now + 3, &invalid, &secret), invalid).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert_eq!(queue(app).await.len(), 1);
        let sources = app.admin_get("/api/v1/sources").await.json();
        assert_eq!(sources["items"][0]["items_seen"], 1);
    }
}
