//! Every route of Sigap, in one place.

use std::time::Duration;

use axum::{
    Router,
    http::{HeaderValue, StatusCode, header},
    middleware,
    routing::{delete, get, post, put},
};
use tower_http::{
    catch_panic::CatchPanicLayer, set_header::SetResponseHeaderLayer, timeout::TimeoutLayer,
    trace::TraceLayer,
};

use crate::{
    AppState,
    api::v1::{
        assign, candidates, cases, channels, complaints, export, ingest, notifications, regions,
        reports, response, sentra, sla, sources, surges, surveys, tickets, users,
    },
    auth::login,
    error::ApiError,
    lapor, metrics, open311, ops, pages, survei, ui,
};

/// Pages may load only what Sigap serves itself; no inline script can run.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

pub fn build_router(state: AppState) -> Router {
    let api = Router::new()
        .route("/complaints", post(complaints::create_complaint))
        .route("/tickets/{ticket}", get(tickets::get_ticket))
        .route("/cases", get(cases::list_cases))
        .route("/cases/export.csv", get(export::export_cases))
        .route("/cases/{id}", get(cases::get_case))
        .route("/cases/{id}/response", get(response::get_response))
        .route("/cases/{id}/assessments", post(response::post_assessment))
        .route(
            "/cases/{id}/interventions",
            post(response::post_intervention),
        )
        .route("/sla/policy", get(sla::get_policy).put(sla::put_policy))
        .route("/calendar", get(sla::get_calendar))
        .route("/calendar/holidays", post(sla::add_holiday))
        .route("/calendar/holidays/{date}", delete(sla::remove_holiday))
        .route("/reports/kpi", get(reports::get_kpi))
        .route("/reports/daily", get(reports::get_daily))
        .route(
            "/surveys/{token}",
            get(surveys::get_survey).post(surveys::answer_survey),
        )
        .route("/cases/{id}/events", post(cases::post_case_event))
        .route("/cases/{id}/reassign", post(assign::reassign_case))
        .route("/cases/{id}/location", put(assign::update_case_location))
        .route("/sentra", get(sentra::list_sentra))
        .route(
            "/sentra/{id}",
            get(sentra::get_sentra).put(sentra::put_sentra),
        )
        .route(
            "/sentra/{id}/coverage",
            get(sentra::get_coverage).post(sentra::add_coverage_rule),
        )
        .route("/coverage/check", get(sentra::check_coverage))
        .route("/coverage/{rule}/end", post(sentra::end_coverage_rule))
        .route("/route", get(sentra::preview_route))
        .route(
            "/surges",
            get(surges::list_surges).post(surges::create_surge),
        )
        .route("/surges/{id}/end", post(surges::end_surge))
        .route(
            "/notification-targets",
            get(notifications::list_notification_targets)
                .post(notifications::add_notification_target),
        )
        .route(
            "/notification-targets/{id}",
            delete(notifications::remove_notification_target),
        )
        .route("/notifications", get(notifications::list_notifications))
        .route("/me", get(users::get_me))
        .route("/users", get(users::list_users).post(users::create_user))
        .route("/users/{id}", put(users::update_user))
        .route("/users/{id}/password", post(users::set_password))
        .route(
            "/users/{id}/tokens",
            get(users::list_tokens).post(users::create_token),
        )
        .route("/tokens/{id}", delete(users::revoke_token))
        .route("/audit", get(users::get_audit))
        .route(
            "/sources",
            get(sources::list_sources).post(sources::create_source),
        )
        .route("/sources/{id}", put(sources::update_source))
        .route("/candidates", get(candidates::list_candidates))
        .route("/candidates/{id}", get(candidates::get_candidate))
        .route(
            "/candidates/{id}/accept",
            post(candidates::accept_candidate),
        )
        .route("/candidates/{id}/merge", post(candidates::merge_candidate))
        .route(
            "/candidates/{id}/dismiss",
            post(candidates::dismiss_candidate),
        )
        .route(
            "/ingest/social",
            post(ingest::ingest_social)
                .layer(axum::extract::DefaultBodyLimit::max(ingest::BODY_LIMIT)),
        )
        .route(
            "/cases/{id}/attachments",
            get(channels::attachments::list_attachments),
        )
        .route(
            "/cases/{id}/attachments/{attachment}",
            get(channels::attachments::get_attachment),
        )
        .route("/channels", get(channels::list_channels))
        .route(
            "/channels/whatsapp",
            get(channels::whatsapp::verify_whatsapp)
                .post(channels::whatsapp::receive_whatsapp)
                .layer(axum::extract::DefaultBodyLimit::max(
                    channels::whatsapp::BODY_LIMIT,
                )),
        )
        .route(
            "/channels/sms",
            post(channels::sms::receive_sms).layer(axum::extract::DefaultBodyLimit::max(
                channels::sms::BODY_LIMIT,
            )),
        )
        .route(
            "/channels/email",
            post(channels::email::receive_email).layer(axum::extract::DefaultBodyLimit::max(
                state.channels.email_max_bytes,
            )),
        )
        .merge(regions::routes());

    // Open311 GeoReport v2: every resource as `.json` and `.xml`; the handler reads the format
    // from the suffix. Errors here are the spec's error array, not problem+json.
    let mut open311 = Router::new();
    for ext in ["json", "xml"] {
        open311 = open311
            .route(
                &format!("/discovery.{ext}"),
                get(open311::discovery::get_discovery),
            )
            .route(
                &format!("/v2/discovery.{ext}"),
                get(open311::discovery::get_discovery),
            )
            .route(
                &format!("/v2/services.{ext}"),
                get(open311::services::list_services),
            )
            .route(
                &format!("/v2/requests.{ext}"),
                get(open311::requests::list_requests).post(open311::requests::post_request),
            )
            .route(
                &format!("/v2/servicerequestupdates.{ext}"),
                get(open311::updates::list_updates),
            );
    }
    let open311 = open311
        .route(
            "/v2/services/{file}",
            get(open311::services::get_service_definition),
        )
        .route("/v2/requests/{file}", get(open311::requests::get_request))
        .route("/v2/tokens/{file}", get(open311::requests::get_token))
        .fallback(open311::not_found)
        .method_not_allowed_fallback(open311::method_not_allowed);

    Router::new()
        .nest("/api/v1", api)
        .nest("/open311", open311)
        .route("/", get(pages::home))
        .route("/masuk", get(login::login_form).post(login::login_submit))
        .route("/keluar", post(login::logout))
        .route(
            "/lapor",
            get(lapor::lapor_form).post(lapor::lapor_submit).layer(
                axum::extract::DefaultBodyLimit::max(state.config.body_limit),
            ),
        )
        .route("/lapor/terkirim", get(lapor::lapor_received))
        .route("/lapor/terkirim/{ticket}", get(lapor::lapor_receipt))
        .route("/lacak", get(pages::lacak_form))
        .route("/lacak/{ticket}", get(pages::lacak_ticket))
        .route(
            "/survei/{token}",
            get(survei::survey_form).post(survei::survey_submit),
        )
        .route("/static/sigap.css", get(pages::stylesheet))
        .route("/static/sigap.js", get(pages::script))
        .route("/staf", get(ui::staff::staff_home))
        .route("/bahasa", get(ui::staff::switch_language))
        .route("/staf/kasus", get(ui::cases::list_cases_page))
        .route(
            "/staf/aduan-baru",
            get(ui::intake::intake_form)
                .post(ui::intake::intake_submit)
                .layer(axum::extract::DefaultBodyLimit::max(
                    state.config.body_limit,
                )),
        )
        .route("/staf/kasus/{id}", get(ui::case_page::case_page))
        .route(
            "/staf/kasus/{id}/tindakan",
            post(ui::case_page::act_on_case),
        )
        .route(
            "/staf/kasus/{id}/alihkan",
            post(ui::case_page::reassign_on_page),
        )
        .route("/staf/kasus/{id}/hadir", get(ui::case_page::presence))
        .route(
            "/staf/kasus/{id}/asesmen",
            post(ui::case_page::assess_on_page),
        )
        .route(
            "/staf/kasus/{id}/intervensi",
            post(ui::case_page::intervene_on_page),
        )
        .route("/staf/admin", get(ui::admin::users))
        .route("/staf/admin/pengguna", post(ui::admin::add_user_form))
        .route(
            "/staf/admin/pengguna/{id}/aktif",
            post(ui::admin::toggle_user),
        )
        .route(
            "/staf/admin/pengguna/{id}/token",
            post(ui::admin::token_for_user),
        )
        .route("/staf/admin/sentra", get(ui::admin::sentra))
        .route(
            "/staf/admin/sla",
            get(ui::admin::sla).post(ui::admin::save_policy),
        )
        .route("/staf/admin/libur", post(ui::admin::add_holiday_form))
        .route("/staf/admin/audit", get(ui::admin::audit))
        .route(
            "/staf/admin/sumber",
            get(ui::sources::sources).post(ui::sources::add_source_form),
        )
        .route(
            "/staf/admin/sumber/{id}/aktif",
            post(ui::sources::toggle_source),
        )
        .route("/staf/admin/kanal", get(ui::channels::channels))
        .route("/staf/triase", get(ui::triage::triage_page))
        .route("/staf/triase/{id}/terima", post(ui::triage::accept_on_page))
        .route("/staf/triase/{id}/gabung", post(ui::triage::merge_on_page))
        .route("/staf/triase/{id}/tolak", post(ui::triage::dismiss_on_page))
        .route("/staf/dasbor", get(ui::dashboard::show_dashboard))
        .route("/staf/laporan-harian", get(ui::daily::show_daily_report))
        .route(
            "/staf/dasbor/provinsi/{code}",
            get(ui::dashboard::show_province),
        )
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback(|| async { ApiError::NotFound { what: "Alamat" } })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            use axum::response::IntoResponse;
            ApiError::Internal("a handler panicked".into()).into_response()
        }))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
