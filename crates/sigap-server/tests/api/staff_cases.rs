//! The operator's pages: `/staf/aduan-baru` (the 171 form) and `/staf/kasus` (the case list
//! with full-text search and filters, a Sentra's queue).

use super::lapor::form_encode;
use super::*;

const STORY: &str = "Kakek 75 tahun tinggal sendirian di gubuk reyot, sudah dua hari tidak makan.";

/// The value of the first `name="…" value="…"` of a page.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + marker.len();
    page[at..].split('"').next().unwrap().to_owned()
}

impl App {
    /// The 171 form as shown to `cookie`, filled with `fields` and sent with its CSRF token.
    async fn file_171(&self, cookie: &str, fields: &[(&str, &str)]) -> Reply {
        let page = self.page(cookie, "/staf/aduan-baru").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let csrf = hidden(&page.text, "_csrf");
        let kunci = hidden(&page.text, "kunci");
        let mut all = vec![("_csrf", csrf.as_str()), ("kunci", kunci.as_str())];
        all.extend_from_slice(fields);
        self.send_form(
            "/staf/aduan-baru",
            &form_encode(&all),
            &[("cookie", cookie)],
        )
        .await
    }

    /// Files a complaint through the API: (id, ticket).
    async fn filed(&self, description: &str, reporter: &str, region: &str) -> (String, String) {
        let mut body = minimal();
        body["description"] = json!(description);
        body["reporter"]["name"] = json!(reporter);
        body["location"]["region_code"] = json!(region);
        let r = self.post("/api/v1/complaints", &body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let j = r.json();
        (
            j["id"].as_str().unwrap().to_owned(),
            j["ticket"].as_str().unwrap().to_owned(),
        )
    }
}

api_tests! {
    async fn an_operator_files_a_171_call_through_the_form_and_lands_on_the_case(app: &App) {
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        let fields = [
            ("kanal", "operator"), ("jenis", "orang_rentan"), ("cerita", STORY),
            ("nama", "Budi Santoso"), ("telepon", "081234567890"), ("kontak", "ya"),
            ("penerima_nama", "Kakek Darmo"), ("penerima_usia", "75"), ("penerima_kelamin", "laki_laki"),
            ("kode_wilayah", "32.01"), ("alamat", "Kampung Cilame RT 02"),
            ("kategori", "lansia"), ("kategori", "fakir_miskin"), ("urgensi", "high"),
        ];
        let r = app.file_171(&cookie, &fields).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let to = r.headers[header::LOCATION].to_str().unwrap().to_owned();
        let id = to.strip_prefix("/staf/kasus/").unwrap();
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["channel"], "operator");
        assert_eq!(case["categories"], json!(["fakir_miskin", "lansia"]));
        assert_eq!(case["urgency"], "high");
        assert_eq!(case["location"]["region_code"], "32.01");
        assert_eq!(case["beneficiary"]["age"], 75);
        assert_eq!(case["history"][0]["actor"], "ani.operator");
        assert!(case["sentra"]["id"].is_string(), "routed: {case}");
        assert_eq!(app.cases().await, 1);
    }

    async fn the_same_171_form_sent_twice_files_once(app: &App) {
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        let page = app.page(&cookie, "/staf/aduan-baru").await.text;
        let (csrf, kunci) = (hidden(&page, "_csrf"), hidden(&page, "kunci"));
        let body = form_encode(&[("_csrf", &csrf), ("kunci", &kunci), ("kanal", "operator"),
            ("cerita", STORY), ("nama", "Budi"), ("wilayah", "32.01")]);
        let first = app.send_form("/staf/aduan-baru", &body, &[("cookie", &cookie)]).await;
        let second = app.send_form("/staf/aduan-baru", &body, &[("cookie", &cookie)]).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text);
        assert_eq!(first.headers[header::LOCATION], second.headers[header::LOCATION]);
        assert_eq!(app.cases().await, 1);
    }

    async fn a_171_form_with_errors_comes_back_with_the_input_kept(app: &App) {
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        let r = app.file_171(&cookie, &[("kanal", "operator"), ("cerita", "pendek"),
            ("nama", "Budi <Santoso>"), ("telepon", "12"), ("penerima_usia", "tua"),
            ("kategori", "anak"), ("wilayah", "Sukamaju")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains("class=\"error-summary\""));
        for field in ["cerita", "telepon", "penerima_usia", "wilayah"] {
            assert!(r.text.contains(&format!("href=\"#{field}\"")), "{field}: {}", r.text);
        }
        assert!(r.text.contains("value=\"Budi &lt;Santoso&gt;\""), "the name kept, escaped");
        assert!(r.text.contains(">pendek</textarea>"));
        assert!(r.text.contains("value=\"anak\" checked"));
        assert!(r.text.contains("name=\"kode_wilayah\""), "the places that fit are offered");
        assert_eq!(app.cases().await, 0);
    }

    async fn a_known_place_shows_the_sentra_that_will_respond_without_javascript(app: &App) {
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        let r = app.file_171(&cookie, &[("cerita", "pendek"), ("nama", "Budi"), ("kode_wilayah", "73.07")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let route = app.admin_get("/api/v1/route?region=73.07").await.json();
        let name = route["sentra"]["name"].as_str().unwrap();
        assert!(r.text.contains("Sentra yang akan menangani"), "{}", r.text);
        assert!(r.text.contains(&minijinja_escape(name)), "{name}");
    }

    async fn a_171_form_without_its_csrf_token_is_refused_and_files_nothing(app: &App) {
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        let page = app.page(&cookie, "/staf/aduan-baru").await.text;
        let kunci = hidden(&page, "kunci");
        let fields = [("kunci", kunci.as_str()), ("kanal", "operator"), ("cerita", STORY), ("nama", "Budi")];
        let missing = app.send_form("/staf/aduan-baru", &form_encode(&fields), &[("cookie", &cookie)]).await;
        assert_eq!(missing.status, StatusCode::FORBIDDEN, "{}", missing.text);
        let mut wrong = vec![("_csrf", "0".repeat(64))];
        wrong.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
        let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.send_form("/staf/aduan-baru", &form_encode(&wrong), &[("cookie", &cookie)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(app.cases().await, 0);
    }

    async fn a_viewer_may_not_open_the_171_form_but_may_list_cases(app: &App) {
        let (cookie, csrf) = app.session("pemantau", "viewer", &[]).await;
        assert_eq!(app.page(&cookie, "/staf/aduan-baru").await.status, StatusCode::FORBIDDEN);
        let body = form_encode(&[("_csrf", &csrf), ("cerita", STORY), ("nama", "Budi")]);
        let r = app.send_form("/staf/aduan-baru", &body, &[("cookie", &cookie)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(app.cases().await, 0);
        let (_, ticket) = app.filed(STORY, "Siti Aminah", "32.01").await;
        let list = app.page(&cookie, "/staf/kasus").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.text.contains(&ticket));
        assert!(!list.text.contains("Siti Aminah") && !list.text.contains("gubuk"), "no personal data");
        assert!(!list.text.contains("Ekspor CSV"), "a viewer may not export");
        // A search cannot reveal what the list hides: by ticket only.
        assert!(!app.page(&cookie, "/staf/kasus?q=Siti").await.text.contains(&ticket));
        assert!(app.page(&cookie, &format!("/staf/kasus?q={ticket}")).await.text.contains(&ticket));
    }

    async fn the_case_list_finds_a_case_by_a_word_a_name_and_its_ticket(app: &App) {
        let (id, ticket) = app.filed(STORY, "Siti Aminah", "32.01").await;
        let (_, other) = app.filed("Anak terlantar di terminal bus, tidak bersekolah.", "Budi Santoso", "32.01").await;
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        for q in ["gubuk", "Siti+Aminah", ticket.as_str(), "reyot+kakek"] {
            let r = app.page(&cookie, &format!("/staf/kasus?q={q}")).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            assert!(r.text.contains(&format!("href=\"/staf/kasus/{id}\"")), "{q}");
            assert!(!r.text.contains(&other), "{q}");
        }
        let all = app.page(&cookie, "/staf/kasus").await.text;
        assert!(all.contains(&ticket) && all.contains(&other));
        assert!(all.find(&other).unwrap() < all.find(&ticket).unwrap(), "newest first");
        assert!(!all.contains("Ekspor CSV"), "an operator may not export");
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let filtered = app.page(&cookie, "/staf/kasus?q=gubuk&status=baru").await.text;
        // The same filters for the export (minijinja writes `/` as `&#x2f;`, which browsers read back).
        assert!(filtered.contains("export.csv?q=gubuk&amp;status=baru\" download>Ekspor CSV"), "{filtered}");
    }

    async fn filters_combine(app: &App) {
        let (_, bogor) = app.filed(STORY, "Siti Aminah", "32.01").await;
        let (_, sinjai) = app.filed(STORY, "Siti Aminah", "73.07").await;
        let mut wa = minimal();
        wa["channel"] = json!("whatsapp");
        wa["category"] = json!("anak");
        wa["description"] = json!("Anak terlantar di terminal bus, tidak bersekolah.");
        let wa_ticket = app.admin_post("/api/v1/complaints", &wa, &[]).await.json()["ticket"].as_str().unwrap().to_owned();
        let (cookie, _) = app.session("rina.supervisor", "supervisor", &[]).await;
        let r = app.page(&cookie, "/staf/kasus?q=gubuk&region=73").await.text;
        assert!(r.contains(&sinjai) && !r.contains(&bogor) && !r.contains(&wa_ticket));
        let r = app.page(&cookie, "/staf/kasus?channel=whatsapp&category=anak&q=").await.text;
        assert!(r.contains(&wa_ticket) && !r.contains(&sinjai) && !r.contains(&bogor));
        let r = app.page(&cookie, "/staf/kasus?channel=whatsapp&category=lansia").await.text;
        assert!(!r.contains(&wa_ticket) && r.contains("Tidak ada kasus"));
        let r = app.page(&cookie, "/staf/kasus?q=gubuk&status=baru&sla=&sentra=").await.text;
        assert!(r.contains(&sinjai) && r.contains(&bogor) && !r.contains(&wa_ticket));
        let bad = app.page(&cookie, "/staf/kasus?status=entah").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }

    async fn a_sentra_users_queue_shows_only_its_units_cases(app: &App) {
        let (id, own) = app.filed(STORY, "Siti Aminah", "32.01").await;
        let (_, other) = app.filed(STORY, "Siti Aminah", "73.07").await;
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        let sentra = case["sentra"]["id"].as_str().unwrap().to_owned();
        let (cookie, _) = app.session("petugas", "sentra", &[&sentra]).await;
        let r = app.page(&cookie, "/staf/kasus").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text.contains("Antrean Sentra"));
        assert!(r.text.contains(&own) && !r.text.contains(&other), "{}", r.text);
        assert!(!r.text.contains("name=\"sentra\""), "no Sentra filter for a scoped role");
        let searched = app.page(&cookie, "/staf/kasus?q=gubuk&sentra=nasional").await.text;
        assert!(searched.contains(&own) && !searched.contains(&other));
    }

    async fn a_script_in_a_description_is_escaped_in_the_list(app: &App) {
        let (_, ticket) = app.filed("<script>alert(1)</script> nenek sakit sendirian", "<b>Siti</b>", "32.01").await;
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        let r = app.page(&cookie, "/staf/kasus?q=alert").await;
        assert!(r.text.contains(&ticket));
        assert!(!r.text.contains("<script>alert"), "{}", r.text);
        assert!(!r.text.contains("<b>Siti"));
        assert!(r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("script-src 'self'"));
    }

    async fn no_search_text_gives_a_server_error(app: &App) {
        app.filed(STORY, "Siti Aminah", "32.01").await;
        let (cookie, _) = app.session("ani.operator", "operator", &[]).await;
        for q in ["%22", "*", "NEAR(", "%27", ")", "%22%22%22", "a%22+OR+*", "NEAR(gubuk+kakek%2C+2)", "%5C", "%27%29%3B--", "-", "%E2%80%8B"] {
            let r = app.page(&cookie, &format!("/staf/kasus?q={q}")).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            let api = app.admin_get(&format!("/api/v1/cases?q={q}")).await;
            assert_eq!(api.status, StatusCode::OK, "{q}: {}", api.text);
        }
    }

    async fn staff_pages_send_a_stranger_to_sign_in(app: &App) {
        for uri in ["/staf/kasus", "/staf/aduan-baru"] {
            let r = app.send(Method::GET, uri, None, &[]).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{uri}");
        }
    }
}

/// A name as the templates write it.
fn minijinja_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}
