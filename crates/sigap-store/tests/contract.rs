//! The store contract: every operation, run on SQLite and on PostgreSQL alike.

#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use sigap_core::{
    Action, Category, Channel, ComplaintType, Nik, PhoneNumber, RegionCode, Status, Urgency,
    case::{EventKind, Location, NewCase, Person, Reporter},
    response::{AgencyKind, Intervention, InterventionType, Outcome, Referral},
    skm::SurveyAnswers,
    sla::{self, Policy, Stage},
};
use sigap_store::dashboard::{OpenCount, Period, PeriodCounts};
use sigap_store::reports::{KpiBy, KpiQuery};
use sigap_store::{
    ActionRequest, Backend, CaseFilter, NewCaseOutcome, Store, StoreError, testing::TestDb,
};

/// Writes each test twice: `<name>::sqlite` and `<name>::postgres`.
macro_rules! contract {
    ($(async fn $name:ident($store:ident: &Store) $body:block)+) => {$(
        mod $name {
            use super::*;
            async fn run($store: &Store) $body
            #[tokio::test]
            async fn sqlite() {
                let db = TestDb::sqlite().await.expect("sqlite test database");
                run(&db.store).await;
                db.cleanup().await;
            }
            #[tokio::test]
            async fn postgres() {
                let db = TestDb::postgres().await.expect(
                    "PostgreSQL test database (set SIGAP_TEST_POSTGRES_URL; these tests never skip)",
                );
                run(&db.store).await;
                db.cleanup().await;
            }
        }
    )+};
}

fn complaint(description: &str) -> NewCase {
    NewCase {
        channel: Channel::Web,
        complaint_type: ComplaintType::OrangRentan,
        reporter: Reporter {
            name: Some("Siti Aminah".into()),
            phone: Some(PhoneNumber::parse("081234567890").unwrap()),
            nik: Some(Nik::parse("3201055208900003").unwrap()),
            consent_contact: true,
            ..Reporter::default()
        },
        beneficiary: Some(Person {
            name: Some("Mbah Karsih".into()),
            age: Some(80),
            sex: Some(sigap_core::Sex::Perempuan),
        }),
        description: description.into(),
        location: Location {
            address: Some("Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor".into()),
            region: Some(RegionCode::parse("32.01").unwrap()),
            coordinates: None,
        },
        categories: vec![Category::Lansia, Category::FakirMiskin],
        urgency: Some(Urgency::High),
        confidential: false,
    }
}

fn at(day: u32, hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn act(action: Action) -> ActionRequest {
    ActionRequest::new(action, "operator-1")
}

#[test]
fn both_backends_embed_the_same_migration_versions() {
    let sqlite = Store::embedded_migrations(Backend::Sqlite);
    let postgres = Store::embedded_migrations(Backend::Postgres);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

contract! {
    async fn a_created_case_reads_back_with_its_people_and_history(store: &Store) {
        let outcome = store.create_case(&complaint("Nenek 80 tahun hidup sendiri."), None, None, "public", at(2, 3)).await.unwrap();
        let NewCaseOutcome::Created(created) = outcome else { panic!("expected a new case") };
        assert_eq!(created.ticket.as_str(), "SGP-2611-00001");
        let read = store.get_case(created.id).await.unwrap();
        assert_eq!(read, created);
        let people = read.people.unwrap();
        assert_eq!(people.reporter.nik.unwrap().expose(), "3201055208900003");
        assert_eq!(people.beneficiary.unwrap().age, Some(80));
        let history = store.case_events(created.id).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].to_status, Some(Status::Baru));
        assert_eq!(history[0].actor, "public");
    }

    async fn ticket_serials_count_per_month_in_wib(store: &Store) {
        let mut tickets = Vec::new();
        for when in [at(2, 3), at(3, 3), Utc.with_ymd_and_hms(2026, 11, 30, 18, 0, 0).unwrap()] {
            let c = store.create_case(&complaint("Laporan."), None, None, "public", when).await.unwrap();
            tickets.push(c.case().ticket.as_str().to_owned());
        }
        // 30 November 18:00 UTC is 1 December in WIB: a new month, a new serial.
        assert_eq!(tickets, ["SGP-2611-00001", "SGP-2611-00002", "SGP-2612-00001"]);
    }

    async fn the_same_idempotency_key_returns_the_same_case(store: &Store) {
        let new = complaint("Anak terlantar di terminal.");
        let first = store.create_case(&new, None, Some(("key-1", "hash-a")), "public", at(2, 3)).await.unwrap();
        let again = store.create_case(&new, None, Some(("key-1", "hash-a")), "public", at(2, 4)).await.unwrap();
        assert!(matches!(again, NewCaseOutcome::Replayed(_)));
        assert_eq!(first.case().id, again.case().id);
        assert_eq!(store.count_cases().await.unwrap(), 1);
        let other = store.create_case(&new, None, Some(("key-1", "hash-b")), "public", at(2, 5)).await;
        assert!(matches!(other, Err(StoreError::IdempotencyMismatch)), "{other:?}");
        assert_eq!(store.count_cases().await.unwrap(), 1);
    }

    async fn concurrent_complaints_get_distinct_tickets(store: &Store) {
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let key = format!("k{}", i % 20);
                store.create_case(&complaint("Banjir."), None, Some((&key, "h")), "public", at(2, 3)).await.unwrap().case().ticket.clone()
            }));
        }
        let mut tickets = Vec::new();
        for t in tasks {
            tickets.push(t.await.unwrap());
        }
        assert_eq!(store.count_cases().await.unwrap(), 20, "20 distinct keys, 20 cases");
        tickets.sort();
        tickets.dedup();
        assert_eq!(tickets.len(), 20);
    }

    async fn lists_filter_and_page_newest_first(store: &Store) {
        let mut ids = Vec::new();
        for day in 1..=7 {
            let mut c = complaint("Laporan warga.");
            if day % 2 == 0 {
                c.channel = Channel::Whatsapp;
                c.categories = vec![Category::Anak];
                c.location.region = Some(RegionCode::parse("73.07.01").unwrap());
            }
            ids.push(store.create_case(&c, None, None, "public", at(day, 1)).await.unwrap().case().id);
        }
        let all = CaseFilter::default();
        let first = store.list_cases(&all, 3, None).await.unwrap();
        assert_eq!(first.cases.iter().map(|c| c.id).collect::<Vec<_>>(), vec![ids[6], ids[5], ids[4]]);
        let second = store.list_cases(&all, 3, first.next).await.unwrap();
        assert_eq!(second.cases.iter().map(|c| c.id).collect::<Vec<_>>(), vec![ids[3], ids[2], ids[1]]);
        let third = store.list_cases(&all, 3, second.next).await.unwrap();
        assert_eq!(third.cases.len(), 1);
        assert!(third.next.is_none());

        let whatsapp = CaseFilter { channel: Some(Channel::Whatsapp), ..CaseFilter::default() };
        assert_eq!(store.list_cases(&whatsapp, 50, None).await.unwrap().cases.len(), 3);
        let anak = CaseFilter { category: Some(Category::Anak), ..CaseFilter::default() };
        let page = store.list_cases(&anak, 50, None).await.unwrap();
        assert_eq!(page.cases.len(), 3);
        assert_eq!(page.cases[0].categories, vec![Category::Anak]);
        let sulsel = CaseFilter { region: Some(RegionCode::parse("73").unwrap()), ..CaseFilter::default() };
        assert_eq!(store.list_cases(&sulsel, 50, None).await.unwrap().cases.len(), 3);
        let bogor = CaseFilter { region: Some(RegionCode::parse("32.01").unwrap()), ..CaseFilter::default() };
        assert_eq!(store.list_cases(&bogor, 50, None).await.unwrap().cases.len(), 4);
        let window = CaseFilter { from: Some(at(2, 0)), to: Some(at(4, 0)), ..CaseFilter::default() };
        assert_eq!(store.list_cases(&window, 50, None).await.unwrap().cases.len(), 2);
        let baru = CaseFilter { status: Some(Status::Selesai), ..CaseFilter::default() };
        assert!(store.list_cases(&baru, 50, None).await.unwrap().cases.is_empty());
    }

    async fn public_status_changes_are_status_steps_of_open_cases_only(store: &Store) {
        let open = store.create_case(&complaint("Lansia sakit."), None, None, "public", at(2, 3)).await.unwrap().case().clone();
        let mut secret = complaint("Korban kekerasan.");
        secret.confidential = true;
        let secret = store.create_case(&secret, None, None, "public", at(2, 3)).await.unwrap().case().id;
        store.apply_action(open.id, &act(Action::Verifikasi), at(2, 4)).await.unwrap();
        store.apply_action(secret, &act(Action::Verifikasi), at(2, 4)).await.unwrap();
        store.add_note(open.id, "operator-1", "Pelapor ditelepon", at(2, 5)).await.unwrap();
        store.apply_action(open.id, &act(Action::Tugaskan), at(3, 1)).await.unwrap();

        let day = store.public_status_changes(at(2, 0), at(3, 0), 100).await.unwrap();
        let steps: Vec<_> = day.iter().map(|c| (c.ticket.clone(), c.at, c.status)).collect();
        assert_eq!(steps, [(open.ticket.clone(), at(2, 3), Status::Baru), (open.ticket.clone(), at(2, 4), Status::Terverifikasi)]);
        let two = store.public_status_changes(at(2, 0), at(4, 0), 100).await.unwrap();
        assert_eq!(two.last().unwrap().status, Status::Ditugaskan);
        assert!(two.windows(2).all(|w| w[0].event_id < w[1].event_id));
        assert_eq!(store.public_status_changes(at(2, 0), at(4, 0), 1).await.unwrap().len(), 1);
        assert!(store.public_status_changes(at(3, 2), at(4, 0), 100).await.unwrap().is_empty());
    }

    async fn the_workflow_moves_a_case_and_keeps_every_step(store: &Store) {
        let id = store.create_case(&complaint("Lansia sakit."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        let mut when = at(2, 4);
        for action in [Action::Verifikasi, Action::Tugaskan, Action::Tangani] {
            store.apply_action(id, &act(action), when).await.unwrap();
            when += Duration::hours(1);
        }
        let mut close = act(Action::Selesaikan);
        let refused = store.apply_action(id, &close, when).await.unwrap_err();
        assert!(matches!(refused, StoreError::Refused { code: "outcome_required", .. }), "{refused:?}");
        close.outcome = Some(Outcome::Tertangani);
        let refused = store.apply_action(id, &close, when).await.unwrap_err();
        assert!(matches!(refused, StoreError::Refused { code: "intervention_required", .. }), "{refused:?}");
        let help = Intervention::parse(InterventionType::DukunganAksesibilitas, "Kursi roda", 1, Some("unit"), when.date_naive(), "Tim Sentra").unwrap();
        store.add_intervention(id, &help, "operator-1", Some(4), when).await.unwrap();
        store.apply_action(id, &close, when).await.unwrap();
        let case = store.get_case(id).await.unwrap();
        assert_eq!(case.status, Status::Selesai);
        assert_eq!(case.outcome, Some(Outcome::Tertangani));
        assert_eq!(case.version, 6);
        // The stage times the SLA clock and the KPIs read.
        let facts = store.sla_facts(id).await.unwrap();
        assert_eq!(facts.verified_at, Some(at(2, 4)));
        assert_eq!(facts.assigned_at, Some(at(2, 5)));
        assert_eq!(facts.responded_at, Some(at(2, 6)));
        assert_eq!(facts.closed_at, Some(at(2, 7)));
        let record = store.response_record(id).await.unwrap();
        assert_eq!(record.interventions.len(), 1);
        assert_eq!(record.interventions[0].record.description, "Kursi roda");
        let history = store.case_events(id).await.unwrap();
        let path: Vec<_> = history.iter().filter_map(|e| e.to_status).collect();
        assert_eq!(path, [Status::Baru, Status::Terverifikasi, Status::Ditugaskan, Status::Ditangani, Status::Selesai]);
        assert_eq!(history[5].from_status, Some(Status::Ditangani));
        assert_eq!(history[4].kind, EventKind::Intervened);
    }

    async fn a_move_the_workflow_forbids_changes_nothing(store: &Store) {
        let id = store.create_case(&complaint("Lansia."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        let err = store.apply_action(id, &act(Action::Selesaikan), at(2, 4)).await.unwrap_err();
        assert!(matches!(err, StoreError::Transition(_)), "{err:?}");
        assert_eq!(store.get_case(id).await.unwrap().version, 1);
        assert_eq!(store.case_events(id).await.unwrap().len(), 1);
    }

    async fn a_change_on_a_stale_copy_is_refused(store: &Store) {
        let id = store.create_case(&complaint("Lansia."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        let mut verify = act(Action::Verifikasi);
        verify.expected_version = Some(1);
        store.apply_action(id, &verify, at(2, 4)).await.unwrap();
        let mut stale = act(Action::Tolak);
        stale.expected_version = Some(1);
        stale.note = Some("bukan kewenangan".into());
        let err = store.apply_action(id, &stale, at(2, 5)).await.unwrap_err();
        assert!(matches!(err, StoreError::StaleVersion { current: 2 }), "{err:?}");
    }

    async fn a_duplicate_points_at_an_existing_case(store: &Store) {
        let a = store.create_case(&complaint("Banjir Bogor."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        let b = store.create_case(&complaint("Banjir Bogor juga."), None, None, "public", at(2, 4)).await.unwrap().case().id;
        let mut dup = act(Action::TandaiDuplikat);
        dup.duplicate_of = Some(uuid::Uuid::now_v7());
        assert!(matches!(store.apply_action(b, &dup, at(2, 5)).await, Err(StoreError::NotFound)));
        dup.duplicate_of = Some(a);
        let case = store.apply_action(b, &dup, at(2, 5)).await.unwrap();
        assert_eq!(case.status, Status::Duplikat);
        assert_eq!(case.duplicate_of, Some(a));
    }

    async fn history_is_append_only_in_the_database_itself(store: &Store) {
        let id = store.create_case(&complaint("Lansia."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        store.add_note(id, "operator-1", "Sudah ditelepon.", at(2, 4)).await.unwrap();
        let refused = match store {
            Store::Sqlite { write, .. } => sqlx::query("UPDATE case_events SET note = 'x'").execute(write).await.is_err(),
            Store::Postgres(pool) => sqlx::query("DELETE FROM case_events").execute(pool).await.is_err(),
        };
        assert!(refused, "the database must refuse to rewrite history");
        assert_eq!(store.case_events(id).await.unwrap().len(), 2);
    }

    async fn an_unknown_case_is_not_found(store: &Store) {
        let missing = uuid::Uuid::now_v7();
        assert!(matches!(store.get_case(missing).await, Err(StoreError::NotFound)));
        assert!(matches!(store.apply_action(missing, &act(Action::Verifikasi), at(2, 3)).await, Err(StoreError::NotFound)));
        assert!(matches!(store.add_note(missing, "x", "y", at(2, 3)).await, Err(StoreError::NotFound)));
    }

    async fn waiting_for_the_complainant_pauses_the_clock_once(store: &Store) {
        let id = store.create_case(&complaint("Lansia."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        let mut ask = act(Action::MintaTanggapan);
        ask.note = Some("Alamat lengkap?".into());
        let case = store.apply_action(id, &ask, at(2, 4)).await.unwrap();
        assert_eq!(case.waiting_since, Some(at(2, 4)));
        assert_eq!(case.status, Status::Baru);
        let again = store.apply_action(id, &ask, at(2, 5)).await.unwrap_err();
        assert!(matches!(again, StoreError::Refused { code: "already_waiting", .. }), "{again:?}");
        let case = store.apply_action(id, &act(Action::TanggapanDiterima), at(2, 9)).await.unwrap();
        assert_eq!(case.waiting_since, None);
        let facts = store.sla_facts(id).await.unwrap();
        assert_eq!(facts.pauses.len(), 1);
        assert_eq!(facts.pauses[0].to, Some(at(2, 9)));
        let not_waiting = store.apply_action(id, &act(Action::TutupOtomatis), at(2, 10)).await.unwrap_err();
        assert!(matches!(not_waiting, StoreError::Refused { code: "not_waiting", .. }), "{not_waiting:?}");
    }

    async fn a_referral_is_tracked_until_the_agency_takes_the_case(store: &Store) {
        let id = store.create_case(&complaint("Anak korban kekerasan."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        store.apply_action(id, &act(Action::Verifikasi), at(2, 4)).await.unwrap();
        let mut refer = act(Action::Rujuk);
        let refused = store.apply_action(id, &refer, at(2, 5)).await.unwrap_err();
        assert!(matches!(refused, StoreError::Refused { code: "referral_required", .. }), "{refused:?}");
        refer.referral = Some(Referral::parse(AgencyKind::UptdPpa, "UPTD PPA Kab. Bogor", None).unwrap());
        let case = store.apply_action(id, &refer, at(2, 5)).await.unwrap();
        assert_eq!(case.status, Status::Dirujuk);
        assert!(!case.status.is_closed());
        let case = store.apply_action(id, &act(Action::KonfirmasiRujukan), at(3, 5)).await.unwrap();
        assert_eq!(case.status, Status::Selesai);
        assert_eq!(case.outcome, Some(Outcome::Dirujuk));
        let facts = store.sla_facts(id).await.unwrap();
        assert_eq!(facts.referred_at, Some(at(2, 5)));
        assert_eq!(facts.referral_done_at, Some(at(3, 5)));
        assert_eq!(facts.responded_at, Some(at(2, 5)));
        let record = store.response_record(id).await.unwrap();
        assert_eq!(record.referrals[0].state, "diterima");
        assert_eq!(record.referrals[0].agency_name, "UPTD PPA Kab. Bogor");
    }

    async fn a_late_stage_escalates_once(store: &Store) {
        let id = store.create_case(&complaint("Lansia."), None, None, "public", at(2, 3)).await.unwrap().case().id;
        assert!(store.escalate(id, Stage::Verifikasi, "terlambat", at(9, 3)).await.unwrap());
        assert!(!store.escalate(id, Stage::Verifikasi, "terlambat", at(9, 4)).await.unwrap());
        assert!(store.escalate(id, Stage::Penyelesaian, "terlambat", at(9, 5)).await.unwrap());
        let escalations = store.case_events(id).await.unwrap().into_iter().filter(|e| e.kind == EventKind::Escalated).count();
        assert_eq!(escalations, 2);
    }

    async fn the_kpi_report_gives_exact_percentiles_shares_and_ikm(store: &Store) {
        let policy = Policy::default_policy();
        let calendar = sigap_core::calendar::Calendar::embedded();
        let mut web = complaint("Lansia.");
        web.channel = Channel::Web;
        web.urgency = Some(Urgency::Normal);
        let a = store.create_case(&web, None, None, "public", at(2, 3)).await.unwrap().case().id;
        let b = store.create_case(&web, None, None, "public", at(2, 3)).await.unwrap().case().id;
        let mut called = complaint("Lansia.");
        called.channel = Channel::Operator;
        let c = store.create_case(&called, None, None, "public", at(2, 3)).await.unwrap().case().id;
        store.apply_action(a, &act(Action::Verifikasi), at(2, 5)).await.unwrap();
        store.apply_action(b, &act(Action::Verifikasi), at(2, 7)).await.unwrap();
        store.apply_action(a, &act(Action::Tugaskan), at(2, 8)).await.unwrap();
        store.apply_action(a, &act(Action::Tangani), at(2, 8)).await.unwrap();
        let mut close = act(Action::Selesaikan);
        close.outcome = Some(Outcome::SudahDitanganiPihakLain);
        store.apply_action(a, &close, at(2, 13)).await.unwrap();
        for id in [a, b, c] {
            let eval = sla::evaluate(&policy, &store.sla_facts(id).await.unwrap(), calendar, at(2, 13));
            store.save_sla(id, &eval).await.unwrap();
        }
        assert!(store.create_survey(a, "hash-a", at(2, 13), at(30, 0)).await.unwrap());
        assert!(!store.create_survey(a, "hash-b", at(2, 14), at(30, 0)).await.unwrap());
        let answers = SurveyAnswers::parse(&[4, 4, 4, 4, 4, 4, 4, 4, 3]).unwrap();
        store.answer_survey("hash-a", &answers, Some("Cepat."), at(3, 0)).await.unwrap();
        let twice = store.answer_survey("hash-a", &answers, None, at(3, 1)).await.unwrap_err();
        assert!(matches!(twice, StoreError::Refused { code: "survey_answered", .. }), "{twice:?}");

        let q = KpiQuery { from: at(1, 0), to: at(5, 0), by: KpiBy::Channel, sentra: None, province: None, category: None, channel: None };
        let rows = store.kpi(&q).await.unwrap();
        let web = rows.iter().find(|r| r.key == "web").unwrap();
        assert_eq!((web.received, web.closed, web.backlog), (2, 1, 1));
        assert_eq!(web.verification.done, 2);
        assert_eq!(web.verification.median_secs, Some(2 * 3600));
        assert_eq!(web.verification.p90_secs, Some(4 * 3600));
        assert_eq!((web.verification.judged, web.verification.within_sla), (2, 2));
        assert_eq!(web.first_response.median_secs, Some(5 * 3600));
        assert_eq!(web.closure.median_secs, Some(10 * 3600));
        let ikm = web.ikm.as_ref().unwrap();
        assert_eq!(ikm.responses, 1);
        // (8 × 4 + 3) / 9 × 25 = 97.22, grade A.
        assert_eq!(ikm.converted_str(), "97.22");
        assert_eq!(ikm.grade_letter, 'A');
        let operator = rows.iter().find(|r| r.key == "operator").unwrap();
        assert_eq!((operator.received, operator.backlog, operator.verification.done), (1, 1, 0));
        assert_eq!(operator.verification.median_secs, None);
        // Narrowed to a category the cases lack: nothing.
        let none = KpiQuery { category: Some(Category::Anak), ..q.clone() };
        assert!(store.kpi(&none).await.unwrap().is_empty());

        // The export reads page by page, newest first.
        let first = store.export_page(&CaseFilter::default(), None, 2).await.unwrap();
        assert_eq!(first.len(), 2);
        let last = first.last().unwrap();
        let cursor = sigap_store::Cursor { created_at: last.created_at, id: last.id };
        let rest = store.export_page(&CaseFilter::default(), Some(cursor), 2).await.unwrap();
        assert_eq!(rest.len(), 1);
        let all: Vec<_> = first.iter().chain(&rest).map(|r| r.id).collect();
        assert!(all.contains(&a) && all.contains(&b) && all.contains(&c));
        let exported_a = first.iter().chain(&rest).find(|r| r.id == a).unwrap();
        assert_eq!(exported_a.categories.as_deref(), Some("fakir_miskin;lansia"));
        assert_eq!(exported_a.outcome.as_deref(), Some("sudah_ditangani_pihak_lain"));
    }

    async fn the_dashboard_counts_open_late_and_at_risk_cases_by_place_sentra_and_day(store: &Store) {
        let policy = Policy::default_policy();
        let calendar = sigap_core::calendar::Calendar::embedded();
        let place = |code: Option<&str>| Location {
            address: None,
            region: code.map(|c| RegionCode::parse(c).unwrap()),
            coordinates: None,
        };
        let new = |region: Option<&str>, channel: Channel, categories: Vec<Category>| {
            let mut c = complaint("Lansia.");
            c.location = place(region);
            c.channel = channel;
            c.categories = categories;
            c.urgency = Some(Urgency::Normal);
            c
        };
        // Monday 2 November 2026, 10:00 WIB; verification is due three working days later.
        let late = new(Some("32.01.01"), Channel::Web, vec![Category::Lansia, Category::FakirMiskin]);
        let risky = new(Some("32.73"), Channel::Web, vec![Category::Lansia]);
        let calm = new(Some("31.71"), Channel::Operator, vec![Category::Anak]);
        let nowhere = new(None, Channel::Whatsapp, vec![]);
        let closed = new(Some("32.01"), Channel::Web, vec![Category::Lansia]);
        let mut ids = Vec::new();
        for c in [&late, &risky, &calm, &nowhere, &closed] {
            ids.push(store.create_case(c, None, None, "public", at(2, 3)).await.unwrap().case().id);
        }
        let [late, risky, calm, nowhere, closed] = ids[..] else { unreachable!() };
        for (id, sentra) in [(late, "sentra-a"), (risky, "sentra-b"), (calm, "sentra-a"), (closed, "sentra-b")] {
            let assignment = sigap_core::case::Assignment {
                sentra: Some(sentra.into()),
                sentra_name: None,
                level: None,
                rule: None,
                explanation: "Uji.".into(),
                surge: None,
                decided_at: at(2, 3),
                cause: "reassigned".into(),
                by: "test".into(),
            };
            store.set_assignment(id, &assignment, None, None, None, at(2, 3)).await.unwrap();
        }
        for action in [Action::Verifikasi, Action::Tugaskan, Action::Tangani] {
            store.apply_action(closed, &act(action), at(2, 5)).await.unwrap();
        }
        let mut close = act(Action::Selesaikan);
        close.outcome = Some(Outcome::SudahDitanganiPihakLain);
        store.apply_action(closed, &close, at(2, 13)).await.unwrap();
        // Late on Friday, at risk on Wednesday afternoon, on track on Monday.
        for (id, when) in [(late, at(6, 3)), (risky, at(4, 12)), (calm, at(2, 4)), (nowhere, at(2, 4)), (closed, at(2, 13))] {
            let eval = sla::evaluate(&policy, &store.sla_facts(id).await.unwrap(), calendar, when);
            store.save_sla(id, &eval).await.unwrap();
        }

        let backlog = store.open_backlog(None, None).await.unwrap();
        let count = |open, at_risk, late| OpenCount { open, at_risk, late };
        assert_eq!(backlog.totals(), count(4, 1, 1));
        let provinces = backlog.by_province();
        assert_eq!(provinces["32"], count(2, 1, 1));
        assert_eq!(provinces["31"], count(1, 0, 0));
        assert_eq!(provinces[""], count(1, 0, 0));
        let regencies = backlog.in_province("32");
        assert_eq!(regencies.keys().collect::<Vec<_>>(), ["32.01", "32.73"]);
        assert_eq!(regencies["32.01"], count(1, 0, 1));
        let sentra = backlog.by_sentra();
        assert_eq!(sentra["sentra-a"], count(2, 0, 1));
        assert_eq!(sentra["sentra-b"], count(1, 1, 0));
        assert_eq!(sentra[""], count(1, 0, 0));
        let jabar = store.open_backlog(Some("32"), None).await.unwrap();
        assert_eq!(jabar.totals(), count(2, 1, 1));
        let scope = ["sentra-b".to_string()];
        let own = store.open_backlog(None, Some(&scope)).await.unwrap();
        assert_eq!(own.totals(), count(1, 1, 0));
        assert_eq!(store.open_backlog(None, Some(&[])).await.unwrap().totals(), count(0, 0, 0));

        let days = store.received(at(1, 0), at(30, 0), None).await.unwrap().per_day;
        let per = |g: &str| days.iter().find(|d| d.category == g).map(|d| (d.day.as_str(), d.cases));
        assert_eq!(per("lansia"), Some(("2026-11-02", 3)));
        assert_eq!(per("anak"), Some(("2026-11-02", 1)));
        assert_eq!(per(""), Some(("2026-11-02", 1)));
        assert_eq!(days.iter().map(|d| d.cases).sum::<u64>(), 6);
        assert!(store.received(at(3, 0), at(30, 0), None).await.unwrap() == Default::default());

        let channels = store.received(at(1, 0), at(30, 0), None).await.unwrap().per_channel;
        assert_eq!(channels, [("web".to_string(), 3), ("operator".to_string(), 1), ("whatsapp".to_string(), 1)]);
        let own_channels = store.received(at(1, 0), at(30, 0), Some(&scope)).await.unwrap().per_channel;
        assert_eq!(own_channels, [("web".to_string(), 2)]);

        let period = Period { from: at(1, 0), to: at(30, 0), today: at(2, 0) };
        let counts = store.period_counts(period, None).await.unwrap();
        assert_eq!(counts, PeriodCounts { new_today: 5, received: 5, closed: 1 });
        let later = Period { today: at(3, 0), ..period };
        assert_eq!(store.period_counts(later, Some(&scope)).await.unwrap(), PeriodCounts { new_today: 0, received: 2, closed: 1 });

        let at_risk = store.cases_at_risk(None, 20).await.unwrap();
        assert_eq!(at_risk.iter().map(|c| c.id).collect::<Vec<_>>(), [late, risky]);
        assert_eq!(at_risk[0].sla_state, "terlambat");
        assert_eq!(at_risk[0].region_code.as_deref(), Some("32.01.01"));
        assert_eq!(at_risk[0].sentra_id.as_deref(), Some("sentra-a"));
        assert_eq!(at_risk[0].due_at, Some(at(5, 3)));
        assert_eq!(store.cases_at_risk(Some(&scope), 20).await.unwrap().len(), 1);
        assert_eq!(store.cases_at_risk(None, 1).await.unwrap().len(), 1);
    }

    async fn the_dashboard_period_figures_equal_a_direct_count_after_every_kind_of_write(store: &Store) {
        // Through the intake (the batch writer on SQLite), groups in any order and twice…
        let with = |categories: Vec<Category>, channel: Channel| {
            let mut c = complaint("Lansia.");
            c.categories = categories;
            c.channel = channel;
            c
        };
        let mut ids = Vec::new();
        for (categories, channel, when) in [
            (vec![], Channel::Web, at(2, 3)),
            (vec![Category::Lansia], Channel::Web, at(2, 3)),
            (vec![Category::Lansia, Category::Anak, Category::Lansia], Channel::Whatsapp, at(2, 20)),
            (vec![Category::FakirMiskin], Channel::Operator, at(3, 3)),
        ] {
            ids.push(store.create_case(&with(categories, channel), None, None, "public", when).await.unwrap().case().id);
        }
        // …then written to `case_categories` directly, as an edit or an import would: a group
        // added, one changed, one removed.
        let statements: [(&str, uuid::Uuid); 3] = [
            ("INSERT INTO case_categories (case_id, category) VALUES ($1, 'disabilitas')", ids[0]),
            ("UPDATE case_categories SET category = 'napza' WHERE case_id = $1", ids[3]),
            ("DELETE FROM case_categories WHERE case_id = $1 AND category = 'lansia'", ids[2]),
        ];
        for (sql, id) in statements {
            match store {
                Store::Sqlite { write, .. } => drop(sqlx::query(sql).bind(id).execute(write).await.unwrap()),
                Store::Postgres(pool) => drop(sqlx::query(sql).bind(id).execute(pool).await.unwrap()),
            }
        }
        let read = "SELECT c.id, c.categories, cc.category FROM cases c \
                    LEFT JOIN case_categories cc ON cc.case_id = c.id ORDER BY c.id, cc.category";
        let rows: Vec<(uuid::Uuid, String, Option<String>)> = match store {
            Store::Sqlite { write, .. } => sqlx::query_as(read).fetch_all(write).await.unwrap(),
            Store::Postgres(pool) => sqlx::query_as(read).fetch_all(pool).await.unwrap(),
        };
        let mut table: std::collections::BTreeMap<uuid::Uuid, (String, Vec<String>)> = Default::default();
        for (id, column, category) in rows {
            let entry = table.entry(id).or_insert((column, Vec::new()));
            entry.1.extend(category);
        }
        // The column holds exactly the table's groups, sorted.
        for (id, (column, groups)) in &table {
            assert_eq!(column, &groups.join(","), "case {id}");
        }
        assert_eq!(table[&ids[0]].1, ["disabilitas"]);
        assert_eq!(table[&ids[2]].1, ["anak"]);
        assert_eq!(table[&ids[3]].1, ["napza"]);

        // The chart's counts equal a count over the table, day by day (WIB) and group.
        let days = store.received(at(1, 0), at(30, 0), None).await.unwrap().per_day;
        let got: Vec<(&str, &str, u64)> = days.iter().map(|d| (d.day.as_str(), d.category.as_str(), d.cases)).collect();
        assert_eq!(
            got,
            [
                ("2026-11-02", "disabilitas", 1),
                ("2026-11-02", "lansia", 1),
                ("2026-11-03", "anak", 1),
                ("2026-11-03", "napza", 1),
            ]
        );
        let scope = ["nowhere".to_string()];
        assert!(store.received(at(1, 0), at(30, 0), Some(&scope)).await.unwrap() == Default::default());
        let channels = store.received(at(1, 0), at(30, 0), None).await.unwrap().per_channel;
        assert_eq!(channels, [("web".to_string(), 2), ("operator".to_string(), 1), ("whatsapp".to_string(), 1)]);

        // The dashboard's KPI counts are the report's, without its percentiles.
        for by in [KpiBy::Sentra, KpiBy::Category, KpiBy::Day] {
            let q = KpiQuery { from: at(1, 0), to: at(30, 0), by, sentra: None, province: None, category: None, channel: None };
            let full = store.kpi(&q).await.unwrap();
            let counts = store.kpi_counts(&q).await.unwrap();
            assert_eq!(full.len(), counts.len(), "{by:?}");
            for (f, c) in full.iter().zip(&counts) {
                assert_eq!((&f.key, f.received, f.closed, f.late), (&c.key, c.received, c.closed, c.late));
                assert_eq!(f.first_response.within_sla, c.first_response.within_sla);
                assert_eq!(c.first_response.median_secs, None);
            }
        }
    }
}

contract! {
    async fn kpi_months_and_years_are_wib_ones_at_their_edges(store: &Store) {
        // 23:59 WIB on 31 January, 00:00 WIB on 1 February, 00:30 WIB on 1 January 2027,
        // 23:00 WIB on 28 February (a short month), 00:00 WIB on 1 March.
        let times = [(2026, 1, 31, 16, 59), (2026, 1, 31, 17, 0), (2026, 12, 31, 17, 30), (2026, 2, 28, 16, 0), (2026, 2, 28, 17, 0)];
        for (i, (y, m, d, h, min)) in times.into_iter().enumerate() {
            let when = Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap();
            store.create_case(&complaint(&format!("Laporan batas {i}.")), None, None, "public", when).await.unwrap();
        }
        // From 1 January 2026 to 31 January 2027, both in WIB.
        let from = Utc.with_ymd_and_hms(2025, 12, 31, 17, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 1, 31, 17, 0, 0).unwrap();
        let report = |by: KpiBy| async move {
            let q = KpiQuery { from, to, by, sentra: None, province: None, category: None, channel: None };
            let rows = store.kpi(&q).await.unwrap();
            let counts = store.kpi_counts(&q).await.unwrap();
            assert_eq!(rows.iter().map(|r| (r.key.clone(), r.received)).collect::<Vec<_>>(),
                counts.iter().map(|r| (r.key.clone(), r.received)).collect::<Vec<_>>(), "{by:?}");
            rows.into_iter().map(|r| (r.key, r.received)).collect::<Vec<_>>()
        };
        let months = report(KpiBy::Month).await;
        assert_eq!(months, [("2026-01".into(), 1), ("2026-02".into(), 2), ("2026-03".into(), 1), ("2027-01".into(), 1)]);
        assert_eq!(report(KpiBy::Year).await, [("2026".into(), 4), ("2027".into(), 1)]);
        // The same months as the days (each row's own time formatted in WIB) add up to.
        let mut from_days: Vec<(String, u64)> = Vec::new();
        for (day, n) in report(KpiBy::Day).await {
            match from_days.last_mut() {
                Some((m, total)) if *m == day[..7] => *total += n,
                _ => from_days.push((day[..7].to_string(), n)),
            }
        }
        assert_eq!(from_days, months);
        // A period that starts and ends inside one month has that month alone.
        let q = KpiQuery { from: at(2, 0), to: at(20, 0), by: KpiBy::Month, sentra: None, province: None, category: None, channel: None };
        assert!(store.kpi(&q).await.unwrap().is_empty());
        store.create_case(&complaint("Laporan November."), None, None, "public", at(10, 3)).await.unwrap();
        let rows = store.kpi(&q).await.unwrap();
        assert_eq!(rows.iter().map(|r| (r.key.as_str(), r.received)).collect::<Vec<_>>(), [("2026-11", 1)]);
    }
}

/// The history entries a planner was shown.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<i64>>>;

/// The notifier's planner for these tests: records every history entry it is shown.
fn recorder() -> (
    Seen,
    impl Fn(&sigap_core::notify::EventFacts<'_>) -> Vec<sigap_core::notify::Notice> + Send + Sync,
) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = seen.clone();
    (seen, move |facts: &sigap_core::notify::EventFacts<'_>| {
        kept.lock().unwrap().push(facts.event.id);
        Vec::new()
    })
}

contract! {
    async fn the_notifier_reads_each_history_entry_once_in_batches(store: &Store) {
        let (seen, plan) = recorder();
        for i in 0..5 {
            store.create_case(&complaint(&format!("Laporan {i}.")), None, None, "public", at(2, 3)).await.unwrap();
        }
        assert_eq!(store.notifier_backlog().await.unwrap(), 5);
        // On PostgreSQL a pass reads only entries older than every transaction still open in
        // the cluster (other tests' included), so the wait is bounded by time, not by passes.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if store.notifier_backlog().await.unwrap() == 0 { break }
            let r = store.fill_outbox(2, at(2, 4), &plan).await.unwrap();
            assert!(r.events <= 2, "a pass reads at most its limit");
            if r.events == 0 {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
        assert_eq!(store.notifier_backlog().await.unwrap(), 0);
        let seen = seen.lock().unwrap().clone();
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!((seen.len(), sorted.len()), (5, 5), "{seen:?}");
    }
}

/// PostgreSQL hands out history ids before commit: an entry whose transaction commits after a
/// later entry's must still reach the notifier, once.
#[tokio::test]
async fn a_history_entry_whose_transaction_commits_late_is_not_passed_over() {
    let db = TestDb::postgres()
        .await
        .expect("PostgreSQL test database (never skipped)");
    let Store::Postgres(pool) = &db.store else {
        unreachable!()
    };
    let store = &db.store;
    let (seen, plan) = recorder();
    let first = store
        .create_case(
            &complaint("Laporan pertama."),
            None,
            None,
            "public",
            at(2, 3),
        )
        .await
        .unwrap()
        .case()
        .id;
    // A writer takes the next id and keeps its transaction open…
    let mut late = pool.begin().await.unwrap();
    let late_id: i64 = sqlx::query_scalar(
        "INSERT INTO case_events (case_id, at, actor, kind, note) VALUES ($1, now(), 'operator-1', 'note', 'lambat') RETURNING id",
    )
    .bind(first)
    .fetch_one(&mut *late)
    .await
    .unwrap();
    // …while another commits an entry with a higher id.
    store
        .create_case(&complaint("Laporan kedua."), None, None, "public", at(2, 4))
        .await
        .unwrap();
    // xmin is cluster-wide: another test's open transaction may hold entries back a moment,
    // but never the late one or one written after it.
    store.fill_outbox(100, at(2, 5), &plan).await.unwrap();
    assert!(
        seen.lock().unwrap().len() <= 1,
        "only the entry older than every running transaction"
    );
    assert!(!seen.lock().unwrap().contains(&late_id));
    late.commit().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if store.notifier_backlog().await.unwrap() == 0 {
            break;
        }
        store.fill_outbox(100, at(2, 6), &plan).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen.contains(&late_id), "{seen:?}");
    assert_eq!(
        store
            .fill_outbox(100, at(2, 7), &plan)
            .await
            .unwrap()
            .events,
        0
    );
    db.cleanup().await;
}

/// A case routed to `sentra` (the store keeps whatever it is given).
fn routed_to(sentra: &str) -> sigap_core::case::Assignment {
    sigap_core::case::Assignment {
        sentra: Some(sentra.into()),
        sentra_name: None,
        level: None,
        rule: None,
        explanation: "uji".into(),
        surge: None,
        decided_at: at(1, 0),
        cause: "created".into(),
        by: "system".into(),
    }
}

async fn search(store: &Store, filter: CaseFilter) -> Vec<uuid::Uuid> {
    store
        .list_cases(&filter, 50, None)
        .await
        .unwrap()
        .cases
        .iter()
        .map(|c| c.id)
        .collect()
}

fn q(text: &str) -> CaseFilter {
    CaseFilter {
        q: Some(text.into()),
        search_personal: true,
        ..CaseFilter::default()
    }
}

contract! {
    async fn full_text_search_finds_words_names_tickets_and_places(store: &Store) {
        let roof = store.create_case(&complaint("Atap rumah roboh diterjang angin puting beliung."), None, None, "public", at(2, 1)).await.unwrap().case().clone();
        let mut other = complaint("Anak terlantar di terminal bus, tidak bersekolah.");
        other.reporter.name = Some("Budi Santoso".into());
        other.beneficiary = None;
        other.location.address = Some("Jalan Melati 5, Makassar".into());
        let child = store.create_case(&other, None, None, "public", at(2, 2)).await.unwrap().case().clone();

        assert_eq!(search(store, q("roboh")).await, vec![roof.id], "a word of the description");
        assert_eq!(search(store, q("ROBOH angin")).await, vec![roof.id], "every word, any case");
        assert_eq!(search(store, q("terlan")).await, vec![child.id], "the last word as a prefix");
        assert_eq!(search(store, q("karsih")).await, vec![roof.id], "the beneficiary's name");
        assert_eq!(search(store, q("Budi Santoso")).await, vec![child.id], "the reporter's name");
        assert_eq!(search(store, q("melati")).await, vec![child.id], "the address");
        assert_eq!(search(store, q(child.ticket.as_str())).await, vec![child.id], "the ticket");
        assert!(search(store, q("roboh terminal")).await.is_empty(), "all words must occur");
        assert_eq!(search(store, q("  ")).await.len(), 2, "no word does not narrow");

        // A role that may not see personal data finds by ticket only.
        let blind = |text: &str| CaseFilter { search_personal: false, ..q(text) };
        assert!(search(store, blind("Budi Santoso")).await.is_empty(), "no name");
        assert!(search(store, blind("roboh")).await.is_empty(), "no description");
        assert!(search(store, blind("melati")).await.is_empty(), "no address");
        assert_eq!(search(store, blind(child.ticket.as_str())).await, vec![child.id]);
        let serial = child.ticket.as_str().rsplit('-').next().unwrap().to_owned();
        assert_eq!(search(store, blind(&serial[..3])).await.len(), 2, "a ticket's start");
    }

    async fn postgres_search_stems_indonesian_words(store: &Store) {
        let id = store.create_case(&complaint("Keluarga ini membutuhkan bantuan pangan segera."), None, None, "public", at(2, 1)).await.unwrap().case().id;
        // SQLite's tokenizer does not stem: only the same word (or its start) is found there.
        let expected = if matches!(store, Store::Postgres(_)) { vec![id] } else { Vec::new() };
        assert_eq!(search(store, q("bantuannya")).await, expected);
        assert_eq!(search(store, q("bantuan")).await, vec![id]);
    }

    async fn no_search_text_is_an_error(store: &Store) {
        store.create_case(&complaint("Lansia sakit sendirian di rumah."), None, None, "public", at(2, 1)).await.unwrap();
        for nasty in ["\"", "\"\"", "*", "lansia*", "NEAR(", "NEAR(lansia sakit, 2)", "'", "')", ")", "(", "-", "lansia -sakit",
                      "sakit OR lansia", "AND", "NOT lansia", "lansia:*", "a & b | !c", "\\", "{ } [ ] ^ :", "¹²³", "😀 lansia", "description:lansia", "%_"] {
            let found = store.list_cases(&q(nasty), 50, None).await;
            assert!(found.is_ok(), "{nasty:?}: {found:?}");
            let exported = store.export_page(&q(nasty), None, 10).await;
            assert!(exported.is_ok(), "{nasty:?}: {exported:?}");
        }
    }

    async fn search_and_scope_narrow_together(store: &Store) {
        let mine = store.create_case(&complaint("Lansia sakit di desa."), Some(&routed_to("sentra-a")), None, "public", at(2, 1)).await.unwrap().case().id;
        store.create_case(&complaint("Lansia sakit di kota."), Some(&routed_to("sentra-b")), None, "public", at(2, 2)).await.unwrap();
        store.create_case(&complaint("Anak hilang di desa."), Some(&routed_to("sentra-a")), None, "public", at(2, 3)).await.unwrap();
        let filter = CaseFilter { scope: Some(vec!["sentra-a".into()]), ..q("lansia") };
        assert_eq!(search(store, filter).await, vec![mine]);
        assert_eq!(search(store, q("lansia")).await.len(), 2);
    }
}

contract! {
    async fn a_channel_message_is_taken_once_and_finds_its_conversation_and_thread(store: &Store) {
        use sigap_store::channels::{ChannelEvent, Claim, InboundMessage, NewAttachment};
        let case = store.create_case(&complaint("Nenek sakit, tinggal sendiri."), None, None, "kanal-whatsapp", at(2, 3)).await.unwrap().case().clone();
        let m = InboundMessage { channel: Channel::Whatsapp, provider_id: "wamid.1", sender_hash: "h1", thread_ref: Some("a@contoh.id"), kind: "text" };
        let Claim::New(row) = store.claim_channel_message(&m, at(2, 3)).await.unwrap() else { panic!("new") };
        assert_eq!(store.claim_channel_message(&m, at(2, 3)).await.unwrap(), Claim::Duplicate(None), "unsettled");
        store.settle_channel_message(row, case.id, false).await.unwrap();
        assert_eq!(store.claim_channel_message(&m, at(2, 4)).await.unwrap(), Claim::Duplicate(Some(case.id)));
        // The same id on another channel is another message.
        let sms = InboundMessage { channel: Channel::Sms, ..m.clone() };
        assert!(matches!(store.claim_channel_message(&sms, at(2, 4)).await.unwrap(), Claim::New(_)));

        assert_eq!(store.open_conversation(Channel::Whatsapp, "h1", at(2, 2)).await.unwrap(), Some(case.id));
        assert_eq!(store.open_conversation(Channel::Whatsapp, "h1", at(2, 4)).await.unwrap(), None, "outside the window");
        assert_eq!(store.open_conversation(Channel::Whatsapp, "h2", at(2, 2)).await.unwrap(), None, "another sender");
        assert_eq!(store.case_by_thread(&["x@y".into(), "a@contoh.id".into()]).await.unwrap(), Some(case.id));
        assert_eq!(store.case_by_thread(&[]).await.unwrap(), None);
        let reject = ActionRequest { note: Some("Bukan kewenangan Kemensos.".into()), ..act(Action::Tolak) };
        store.apply_action(case.id, &reject, at(2, 5)).await.unwrap();
        assert_eq!(store.open_conversation(Channel::Whatsapp, "h1", at(2, 2)).await.unwrap(), None, "a closed case is no conversation");

        let a = NewAttachment { filename: Some("foto.jpg".into()), content_type: Some("image/jpeg".into()), size_bytes: 3, content: Some(vec![1, 2, 3]), ..NewAttachment::default() };
        let id = store.add_channel_attachment(row, case.id, &a, at(2, 3)).await.unwrap();
        let listed = store.channel_attachments(case.id).await.unwrap();
        assert_eq!((listed.len(), listed[0].stored, listed[0].size_bytes), (1, true, 3));
        assert_eq!(store.channel_attachment_content(case.id, id).await.unwrap().2, [1, 2, 3]);
        assert!(matches!(store.channel_attachment_content(uuid::Uuid::nil(), id).await, Err(StoreError::NotFound)));

        assert!(store.take_channel_nonce(Channel::Sms, "sig-1", at(2, 3)).await.unwrap());
        assert!(!store.take_channel_nonce(Channel::Sms, "sig-1", at(2, 3)).await.unwrap());
        assert!(store.take_channel_nonce(Channel::Email, "sig-1", at(2, 3)).await.unwrap());

        store.count_channel_event(Channel::Whatsapp, ChannelEvent::Created, None, at(2, 3)).await.unwrap();
        store.count_channel_event(Channel::Whatsapp, ChannelEvent::Duplicate, None, at(2, 3)).await.unwrap();
        store.count_channel_event(Channel::Whatsapp, ChannelEvent::Rejected, Some("bad signature"), at(2, 4)).await.unwrap();
        let h = store.channel_health().await.unwrap();
        assert_eq!(h.iter().map(|c| c.channel.as_str()).collect::<Vec<_>>(), ["whatsapp", "sms", "email"]);
        assert_eq!((h[0].received, h[0].cases_created, h[0].duplicates, h[0].rejected), (1, 1, 1, 1));
        assert_eq!((h[0].last_message_at, h[0].last_error.as_deref(), h[0].last_error_at), (Some(at(2, 3)), Some("bad signature"), Some(at(2, 4))));
    }
}
