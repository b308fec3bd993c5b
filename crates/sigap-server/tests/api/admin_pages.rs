//! The administration pages: users, Sentra and coverage, the SLA policy, holidays, audit.

use super::*;

api_tests! {
    async fn an_administrator_adds_a_user_whose_password_is_shown_once(app: &App) {
        let (admin, csrf) = app.session("sari.admin", "admin", &[]).await;
        let page = app.page(&admin, "/staf/admin").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("sari.admin"));
        let added = app.send_form("/staf/admin/pengguna", &format!("_csrf={csrf}&username=Dewi.Operator&nama=Dewi&peran=operator&sentra="), &[("cookie", &admin)]).await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.text);
        let start = added.text.find("<code class=\"rahasia\">").unwrap() + "<code class=\"rahasia\">".len();
        let password = &added.text[start..start + 24];
        let login = app.send_form("/masuk", &format!("username=dewi.operator&password={password}"), &[]).await;
        assert_eq!(login.status, StatusCode::SEE_OTHER, "the shown password signs in");
        assert!(!app.page(&admin, "/staf/admin").await.text.contains(password), "shown once");
        let bad = app.send_form("/staf/admin/pengguna", &format!("_csrf={csrf}&username=x&peran=sentra"), &[("cookie", &admin)]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("Petugas Sentra harus terdaftar"), "{}", bad.text);
        let me = app.db.store.user_by_name("sari.admin").await.unwrap();
        let own = app.send_form(&format!("/staf/admin/pengguna/{}/aktif", me.id), &format!("_csrf={csrf}"), &[("cookie", &admin)]).await;
        assert!(own.text.contains("tidak bisa menonaktifkan akun Anda sendiri"), "{}", own.text);
        let audit = app.page(&admin, "/staf/admin/audit").await.text;
        assert!(audit.contains("tambah_pengguna") && audit.contains("dewi.operator"), "{audit}");
    }

    async fn only_administrators_open_the_administration(app: &App) {
        let (sup, csrf) = app.session("rina.supervisor", "supervisor", &[]).await;
        for uri in ["/staf/admin", "/staf/admin/sentra", "/staf/admin/sla", "/staf/admin/audit", "/staf/admin/sumber"] {
            assert_eq!(app.page(&sup, uri).await.status, StatusCode::FORBIDDEN, "{uri}");
        }
        let r = app.send_form("/staf/admin/pengguna", &format!("_csrf={csrf}&username=dewi&peran=admin"), &[("cookie", &sup)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(app.db.store.user_by_name("dewi").await.is_err());
    }

    async fn the_sla_policy_and_holidays_are_edited_on_the_page(app: &App) {
        let (admin, csrf) = app.session("sari.admin", "admin", &[]).await;
        let page = app.page(&admin, "/staf/admin/sla").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("verifikasi"), "the policy in force is shown");
        let broken = app.send_form("/staf/admin/sla", &format!("_csrf={csrf}&kebijakan=%7B%22rules%22%3A"), &[("cookie", &admin)]).await;
        assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(broken.text.contains("Kebijakan SLA tidak sah") && broken.text.contains("{&quot;rules&quot;:"), "{}", broken.text);
        let day = app.send_form("/staf/admin/libur", &format!("_csrf={csrf}&tanggal=2026-12-28&jenis=cuti_bersama&nama=Cuti+akhir+tahun"), &[("cookie", &admin)]).await;
        assert_eq!(day.status, StatusCode::SEE_OTHER, "{}", day.text);
        assert!(app.page(&admin, "/staf/admin/sla").await.text.contains("Cuti akhir tahun"));
        let sentra = app.page(&admin, "/staf/admin/sentra").await;
        assert_eq!(sentra.status, StatusCode::OK);
        assert!(sentra.text.contains("514 / 514 kabupaten"), "{}", sentra.text);
    }
}
