//! The fetcher against a local server: one router with a route per behaviour, started on port 0
//! with the robots.txt each test needs.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sigap_ingest::fetch::{FetchConfig, FetchError, Fetched, Fetcher, Validators};

#[derive(Default)]
struct Hits {
    robots: AtomicUsize,
    private: AtomicUsize,
    down: AtomicUsize,
    limited: AtomicUsize,
    stamps: Mutex<Vec<Instant>>,
    /// (start, end) of each /busy request.
    busy: Mutex<Vec<(Instant, Instant)>>,
}

struct AppState {
    robots: (StatusCode, &'static str),
    hits: Hits,
}

type Shared = Arc<AppState>;

struct Server {
    base: String,
    state: Shared,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

async fn start(robots_status: StatusCode, robots: &'static str) -> Server {
    let state = Arc::new(AppState {
        robots: (robots_status, robots),
        hits: Hits::default(),
    });
    let router = Router::new()
        .route("/robots.txt", get(robots_txt))
        .route("/page", get(page))
        .route("/same", get(|| async { "selalu sama" }))
        .route("/private/secret", get(private))
        .route("/stamp", get(stamp))
        .route("/busy", get(busy))
        .route("/slow", get(slow))
        .route("/huge", get(huge))
        .route(
            "/huge-declared",
            get(|| async { vec![b'a'; 2 * 1024 * 1024] }),
        )
        .route("/gzip", get(gzip_page))
        .route("/brotli", get(brotli_page))
        .route(
            "/away",
            get(|Query(q): Query<Away>| async move {
                (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, q.to)]).into_response()
            }),
        )
        .route("/bomb", get(bomb))
        .route(
            "/accept",
            get(|headers: HeaderMap| async move { header_of(&headers, "accept-encoding") }),
        )
        .route("/loop", get(|| async { redirect("/loop") }))
        .route("/moved", get(|| async { redirect("/page") }))
        .route("/latin1", get(latin1))
        .route("/limited", get(limited))
        .route(
            "/limited-long",
            get(|| async {
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::RETRY_AFTER, "3600")],
                )
            }),
        )
        .route("/down", get(down))
        .route("/garbage", get(garbage))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Server {
        base: format!("http://{addr}"),
        state,
    }
}

async fn start_open() -> Server {
    start(StatusCode::NOT_FOUND, "").await
}

fn config() -> FetchConfig {
    FetchConfig {
        timeout: Duration::from_secs(5),
        max_bytes: 1024 * 1024,
        min_interval: Duration::ZERO,
        retry_base: Duration::from_millis(10),
        ..FetchConfig::default()
    }
}

fn fetcher(cfg: FetchConfig) -> Fetcher {
    Fetcher::new(cfg).expect("a fetcher")
}

fn header_of(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn redirect(to: &'static str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

async fn robots_txt(State(state): State<Shared>) -> Response {
    state.hits.robots.fetch_add(1, Ordering::SeqCst);
    (state.robots.0, state.robots.1).into_response()
}

async fn page(headers: HeaderMap) -> Response {
    if header_of(&headers, "if-none-match") == "\"v1\"" {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::ETAG, "\"v1\""),
            (header::LAST_MODIFIED, "Wed, 02 Dec 2026 10:00:00 GMT"),
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        ],
        "<html><head><title>Bantuan sosial</title></head><body>Penyaluran bansos tahap IV</body></html>",
    )
        .into_response()
}

async fn private(State(state): State<Shared>) -> &'static str {
    state.hits.private.fetch_add(1, Ordering::SeqCst);
    "rahasia"
}

async fn stamp(State(state): State<Shared>) -> &'static str {
    if let Ok(mut stamps) = state.hits.stamps.lock() {
        stamps.push(Instant::now());
    }
    "ok"
}

async fn busy(State(state): State<Shared>) -> &'static str {
    let start = Instant::now();
    tokio::time::sleep(Duration::from_millis(300)).await;
    if let Ok(mut busy) = state.hits.busy.lock() {
        busy.push((start, Instant::now()));
    }
    "ok"
}

/// A byte every 100 ms for a minute.
async fn slow() -> Body {
    let stream = futures_util::stream::unfold(0, |n| async move {
        if n >= 600 {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        Some((Ok::<_, Infallible>(Bytes::from_static(b"a")), n + 1))
    });
    Body::from_stream(stream)
}

/// 10 MiB, streamed without a Content-Length.
async fn huge() -> Body {
    let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
    let stream =
        futures_util::stream::iter((0..160).map(move |_| Ok::<_, Infallible>(chunk.clone())));
    Body::from_stream(stream)
}

#[derive(serde::Deserialize)]
struct Away {
    to: String,
}

async fn brotli_page() -> Response {
    let mut body = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut body, 4096, 5, 22);
        std::io::Write::write_all(
            &mut writer,
            "<p>Halo dari brotli, warga Sukamaju</p>".as_bytes(),
        )
        .expect("brotli into memory");
    }
    (
        [
            (header::CONTENT_ENCODING, "br"),
            (header::CONTENT_TYPE, "text/html"),
        ],
        body,
    )
        .into_response()
}

async fn gzip_page() -> Response {
    let body = gzip_stored("<p>Halo dari gzip, warga Sukamaju</p>".as_bytes());
    (
        [
            (header::CONTENT_ENCODING, "gzip"),
            (header::CONTENT_TYPE, "text/html"),
        ],
        body,
    )
        .into_response()
}

/// 128 MiB of zeros in about 800 KiB: under the 1 MiB cap compressed, far over it unpacked.
async fn bomb() -> Response {
    (
        [
            (header::CONTENT_ENCODING, "gzip"),
            (header::CONTENT_TYPE, "text/html"),
        ],
        gzip_bomb(128 * 1024 * 1024),
    )
        .into_response()
}

async fn latin1() -> Response {
    let mut body =
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
            .to_vec();
    body.extend_from_slice(
        b"<title>Caf\xe9</title></head><body>Kab. Pidi\xe9 menerima bantuan</body></html>",
    );
    ([(header::CONTENT_TYPE, "text/html")], body).into_response()
}

async fn limited(State(state): State<Shared>) -> Response {
    if state.hits.limited.fetch_add(1, Ordering::SeqCst) == 0 {
        (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response()
    } else {
        "akhirnya".into_response()
    }
}

async fn down(State(state): State<Shared>) -> StatusCode {
    state.hits.down.fetch_add(1, Ordering::SeqCst);
    StatusCode::SERVICE_UNAVAILABLE
}

async fn garbage() -> Response {
    let body: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=\"tidak-ada\"; ;="),
    );
    if let Ok(value) = HeaderValue::from_bytes(b"\"\xff\xfe\"") {
        headers.insert(header::ETAG, value);
    }
    headers.insert(
        header::LAST_MODIFIED,
        HeaderValue::from_static("bukan tanggal"),
    );
    response
}

// ---- gzip by hand: stored blocks for a small page, fixed-Huffman runs of zeros for the bomb.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn gzip(deflate: &[u8], crc: u32, size: u32) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend_from_slice(deflate);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out
}

fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let len = data.len() as u16;
    let mut deflate = vec![1];
    deflate.extend_from_slice(&len.to_le_bytes());
    deflate.extend_from_slice(&(!len).to_le_bytes());
    deflate.extend_from_slice(data);
    gzip(&deflate, crc32(data), u32::from(len))
}

struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Huffman codes go most significant bit first.
    fn code(&mut self, code: u32, count: u32) {
        self.put(code.reverse_bits() >> (32 - count), count);
    }
}

/// `size` zero bytes as one fixed-Huffman block: a literal 0, then copies of 258 at distance 1.
fn gzip_bomb(size: usize) -> Vec<u8> {
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // last block
    bits.put(1, 2); // fixed Huffman
    bits.code(0x30, 8); // literal 0
    for _ in 0..(size - 1) / 258 {
        bits.code(0xC5, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    gzip(&bits.out, 0, size as u32)
}

// ---- the tests

#[tokio::test]
async fn a_page_is_fetched_with_its_validators() {
    let server = start_open().await;
    let fetched = fetcher(config())
        .get(&server.url("/page"), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert_eq!(page.status, 200);
    assert_eq!(page.url, server.url("/page"));
    assert!(page.text.contains("Penyaluran bansos tahap IV"));
    assert_eq!(
        page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        page.validators.last_modified.as_deref(),
        Some("Wed, 02 Dec 2026 10:00:00 GMT")
    );
    assert_eq!(
        page.validators.body_hash.as_ref().map(String::len),
        Some(64)
    );
}

#[tokio::test]
async fn the_etag_of_the_last_fetch_brings_a_304() {
    let server = start_open().await;
    let fetcher = fetcher(config());
    let Ok(Fetched::Body(page)) = fetcher
        .get(&server.url("/page"), &Validators::default())
        .await
    else {
        panic!("expected a body");
    };
    let again = fetcher.get(&server.url("/page"), &page.validators).await;
    assert!(matches!(again, Ok(Fetched::NotModified)), "{again:?}");
}

#[tokio::test]
async fn the_same_body_again_is_unchanged() {
    let server = start_open().await;
    let fetcher = fetcher(config());
    let Ok(Fetched::Body(page)) = fetcher
        .get(&server.url("/same"), &Validators::default())
        .await
    else {
        panic!("expected a body");
    };
    let again = fetcher.get(&server.url("/same"), &page.validators).await;
    assert_eq!(again.ok(), Some(Fetched::Unchanged(page.validators)));
}

#[tokio::test]
async fn a_redirect_is_followed_and_the_final_url_kept() {
    let server = start_open().await;
    let fetched = fetcher(config())
        .get(&server.url("/moved"), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert_eq!(page.url, server.url("/page"));
}

#[tokio::test]
async fn robots_txt_forbids_a_page_without_it_being_requested() {
    let server = start(StatusCode::OK, "User-agent: *\nDisallow: /private/\n").await;
    let fetcher = fetcher(config());
    let err = fetcher
        .get(&server.url("/private/secret"), &Validators::default())
        .await;
    let err = err.expect_err("forbidden");
    assert!(matches!(err, FetchError::RobotsDisallowed));
    assert_eq!(err.to_string(), "dilarang robots.txt");
    assert_eq!(server.state.hits.private.load(Ordering::SeqCst), 0);
    // Allowed paths still go, and robots.txt was read once for the host.
    assert!(
        fetcher
            .get(&server.url("/same"), &Validators::default())
            .await
            .is_ok()
    );
    assert_eq!(server.state.hits.robots.load(Ordering::SeqCst), 1);
}

fn away(server: &Server, to: &str) -> String {
    let to: String = url::form_urlencoded::byte_serialize(to.as_bytes()).collect();
    server.url(&format!("/away?to={to}"))
}

#[tokio::test]
async fn a_redirect_to_another_host_asks_that_hosts_robots_txt() {
    let open = start_open().await;
    let closed = start(StatusCode::OK, "User-agent: *\nDisallow: /private/\n").await;
    let fetcher = fetcher(config());
    let err = fetcher
        .get(
            &away(&open, &closed.url("/private/secret")),
            &Validators::default(),
        )
        .await
        .expect_err("the target's robots.txt forbids it");
    assert!(matches!(err, FetchError::RobotsDisallowed), "{err:?}");
    assert_eq!(closed.state.hits.private.load(Ordering::SeqCst), 0);
    assert_eq!(closed.state.hits.robots.load(Ordering::SeqCst), 1);
    // An allowed target is read, and the page says where it ended.
    let fetched = fetcher
        .get(&away(&open, &closed.url("/page")), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert_eq!(page.url, closed.url("/page"));
    assert_eq!(
        closed.state.hits.robots.load(Ordering::SeqCst),
        1,
        "robots.txt is kept"
    );
}

#[tokio::test]
async fn a_redirect_loop_between_two_hosts_is_too_many_redirects() {
    let a = start_open().await;
    let b = start_open().await;
    // a → b → a → b … each hop another origin.
    let back_to_a = away(&a, &b.url("/loop"));
    let b_to_a = away(&b, &back_to_a);
    let err = fetcher(config())
        .get(&away(&a, &b_to_a), &Validators::default())
        .await;
    // Three origin hops, then b's own /loop loops within b.
    assert!(
        matches!(err, Err(FetchError::TooManyRedirects(5))),
        "{err:?}"
    );
    let ping_pong = fetcher(FetchConfig {
        max_redirects: 2,
        ..config()
    })
    .get(
        &away(&a, &away(&b, &away(&a, &b.url("/same")))),
        &Validators::default(),
    )
    .await;
    assert!(
        matches!(ping_pong, Err(FetchError::TooManyRedirects(2))),
        "{ping_pong:?}"
    );
}

#[tokio::test]
async fn our_own_robots_group_overrides_the_star_group() {
    let server = start(
        StatusCode::OK,
        "User-agent: *\nDisallow: /\n\nUser-agent: SigapBot\nAllow: /\n",
    )
    .await;
    assert!(
        fetcher(config())
            .get(&server.url("/same"), &Validators::default())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_failing_robots_txt_refuses_the_fetch() {
    let server = start(StatusCode::INTERNAL_SERVER_ERROR, "").await;
    let err = fetcher(config())
        .get(&server.url("/same"), &Validators::default())
        .await;
    assert!(
        matches!(err, Err(FetchError::RobotsUnavailable(_))),
        "{err:?}"
    );
}

#[tokio::test]
async fn robots_txt_is_not_asked_when_not_obeyed() {
    let server = start(StatusCode::OK, "User-agent: *\nDisallow: /\n").await;
    let cfg = FetchConfig {
        obey_robots: false,
        ..config()
    };
    assert!(
        fetcher(cfg)
            .get(&server.url("/same"), &Validators::default())
            .await
            .is_ok()
    );
    assert_eq!(server.state.hits.robots.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn crawl_delay_spaces_the_requests_to_a_host() {
    let server = start(StatusCode::OK, "User-agent: *\nCrawl-delay: 0.3\n").await;
    let fetcher = fetcher(config());
    for _ in 0..2 {
        assert!(
            fetcher
                .get(&server.url("/stamp"), &Validators::default())
                .await
                .is_ok()
        );
    }
    let stamps = server.state.hits.stamps.lock().expect("stamps").clone();
    assert_eq!(stamps.len(), 2);
    // The pause counts from the end of the previous request, so the server sees it whole.
    let gap = stamps[1] - stamps[0];
    assert!(gap >= Duration::from_millis(300), "{gap:?}");
}

#[tokio::test]
async fn requests_to_one_host_take_turns_with_the_minimum_interval() {
    let server = start_open().await;
    let cfg = FetchConfig {
        min_interval: Duration::from_millis(200),
        ..config()
    };
    let fetcher = fetcher(cfg);
    let (url, none) = (server.url("/stamp"), Validators::default());
    let (a, b) = tokio::join!(fetcher.get(&url, &none), fetcher.get(&url, &none));
    assert!(a.is_ok() && b.is_ok());
    let stamps = server.state.hits.stamps.lock().expect("stamps").clone();
    assert_eq!(stamps.len(), 2);
    let gap = stamps[1] - stamps[0];
    assert!(gap >= Duration::from_millis(200), "{gap:?}");
}

#[tokio::test]
async fn requests_to_one_host_never_overlap_but_two_hosts_do() {
    let one = start_open().await;
    let two = start_open().await;
    let fetcher = fetcher(config());
    let (url_one, url_two, none) = (one.url("/busy"), two.url("/busy"), Validators::default());
    let (a, b, c) = tokio::join!(
        fetcher.get(&url_one, &none),
        fetcher.get(&url_one, &none),
        fetcher.get(&url_two, &none),
    );
    assert!(a.is_ok() && b.is_ok() && c.is_ok());
    let same = one.state.hits.busy.lock().expect("busy").clone();
    let other = two.state.hits.busy.lock().expect("busy").clone();
    assert_eq!(same.len(), 2);
    let (first, second) = if same[0].0 <= same[1].0 {
        (same[0], same[1])
    } else {
        (same[1], same[0])
    };
    assert!(second.0 >= first.1, "one host's requests overlapped");
    let overlaps = |x: (Instant, Instant), y: (Instant, Instant)| x.0 < y.1 && y.0 < x.1;
    assert!(
        overlaps(other[0], first) || overlaps(other[0], second),
        "two hosts were not served together"
    );
}

#[tokio::test]
async fn a_trickling_body_hits_the_timeout() {
    let server = start_open().await;
    let cfg = FetchConfig {
        timeout: Duration::from_millis(500),
        ..config()
    };
    let err = fetcher(cfg)
        .get(&server.url("/slow"), &Validators::default())
        .await;
    let err = err.expect_err("a timeout");
    assert!(matches!(err, FetchError::Timeout(_)), "{err:?}");
    assert_eq!(err.to_string(), "batas waktu habis setelah 0,5 dtk");
}

#[tokio::test]
async fn a_huge_body_is_cut_off() {
    let server = start_open().await;
    let fetcher = fetcher(config());
    for path in ["/huge", "/huge-declared"] {
        let err = fetcher
            .get(&server.url(path), &Validators::default())
            .await
            .expect_err(path);
        assert!(matches!(err, FetchError::TooLarge(_)), "{path}: {err:?}");
        assert_eq!(err.to_string(), "terlalu besar (> 1 MiB)");
    }
}

#[tokio::test]
async fn gzip_and_brotli_are_accepted_and_decompressed() {
    let server = start_open().await;
    let fetcher = fetcher(config());
    let Ok(Fetched::Body(accept)) = fetcher
        .get(&server.url("/accept"), &Validators::default())
        .await
    else {
        panic!("expected a body");
    };
    assert!(
        accept.text.contains("gzip") && accept.text.contains("br"),
        "{}",
        accept.text
    );
    let fetched = fetcher
        .get(&server.url("/gzip"), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert_eq!(page.text, "<p>Halo dari gzip, warga Sukamaju</p>");
    let fetched = fetcher
        .get(&server.url("/brotli"), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert_eq!(page.text, "<p>Halo dari brotli, warga Sukamaju</p>");
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_cap() {
    let server = start_open().await;
    let err = fetcher(config())
        .get(&server.url("/bomb"), &Validators::default())
        .await;
    assert!(matches!(err, Err(FetchError::TooLarge(_))), "{err:?}");
}

#[tokio::test]
async fn a_redirect_loop_is_too_many_redirects() {
    let server = start_open().await;
    let err = fetcher(config())
        .get(&server.url("/loop"), &Validators::default())
        .await;
    let err = err.expect_err("a loop");
    assert!(matches!(err, FetchError::TooManyRedirects(5)), "{err:?}");
    assert_eq!(err.to_string(), "terlalu banyak pengalihan (> 5)");
}

#[tokio::test]
async fn a_latin1_page_declared_in_meta_is_decoded() {
    let server = start_open().await;
    let fetched = fetcher(config())
        .get(&server.url("/latin1"), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert!(page.text.contains("<title>Café</title>"), "{}", page.text);
    assert!(page.text.contains("Kab. Pidié"));
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let server = start_open().await;
    let started = Instant::now();
    let fetched = fetcher(config())
        .get(&server.url("/limited"), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert_eq!(page.text, "akhirnya");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.state.hits.limited.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_gives_up_saying_so() {
    let server = start_open().await;
    let err = fetcher(config())
        .get(&server.url("/limited-long"), &Validators::default())
        .await;
    let err = err.expect_err("too long a wait");
    assert!(
        matches!(err, FetchError::RetryAfterTooLong { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "server meminta menunggu 3600 dtk, melebihi batas 60 dtk"
    );
}

#[tokio::test]
async fn a_503_is_retried_then_reported() {
    let server = start_open().await;
    let err = fetcher(config())
        .get(&server.url("/down"), &Validators::default())
        .await;
    let err = err.expect_err("down");
    assert!(matches!(err, FetchError::Status(503)), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(err.to_string(), "HTTP 503");
    assert_eq!(server.state.hits.down.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn an_unreachable_host_is_a_connection_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}/page", listener.local_addr().expect("an address"));
    drop(listener);
    let err = fetcher(config()).get(&url, &Validators::default()).await;
    assert!(
        matches!(err, Err(FetchError::RobotsUnavailable(_))),
        "{err:?}"
    );
    let cfg = FetchConfig {
        obey_robots: false,
        ..config()
    };
    let err = fetcher(cfg).get(&url, &Validators::default()).await;
    assert!(matches!(err, Err(FetchError::Connect(_))), "{err:?}");
}

#[tokio::test]
async fn garbage_from_a_server_does_not_panic() {
    let server = start_open().await;
    let fetched = fetcher(config())
        .get(&server.url("/garbage"), &Validators::default())
        .await;
    let Ok(Fetched::Body(page)) = fetched else {
        panic!("expected a body, got {fetched:?}");
    };
    assert!(page.text.contains('\u{fffd}'));
    assert_eq!(page.validators.etag, None);
}

#[tokio::test]
async fn bad_addresses_are_refused() {
    let fetcher = fetcher(config());
    for url in [
        "bukan alamat",
        "ftp://contoh.example/berkas",
        "mailto:a@b.example",
    ] {
        let err = fetcher
            .get(url, &Validators::default())
            .await
            .expect_err(url);
        assert!(matches!(err, FetchError::InvalidUrl(_)), "{url}: {err:?}");
        assert!(err.to_string().starts_with("alamat tidak sah: "));
    }
}
