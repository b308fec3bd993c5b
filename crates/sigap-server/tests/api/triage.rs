//! The triage queue page (`/staf/triase`), the sources page (`/staf/admin/sumber`) and a case's
//! media sources: what each role sees, the decisions through the page's forms, refused
//! decisions shown on the page, and markup from the web shown as text.

use sigap_ingest::social::Post;
use sigap_store::scanning::{NewCandidate, NewItem};

use super::*;

/// A report that the analyser reads as a case, in Garut (Jawa Barat).
pub const NENEK: &str = "Seorang nenek berusia 80 tahun hidup sebatang kara di gubuk reyot di Desa \
    Sukamaju, Kecamatan Cibalong, Kabupaten Garut, tanpa bantuan dan kekurangan makan.";

/// A social post through the scanner's pipeline; returns the candidate it opened.
pub async fn media_candidate(app: &App, post_id: &str, text: &str) -> i64 {
    let post = Post {
        platform: "x".into(),
        post_id: post_id.into(),
        author: Some("warga_garut".into()),
        text: text.into(),
        url: Some(format!("https://x.com/warga_garut/status/{post_id}")),
        posted_at: Some(app.state.clock.now() - chrono::Duration::hours(2)),
        place: None,
        lat: None,
        lon: None,
    };
    let processed = sigap_server::scan::ingest_posts(&app.state, None, vec![post])
        .await
        .unwrap();
    assert_eq!(
        processed.actionable, 1,
        "the analyser reads it as a case: {processed:?}"
    );
    *processed
        .new_candidates
        .first()
        .unwrap_or_else(|| panic!("a new candidate: {processed:?}"))
}

/// A candidate whose item carries markup and a `javascript:` address, kept through the store.
async fn hostile_candidate(app: &App) -> i64 {
    let now = app.state.clock.now();
    let script = "<script>alert(1)</script>";
    let mut ids = Vec::new();
    for (key, url) in [
        ("hostile-1", "javascript:alert(1)".to_owned()),
        (
            "hostile-2",
            "https://contoh.id/a\"><script>alert(1)</script>".to_owned(),
        ),
    ] {
        let item = NewItem {
            key: key.into(),
            kind: "article",
            url: Some(url),
            title: Some(format!("Nenek sakit {script} di Garut")),
            body: format!("Isi berita {script} nenek kekurangan makan."),
            published_at: Some(now),
            actionable: true,
            actionable_score: 0.9,
            categories: vec!["lansia".into()],
            urgency: Some("high".into()),
            ..NewItem::default()
        };
        ids.push(app.db.store.insert_item(&item, now).await.unwrap().unwrap());
    }
    let new = NewCandidate {
        title: format!("Nenek sakit {script} di Garut"),
        excerpt: format!("Isi berita {script}"),
        categories: vec!["lansia".into()],
        urgency: Some("high".into()),
        score: 0.9,
        location: None,
        region_code: Some("32.05".into()),
        sentra_id: None,
        sentra_name: None,
    };
    let id = app
        .db
        .store
        .create_candidate(&new, ids[0], now)
        .await
        .unwrap();
    app.db
        .store
        .join_candidate(id, ids[1], &new.categories, Some("high"), now)
        .await
        .unwrap();
    id
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", sigap_server::ui::staff::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn assert_escaped(page: &str) {
    assert!(
        !page.contains("<script>alert(1)"),
        "markup shown raw: {page}"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)"),
        "markup shown as text: {page}"
    );
    assert!(
        !page.to_ascii_lowercase().contains("href=\"javascript"),
        "a javascript: link: {page}"
    );
}

api_tests! {
    async fn the_triage_queue_lists_a_candidate_with_its_sources(app: &App) {
        let id = media_candidate(app, "1001", NENEK).await;
        let (ani, _) = app.session("ani.operator", "operator", &[]).await;
        let page = app.page(&ani, "/staf/triase").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let text = &page.text;
        assert!(text.contains("<a href=\"&#x2f;staf&#x2f;triase\">Pemilahan</a>"), "in the menu: {text}");
        assert!(text.contains(&format!("id=\"kandidat-{id}\"")), "{text}");
        assert!(text.contains("sebatang kara"), "the excerpt");
        assert!(text.contains("Garut"), "the place");
        assert!(text.contains("href=\"https:&#x2f;&#x2f;x.com&#x2f;warga_garut&#x2f;status&#x2f;1001\" rel=\"noopener noreferrer nofollow\" target=\"_blank\""), "the source as a link: {text}");
        assert!(text.contains("x.com") && text.contains("unggahan x"), "its host and platform");
        assert!(text.contains("23 November 2026, 07.00 WIB"), "its time: {text}");
        assert!(text.contains(&format!("action=\"/staf/triase/{id}/terima\"")), "the actions: {text}");
        assert!(text.contains("Pintasan papan ketik"));
        let filtered = app.page(&ani, "/staf/triase?status=ditolak").await;
        assert!(!filtered.text.contains(&format!("id=\"kandidat-{id}\"")), "filtered out");
        let bad = app.page(&ani, "/staf/triase?urgency=sangat").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    }

    async fn accepting_on_the_page_opens_the_new_case_and_a_second_accept_names_who_decided(app: &App) {
        let id = media_candidate(app, "1002", NENEK).await;
        let (ani, csrf) = app.session("ani.operator", "operator", &[]).await;
        let uri = format!("/staf/triase/{id}/terima");
        let forged = app.send_form(&uri, "", &[("cookie", &ani)]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "no CSRF token");
        let accepted = app.send_form(&uri, &form(&[("_csrf", &csrf)]), &[("cookie", &ani)]).await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.text);
        let to = accepted.headers[header::LOCATION].to_str().unwrap().to_owned();
        let case_id = to.strip_prefix("/staf/kasus/").unwrap();
        let case = app.admin_get(&format!("/api/v1/cases/{case_id}")).await.json();
        assert_eq!(case["channel"], "media");
        let page = app.page(&ani, &to).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("Sumber media") && page.text.contains("href=\"https:&#x2f;&#x2f;x.com&#x2f;warga_garut&#x2f;status&#x2f;1002\""), "{}", page.text);
        assert!(page.text.contains("Laporan langsung lewat kanal"), "the channel line stays");
        let (budi, budi_csrf) = app.session("budi.supervisor", "supervisor", &[]).await;
        let again = app.send_form(&uri, &form(&[("_csrf", &budi_csrf)]), &[("cookie", &budi)]).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
        assert!(again.text.contains(&format!("Kandidat #{id} sudah diputuskan oleh ani.operator")), "{}", again.text);
        assert_eq!(app.cases().await, 1, "one case");
        let missing = app.send_form("/staf/triase/99999/terima", &form(&[("_csrf", &csrf)]), &[("cookie", &ani)]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.text);
    }

    async fn a_dismissal_needs_a_reason_and_then_leaves_the_queue(app: &App) {
        let id = media_candidate(app, "1003", NENEK).await;
        let (ani, csrf) = app.session("ani.operator", "operator", &[]).await;
        let uri = format!("/staf/triase/{id}/tolak");
        // Decided from a filtered queue (the elderly): the page keeps the filter.
        let filtered = app.page(&ani, "/staf/triase?category=lansia").await.text;
        assert!(filtered.contains("<input type=\"hidden\" name=\"category\" value=\"lansia\">"), "{filtered}");
        let empty = app.send_form(&uri, &form(&[("_csrf", &csrf), ("alasan_pilih", "Lainnya"), ("alasan", " "), ("category", "lansia")]), &[("cookie", &ani)]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text);
        assert!(empty.text.contains("<option value=\"lansia\" selected>"), "the refusal keeps the filter: {}", empty.text);
        assert!(empty.text.contains("Tulis alasan penolakan"), "{}", empty.text);
        assert!(empty.text.contains(&format!("id=\"kandidat-{id}\"")), "still in the queue");
        assert_eq!(app.db.store.candidate(id).await.unwrap().row.status, "baru");
        let done = app.send_form(&uri, &form(&[("_csrf", &csrf), ("alasan_pilih", "Di luar negeri"), ("alasan", "Malaysia"), ("category", "lansia")]), &[("cookie", &ani)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
        let back = done.headers[header::LOCATION].to_str().unwrap().to_owned();
        assert_eq!(back, format!("/staf/triase?selesai=ditolak&kandidat={id}&category=lansia"));
        let queue = app.page(&ani, &back).await.text;
        assert!(queue.contains(&format!("Kandidat #{id} ditolak.")), "{queue}");
        assert!(!queue.contains(&format!("id=\"kandidat-{id}\"")), "gone from the queue: {queue}");
        assert_eq!(app.db.store.candidate(id).await.unwrap().row.reason.as_deref(), Some("Di luar negeri: Malaysia"));
        let dismissed = app.page(&ani, "/staf/triase?status=ditolak").await.text;
        assert!(dismissed.contains(&format!("id=\"kandidat-{id}\"")) && dismissed.contains("Di luar negeri: Malaysia"));
    }

    async fn a_candidate_is_merged_into_a_case_by_its_ticket(app: &App) {
        let id = media_candidate(app, "1004", NENEK).await;
        let filed = app.post("/api/v1/complaints", &minimal()).await.json();
        let ticket = filed["ticket"].as_str().unwrap();
        let (ani, csrf) = app.session("ani.operator", "operator", &[]).await;
        let uri = format!("/staf/triase/{id}/gabung");
        let unknown = app.send_form(&uri, &form(&[("_csrf", &csrf), ("kasus", "SGP-2611-09999")]), &[("cookie", &ani)]).await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", unknown.text);
        assert!(unknown.text.contains("tidak ditemukan") && unknown.text.contains("SGP-2611-09999"), "{}", unknown.text);
        let merged = app.send_form(&uri, &form(&[("_csrf", &csrf), ("kasus", ticket)]), &[("cookie", &ani)]).await;
        assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.text);
        let queue = app.page(&ani, merged.headers[header::LOCATION].to_str().unwrap()).await.text;
        assert!(queue.contains(&format!("Kandidat #{id} digabungkan ke kasus.")), "{queue}");
        let candidate = app.db.store.candidate(id).await.unwrap();
        assert_eq!(candidate.row.status, "digabung");
        assert_eq!(candidate.row.case_id.map(|c| c.to_string()).as_deref(), filed["id"].as_str());
    }

    async fn roles_without_triage_are_refused(app: &App) {
        let id = media_candidate(app, "1005", NENEK).await;
        let units = app.db.store.list_sentra().await.unwrap();
        let unit = units[0].0.id.as_str();
        for (username, role, sentra) in [("petugas.a", "sentra", vec![unit]), ("pemantau", "viewer", vec![])] {
            let (cookie, csrf) = app.session(username, role, &sentra).await;
            let page = app.page(&cookie, "/staf/triase").await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
            assert!(!app.page(&cookie, "/staf/kasus").await.text.contains("triase"), "not in the {role} menu");
            let r = app.send_form(&format!("/staf/triase/{id}/terima"), &form(&[("_csrf", &csrf)]), &[("cookie", &cookie)]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{role}");
        }
        assert_eq!(app.db.store.candidate(id).await.unwrap().row.status, "baru");
        assert_eq!(app.cases().await, 0);
    }

    async fn markup_and_script_addresses_from_the_web_show_as_text(app: &App) {
        let id = hostile_candidate(app).await;
        let (ani, csrf) = app.session("ani.operator", "operator", &[]).await;
        let queue = app.page(&ani, "/staf/triase").await;
        assert_eq!(queue.status, StatusCode::OK);
        assert_escaped(&queue.text);
        assert!(queue.text.contains("href=\"https:&#x2f;&#x2f;contoh.id&#x2f;a&quot;&gt;&lt;script&gt;"), "an http address stays inside its attribute: {}", queue.text);
        let accepted = app.send_form(&format!("/staf/triase/{id}/terima"), &form(&[("_csrf", &csrf)]), &[("cookie", &ani)]).await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.text);
        let case = app.page(&ani, accepted.headers[header::LOCATION].to_str().unwrap()).await;
        assert_eq!(case.status, StatusCode::OK);
        assert!(case.text.contains("Sumber media"), "{}", case.text);
        assert_escaped(&case.text);
    }

    async fn an_administrator_adds_enables_and_disables_sources_on_the_page(app: &App) {
        let (admin, csrf) = app.session("sari.admin", "admin", &[]).await;
        let empty = app.page(&admin, "/staf/admin/sumber").await;
        assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
        assert!(empty.text.contains("Belum ada sumber pemindaian"));
        let bad = app.send_form("/staf/admin/sumber", &form(&[("_csrf", &csrf), ("url", "ftp://contoh.id/x"), ("jenis", "feed"), ("selang", "5s")]), &[("cookie", &admin)]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
        assert!(bad.text.contains("Alamat sumber harus URL") && bad.text.contains("Selang pemindaian ditulis"), "{}", bad.text);
        assert!(bad.text.contains("ftp:&#x2f;&#x2f;contoh.id&#x2f;x"), "the typed address stays in the form");
        let feed = app.send_form("/staf/admin/sumber", &form(&[("_csrf", &csrf), ("url", "https://www.antaranews.com/rss/terkini.xml"), ("jenis", "feed"), ("nama", "Antara"), ("selang", "30m"), ("aktif", "ya")]), &[("cookie", &admin)]).await;
        assert_eq!(feed.status, StatusCode::OK, "{}", feed.text);
        assert!(feed.text.contains("Tersimpan") && !feed.text.contains("<code class=\"rahasia\">"), "{}", feed.text);
        assert!(feed.text.contains("Aktif") && feed.text.contains("30m"), "{}", feed.text);
        let social = app.send_form("/staf/admin/sumber", &form(&[("_csrf", &csrf), ("url", "https://x.com/"), ("jenis", "social"), ("nama", "X")]), &[("cookie", &admin)]).await;
        assert_eq!(social.status, StatusCode::OK, "{}", social.text);
        assert!(social.text.contains("<code class=\"rahasia\">"), "the secret, once: {}", social.text);
        assert!(!app.page(&admin, "/staf/admin/sumber").await.text.contains("<code class=\"rahasia\">"), "shown once");
        let twice = app.send_form("/staf/admin/sumber", &form(&[("_csrf", &csrf), ("url", "https://www.antaranews.com/rss/terkini.xml")]), &[("cookie", &admin)]).await;
        assert!(twice.text.contains("sudah terdaftar"), "{}", twice.text);
        let sources = app.db.store.sources().await.unwrap();
        let antara = sources.iter().find(|s| s.name == "Antara").unwrap();
        assert!(antara.enabled);
        let off = app.send_form(&format!("/staf/admin/sumber/{}/aktif", antara.id), &form(&[("_csrf", &csrf), ("aktif", "tidak")]), &[("cookie", &admin)]).await;
        assert_eq!(off.status, StatusCode::SEE_OTHER, "{}", off.text);
        assert!(!app.db.store.source(antara.id).await.unwrap().enabled);
        let page = app.page(&admin, "/staf/admin/sumber").await.text;
        assert!(page.contains(&format!("id=\"sumber-{}\" class=\"kesehatan-nonaktif\"", antara.id)), "{page}");
        let on = app.send_form(&format!("/staf/admin/sumber/{}/aktif", antara.id), &form(&[("_csrf", &csrf), ("aktif", "ya")]), &[("cookie", &admin)]).await;
        assert_eq!(on.status, StatusCode::SEE_OTHER);
        assert!(app.page(&admin, "/staf/admin/sumber").await.text.contains(&format!("id=\"sumber-{}\" class=\"kesehatan-aktif\"", antara.id)));
        let forged = app.send_form(&format!("/staf/admin/sumber/{}/aktif", antara.id), "aktif=tidak", &[("cookie", &admin)]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let audit = app.page(&admin, "/staf/admin/audit").await.text;
        for action in ["tambah_sumber", "nonaktifkan_sumber", "aktifkan_sumber"] {
            assert!(audit.contains(action), "{action}: {audit}");
        }
        let (ani, ani_csrf) = app.session("ani.operator", "operator", &[]).await;
        assert_eq!(app.page(&ani, "/staf/admin/sumber").await.status, StatusCode::FORBIDDEN);
        let r = app.send_form("/staf/admin/sumber", &form(&[("_csrf", &ani_csrf), ("url", "https://contoh.id/feed")]), &[("cookie", &ani)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}
