//! Inbound channels: the WhatsApp Cloud API webhook (handshake, signatures, text, location,
//! image, joining a conversation, replays), the SMS gateway (form, JSON, secret, duplicates),
//! raw e-mail (attachments, threads, auth), the old fixed format, and the channels' health.
//! Payloads follow the shapes the providers document, with our own content.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sigap_server::{
    inbound::ChannelSettings,
    jobs::notify::{Notifier, NotifySettings, webhook},
};

use super::*;

const APP_SECRET: &str = "meta-app-secret-0123456789";
const VERIFY_TOKEN: &str = "sigap-verify-0123456789";
const SMS_SECRET: &str = "sms-gateway-secret-0123456789";
const EMAIL_SECRET: &str = "mail-relay-secret-0123456789";
const SITI: &str = "6281234567890";

/// The router with every channel set up.
fn router(app: &App) -> Router {
    let mut state = app.state.clone();
    state.channels = Arc::new(ChannelSettings {
        whatsapp_app_secret: Some(APP_SECRET.into()),
        whatsapp_verify_token: Some(VERIFY_TOKEN.into()),
        sms_secret: Some(SMS_SECRET.into()),
        email_secret: Some(EMAIL_SECRET.into()),
        attachment_max_bytes: 1024,
        ..ChannelSettings::default()
    });
    build_router(state)
}

async fn call(router: &Router, req: Request<Body>) -> Reply {
    reply(router, req).await
}

fn meta_signature(body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

/// A Cloud API delivery of one message (`message` is the message object without `from`, `id`,
/// `timestamp`).
fn wa_delivery(id: &str, from: &str, message: Value) -> String {
    let mut m = message;
    m["from"] = json!(from);
    m["id"] = json!(id);
    m["timestamp"] = json!("1795399200");
    json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": "102290129340398",
            "changes": [{
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "628111022210", "phone_number_id": "106540352242922"},
                    "contacts": [{"profile": {"name": "Siti Aminah"}, "wa_id": from}],
                    "messages": [m]
                }
            }]
        }]
    })
    .to_string()
}

fn wa_text(id: &str, text: &str) -> String {
    wa_delivery(id, SITI, json!({"type": "text", "text": {"body": text}}))
}

async fn post_whatsapp(router: &Router, body: &str, signature: Option<&str>) -> Reply {
    let sig = signature.map_or_else(|| meta_signature(body), str::to_owned);
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/channels/whatsapp")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-hub-signature-256", sig)
        .body(Body::from(body.to_owned()))
        .unwrap();
    call(router, req).await
}

/// A signed gateway delivery (SMS, e-mail) at the app's clock.
async fn post_signed(
    app: &App,
    router: &Router,
    uri: &str,
    content_type: &str,
    body: &[u8],
    secret: &str,
) -> (Reply, String) {
    let ts = app.state.clock.now().timestamp();
    let sig = webhook::sign(secret, ts, body);
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type)
        .header("sigap-timestamp", ts.to_string())
        .header("sigap-signature", &sig)
        .body(Body::from(body.to_vec()))
        .unwrap();
    (call(router, req).await, sig)
}

async fn case_by_ticket(app: &App, ticket: &str) -> Value {
    let ticket = sigap_core::TicketNumber::parse(ticket).unwrap();
    let case = app.db.store.find_case_by_ticket(&ticket).await.unwrap();
    app.admin_get(&format!("/api/v1/cases/{}", case.id))
        .await
        .json()
}

/// Runs the notifier until the outbox has caught up with the history.
async fn fill_outbox(app: &App) {
    let n = Notifier::new(
        app.db.store.clone(),
        app.state.clock.clone(),
        Arc::new(NotifySettings {
            jitter: false,
            ..NotifySettings::default()
        }),
    );
    // Bounded by time: on PostgreSQL any transaction open in the cluster holds entries back.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        n.fill_once().await.unwrap();
        if app.db.store.notifier_backlog().await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the notifier did not catch up");
}

/// One channel's health, as an administrator reads it where the channels are set up.
async fn health(app: &App, channel: &str) -> Value {
    let req = Request::builder()
        .uri("/api/v1/channels")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let r = call(&router(app), req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["channel"] == channel)
        .unwrap()
        .clone()
}

fn raw_email(message_id: &str, in_reply_to: Option<&str>, subject: &str, text: &str) -> String {
    let reply = in_reply_to
        .map(|r| format!("In-Reply-To: <{r}>\r\nReferences: <{r}>\r\n"))
        .unwrap_or_default();
    format!(
        "Return-Path: <siti@contoh.id>\r\nFrom: Siti Aminah <siti@contoh.id>\r\n\
To: Pengaduan Kemensos <aduan@kemensos.example>\r\nSubject: {subject}\r\n\
Date: Mon, 23 Nov 2026 08:55:00 +0700\r\nMessage-ID: <{message_id}>\r\n{reply}MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"=_batas_01\"\r\n\r\n\
This is a multi-part message in MIME format.\r\n--=_batas_01\r\n\
Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
{text}\r\n--=_batas_01\r\nContent-Type: image/jpeg; name=\"rumah-nenek.jpg\"\r\n\
Content-Disposition: attachment; filename=\"rumah-nenek.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//\r\n--=_batas_01\r\n\
Content-Type: application/pdf; name=\"surat-keterangan.pdf\"\r\n\
Content-Disposition: attachment; filename=\"surat-keterangan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
{big}\r\n--=_batas_01--\r\n",
        big = "QUFB".repeat(400)
    )
}

api_tests! {
    async fn the_whatsapp_handshake_echoes_the_challenge_only_for_the_right_token(app: &App) {
        let r = router(app);
        let get = |q: &str| Request::builder().uri(format!("/api/v1/channels/whatsapp?{q}")).body(Body::empty()).unwrap();
        let ok = call(&r, get(&format!("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}"))).await;
        assert_eq!((ok.status, ok.text.as_str()), (StatusCode::OK, "1158201444"));
        let wrong = call(&r, get("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=salah")).await;
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        assert!(!wrong.text.contains("1158201444"));
        // Not set up: the endpoint does not exist.
        let off = app.send(Method::GET, &format!("/api/v1/channels/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token={VERIFY_TOKEN}"), None, &[]).await;
        assert_eq!(off.status, StatusCode::NOT_FOUND);
    }

    async fn a_whatsapp_text_becomes_a_routed_case_and_its_reply_carries_the_ticket(app: &App) {
        let r = router(app);
        let target = app.admin_post("/api/v1/notification-targets", &json!({"audience": "complainant_phone", "channel": "webhook", "address": "https://gateway.example/wa", "secret": "rahasia-gateway-0123456789"}), &[]).await;
        assert_eq!(target.status, StatusCode::CREATED, "{}", target.text);
        let body = wa_text("wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMDI", "Nenek saya umur 80 tahun tinggal sendiri di Desa Sukamaju, Kecamatan Cibungbulang, Kabupaten Bogor, sudah dua hari tidak makan.");
        let reply = post_whatsapp(&r, &body, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let v = reply.json();
        assert_eq!((v["created"].as_i64(), v["joined"].as_i64()), (Some(1), Some(0)), "{v}");
        let ticket = v["tickets"][0].as_str().unwrap().to_owned();
        let case = case_by_ticket(app, &ticket).await;
        assert_eq!(case["channel"], "whatsapp");
        assert_eq!(case["reporter"]["phone"], "+6281234567890");
        assert_eq!(case["reporter"]["name"], "Siti Aminah");
        assert!(case["location"]["region_code"].as_str().unwrap().starts_with("32.01"), "{case}");
        assert!(case["sentra"]["id"].is_string(), "routed: {case}");
        fill_outbox(app).await;
        let outbox = app.admin_get(&format!("/api/v1/notifications?case={}", case["id"].as_str().unwrap())).await.json();
        let to_siti: Vec<&Value> = outbox["items"].as_array().unwrap().iter().filter(|n| n["audience"] == "complainant").collect();
        assert_eq!(to_siti.len(), 1, "{outbox}");
        assert_eq!(to_siti[0]["channel"], "webhook");
        assert!(to_siti[0]["subject"].as_str().unwrap().contains(&ticket), "{}", to_siti[0]);
    }

    async fn a_second_whatsapp_message_within_the_window_joins_the_ticket(app: &App) {
        let r = router(app);
        let gateway = super::sinks::Receiver::start("rahasia-gateway-0123456789").await;
        let target = app.admin_post("/api/v1/notification-targets", &json!({"audience": "complainant_phone", "channel": "webhook", "address": gateway.url(), "secret": "rahasia-gateway-0123456789"}), &[]).await;
        assert_eq!(target.status, StatusCode::CREATED, "{}", target.text);
        let first = post_whatsapp(&r, &wa_text("wamid.A1", "Tolong, ada anak terlantar di pasar Cibinong, Kabupaten Bogor."), None).await.json();
        let ticket = first["tickets"][0].as_str().unwrap().to_owned();
        app.state.clock.advance(chrono::Duration::minutes(20));
        let second = post_whatsapp(&r, &wa_text("wamid.A2", "Anaknya sekitar 7 tahun, bajunya merah."), None).await.json();
        assert_eq!((second["joined"].as_i64(), second["tickets"][0].as_str()), (Some(1), Some(ticket.as_str())), "{second}");
        assert_eq!(app.cases().await, 1);
        let case = case_by_ticket(app, &ticket).await;
        let notes: Vec<&str> = case["history"].as_array().unwrap().iter().filter_map(|e| e["note"].as_str()).collect();
        assert!(notes.iter().any(|n| n.contains("bajunya merah")), "{notes:?}");
        // Both answers go out through the outbox to the WhatsApp gateway, signed.
        fill_outbox(app).await;
        let worker = sigap_server::jobs::notify::Worker::new(app.db.store.clone(), app.state.clock.clone(), Arc::new(NotifySettings { jitter: false, ..NotifySettings::default() }), "w".into()).unwrap();
        worker.deliver_batch(None).await.unwrap();
        let hooks = gateway.wait_for(2).await;
        assert!(hooks.iter().all(|h| h.signature_ok && h.body["to"]["phone"] == "+6281234567890" && h.body["case"]["channel"] == "whatsapp" && h.body["case"]["ticket"] == ticket.as_str()), "{:?}", hooks.iter().map(|h| &h.body).collect::<Vec<_>>());
        let mut kinds: Vec<&str> = hooks.iter().map(|h| h.body["kind"].as_str().unwrap()).collect();
        kinds.sort_unstable();
        assert_eq!(kinds, ["message", "ticket_update"]);
        assert!(hooks.iter().all(|h| h.body["text"].as_str().unwrap().contains(&ticket)));
        // Past the window, from the same number: a new ticket.
        app.state.clock.advance(chrono::Duration::minutes(31));
        let third = post_whatsapp(&r, &wa_text("wamid.A3", "Ada lansia sakit di rumah sebelah, tolong dicek."), None).await.json();
        assert_eq!(third["created"].as_i64(), Some(1), "{third}");
        assert_eq!(app.cases().await, 2);
        // Another number within the window: its own ticket.
        let other = wa_delivery("wamid.B1", "6285711112222", json!({"type": "text", "text": {"body": "Ada ODGJ dipasung di kampung kami, mohon bantuan."}}));
        assert_eq!(post_whatsapp(&r, &other, None).await.json()["created"].as_i64(), Some(1));
        assert_eq!(app.cases().await, 3);
        let h = health(app, "whatsapp").await;
        assert_eq!((h["received"].as_i64(), h["cases_created"].as_i64(), h["joined"].as_i64()), (Some(4), Some(3), Some(1)), "{h}");
    }

    async fn a_whatsapp_location_and_image_are_kept_with_the_case(app: &App) {
        let r = router(app);
        let location = wa_delivery("wamid.L1", SITI, json!({"type": "location", "location": {"latitude": -6.5971, "longitude": 106.806, "name": "Rumah Nenek Sumi", "address": "Kecamatan Cibungbulang, Kabupaten Bogor"}}));
        let v = post_whatsapp(&r, &location, None).await.json();
        let ticket = v["tickets"][0].as_str().unwrap().to_owned();
        let case = case_by_ticket(app, &ticket).await;
        assert_eq!(case["location"]["latitude"], -6.5971);
        assert_eq!(case["location"]["longitude"], 106.806);
        assert!(case["location"]["region_code"].as_str().unwrap().starts_with("32.01"), "{case}");
        let image = wa_delivery("wamid.I1", SITI, json!({"type": "image", "image": {"caption": "Kondisi rumahnya", "mime_type": "image/jpeg", "sha256": "6S/Sxd6Kzq0PqcjeDdSeBz7HZTPBgCCz+TU1Bk05W8o=", "id": "1479537139650973"}}));
        let v = post_whatsapp(&r, &image, None).await.json();
        assert_eq!((v["joined"].as_i64(), v["tickets"][0].as_str()), (Some(1), Some(ticket.as_str())), "{v}");
        let id = uuid::Uuid::parse_str(case["id"].as_str().unwrap()).unwrap();
        let kept = app.db.store.channel_attachments(id).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!((kept[0].media_ref.as_deref(), kept[0].caption.as_deref(), kept[0].stored), (Some("1479537139650973"), Some("Kondisi rumahnya"), false));
        // A type Sigap does not read is ignored, and statuses are not messages.
        let sticker = wa_delivery("wamid.S1", SITI, json!({"type": "sticker", "sticker": {"id": "1", "mime_type": "image/webp"}}));
        assert_eq!(post_whatsapp(&r, &sticker, None).await.json()["ignored"].as_i64(), Some(1));
        let status = json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {"messaging_product": "whatsapp", "statuses": [{"id": "wamid.X", "status": "delivered", "timestamp": "1795399200", "recipient_id": SITI}]}}]}]}).to_string();
        assert_eq!(post_whatsapp(&r, &status, None).await.json()["messages"].as_i64(), Some(0));
        assert_eq!(app.cases().await, 1);
    }

    async fn control_characters_in_a_message_are_dropped_not_a_server_error(app: &App) {
        let r = router(app);
        let body = wa_delivery("wamid.N\u{0}1", SITI, json!({"type": "text", "text": {"body": "Ada nenek\u{0} sakit\u{7} sendirian di rumah, tolong."}}));
        let reply = post_whatsapp(&r, &body, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let case = case_by_ticket(app, reply.json()["tickets"][0].as_str().unwrap()).await;
        assert_eq!(case["description"], "Ada nenek sakit sendirian di rumah, tolong.");
        // An e-mail with no text at all still gets a description.
        let empty = "From: budi@contoh.id\r\nMessage-ID: <kosong@contoh.id>\r\n\r\n";
        let (e, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", empty.as_bytes(), EMAIL_SECRET).await;
        let case = case_by_ticket(app, e.json()["tickets"][0].as_str().unwrap()).await;
        assert_eq!(case["description"], "(Pesan E-mail tanpa teks)");
    }

    async fn a_location_shared_after_the_text_places_the_case(app: &App) {
        let r = router(app);
        let v = post_whatsapp(&r, &wa_text("wamid.P1", "Tolong, ada kakek tinggal sendiri dan sakit keras, tidak ada keluarga."), None).await.json();
        let ticket = v["tickets"][0].as_str().unwrap().to_owned();
        assert!(case_by_ticket(app, &ticket).await["location"]["region_code"].is_null());
        app.state.clock.advance(chrono::Duration::minutes(2));
        let location = wa_delivery("wamid.P2", SITI, json!({"type": "location", "location": {"latitude": -6.5971, "longitude": 106.806, "name": "Rumah Kakek", "address": "Desa Sukamaju, Kecamatan Cibungbulang, Kabupaten Bogor"}}));
        assert_eq!(post_whatsapp(&r, &location, None).await.json()["joined"].as_i64(), Some(1));
        let case = case_by_ticket(app, &ticket).await;
        assert_eq!((case["location"]["latitude"].as_f64(), case["location"]["longitude"].as_f64()), (Some(-6.5971), Some(106.806)));
        assert!(case["location"]["region_code"].as_str().unwrap().starts_with("32.01"), "{case}");
        assert!(case["sentra"]["id"].is_string(), "routed by its new place: {case}");
        assert!(case["history"].as_array().unwrap().iter().any(|e| e["kind"] == "location_changed"), "{case}");
    }

    async fn a_forged_whatsapp_signature_is_refused_and_a_replay_has_no_second_effect(app: &App) {
        let r = router(app);
        let body = wa_text("wamid.R1", "Ada keluarga miskin tidak punya rumah di Kabupaten Bogor.");
        let forged = post_whatsapp(&r, &body, Some(&format!("sha256={}", "0".repeat(64)))).await;
        assert_eq!((forged.status, forged.json()["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_signature")));
        assert!(forged.headers.get(header::WWW_AUTHENTICATE).is_none(), "no Bearer challenge for a webhook");
        assert_eq!(post_whatsapp(&r, &body, Some("")).await.status, StatusCode::UNAUTHORIZED);
        // Signed over another body.
        assert_eq!(post_whatsapp(&r, &body, Some(&meta_signature("{}"))).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.cases().await, 0);
        let first = post_whatsapp(&r, &body, None).await;
        assert_eq!(first.json()["created"].as_i64(), Some(1));
        let replay = post_whatsapp(&r, &body, None).await;
        assert_eq!(replay.status, StatusCode::OK);
        assert_eq!((replay.json()["duplicates"].as_i64(), replay.json()["created"].as_i64()), (Some(1), Some(0)));
        assert_eq!(app.cases().await, 1);
        let case = case_by_ticket(app, first.json()["tickets"][0].as_str().unwrap()).await;
        assert_eq!(case["history"].as_array().unwrap().iter().filter(|e| e["kind"] == "note").count(), 0, "{case}");
        let bad = post_whatsapp(&r, "{\"entry\": 5}", None).await;
        assert_eq!((bad.status, bad.json()["code"].as_str()), (StatusCode::BAD_REQUEST, Some("malformed_message")));
        let h = health(app, "whatsapp").await;
        assert_eq!((h["rejected"].as_i64(), h["duplicates"].as_i64()), (Some(4), Some(1)), "{h}");
        assert_eq!(h["state"], "bermasalah");
    }

    async fn an_sms_arrives_as_a_form_or_json_signed_once(app: &App) {
        let r = router(app);
        let form = b"from=%2B6281234567890&text=Siti%23Nenek+tinggal+sendiri+di+Kabupaten+Bogor+tidak+makan&id=gw-0001&timestamp=1795399200";
        let (ok, sig) = post_signed(app, &r, "/api/v1/channels/sms", "application/x-www-form-urlencoded", form, SMS_SECRET).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
        let ticket = ok.json()["tickets"][0].as_str().unwrap().to_owned();
        let case = case_by_ticket(app, &ticket).await;
        assert_eq!((case["channel"].as_str(), case["reporter"]["phone"].as_str()), (Some("sms"), Some("+6281234567890")));
        // The same signed delivery again is a replay.
        let again = Request::builder().method(Method::POST).uri("/api/v1/channels/sms")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sigap-timestamp", app.state.clock.now().timestamp().to_string())
            .header("sigap-signature", sig).body(Body::from(form.to_vec())).unwrap();
        let replay = call(&r, again).await;
        assert_eq!((replay.status, replay.json()["code"].as_str()), (StatusCode::CONFLICT, Some("replayed")));
        // The same message id in a new delivery: no second effect.
        app.state.clock.advance(chrono::Duration::seconds(5));
        let (dup, _) = post_signed(app, &r, "/api/v1/channels/sms", "application/x-www-form-urlencoded", form, SMS_SECRET).await;
        assert_eq!(dup.json()["duplicates"].as_i64(), Some(1), "{}", dup.text);
        // JSON from another number, past the window of nobody: a new case.
        let json_body = json!({"from": "085711112222", "text": "Ada anak putus sekolah karena orang tuanya sakit.", "id": "gw-0002"}).to_string();
        let (j, _) = post_signed(app, &r, "/api/v1/channels/sms", "application/json", json_body.as_bytes(), SMS_SECRET).await;
        assert_eq!(j.json()["created"].as_i64(), Some(1), "{}", j.text);
        // A wrong secret, no signature, an old timestamp.
        let (bad, _) = post_signed(app, &r, "/api/v1/channels/sms", "application/json", json_body.as_bytes(), "salah-0123456789").await;
        assert_eq!((bad.status, bad.json()["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_signature")));
        let unsigned = Request::builder().method(Method::POST).uri("/api/v1/channels/sms").header(header::CONTENT_TYPE, "application/json").body(Body::from(json_body.clone())).unwrap();
        assert_eq!(call(&r, unsigned).await.status, StatusCode::UNAUTHORIZED);
        let old = app.state.clock.now().timestamp() - 3600;
        let stale = Request::builder().method(Method::POST).uri("/api/v1/channels/sms").header(header::CONTENT_TYPE, "application/json")
            .header("sigap-timestamp", old.to_string()).header("sigap-signature", webhook::sign(SMS_SECRET, old, json_body.as_bytes())).body(Body::from(json_body.clone())).unwrap();
        assert_eq!(call(&r, stale).await.json()["code"], "stale_timestamp");
        let (missing, _) = post_signed(app, &r, "/api/v1/channels/sms", "application/json", b"{\"from\": \"0812\"}", SMS_SECRET).await;
        assert_eq!(missing.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.cases().await, 2);
        let h = health(app, "sms").await;
        assert_eq!((h["cases_created"].as_i64(), h["duplicates"].as_i64(), h["rejected"].as_i64()), (Some(2), Some(1), Some(5)), "{h}");
    }

    async fn a_message_in_the_old_fixed_format_is_read_into_its_fields(app: &App) {
        let r = router(app);
        let body = wa_text("wamid.F1", "Siti Aminah#3201055208900003#Jl. Mawar 7, Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor#Nenek saya sakit dan tinggal sendiri, tidak ada yang merawat.");
        let v = post_whatsapp(&r, &body, None).await.json();
        let case = case_by_ticket(app, v["tickets"][0].as_str().unwrap()).await;
        assert_eq!(case["reporter"]["name"], "Siti Aminah");
        assert_eq!(case["reporter"]["nik"], "3201055208900003");
        assert_eq!(case["location"]["address"], "Jl. Mawar 7, Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor");
        assert_eq!(case["description"], "Nenek saya sakit dan tinggal sendiri, tidak ada yang merawat.");
        assert!(case["location"]["region_code"].as_str().unwrap().starts_with("32.01"), "{case}");
        // A NIK that is not one is not kept; the rest is.
        let sms = b"from=081298765432&id=gw-9&text=Budi%3B9901055208900003%3BJl.+Kenanga+2+Garut%3BAnak+terlantar+di+terminal";
        let (r2, _) = post_signed(app, &r, "/api/v1/channels/sms", "application/x-www-form-urlencoded", sms, SMS_SECRET).await;
        let case = case_by_ticket(app, r2.json()["tickets"][0].as_str().unwrap()).await;
        assert_eq!((case["reporter"]["name"].as_str(), case["reporter"]["nik"].is_null()), (Some("Budi"), true), "{case}");
        assert_eq!(case["description"], "Anak terlantar di terminal");
    }

    async fn an_email_keeps_its_attachments_and_its_thread_on_one_ticket(app: &App) {
        let r = router(app);
        let first = raw_email("CAM7x-1@mail.contoh.id", None, "Lansia terlantar di Bogor", "Nenek Sumi (82) tinggal sendiri di Desa Sukamaju, Kabupaten Bogor, dan sakit.");
        let (ok, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", first.as_bytes(), EMAIL_SECRET).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
        let ticket = ok.json()["tickets"][0].as_str().unwrap().to_owned();
        let case = case_by_ticket(app, &ticket).await;
        assert_eq!((case["channel"].as_str(), case["reporter"]["email"].as_str()), (Some("email"), Some("siti@contoh.id")));
        assert!(case["description"].as_str().unwrap().starts_with("Lansia terlantar di Bogor"), "{case}");
        let id = uuid::Uuid::parse_str(case["id"].as_str().unwrap()).unwrap();
        let kept = app.db.store.channel_attachments(id).await.unwrap();
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert_eq!((kept[0].filename.as_deref(), kept[0].content_type.as_deref(), kept[0].stored), (Some("rumah-nenek.jpg"), Some("image/jpeg"), true));
        let listed = app.admin_get(&format!("/api/v1/cases/{id}/attachments")).await.json();
        assert_eq!(listed["items"][0]["filename"], "rumah-nenek.jpg");
        let file = app.admin_get(&format!("/api/v1/cases/{id}/attachments/{}", kept[0].id)).await;
        assert_eq!(file.headers[header::CONTENT_DISPOSITION], "attachment; filename=\"rumah-nenek.jpg\"");
        assert_eq!(file.headers[header::CONTENT_TYPE], "application/octet-stream");
        assert_eq!(&app.db.store.channel_attachment_content(id, kept[0].id).await.unwrap().2[..3], [0xff, 0xd8, 0xff]);
        // Not kept (over the cap): nothing to download.
        assert_eq!(app.admin_get(&format!("/api/v1/cases/{id}/attachments/{}", kept[1].id)).await.status, StatusCode::NOT_FOUND);
        // Over the 1 KiB cap of this test: name and size only.
        assert_eq!((kept[1].filename.as_deref(), kept[1].size_bytes, kept[1].stored), (Some("surat-keterangan.pdf"), 1200, false));

        // A reply in the thread, two hours later: the same ticket.
        app.state.clock.advance(chrono::Duration::hours(2));
        let reply = raw_email("CAM7x-2@mail.contoh.id", Some("CAM7x-1@mail.contoh.id"), "Re: Lansia terlantar di Bogor", "Tambahan: nenek juga tidak punya KTP.");
        let (joined, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", reply.as_bytes(), EMAIL_SECRET).await;
        assert_eq!((joined.json()["joined"].as_i64(), joined.json()["tickets"][0].as_str()), (Some(1), Some(ticket.as_str())), "{}", joined.text);
        // A new message naming the ticket in its subject, from the same address: the same ticket.
        app.state.clock.advance(chrono::Duration::hours(2));
        let by_subject = raw_email("CAM7x-3@mail.contoh.id", None, &format!("Tentang laporan {ticket}"), "Apakah sudah ada petugas yang datang?");
        let (subj, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", by_subject.as_bytes(), EMAIL_SECRET).await;
        assert_eq!(subj.json()["joined"].as_i64(), Some(1), "{}", subj.text);
        assert_eq!(app.cases().await, 1);
        assert_eq!(app.db.store.channel_attachments(id).await.unwrap().len(), 6);
        // The same Message-ID again: nothing more.
        app.state.clock.advance(chrono::Duration::seconds(1));
        let (dup, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", reply.as_bytes(), EMAIL_SECRET).await;
        assert_eq!(dup.json()["duplicates"].as_i64(), Some(1));
        assert_eq!(app.db.store.channel_attachments(id).await.unwrap().len(), 6);
    }

    async fn a_reply_to_sigaps_own_email_joins_its_case(app: &App) {
        let r = router(app);
        let first = raw_email("awal@mail.contoh.id", None, "Anak terlantar", "Ada anak terlantar di terminal Baranangsiang, Kota Bogor.");
        let (ok, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", first.as_bytes(), EMAIL_SECRET).await;
        let ticket = ok.json()["tickets"][0].as_str().unwrap().to_owned();
        let case = case_by_ticket(app, &ticket).await;
        // The receipt goes to the reporter's address by e-mail, through the outbox.
        fill_outbox(app).await;
        let outbox = app.admin_get(&format!("/api/v1/notifications?case={}", case["id"].as_str().unwrap())).await.json();
        let receipt = outbox["items"].as_array().unwrap().iter().find(|n| n["channel"] == "email" && n["audience"] == "complainant").unwrap_or_else(|| panic!("{outbox}")).clone();
        assert!(receipt["subject"].as_str().unwrap().contains(&ticket));
        // The reporter answers that e-mail (its Message-ID is the notification's id) a day later.
        app.state.clock.advance(chrono::Duration::days(1));
        let id = receipt["id"].as_str().unwrap().replace('-', "");
        let reply = raw_email("balasan@mail.contoh.id", Some(&format!("{id}@kemensos.example")), "Re: Laporan", "Anaknya sudah dua hari di sana.");
        let (joined, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", reply.as_bytes(), EMAIL_SECRET).await;
        assert_eq!((joined.json()["joined"].as_i64(), joined.json()["tickets"][0].as_str()), (Some(1), Some(ticket.as_str())), "{}", joined.text);
        // Another address naming the ticket in its subject does not join it.
        let stranger = raw_email("orang-lain@mail.contoh.id", None, &format!("Re: {ticket}"), "Saya juga melihat anak itu.").replace("siti@contoh.id", "budi@contoh.id");
        let (own, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", stranger.as_bytes(), EMAIL_SECRET).await;
        assert_eq!(own.json()["created"].as_i64(), Some(1), "{}", own.text);
    }

    async fn an_email_without_the_relays_signature_is_refused(app: &App) {
        let r = router(app);
        let mail = raw_email("x-1@mail.contoh.id", None, "Aduan", "Ada anak terlantar di stasiun Bogor.");
        let (bad, _) = post_signed(app, &r, "/api/v1/channels/email", "message/rfc822", mail.as_bytes(), "bukan-rahasianya-0123").await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        let unsigned = Request::builder().method(Method::POST).uri("/api/v1/channels/email").header(header::CONTENT_TYPE, "message/rfc822").body(Body::from(mail.clone())).unwrap();
        assert_eq!(call(&r, unsigned).await.status, StatusCode::UNAUTHORIZED);
        let (wrong_type, _) = post_signed(app, &r, "/api/v1/channels/email", "text/plain", mail.as_bytes(), EMAIL_SECRET).await;
        assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        // Channels without a secret have no endpoint.
        let off = app.send(Method::POST, "/api/v1/channels/email", Some("x"), &[]).await;
        assert_eq!(off.status, StatusCode::NOT_FOUND);
        assert_eq!(app.cases().await, 0);
        let h = health(app, "email").await;
        assert_eq!((h["rejected"].as_i64(), h["last_error"].as_str()), (Some(2), Some("missing Sigap-Timestamp or Sigap-Signature")), "{h}");
    }

    async fn the_channels_health_counts_each_channel_for_administrators(app: &App) {
        let r = router(app);
        post_whatsapp(&r, &wa_text("wamid.H1", "Ada lansia terlantar di Kabupaten Bogor, mohon dibantu."), None).await;
        post_whatsapp(&r, &wa_text("wamid.H1", "Ada lansia terlantar di Kabupaten Bogor, mohon dibantu."), None).await;
        let all = app.admin_get("/api/v1/channels").await.json();
        let names: Vec<&str> = all.as_array().unwrap().iter().map(|c| c["channel"].as_str().unwrap()).collect();
        assert_eq!(names, ["whatsapp", "sms", "email"]);
        // The app's own router has no secrets: not set up.
        assert!(all.as_array().unwrap().iter().all(|c| c["configured"] == false && c["state"] == "belum_dikonfigurasi"), "{all}");
        let wa = &all[0];
        assert_eq!((wa["received"].as_i64(), wa["cases_created"].as_i64(), wa["duplicates"].as_i64()), (Some(1), Some(1), Some(1)), "{wa}");
        assert_eq!(wa["last_message_at"], "2026-11-23T02:00:00Z");
        assert_eq!(wa["endpoint"], "/api/v1/channels/whatsapp");
        // The configured view, through the channels' router.
        let r2 = call(&r, Request::builder().uri("/api/v1/channels").header("authorization", format!("Bearer {TOKEN}")).body(Body::empty()).unwrap()).await.json();
        assert_eq!((r2[0]["configured"].as_bool(), r2[0]["state"].as_str(), r2[1]["state"].as_str()), (Some(true), Some("aktif"), Some("menunggu")), "{r2}");
        assert!(!serde_json::to_string(&all).unwrap().contains("81234567890"));
        // The same figures on the administrators' page; other roles are refused.
        let (cookie, _) = app.session("kepala", "admin", &[]).await;
        let page = app.page(&cookie, "/staf/admin/kanal").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        assert!(page.text.contains("id=\"kanal-whatsapp\"") && page.text.contains("id=\"kanal-email\""), "{}", page.text);
        assert!(!page.text.contains("81234567890"));
        let (cookie, _) = app.session("pengawas", "supervisor", &[]).await;
        assert_eq!(app.page(&cookie, "/staf/admin/kanal").await.status, StatusCode::FORBIDDEN);
    }
}
