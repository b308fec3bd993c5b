//! Notifications end to end, on SQLite and PostgreSQL: cases moved through the API, the
//! notifier filling the outbox from their history, workers delivering to a real SMTP sink and
//! a real webhook receiver (`sinks.rs`), with the fixed clock moved by hand for retries.

use std::{collections::HashMap, sync::Arc, time::Duration as StdDuration};

use sigap_core::notify::{Audience, Notice, NoticeKind};
use sigap_server::jobs::{
    Shutdown,
    notify::{Notifier, NotifySettings, Worker},
};
use sigap_store::notifications::FillReport;

use super::{
    sinks::{Receiver, SmtpSink},
    *,
};

fn settings(smtp: Option<String>) -> Arc<NotifySettings> {
    Arc::new(NotifySettings {
        public_url: Some("https://sigap.example".into()),
        smtp_url: smtp,
        mail_from: "Sigap Kemensos <sigap@kemensos.example>".into(),
        instance: "test".into(),
        poll_interval: StdDuration::from_millis(10),
        batch: 4,
        workers: 1,
        max_attempts: 3,
        backoff_base: chrono::Duration::seconds(10),
        backoff_max: chrono::Duration::hours(1),
        jitter: false,
        timeout: StdDuration::from_secs(5),
    })
}

fn notifier(app: &App, s: &Arc<NotifySettings>) -> Notifier {
    Notifier::new(app.db.store.clone(), app.state.clock.clone(), s.clone())
}

/// Runs the notifier until it has read the whole history. On PostgreSQL an entry waits until
/// every older transaction on the server has ended (other tests' too), so one pass may not do.
async fn fill_all(app: &App, s: &Arc<NotifySettings>) -> FillReport {
    let n = notifier(app, s);
    let mut total = FillReport::default();
    let deadline = std::time::Instant::now() + StdDuration::from_secs(60);
    while std::time::Instant::now() < deadline {
        let r = n.fill_once().await.unwrap();
        total.events += r.events;
        total.queued += r.queued;
        total.unaddressed += r.unaddressed;
        if app.db.store.notifier_backlog().await.unwrap() == 0 {
            return total;
        }
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    panic!("the notifier did not catch up: {total:?}");
}

fn worker(app: &App, s: &Arc<NotifySettings>, name: &str) -> Worker {
    Worker::new(
        app.db.store.clone(),
        app.state.clock.clone(),
        s.clone(),
        name.into(),
    )
    .unwrap()
}

impl App {
    /// Adds a target through the API; returns its id and secret.
    async fn target(&self, body: Value) -> (String, Option<String>) {
        let r = self
            .admin_post("/api/v1/notification-targets", &body, &[])
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let v = r.json();
        (
            v["id"].as_str().unwrap().to_owned(),
            v["secret"].as_str().map(str::to_owned),
        )
    }

    /// Files a complaint; returns its id and ticket.
    async fn file(&self, body: &Value) -> (String, String) {
        let v = self.post("/api/v1/complaints", body).await.json();
        (
            v["id"].as_str().unwrap().to_owned(),
            v["ticket"].as_str().unwrap().to_owned(),
        )
    }

    async fn act(&self, id: &str, action: &str) {
        let r = self
            .admin_post(
                &format!("/api/v1/cases/{id}/events"),
                &json!({"action": action}),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }

    async fn outbox(&self, query: &str) -> Vec<Value> {
        let r = self
            .admin_get(&format!("/api/v1/notifications{query}"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        r.json()["items"].as_array().unwrap().clone()
    }

    /// Queues `n` direct messages to the supervisors about a new case.
    async fn supervisor_messages(&self, n: usize) {
        let (id, _) = self.file(&minimal()).await;
        let id = uuid::Uuid::parse_str(&id).unwrap();
        for i in 0..n {
            let notice = Notice {
                kind: NoticeKind::Message,
                audience: Audience::Supervisors,
                sentra: None,
                subject: format!("Pesan {i}"),
                text: format!("Isi pesan {i}"),
                link: None,
            };
            let queued = self
                .db
                .store
                .enqueue_notification(id, &notice, &format!("m{i}"), self.state.clock.now())
                .await
                .unwrap();
            assert_eq!(queued, 1);
        }
        // Again with the same keys: nothing more.
        let notice = Notice {
            kind: NoticeKind::Message,
            audience: Audience::Supervisors,
            sentra: None,
            subject: "x".into(),
            text: "x".into(),
            link: None,
        };
        assert_eq!(
            self.db
                .store
                .enqueue_notification(id, &notice, "m0", self.state.clock.now())
                .await
                .unwrap(),
            0
        );
    }
}

fn distinct_ids(hooks: &[super::sinks::Hook]) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for h in hooks {
        *seen.entry(h.delivery_id.clone()).or_default() += 1;
    }
    seen
}

api_tests! {
    async fn an_assigned_case_notifies_the_sentras_email_and_webhook_targets(app: &App) {
        let sink = SmtpSink::start().await;
        let rx = Receiver::start("").await;
        let s = settings(Some(sink.url()));
        let (id, ticket) = app.file(&minimal()).await;
        let sentra = app.admin_get(&format!("/api/v1/cases/{id}")).await.json()["sentra"]["id"].as_str().unwrap().to_owned();
        app.target(json!({"audience": "sentra", "sentra": sentra, "channel": "email", "address": "sentra@kemensos.example"})).await;
        let (_, secret) = app.target(json!({"audience": "sentra", "sentra": sentra, "channel": "webhook", "address": rx.url(), "label": "grup WA Sentra"})).await;
        rx.set_secret(secret.as_deref().unwrap());
        app.act(&id, "verifikasi").await;
        app.act(&id, "tugaskan").await;
        let report = fill_all(app, &s).await;
        assert_eq!((report.events, report.queued), (3, 2), "{report:?}");
        assert_eq!(fill_all(app, &s).await.events, 0, "the cursor moved");
        assert_eq!(worker(app, &s, "w").deliver_batch(None).await.unwrap(), 2);

        let mails = sink.mails();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].to, ["sentra@kemensos.example"]);
        assert_eq!(mails[0].from, "sigap@kemensos.example");
        assert!(mails[0].header("subject").unwrap().contains(&ticket), "{}", mails[0].data);
        assert!(mails[0].text().contains("Kasus ditugaskan ke Sentra Anda"), "{}", mails[0].data);
        let hooks = rx.hooks();
        assert_eq!(hooks.len(), 1);
        assert!(hooks[0].signature_ok);
        let body = &hooks[0].body;
        assert_eq!((body["schema"].as_str(), body["kind"].as_str(), body["audience"].as_str()),
                   (Some("sigap.notification.v1"), Some("case_assigned"), Some("sentra")));
        assert_eq!(body["case"]["ticket"], ticket.as_str());
        assert_eq!(body["sentra"]["id"], sentra.as_str());
        assert_eq!(body["id"].as_str(), Some(hooks[0].delivery_id.as_str()));

        let items = app.outbox(&format!("?case={id}")).await;
        assert_eq!(items.len(), 2);
        for n in &items {
            assert_eq!((n["status"].as_str(), n["attempts"].as_i64()), (Some("sent"), Some(1)), "{n}");
            assert_eq!(n["log"][0]["outcome"], "sent");
        }
        let mail_row = items.iter().find(|n| n["channel"] == "email").unwrap();
        assert!(mail_row["log"][0]["smtp_reply"].as_str().unwrap().starts_with("250"), "{mail_row}");
        let id_of_mail = mail_row["id"].as_str().unwrap().replace('-', "");
        assert_eq!(mails[0].header("message-id").unwrap(), format!("<{id_of_mail}@kemensos.example>"));
        let hook_row = items.iter().find(|n| n["channel"] == "webhook").unwrap();
        assert_eq!(hook_row["log"][0]["http_status"], 200);
    }

    async fn an_anonymous_or_unconsenting_complainant_gets_nothing(app: &App) {
        let rx = Receiver::start("rahasia-gateway-0123456789").await;
        let sink = SmtpSink::start().await;
        let s = settings(Some(sink.url()));
        app.target(json!({"audience": "complainant_phone", "channel": "webhook", "address": rx.url(), "secret": "rahasia-gateway-0123456789"})).await;
        let mut anonymous = minimal();
        anonymous["reporter"] = json!({"anonymous": true});
        let mut unconsenting = minimal();
        unconsenting["reporter"] = json!({"name": "Budi", "phone": "081298765432", "email": "budi@contoh.id", "consent_contact": false});
        for body in [anonymous, unconsenting] {
            let (id, _) = app.file(&body).await;
            app.act(&id, "verifikasi").await;
        }
        let report = fill_all(app, &s).await;
        assert_eq!((report.events, report.queued), (4, 0), "{report:?}");
        assert_eq!(worker(app, &s, "w").deliver_batch(None).await.unwrap(), 0);
        assert!(app.outbox("").await.is_empty());
        assert!(sink.mails().is_empty() && rx.hooks().is_empty());
    }

    async fn a_status_change_reaches_a_consenting_complainant_by_email_and_gateway(app: &App) {
        let rx = Receiver::start("rahasia-gateway-0123456789").await;
        let sink = SmtpSink::start().await;
        let s = settings(Some(sink.url()));
        app.target(json!({"audience": "complainant_phone", "channel": "webhook", "address": rx.url(), "secret": "rahasia-gateway-0123456789"})).await;
        let mut body = minimal();
        body["reporter"]["email"] = json!("siti@contoh.id");
        let (id, ticket) = app.file(&body).await;
        app.act(&id, "verifikasi").await;
        assert_eq!(fill_all(app, &s).await.queued, 4, "receipt and change, by e-mail and gateway");
        let w = worker(app, &s, "w");
        assert_eq!(w.deliver_batch(None).await.unwrap(), 4);
        let mails = sink.mails();
        assert_eq!(mails.len(), 2);
        assert!(mails.iter().all(|m| m.to == ["siti@contoh.id"]));
        let update = mails.iter().find(|m| m.text().contains("Laporan sudah diverifikasi")).expect("the status change by e-mail");
        assert!(update.text().contains(&format!("https://sigap.example/lacak/{ticket}")), "{}", update.data);
        assert_eq!(update.header("subject").unwrap(), format!("Laporan {ticket}: Laporan sudah diverifikasi"));
        let hooks = rx.hooks();
        assert_eq!(hooks.len(), 2);
        assert!(hooks.iter().all(|h| h.signature_ok && h.body["to"]["phone"] == "+6281234567890" && h.body["kind"] == "ticket_update"));
        assert!(hooks.iter().any(|h| h.body["text"].as_str().unwrap().contains("Laporan sudah diverifikasi")));
        // The outbox shows the complainant's address and number masked.
        let items = app.outbox("?status=sent").await;
        assert_eq!(items.len(), 4);
        let text = serde_json::to_string(&items).unwrap();
        assert!(!text.contains("siti@contoh.id") && !text.contains("81234567890"), "{text}");
    }

    async fn a_failing_receiver_is_retried_with_backoff_and_the_log_shows_both_attempts(app: &App) {
        let rx = Receiver::start("").await;
        let s = settings(None);
        let (_, secret) = app.target(json!({"audience": "supervisors", "channel": "webhook", "address": rx.url()})).await;
        rx.set_secret(secret.as_deref().unwrap());
        rx.script(&[(500, None)]);
        app.supervisor_messages(1).await;
        let w = worker(app, &s, "w");
        assert_eq!(w.deliver_batch(None).await.unwrap(), 1);
        let row = &app.outbox("").await[0];
        assert_eq!((row["status"].as_str(), row["log"][0]["outcome"].as_str(), row["log"][0]["http_status"].as_i64()),
                   (Some("pending"), Some("retry"), Some(500)));
        let first_try = app.state.clock.now();
        assert_eq!(row["next_attempt_at"], json!(first_try + chrono::Duration::seconds(10)), "{row}");
        assert_eq!(w.deliver_batch(None).await.unwrap(), 0, "not yet due");
        app.state.clock.advance(chrono::Duration::seconds(10));
        assert_eq!(w.deliver_batch(None).await.unwrap(), 1);
        let row = &app.outbox("").await[0];
        assert_eq!(row["status"], "sent");
        let log: Vec<(i64, String)> = row["log"].as_array().unwrap().iter()
            .map(|a| (a["attempt"].as_i64().unwrap(), a["outcome"].as_str().unwrap().to_owned())).collect();
        assert_eq!(log, [(1, "retry".to_owned()), (2, "sent".to_owned())]);
        let hooks = rx.hooks();
        assert_eq!(hooks.len(), 2);
        assert_eq!(hooks[0].delivery_id, hooks[1].delivery_id, "the delivery id is stable");
        assert_eq!((hooks[0].attempt.as_str(), hooks[1].attempt.as_str()), ("1", "2"));
        assert!(hooks.iter().all(|h| h.signature_ok));
    }

    async fn a_receiver_answering_429_with_retry_after_is_honoured(app: &App) {
        let rx = Receiver::start("").await;
        let s = settings(None);
        let (_, secret) = app.target(json!({"audience": "supervisors", "channel": "webhook", "address": rx.url()})).await;
        rx.set_secret(secret.as_deref().unwrap());
        rx.script(&[(429, Some("120"))]);
        app.supervisor_messages(1).await;
        let w = worker(app, &s, "w");
        let start = app.state.clock.now();
        assert_eq!(w.deliver_batch(None).await.unwrap(), 1);
        let row = &app.outbox("").await[0];
        assert_eq!(row["next_attempt_at"], json!(start + chrono::Duration::seconds(120)), "{row}");
        app.state.clock.advance(chrono::Duration::seconds(10));
        assert_eq!(w.deliver_batch(None).await.unwrap(), 0, "the backoff alone would allow it; the receiver asked for 120 s");
        app.state.clock.advance(chrono::Duration::seconds(110));
        assert_eq!(w.deliver_batch(None).await.unwrap(), 1);
        assert_eq!(app.outbox("").await[0]["status"], "sent");
    }

    async fn a_refusal_fails_at_once_and_a_receiver_that_keeps_failing_is_given_up(app: &App) {
        let rx = Receiver::start("").await;
        let s = settings(None);
        let (_, secret) = app.target(json!({"audience": "supervisors", "channel": "webhook", "address": rx.url()})).await;
        rx.set_secret(secret.as_deref().unwrap());
        rx.script(&[(400, None), (503, None), (503, None), (503, None)]);
        app.supervisor_messages(2).await;
        let w = worker(app, &s, "w");
        assert_eq!(w.deliver_batch(None).await.unwrap(), 2);
        for _ in 0..2 {
            app.state.clock.advance(chrono::Duration::minutes(5));
            assert_eq!(w.deliver_batch(None).await.unwrap(), 1);
        }
        app.state.clock.advance(chrono::Duration::hours(1));
        assert_eq!(w.deliver_batch(None).await.unwrap(), 0, "nothing left to try");
        let items = app.outbox("?status=failed").await;
        assert_eq!(items.len(), 2);
        let mut attempts: Vec<i64> = items.iter().map(|n| n["attempts"].as_i64().unwrap()).collect();
        attempts.sort();
        assert_eq!(attempts, [1, 3]);
        let given_up = items.iter().find(|n| n["attempts"] == 3).unwrap();
        assert!(given_up["last_error"].as_str().unwrap().starts_with("gave up after 3 attempts"), "{given_up}");
        assert_eq!(rx.hooks().len(), 4);
    }

    async fn a_restart_in_the_middle_of_a_batch_delivers_every_message_exactly_once(app: &App) {
        let rx = Receiver::start("").await;
        let s = settings(None);
        let (_, secret) = app.target(json!({"audience": "supervisors", "channel": "webhook", "address": rx.url()})).await;
        rx.set_secret(secret.as_deref().unwrap());
        app.supervisor_messages(6).await;
        rx.hold_request(2);
        let (stop, signal) = Shutdown::new();
        let first = tokio::spawn(worker(app, &s, "first").run(signal));
        rx.held().await;
        stop.send(true).unwrap();
        rx.release();
        first.await.unwrap();
        assert_eq!(rx.hooks().len(), 2, "the message in flight was finished, the rest of the batch given back");
        let pending = app.outbox("?status=pending").await;
        assert_eq!(pending.len(), 4);
        assert!(pending.iter().all(|n| n["attempts"] == 0 && n["log"].as_array().unwrap().is_empty()), "{pending:?}");

        let (stop, signal) = Shutdown::new();
        let second = tokio::spawn(worker(app, &s, "second").run(signal));
        rx.wait_for(6).await;
        stop.send(true).unwrap();
        second.await.unwrap();
        let seen = distinct_ids(&rx.hooks());
        assert_eq!(seen.len(), 6);
        assert!(seen.values().all(|n| *n == 1), "{seen:?}");
        assert_eq!(app.outbox("?status=sent").await.len(), 6);
    }

    async fn a_crash_after_sending_resends_once_after_the_lease_with_the_same_delivery_id(app: &App) {
        let rx = Receiver::start("").await;
        let s = settings(None);
        let (_, secret) = app.target(json!({"audience": "supervisors", "channel": "webhook", "address": rx.url()})).await;
        rx.set_secret(secret.as_deref().unwrap());
        app.supervisor_messages(1).await;
        rx.hold_request(1);
        let (_stop, signal) = Shutdown::new();
        let crashed = tokio::spawn(worker(app, &s, "crashed").run(signal));
        rx.held().await;
        crashed.abort(); // the process dies with the request sent and nothing recorded
        let _ = crashed.await;
        rx.release();
        let w = worker(app, &s, "after");
        assert_eq!(w.deliver_batch(None).await.unwrap(), 0, "the lease still holds");
        app.state.clock.advance(chrono::Duration::minutes(2));
        assert_eq!(w.deliver_batch(None).await.unwrap(), 1);
        let hooks = rx.hooks();
        assert_eq!(hooks.len(), 2);
        assert_eq!(hooks[0].delivery_id, hooks[1].delivery_id, "a receiver can drop the repeat");
        let row = &app.outbox("").await[0];
        assert_eq!((row["status"].as_str(), row["attempts"].as_i64(), row["log"].as_array().unwrap().len()), (Some("sent"), Some(2), 1));
    }

    async fn two_workers_at_once_never_deliver_one_message_twice(app: &App) {
        let rx = Receiver::start("").await;
        let s = Arc::new(NotifySettings { batch: 3, ..(*settings(None)).clone() });
        let (_, secret) = app.target(json!({"audience": "supervisors", "channel": "webhook", "address": rx.url()})).await;
        rx.set_secret(secret.as_deref().unwrap());
        app.supervisor_messages(30).await;
        let (stop, signal) = Shutdown::new();
        let a = tokio::spawn(worker(app, &s, "a").run(signal.clone()));
        let b = tokio::spawn(worker(app, &s, "b").run(signal));
        rx.wait_for(30).await;
        stop.send(true).unwrap();
        a.await.unwrap();
        b.await.unwrap();
        let seen = distinct_ids(&rx.hooks());
        assert_eq!((seen.len(), rx.hooks().len()), (30, 30), "{seen:?}");
        let sent = app.outbox("?status=sent&limit=100").await;
        assert_eq!(sent.len(), 30);
        assert!(sent.iter().all(|n| n["attempts"] == 1));
    }

    async fn targets_are_checked_kept_and_removed_by_the_administrator(app: &App) {
        let r = app.send(Method::GET, "/api/v1/notification-targets", None, &[]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let bad = app.admin_post("/api/v1/notification-targets", &json!({"audience": "sentra", "channel": "webhook", "address": "ftp://x"}), &[]).await;
        assert_eq!(bad.field_codes(), [("sentra".into(), "required".into()), ("address".into(), "invalid_url".into())]);
        let bad = app.admin_post("/api/v1/notification-targets", &json!({"audience": "complainant_phone", "channel": "email", "address": "a@b.id", "secret": "x"}), &[]).await;
        assert_eq!(bad.field_codes(), [("channel".into(), "webhook_required".into()), ("secret".into(), "secret_not_allowed".into())]);
        let bad = app.admin_post("/api/v1/notification-targets", &json!({"audience": "sentra", "sentra": "tidak-ada", "channel": "email", "address": "a@b.id"}), &[]).await;
        assert_eq!(bad.field_codes(), [("sentra".into(), "unknown_sentra".into())]);
        let rx = Receiver::start("").await;
        let body = json!({"audience": "supervisors", "channel": "webhook", "address": rx.url(), "secret": "rahasia-supervisor-0123"});
        let (id, secret) = app.target(body.clone()).await;
        assert_eq!(secret.as_deref(), Some("rahasia-supervisor-0123"));
        let again = app.admin_post("/api/v1/notification-targets", &body, &[]).await;
        assert_eq!((again.status, again.json()["code"].clone()), (StatusCode::CONFLICT, json!("target_exists")));
        let list = app.admin_get("/api/v1/notification-targets").await;
        assert!(!list.text.contains("rahasia"), "secrets are never listed: {}", list.text);
        assert_eq!(list.json()["items"][0]["signed"], true);
        // Removing a target cancels what was still waiting for it.
        app.supervisor_messages(1).await;
        let uri = format!("/api/v1/notification-targets/{id}");
        assert_eq!(app.send(Method::DELETE, &uri, None, &[("authorization", &format!("Bearer {TOKEN}"))]).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.send(Method::DELETE, &uri, None, &[("authorization", &format!("Bearer {TOKEN}"))]).await.status, StatusCode::NOT_FOUND);
        let cancelled = app.outbox("?status=cancelled").await;
        assert_eq!((cancelled.len(), cancelled[0]["last_error"].as_str()), (1, Some("target removed")));
        assert!(app.admin_get("/api/v1/notification-targets").await.json()["items"].as_array().unwrap().is_empty());
        let bad = app.admin_get("/api/v1/notifications?status=lost&case=x&limit=0").await;
        assert_eq!(bad.field_codes(), [("case".into(), "invalid_id".into()), ("status".into(), "unknown_delivery_status".into()), ("limit".into(), "out_of_range".into())]);
        assert_eq!(app.admin_get("/api/v1/notifications?colour=red").await.json()["code"], "invalid_query");
    }
}
