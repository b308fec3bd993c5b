//! `/lapor`, the public complaint form, through the real router: labels, the redirect to the
//! receipt, errors that keep the input, the honeypot and the per-address rate limit.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;

use super::*;

/// `application/x-www-form-urlencoded`, as a browser writes it.
pub(crate) fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const HOME: &str = "192.0.2.7:50000";

impl App {
    /// Posts the form from the address `from`, as `serve` would pass it.
    async fn lapor(&self, fields: &[(&str, &str)], from: &str) -> Reply {
        self.lapor_with(fields, from, &[]).await
    }

    /// [`App::lapor`] with more headers (a language cookie).
    async fn lapor_with(
        &self,
        fields: &[(&str, &str)],
        from: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let addr: SocketAddr = from.parse().unwrap();
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/lapor")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req.body(Body::from(form_encode(fields))).unwrap();
        req.extensions_mut().insert(ConnectInfo(addr));
        reply(&self.router, req).await
    }

    async fn get_page(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None, &[]).await
    }

    /// The only case, as the command center sees it.
    pub(crate) async fn only_case(&self) -> Value {
        let list = self.admin_get("/api/v1/cases").await.json();
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
        let id = list["items"][0]["id"].as_str().unwrap().to_owned();
        self.admin_get(&format!("/api/v1/cases/{id}")).await.json()
    }
}

const ENGLISH: &[(&str, &str)] = &[("cookie", "sigap_bahasa=en")];

/// The Indonesian texts that `templates/en.tsv` translates.
fn english_table() -> std::collections::HashMap<String, String> {
    let tsv =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/en.tsv")).unwrap();
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(id, en)| (id.to_owned(), en.to_owned()))
        .collect()
}

#[test]
fn every_text_of_the_public_pages_has_its_english() {
    let table = english_table();
    let mut missing = Vec::new();
    for name in [
        "base.html",
        "home.html",
        "lapor.html",
        "lacak.html",
        "terkirim.html",
        "survei.html",
        "masuk.html",
    ] {
        let template =
            std::fs::read_to_string(format!("{}/templates/{name}", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        // `{{ "…"|tr }}` and `{{ '…'|tr }}`
        for (quote, rest) in [('"', "\"|tr"), ('\'', "'|tr")] {
            for (end, _) in template.match_indices(rest) {
                let start = template[..end].rfind(quote).unwrap() + 1;
                let text = &template[start..end];
                if !table.contains_key(text) {
                    missing.push(format!("{name}: {text}"));
                }
            }
        }
    }
    // Texts the pages get from the code: the survey's questions and answers, the ticket statuses.
    for e in sigap_core::skm::Element::ALL {
        for text in std::iter::once(e.question()).chain(e.answer_labels()) {
            if !table.contains_key(text) {
                missing.push(format!("survey: {text}"));
            }
        }
    }
    for s in sigap_core::Status::ALL {
        if !table.contains_key(s.public_label()) {
            missing.push(format!("status: {}", s.public_label()));
        }
    }
    assert!(
        missing.is_empty(),
        "no English for:\n{}",
        missing.join("\n")
    );
}

fn form_key(page: &str) -> String {
    let start = page.find("name=\"kunci\" value=\"").unwrap() + "name=\"kunci\" value=\"".len();
    page[start..start + 64].to_owned()
}

const STORY: &str = "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.";

fn valid(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kunci", key.to_owned()),
        ("cerita", STORY.to_owned()),
        ("wilayah", "32.01".to_owned()),
        ("alamat", "Dekat masjid Al-Ikhlas".to_owned()),
        ("identitas", "ada".to_owned()),
        ("nama", "Siti Aminah".to_owned()),
        ("telepon", "0812 3456 7890".to_owned()),
        ("email", "".to_owned()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

api_tests! {
    async fn the_form_labels_every_field_and_carries_no_inline_script_or_style(app: &App) {
        let page = app.get_page("/lapor").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("script-src 'self'"));
        for id in ["cerita", "wilayah", "alamat", "nama", "telepon", "email", "rahasia", "situs"] {
            assert!(page.text.contains(&format!("id=\"{id}\"")), "no field {id}");
            assert!(page.text.contains(&format!("for=\"{id}\"")) || page.text.contains(&format!("<input type=\"checkbox\" id=\"{id}\"")), "no label for {id}");
        }
        assert!(page.text.contains("(wajib)"), "required fields are marked in text");
        assert!(page.text.contains("tanpa identitas") && page.text.contains("Identitas dirahasiakan"));
        assert!(page.text.contains("tabindex=\"-1\"") && page.text.contains("class=\"hp\" aria-hidden=\"true\""));
        for inline in ["<script", "style=", " onclick", " onload"] {
            assert!(!page.text.contains(inline), "inline {inline} in the page");
        }
        assert_eq!(form_key(&page.text).len(), 64);
    }

    async fn a_valid_form_files_once_and_redirects_to_its_ticket(app: &App) {
        let key = form_key(&app.get_page("/lapor").await.text);
        let fields = valid(&key);
        let r = app.lapor(&pairs(&fields), HOME).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(r.headers[header::LOCATION], "/lapor/terkirim/SGP-2611-00001");
        let receipt = app.get_page("/lapor/terkirim/SGP-2611-00001").await;
        assert_eq!(receipt.status, StatusCode::OK);
        assert!(receipt.text.contains("SGP-2611-00001") && receipt.text.contains("href=\"/lacak/SGP-2611-00001\""), "{}", receipt.text);
        assert!(!receipt.text.contains("Siti") && !receipt.text.contains("Nenek"), "the receipt shows no personal data");
        // Sending the same form again (a reload, a double click) files nothing new.
        let again = app.lapor(&pairs(&fields), HOME).await;
        assert_eq!(again.headers[header::LOCATION], "/lapor/terkirim/SGP-2611-00001");
        assert_eq!(app.cases().await, 1);
        let case = app.only_case().await;
        assert_eq!(case["channel"], "web");
        assert_eq!(case["description"], STORY);
        assert_eq!(case["location"]["region_code"], "32.01");
        assert_eq!(case["location"]["address"], "Dekat masjid Al-Ikhlas");
        assert_eq!(case["reporter"]["name"], "Siti Aminah");
        assert_eq!(case["reporter"]["phone"], "+6281234567890");
        assert_eq!(case["confidential"], false);
        assert_eq!(case["history"][0]["actor"], "public");
        assert_eq!(app.get_page("/lapor/terkirim/SGP-2611-00099").await.status, StatusCode::NOT_FOUND);
    }

    async fn invalid_input_comes_back_with_linked_errors_and_the_input_kept(app: &App) {
        let r = app.lapor(&[("cerita", "pendek"), ("nama", "Siti <b>Aminah</b>"), ("telepon", "12"), ("alamat", "Jl. Mawar \"7\"")], HOME).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text.contains("<title>Kesalahan: Buat laporan"), "{}", r.text);
        assert!(r.text.contains("class=\"error-summary\" role=\"alert\""));
        assert!(r.text.contains("href=\"#cerita\"") && r.text.contains("href=\"#telepon\""), "{}", r.text);
        assert!(r.text.contains("aria-describedby=\"cerita-hint cerita-error\" aria-invalid=\"true\""), "{}", r.text);
        assert!(r.text.contains("id=\"telepon-error\""));
        assert!(r.text.contains(">pendek</textarea>"));
        assert!(r.text.contains("value=\"Siti &lt;b&gt;Aminah&lt;&#x2f;b&gt;\"") || r.text.contains("value=\"Siti &lt;b&gt;Aminah&lt;/b&gt;\""), "{}", r.text);
        assert!(r.text.contains("Jl. Mawar &quot;7&quot;"), "{}", r.text);
        assert_eq!(form_key(&r.text).len(), 64, "a fresh form key when none came");
        // Neither a name nor a contact, and not anonymous: the API's own rule, on the name field.
        let r = app.lapor(&[("cerita", STORY)], HOME).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text.contains("href=\"#nama\""), "{}", r.text);
        assert_eq!(app.cases().await, 0);
    }

    async fn an_ambiguous_place_is_offered_as_choices_and_the_choice_is_filed(app: &App) {
        let r = app.lapor(&[("cerita", STORY), ("identitas", "anonim"), ("wilayah", "Sukamaju")], HOME).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert!(r.text.contains("href=\"#wilayah\""));
        let at = r.text.find("name=\"kode_wilayah\" value=\"").unwrap() + "name=\"kode_wilayah\" value=\"".len();
        let code = r.text[at..].split('"').next().unwrap().to_owned();
        assert!(r.text.matches("name=\"kode_wilayah\"").count() >= 2, "several candidates");
        let key = form_key(&r.text);
        let r = app.lapor(&[("kunci", &key), ("cerita", STORY), ("identitas", "anonim"), ("wilayah", "Sukamaju"), ("kode_wilayah", &code)], HOME).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        assert_eq!(app.only_case().await["location"]["region_code"], code.as_str());
        let r = app.lapor(&[("cerita", STORY), ("identitas", "anonim"), ("wilayah", "Qwxzyv Plokkk")], HOME).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text.contains("tidak kami temukan"), "{}", r.text);
    }

    async fn anonymous_reports_keep_no_identity_and_confidential_ones_say_so(app: &App) {
        let r = app.lapor(&[("cerita", STORY), ("identitas", "anonim"), ("nama", "Siti"), ("telepon", "081234567890"), ("rahasia", "ya")], HOME).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let case = app.only_case().await;
        assert_eq!(case["reporter"]["anonymous"], true);
        assert_eq!(case["reporter"]["name"], Value::Null);
        assert_eq!(case["reporter"]["phone"], Value::Null);
        assert_eq!(case["confidential"], true);
    }

    async fn the_honeypot_files_nothing_but_answers_as_if_it_did(app: &App) {
        let mut fields = valid("");
        fields.push(("situs", "http://spam.example".to_owned()));
        let r = app.lapor(&pairs(&fields), HOME).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers[header::LOCATION], "/lapor/terkirim");
        assert!(app.get_page("/lapor/terkirim").await.text.contains("Laporan Anda sudah kami terima"));
        assert_eq!(app.cases().await, 0);
        let metrics = app.get_page("/metrics").await.text;
        assert!(metrics.contains("sigap_complaints_held_back_total{reason=\"honeypot\"} 1"), "{metrics}");
    }

    async fn the_sixth_complaint_from_one_address_in_ten_minutes_waits(app: &App) {
        for i in 0..5 {
            let story = format!("{STORY} Laporan ke-{i}.");
            let r = app.lapor(&[("cerita", &story), ("identitas", "anonim")], HOME).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{i}: {}", r.text);
        }
        let sixth = app.lapor(&[("cerita", STORY), ("identitas", "anonim")], HOME).await;
        assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(sixth.headers[header::RETRY_AFTER], "120");
        assert!(sixth.text.contains("coba kirim lagi dalam 2 menit") && sixth.text.contains("171"), "{}", sixth.text);
        assert_eq!(app.cases().await, 5);
        // Another address has its own allowance; the first earns one back in two minutes.
        assert_eq!(app.lapor(&[("cerita", STORY), ("identitas", "anonim")], "198.51.100.1:40000").await.status, StatusCode::SEE_OTHER);
        app.state.clock.advance(chrono::Duration::minutes(2));
        assert_eq!(app.lapor(&[("cerita", STORY), ("identitas", "anonim")], HOME).await.status, StatusCode::SEE_OTHER);
        let metrics = app.get_page("/metrics").await.text;
        assert!(metrics.contains("sigap_complaints_held_back_total{reason=\"rate_limited\"} 1"), "{metrics}");
    }

    async fn script_in_a_complaint_is_shown_as_text_and_never_on_the_public_pages(app: &App) {
        let attack = "<script>alert(1)</script> Nenek sakit dan tidak ada yang merawat.";
        // Re-rendered with an error: the text comes back escaped.
        let r = app.lapor(&[("cerita", attack), ("identitas", "anonim"), ("telepon", "12")], HOME).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!r.text.contains("<script>alert(1)"), "{}", r.text);
        assert!(r.text.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;") || r.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", r.text);
        let r = app.lapor(&[("cerita", attack), ("identitas", "anonim")], HOME).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let ticket = r.headers[header::LOCATION].to_str().unwrap().rsplit('/').next().unwrap().to_owned();
        assert_eq!(app.only_case().await["description"], attack, "stored as typed, escaped when shown");
        for uri in [format!("/lacak/{ticket}"), format!("/lapor/terkirim/{ticket}")] {
            let page = app.get_page(&uri).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(!page.text.contains("<script") && !page.text.contains("alert(1)"), "{uri}: {}", page.text);
            assert!(page.text.contains(&ticket));
        }
    }

    async fn the_public_pages_speak_english_when_asked_and_switch_back(app: &App) {
        let id = app.get_page("/lapor").await;
        assert!(id.text.contains("<html lang=\"id\">") && id.text.contains("Buat laporan"));
        assert!(id.text.contains("href=\"/bahasa?ke=en&amp;lanjut=/lapor\" lang=\"en\">English</a>"), "{}", id.text);
        let en = app.send(Method::GET, "/lapor", None, ENGLISH).await;
        assert!(en.text.contains("<html lang=\"en\">"), "{}", en.text);
        for text in ["Make a report", "What happened?", "(required)", "I report <strong>without my identity</strong>", "Send the report"] {
            assert!(en.text.contains(text), "{text}: {}", en.text);
        }
        assert!(!en.text.contains("Kirim laporan") && !en.text.contains("(wajib)"), "{}", en.text);
        assert!(en.text.contains("href=\"/bahasa?ke=id&amp;lanjut=/lapor\" lang=\"id\">Bahasa Indonesia</a>"));
        // The switch keeps the page, query included, and never leaves the site.
        let switch = app.get_page("/bahasa?ke=en&lanjut=/lacak%3Ftiket%3DSGP-2611-00001").await;
        assert_eq!(switch.headers[header::LOCATION], "/lacak?tiket=SGP-2611-00001");
        assert!(switch.headers[header::SET_COOKIE].to_str().unwrap().starts_with("sigap_bahasa=en"));
        let lacak = app.send(Method::GET, "/lacak?x=%22%3E%3Cscript%3E", None, ENGLISH).await;
        assert!(lacak.text.contains("lanjut=/lacak%3Fx%3D%2522%253E%253Cscript%253E\""), "{}", lacak.text);
        // Errors in English, with the API's English messages.
        let r = app.lapor_with(&[("cerita", "pendek"), ("identitas", "anonim")], HOME, ENGLISH).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text.contains("<title>Error: Make a report"), "{}", r.text);
        assert!(r.text.contains("1 thing(s) to correct") && r.text.contains("What happened: "), "{}", r.text);
        assert!(!r.text.contains("Cerita "), "{}", r.text);
        // The receipt and the ticket page, statuses and dates in English.
        let r = app.lapor_with(&[("cerita", STORY), ("identitas", "anonim")], HOME, ENGLISH).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text);
        let receipt = app.send(Method::GET, r.headers[header::LOCATION].to_str().unwrap(), None, ENGLISH).await;
        assert!(receipt.text.contains("Your ticket number:"), "{}", receipt.text);
        let ticket = app.send(Method::GET, "/lacak/SGP-2611-00001", None, ENGLISH).await;
        assert!(ticket.text.contains("Status: <strong>Report received</strong>"), "{}", ticket.text);
        assert!(ticket.text.contains("Reported ") && ticket.text.contains(" WIB. Last updated "), "{}", ticket.text);
        assert!(!ticket.text.contains("Dilaporkan"), "{}", ticket.text);
        // Sign-in too.
        let masuk = app.send(Method::GET, "/masuk", None, ENGLISH).await;
        assert!(masuk.text.contains("Staff sign-in") && masuk.text.contains("Password"), "{}", masuk.text);
    }
}
