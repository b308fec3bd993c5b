//! The case page: what each role sees, acting through its forms, a stale copy refused with a
//! clear message, people who have the case open seeing each other.

use super::*;

/// Files a complaint in `region` (its text carrying markup) and returns (case id, Sentra id).
async fn filed(app: &App, region: &str) -> (String, String) {
    let mut body = minimal();
    body["location"]["region_code"] = json!(region);
    body["description"] = json!(
        "Nenek 80 tahun <script>alert(1)</script> hidup sendiri, sudah dua hari tidak makan."
    );
    let id = app.post("/api/v1/complaints", &body).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sentra = app.admin_get(&format!("/api/v1/cases/{id}")).await.json()["sentra"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (id, sentra)
}

fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", sigap_server::ui::staff::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

api_tests! {
    async fn the_case_page_shows_each_role_what_it_may_see(app: &App) {
        let (id, sentra) = filed(app, "32.01").await;
        let (other, _) = filed(app, "73.07").await;
        let (staff, _) = app.session("petugas.a", "sentra", &[&sentra]).await;
        let page = app.page(&staff, &format!("/staf/kasus/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("Siti Aminah") && page.text.contains("SGP-2611-00001"), "{}", page.text);
        assert!(!page.text.contains("<script>alert(1)") && page.text.contains("&lt;script&gt;alert(1)"), "escaped");
        assert!(page.text.contains("name=\"aksi\" value=\"verifikasi\""), "a Sentra user may act on its case");
        assert!(!page.text.contains("/alihkan"), "but not reassign it");
        let hidden = app.page(&staff, &format!("/staf/kasus/{other}")).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND, "another unit's case is not found");
        assert!(!hidden.text.contains("SGP-2611-00002"));
        let (viewer, viewer_csrf) = app.session("pemantau", "viewer", &[]).await;
        let page = app.page(&viewer, &format!("/staf/kasus/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        // The session's random CSRF token (in the sign-out form) may happen to hold "0812".
        assert!(page.text.contains(&viewer_csrf), "the sign-out form carries the session's token");
        let shown = page.text.replace(&viewer_csrf, "");
        for private in ["Siti", "0812", "Nenek", "Sukamaju"] {
            assert!(!shown.contains(private), "a viewer sees {private}");
        }
        assert!(!page.text.contains("/tindakan"), "a viewer has no actions");
        let audit = app.admin_get(&format!("/api/v1/audit?case={id}")).await.json();
        let readers: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["username"].as_str().unwrap()).collect();
        assert!(readers.contains(&"petugas.a") && !readers.contains(&"pemantau"), "{readers:?}");
    }

    async fn acting_on_a_stale_copy_is_refused_with_who_changed_it(app: &App) {
        let (id, _) = filed(app, "32.01").await;
        let (ani, ani_csrf) = app.session("ani.operator", "operator", &[]).await;
        let (budi, budi_csrf) = app.session("budi.supervisor", "supervisor", &[]).await;
        let page = app.page(&ani, &format!("/staf/kasus/{id}")).await.text;
        assert!(page.contains("data-versi=\"1\""), "{page}");
        // Both opened version 1; Budi sees Ani there.
        let budi_page = app.page(&budi, &format!("/staf/kasus/{id}")).await.text;
        assert!(budi_page.contains("Juga membuka kasus ini: ani.operator (operator)"), "{budi_page}");
        let uri = format!("/staf/kasus/{id}/tindakan");
        let first = app.send_form(&uri, &form(&[("_csrf", &budi_csrf), ("versi", "1"), ("aksi", "verifikasi"), ("catatan", "Sudah ditelepon")]), &[("cookie", &budi)]).await;
        assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text);
        let stale = app.send_form(&uri, &form(&[("_csrf", &ani_csrf), ("versi", "1"), ("aksi", "tolak"), ("catatan", "Bukan kasus")]), &[("cookie", &ani)]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
        assert!(stale.text.contains("budi.supervisor mengubah kasus ini saat Anda membukanya"), "{}", stale.text);
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(case["status"], "terverifikasi", "the stale change was not saved");
        let presence = app.page(&ani, &format!("/staf/kasus/{id}/hadir")).await.json();
        assert_eq!(presence["version"], 2);
        assert_eq!(presence["others"], json!(["budi.supervisor (supervisor)"]));
    }

    async fn assessments_and_interventions_are_recorded_from_the_page(app: &App) {
        let (id, sentra) = filed(app, "32.01").await;
        for action in ["verifikasi", "tugaskan"] {
            app.admin_post(&format!("/api/v1/cases/{id}/events"), &json!({"action": action}), &[]).await;
        }
        let (staff, csrf) = app.session("petugas.a", "sentra", &[&sentra]).await;
        let page = app.page(&staff, &format!("/staf/kasus/{id}")).await.text;
        assert!(page.contains("/asesmen") && page.contains("/intervensi"), "{page}");
        let empty = app.send_form(&format!("/staf/kasus/{id}/asesmen"), &form(&[("_csrf", &csrf), ("versi", "3"), ("oleh", "Tim")]), &[("cookie", &staff)]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text);
        let ok = app.send_form(&format!("/staf/kasus/{id}/asesmen"), &form(&[("_csrf", &csrf), ("versi", "3"), ("temuan", "Tinggal sendiri, lemah"), ("kebutuhan", "Permakanan"), ("rekomendasi", "bantuan_sosial"), ("oleh", "Tim Sentra")]), &[("cookie", &staff)]).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
        let bad_qty = app.send_form(&format!("/staf/kasus/{id}/intervensi"), &form(&[("_csrf", &csrf), ("jenis", "bantuan_sosial"), ("uraian", "Paket"), ("jumlah", "dua"), ("oleh", "Tim")]), &[("cookie", &staff)]).await;
        assert_eq!(bad_qty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad_qty.text);
        let given = app.send_form(&format!("/staf/kasus/{id}/intervensi"), &form(&[("_csrf", &csrf), ("jenis", "bantuan_sosial"), ("uraian", "Paket permakanan"), ("jumlah", "2"), ("satuan", "paket"), ("oleh", "Tim")]), &[("cookie", &staff)]).await;
        assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.text);
        let record = app.admin_get(&format!("/api/v1/cases/{id}/response")).await.json();
        assert_eq!(record["assessments"][0]["findings"], "Tinggal sendiri, lemah");
        assert_eq!(record["interventions"][0]["quantity"], 2);
        assert_eq!(record["interventions"][0]["recorded_by"], "petugas.a");
    }

    async fn the_forms_need_their_csrf_token_and_say_what_is_missing(app: &App) {
        let (id, _) = filed(app, "32.01").await;
        let (ani, csrf) = app.session("ani.operator", "operator", &[]).await;
        let uri = format!("/staf/kasus/{id}/tindakan");
        let forged = app.send_form(&uri, &form(&[("versi", "1"), ("aksi", "verifikasi")]), &[("cookie", &ani)]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{id}")).await.json()["version"], 1, "nothing changed");
        let no_reason = app.send_form(&uri, &form(&[("_csrf", &csrf), ("versi", "1"), ("aksi", "tolak")]), &[("cookie", &ani)]).await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_reason.text);
        assert!(no_reason.text.contains("wajib disertai alasan"), "{}", no_reason.text);
        let moved = app.send_form(&format!("/staf/kasus/{id}/alihkan"), &form(&[("_csrf", &csrf), ("versi", "1"), ("sentra", "nasional"), ("alasan", "Lokasi belum jelas")]), &[("cookie", &ani)]).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text);
        let case = app.admin_get(&format!("/api/v1/cases/{id}")).await.json();
        assert!(case["sentra"].is_null());
        let (viewer, viewer_csrf) = app.session("pemantau", "viewer", &[]).await;
        let refused = app.send_form(&uri, &form(&[("_csrf", &viewer_csrf), ("catatan", "hai")]), &[("cookie", &viewer)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}
