//! Just enough of the W3C WebDriver protocol (JSON over HTTP, spoken with the `reqwest` that
//! Sigap already uses) to drive Debian's headless Chromium through its `chromedriver`. A crate
//! was weighed: fantoccini's `webdriver` dependency is MPL-2.0, outside the project's licence
//! list (scripts/check-dependencies), and these dozen calls are all the tests need.

use std::{
    io::{Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The W3C name of an element reference in a JSON answer.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long to wait for a page element: generous, since 2 shared cores may be busy compiling.
const WAIT: Duration = Duration::from_secs(30);

/// One chromedriver process and one Chromium session with a fresh profile, for one test.
/// Dropping it ends the session, stops chromedriver and removes the profile.
pub struct Browser {
    http: reqwest::Client,
    driver: Child,
    port: u16,
    session: String,
    profile: PathBuf,
}

pub struct Element(String);

impl Browser {
    /// Starts chromedriver on a free port and opens headless Chromium with a `width`×`height`
    /// viewport. Panics (the test fails, never skips) when either program is missing.
    pub async fn start(width: u32, height: u32) -> Browser {
        for program in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                std::path::Path::new(program).exists(),
                "{program} is missing: run scripts/ensure-chromium (scripts/test does)"
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port for chromedriver");
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{CHROMEDRIVER} does not start: {e}"));
        let profile =
            std::env::temp_dir().join(format!("sigap-chromium-{}", uuid::Uuid::now_v7().simple()));
        let mut browser = Browser {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(120))
                .build()
                .expect("an HTTP client"),
            driver,
            port,
            session: String::new(),
            profile,
        };
        browser.wait_until_ready().await;
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            &format!("--window-size={width},{height}"),
            &format!("--user-data-dir={}", browser.profile.display()),
        ];
        let answer = browser
            .call(
                reqwest::Method::POST,
                "/session",
                Some(json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": args,
                        // A headless window is at least 500 px wide: a phone's viewport is
                        // emulated instead (touch, mobile user agent left out).
                        "mobileEmulation": {"deviceMetrics": {
                            "width": width, "height": height, "pixelRatio": 1.0, "touch": false,
                        }},
                    },
                }}})),
            )
            .await
            .unwrap_or_else(|e| panic!("Chromium does not start: {e}"));
        browser.session = answer["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        browser
    }

    async fn wait_until_ready(&self) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(status) = self.call(reqwest::Method::GET, "/status", None).await
                && status["ready"] == true
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {} within {WAIT:?}",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// One WebDriver command; the `value` of its answer, or the driver's error message.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let mut request = self.http.request(method, &url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| format!("{url}: {e}"))?;
        let ok = response.status().is_success();
        let answer: Value = response.json().await.map_err(|e| format!("{url}: {e}"))?;
        let value = answer["value"].clone();
        if ok {
            Ok(value)
        } else {
            Err(format!("{url}: {} ({})", value["error"], value["message"]))
        }
    }

    async fn session_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub async fn goto(&self, url: &str) {
        self.session_call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    pub async fn title(&self) -> String {
        let v = self
            .session_call(reqwest::Method::GET, "/title", None)
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    pub async fn current_url(&self) -> String {
        let v = self.session_call(reqwest::Method::GET, "/url", None).await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// The first element that `css` selects, if any, now.
    pub async fn find(&self, css: &str) -> Option<Element> {
        let path = format!("/session/{}/element", self.session);
        let found = self
            .call(
                reqwest::Method::POST,
                &path,
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
            .ok()?;
        found[ELEMENT].as_str().map(|id| Element(id.to_owned()))
    }

    /// The first element that `css` selects, waiting for it to appear.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(e) = self.find(css).await {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "no {css} within {WAIT:?} on {}",
                self.current_url().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let e = self.wait_for(css).await;
        self.element_call(
            &e,
            reqwest::Method::POST,
            "/value",
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn clear(&self, css: &str) {
        let e = self.wait_for(css).await;
        self.element_call(&e, reqwest::Method::POST, "/clear", Some(json!({})))
            .await;
    }

    pub async fn click(&self, css: &str) {
        let e = self.wait_for(css).await;
        self.element_call(&e, reqwest::Method::POST, "/click", Some(json!({})))
            .await;
    }

    /// Clicks `css` (a submit button or a link) and waits until the page it leads to has
    /// loaded, so that what is read next is read from the new page, not the one leaving.
    pub async fn click_and_wait(&self, css: &str) {
        let e = self.wait_for(css).await;
        self.execute("document.documentElement.setAttribute('data-uji-lama', ''); return 0;")
            .await;
        self.element_call(&e, reqwest::Method::POST, "/click", Some(json!({})))
            .await;
        let deadline = Instant::now() + WAIT;
        let path = format!("/session/{}/execute/sync", self.session);
        let probe = json!({
            "script": "return document.readyState === 'complete' \
                && !document.documentElement.hasAttribute('data-uji-lama');",
            "args": [],
        });
        loop {
            // While the page changes, the script may find no document to run in: try again.
            let loaded = self
                .call(reqwest::Method::POST, &path, Some(probe.clone()))
                .await;
            if loaded == Ok(json!(true)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no new page after clicking {css} within {WAIT:?} on {}",
                self.current_url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The text that `css` shows (as rendered, not its markup).
    pub async fn text(&self, css: &str) -> String {
        let e = self.wait_for(css).await;
        let v = self
            .element_call(&e, reqwest::Method::GET, "/text", None)
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    /// A DOM property of `css`'s element (`value` for a form field).
    pub async fn property(&self, css: &str, name: &str) -> String {
        let e = self.wait_for(css).await;
        let v = self
            .element_call(&e, reqwest::Method::GET, &format!("/property/{name}"), None)
            .await;
        v.as_str().unwrap_or_default().to_owned()
    }

    async fn element_call(
        &self,
        e: &Element,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        self.session_call(method, &format!("/element/{}{path}", e.0), body)
            .await
    }

    /// Runs `script` in the page (WebDriver scripts are not bound by the page's CSP) and
    /// returns its result.
    pub async fn execute(&self, script: &str) -> Value {
        self.session_call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// The visible part of the page, as PNG bytes.
    pub async fn screenshot(&self) -> Vec<u8> {
        let v = self
            .session_call(reqwest::Method::GET, "/screenshot", None)
            .await;
        decode_base64(v.as_str().unwrap_or_default())
    }
}

impl Drop for Browser {
    /// Ends the session (Chromium exits), even when a test panics, then stops chromedriver.
    fn drop(&mut self) {
        if !self.session.is_empty()
            && let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port))
        {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = write!(
                stream,
                "DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                self.session, self.port
            );
            let _ = stream.read_to_end(&mut Vec::new());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Standard base64 (the screenshot's encoding); whitespace and padding are skipped.
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn base64_decodes_as_the_standard_says() {
    assert_eq!(decode_base64("U2lnYXA="), b"Sigap");
    assert_eq!(decode_base64("iVBORw0KGgo="), b"\x89PNG\r\n\x1a\n");
}
