//! The staff side in a real browser: an operator signs in, accepts a media report from the
//! triage queue into a case, verifies it and assigns it; the right Sentra's user finds it in
//! its queue and works it to closure; it cannot open another unit's case. Screenshots of the
//! staff pages when `SIGAP_SCREENSHOTS` is set.

use serde_json::json;
use sigap_server::api::v1::users::{NewUserRequest, add_user};

use super::{Served, save_screenshot, webdriver::Browser};

/// A desktop screen, as the command center uses.
const DESKTOP: (u32, u32) = (1280, 900);
const PASSWORD: &str = "kuda-lumping-2026";

async fn user(served: &Served, username: &str, role: &str, sentra: &[String]) {
    let request = NewUserRequest {
        username: username.into(),
        display_name: None,
        role: role.into(),
        sentra: sentra.to_vec(),
        password: PASSWORD.into(),
    };
    add_user(
        &served.app.db.store,
        &request,
        "test",
        served.app.state.clock.now(),
    )
    .await
    .unwrap();
}

async fn sign_in(browser: &Browser, served: &Served, username: &str) {
    browser.goto(&served.url("/staf")).await;
    browser.wait_for("form.masuk").await;
    browser.type_into("#username", username).await;
    browser.type_into("#password", PASSWORD).await;
    browser
        .click_and_wait("form.masuk button[type=submit]")
        .await;
    browser.wait_for("body.staf").await;
}

/// Chooses a next step on the case page and saves it; waits for the page to come back.
async fn act(browser: &Browser, action: &str) {
    browser
        .click(&format!("input[name=aksi][value={action}]"))
        .await;
    browser
        .click_and_wait("form.aksi button[type=submit]")
        .await;
    browser.wait_for("#riwayat").await;
}

/// Files a complaint in `region` through the API; returns (id, ticket, Sentra).
async fn filed(served: &Served, region: &str, text: &str) -> (String, String, String) {
    let mut body = super::super::minimal();
    body["location"]["region_code"] = json!(region);
    body["description"] = json!(text);
    let created = served.app.post("/api/v1/complaints", &body).await.json();
    let id = created["id"].as_str().unwrap().to_owned();
    let case = served
        .app
        .admin_get(&format!("/api/v1/cases/{id}"))
        .await
        .json();
    (
        id,
        created["ticket"].as_str().unwrap().to_owned(),
        case["sentra"]["id"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_goes_from_the_operator_to_the_right_sentra_and_is_closed_in_the_browser() {
    let served = Served::start().await;
    // A post from social media, read by the scanner as a case in Garut, waits in the triage queue.
    let candidate = super::super::triage::media_candidate(
        &served.app,
        "3001",
        &format!(
            "{} <script>document.title='pwned'</script>",
            super::super::triage::NENEK
        ),
    )
    .await;
    let (other, _, other_sentra) = filed(
        &served,
        "73.07",
        "Anak 6 tahun ditinggal orang tuanya sendirian di rumah sejak kemarin.",
    )
    .await;
    user(&served, "ani.operator", "operator", &[]).await;

    let operator = Browser::start(DESKTOP.0, DESKTOP.1).await;
    sign_in(&operator, &served, "ani.operator").await;
    operator.click_and_wait("nav a[href='/staf/triase']").await;
    operator.wait_for(&format!("#kandidat-{candidate}")).await;
    assert_eq!(operator.title().await, "Pemilahan laporan media · Sigap");
    // The shortcuts: j focuses the first candidate, m its ticket field (merge).
    let focused = operator
        .execute("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'j', bubbles: true})); return document.activeElement.id;")
        .await;
    assert_eq!(focused, json!(format!("kandidat-{candidate}")));
    let focused = operator
        .execute("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'm', bubbles: true})); return document.activeElement.id;")
        .await;
    assert_eq!(focused, json!(format!("gabung-{candidate}")));
    operator
        .execute("document.activeElement.blur(); window.scrollTo(0, 0); return 0;")
        .await;
    save_screenshot(&operator, "staf-triase").await;
    operator
        .click(&format!("#kandidat-{candidate} form.terima button"))
        .await;
    operator.wait_for("#kasus").await;
    let url = operator.current_url().await;
    let id = url
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .split('#')
        .next()
        .unwrap_or_default()
        .to_owned();
    let case = served
        .app
        .admin_get(&format!("/api/v1/cases/{id}"))
        .await
        .json();
    assert_eq!(case["channel"], "media", "{case}");
    let ticket = case["ticket"].as_str().unwrap().to_owned();
    let sentra = case["sentra"]["id"].as_str().unwrap().to_owned();
    assert_ne!(sentra, other_sentra);
    user(
        &served,
        "petugas.satu",
        "sentra",
        std::slice::from_ref(&sentra),
    )
    .await;
    assert_eq!(operator.title().await, format!("{ticket} · Sigap"));
    assert!(
        operator.text(".isi").await.contains("<script>"),
        "the markup shows as text"
    );
    assert!(
        operator
            .find("a[href='https://x.com/warga_garut/status/3001']")
            .await
            .is_some(),
        "the post is the case's source"
    );
    act(&operator, "verifikasi").await;
    assert!(operator.text("h1").await.contains("Terverifikasi"));
    operator.execute("window.scrollTo(0, 0); return 0;").await;
    save_screenshot(&operator, "staf-kasus").await;
    act(&operator, "tugaskan").await;
    assert!(operator.text("h1").await.contains("Ditugaskan ke Sentra"));
    drop(operator);

    let staff = Browser::start(DESKTOP.0, DESKTOP.1).await;
    sign_in(&staff, &served, "petugas.satu").await;
    // The Sentra user lands on its own queue, which holds this case and not the other one.
    staff.wait_for(&format!("a[href='/staf/kasus/{id}']")).await;
    assert!(
        staff
            .find(&format!("a[href='/staf/kasus/{other}']"))
            .await
            .is_none()
    );
    save_screenshot(&staff, "staf-antrean").await;
    staff
        .click_and_wait(&format!("a[href='/staf/kasus/{id}']"))
        .await;
    staff.wait_for("#kasus").await;
    act(&staff, "tangani").await;
    assert!(staff.text("h1").await.contains("Sedang ditangani"));
    // Closing as handled needs a recorded intervention.
    staff.click("#jenis option[value=bantuan_sosial]").await;
    staff
        .type_into("#uraian", "Paket permakanan untuk satu bulan")
        .await;
    staff
        .click_and_wait("form.intervensi button[type=submit]")
        .await;
    staff.wait_for("#rekam").await;
    assert!(staff.text("ul.rekam").await.contains("Paket permakanan"));
    staff.execute("window.scrollTo(0, 0); return 0;").await;
    save_screenshot(&staff, "staf-kasus-penanganan").await;
    staff.click("form.aksi details summary").await;
    staff.click("input[name=aksi][value=selesaikan]").await;
    staff.click("#hasil option[value=tertangani]").await;
    staff
        .type_into("#catatan", "Bantuan permakanan diberikan.")
        .await;
    staff.click_and_wait("form.aksi button[type=submit]").await;
    staff.wait_for("#riwayat").await;
    assert!(
        staff.text("h1").await.contains("Selesai"),
        "{}",
        staff.text("h1").await
    );
    assert_ne!(staff.title().await, "pwned");
    staff
        .goto(&served.url(&format!("/staf/kasus/{other}")))
        .await;
    assert_eq!(staff.title().await, "Kasus tidak ditemukan · Sigap");
    drop(staff);
    let case = served
        .app
        .admin_get(&format!("/api/v1/cases/{id}"))
        .await
        .json();
    assert_eq!(case["status"], "selesai");

    // The supervisor's dashboard: the map of provinces and the charts, drawn by Sigap.
    user(&served, "rina.supervisor", "supervisor", &[]).await;
    let supervisor = Browser::start(DESKTOP.0, DESKTOP.1).await;
    sign_in(&supervisor, &served, "rina.supervisor").await;
    supervisor.wait_for("svg.peta").await;
    assert_eq!(
        supervisor
            .execute("return document.querySelectorAll('svg.peta a').length;")
            .await,
        json!(38),
        "every province on the map, each a link"
    );
    save_screenshot(&supervisor, "staf-dasbor").await;
    drop(supervisor);
    served.stop().await;
}
