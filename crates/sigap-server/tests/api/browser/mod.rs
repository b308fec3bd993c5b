//! Browser tests: Sigap served on a bound port (`sigap_server::serve`) with a SQLite test
//! database, driven through headless Chromium (`scripts/ensure-chromium` installs it). They
//! fail, never skip, when Chromium is missing.
//!
//! Screenshots of the public pages at a phone's width are written only when asked:
//! `SIGAP_SCREENSHOTS=docs/screenshots cargo test -p sigap-server --test api browser::`
//! (a relative directory is taken from the workspace root).

mod staff;
mod webdriver;

use std::path::PathBuf;

use sigap_store::testing::TestDb;
use tokio::{net::TcpListener, sync::oneshot};
use webdriver::Browser;

use super::App;

/// A phone's viewport (CSS pixels).
const PHONE: (u32, u32) = (390, 844);

/// Sigap on `127.0.0.1:<free port>` until dropped (also used by the Open311 client test).
pub(super) struct Served {
    app: App,
    base: String,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Served {
    pub(super) async fn start() -> Served {
        let app = App::start(TestDb::sqlite().await.expect("sqlite")).await;
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(sigap_server::serve(listener, app.state.clone(), async {
            let _ = stopped.await;
        }));
        Served {
            app,
            base,
            stop: Some(stop),
            server: Some(server),
        }
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(super) async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        let Served { app, .. } = self;
        app.db.cleanup().await;
    }
}

/// Saves a PNG of what the browser shows as `<SIGAP_SCREENSHOTS>/<name>.png`, only when that
/// variable is set: a normal test run never writes into the checkout.
async fn save_screenshot(browser: &Browser, name: &str) {
    let png = browser.screenshot().await;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG screenshot");
    let Some(dir) = std::env::var_os("SIGAP_SCREENSHOTS") else {
        return;
    };
    let mut dir = PathBuf::from(dir);
    if dir.is_relative() {
        dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(dir);
    }
    std::fs::create_dir_all(&dir).expect("the screenshot directory");
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, &png).expect("the screenshot");
    eprintln!("screenshot: {} ({} bytes)", path.display(), png.len());
}

/// Nothing on the page is wider than the phone's screen (no sideways scrolling).
async fn assert_fits(browser: &Browser) {
    let width = browser
        .execute("return document.documentElement.scrollWidth;")
        .await;
    assert!(
        width.as_u64().is_some_and(|w| w <= u64::from(PHONE.0)),
        "{} is {width} px wide on a {} px screen (window {})",
        browser.current_url().await,
        PHONE.0,
        browser.execute("return window.innerWidth;").await
    );
}

/// Fills and sends the form as a person would, returning the ticket on the receipt.
async fn file_through_the_form(browser: &Browser, served: &Served, story: &str) -> String {
    browser.goto(&served.url("/lapor")).await;
    assert_eq!(browser.title().await, "Buat laporan · Sigap");
    browser.type_into("#cerita", story).await;
    browser.type_into("#wilayah", "32.01").await;
    browser.type_into("#alamat", "Dekat masjid").await;
    browser.type_into("#nama", "Siti Aminah").await;
    browser.type_into("#telepon", "081234567890").await;
    browser.click("form.lapor button[type=submit]").await;
    browser.wait_for("#nomor-tiket").await;
    browser.text("#nomor-tiket").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_files_a_complaint_in_the_browser_and_follows_its_ticket() {
    let served = Served::start().await;
    let browser = Browser::start(PHONE.0, PHONE.1).await;
    let story = "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.";
    let ticket = file_through_the_form(&browser, &served, story).await;
    assert_eq!(ticket, "SGP-2611-00001");
    assert_eq!(browser.title().await, "Laporan terkirim · Sigap");
    assert_eq!(
        browser.current_url().await,
        served.url("/lapor/terkirim/SGP-2611-00001")
    );
    browser.click("a.button").await;
    browser.wait_for("h1 .ticket").await;
    assert_eq!(browser.text("h1 .ticket").await, ticket);
    assert!(browser.text(".status").await.starts_with("Status:"));
    assert_eq!(served.app.cases().await, 1);
    drop(browser);
    served.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn script_typed_into_the_form_never_runs_and_shows_as_text() {
    let served = Served::start().await;
    let browser = Browser::start(PHONE.0, PHONE.1).await;
    let attack = "<img src=x onerror=\"document.title='pwned'\"> <script>document.title='pwned'</script> Nenek sakit, tidak ada yang merawat.";
    browser.goto(&served.url("/lapor")).await;
    browser.type_into("#cerita", attack).await;
    browser.click("input[name=identitas][value=anonim]").await;
    browser.type_into("#telepon", "12").await;
    browser.click("form.lapor button[type=submit]").await;
    // The form comes back with an error and the text, as text, in the field.
    browser.wait_for(".error-summary").await;
    assert_eq!(browser.title().await, "Kesalahan: Buat laporan · Sigap");
    assert_eq!(browser.property("#cerita", "value").await, attack);
    assert!(
        browser.find("main img").await.is_none(),
        "no element made from the text"
    );
    browser.clear("#telepon").await;
    browser.click("form.lapor button[type=submit]").await;
    let ticket = browser.text("#nomor-tiket").await;
    assert_eq!(browser.title().await, "Laporan terkirim · Sigap");
    browser.goto(&served.url(&format!("/lacak/{ticket}"))).await;
    browser.wait_for("h1 .ticket").await;
    assert_eq!(browser.title().await, format!("Tiket {ticket} · Sigap"));
    assert!(browser.find("main img").await.is_none());
    let case = served.app.only_case().await;
    assert_eq!(case["description"], attack, "stored as typed");
    drop(browser);
    served.stop().await;
}

/// Also the documented way to refresh `docs/screenshots/*.png`: see the module doc.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_pages_fit_a_phone_screen() {
    let served = Served::start().await;
    let browser = Browser::start(PHONE.0, PHONE.1).await;
    browser.goto(&served.url("/lapor")).await;
    browser.wait_for("#cerita").await;
    assert_fits(&browser).await;
    save_screenshot(&browser, "lapor").await;
    // The form sent back: the error summary first, the place offered as choices.
    browser.type_into("#cerita", "Sakit").await;
    browser.type_into("#wilayah", "Sukamaju").await;
    browser.click("form.lapor button[type=submit]").await;
    browser.wait_for("#pilihan-wilayah").await;
    assert_fits(&browser).await;
    save_screenshot(&browser, "lapor-kesalahan").await;
    let ticket = file_through_the_form(
        &browser,
        &served,
        "Anak 6 tahun ditinggal orang tuanya sendirian di rumah sejak kemarin.",
    )
    .await;
    assert_fits(&browser).await;
    save_screenshot(&browser, "terkirim").await;
    browser.goto(&served.url(&format!("/lacak/{ticket}"))).await;
    browser.wait_for("h1 .ticket").await;
    assert_fits(&browser).await;
    save_screenshot(&browser, "lacak").await;
    drop(browser);
    served.stop().await;
}
