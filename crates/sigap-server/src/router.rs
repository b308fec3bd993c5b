//! Every route of Sigap, in one place.

use std::time::Duration;

use axum::{
    Router,
    http::{HeaderValue, StatusCode, header},
    middleware,
    routing::{get, post},
};
use tower_http::{
    catch_panic::CatchPanicLayer, set_header::SetResponseHeaderLayer, timeout::TimeoutLayer,
    trace::TraceLayer,
};
use utoipa_axum::{
    router::{OpenApiRouter, UtoipaMethodRouter},
    routes,
};

use crate::{
    AppState,
    api::v1::{
        assign, candidates, cases, channels, complaints, export, ingest, notifications, regions,
        reports, response, sentra, sla, sources, surges, surveys, tickets, users,
    },
    auth::login,
    error::ApiError,
    lapor, metrics, open311, openapi, ops, pages, survei, ui,
};

/// Pages may load only what Sigap serves itself; no inline script can run.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The body limits that some routes carry (they come from the configuration).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// JSON bodies and forms (`ServerConfig::body_limit`).
    pub body_limit: usize,
    /// Raw e-mail messages (`ChannelSettings::email_max_bytes`).
    pub email_max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_limit: crate::ServerConfig::default().body_limit,
            email_max_bytes: crate::inbound::ChannelSettings::default().email_max_bytes,
        }
    }
}

/// `r` with a body limit of its own.
fn limited(r: UtoipaMethodRouter<AppState>, max: usize) -> UtoipaMethodRouter<AppState> {
    let (schemas, paths, method_router) = r;
    (
        schemas,
        paths,
        method_router.layer(axum::extract::DefaultBodyLimit::max(max)),
    )
}

/// The API (`/api/v1`) and the operations routes, each registered with its OpenAPI
/// documentation: the router, and what utoipa-axum collected from it.
pub fn documented_routes(limits: &Limits) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let api = OpenApiRouter::new()
        .routes(routes!(complaints::create_complaint))
        .routes(routes!(tickets::get_ticket))
        .routes(routes!(cases::list_cases))
        .routes(routes!(export::export_cases))
        .routes(routes!(cases::get_case))
        .routes(routes!(response::get_response))
        .routes(routes!(response::post_assessment))
        .routes(routes!(response::post_intervention))
        .routes(routes!(sla::get_policy, sla::put_policy))
        .routes(routes!(sla::get_calendar))
        .routes(routes!(sla::add_holiday))
        .routes(routes!(sla::remove_holiday))
        .routes(routes!(reports::get_kpi))
        .routes(routes!(reports::get_daily))
        .routes(routes!(surveys::get_survey, surveys::answer_survey))
        .routes(routes!(cases::post_case_event))
        .routes(routes!(assign::reassign_case))
        .routes(routes!(assign::update_case_location))
        .routes(routes!(sentra::list_sentra))
        .routes(routes!(sentra::get_sentra, sentra::put_sentra))
        .routes(routes!(sentra::get_coverage, sentra::add_coverage_rule))
        .routes(routes!(sentra::check_coverage))
        .routes(routes!(sentra::end_coverage_rule))
        .routes(routes!(sentra::preview_route))
        .routes(routes!(surges::list_surges, surges::create_surge))
        .routes(routes!(surges::end_surge))
        .routes(routes!(
            notifications::list_notification_targets,
            notifications::add_notification_target
        ))
        .routes(routes!(notifications::remove_notification_target))
        .routes(routes!(notifications::list_notifications))
        .routes(routes!(users::get_me))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::update_user))
        .routes(routes!(users::set_password))
        .routes(routes!(users::list_tokens, users::create_token))
        .routes(routes!(users::revoke_token))
        .routes(routes!(users::get_audit))
        .routes(routes!(sources::list_sources, sources::create_source))
        .routes(routes!(sources::update_source))
        .routes(routes!(candidates::list_candidates))
        .routes(routes!(candidates::get_candidate))
        .routes(routes!(candidates::accept_candidate))
        .routes(routes!(candidates::merge_candidate))
        .routes(routes!(candidates::dismiss_candidate))
        .routes(limited(routes!(ingest::ingest_social), ingest::BODY_LIMIT))
        .routes(routes!(channels::attachments::list_attachments))
        .routes(routes!(channels::attachments::get_attachment))
        .routes(routes!(channels::list_channels))
        .routes(limited(
            routes!(
                channels::whatsapp::verify_whatsapp,
                channels::whatsapp::receive_whatsapp
            ),
            channels::whatsapp::BODY_LIMIT,
        ))
        .routes(limited(
            routes!(channels::sms::receive_sms),
            channels::sms::BODY_LIMIT,
        ))
        .routes(limited(
            routes!(channels::email::receive_email),
            limits.email_max_bytes,
        ))
        .routes(routes!(regions::search_regions))
        .routes(routes!(regions::get_region))
        .routes(routes!(regions::list_region_children))
        .routes(routes!(regions::list_region_ancestors));
    OpenApiRouter::new()
        .nest("/api/v1", api)
        .routes(routes!(ops::healthz))
        .routes(routes!(ops::readyz))
        .routes(routes!(ops::metrics))
        .routes(limited(
            routes!(lapor::lapor_form, lapor::lapor_submit),
            limits.body_limit,
        ))
        .routes(routes!(pages::lacak_form))
        .routes(routes!(pages::lacak_ticket))
        .split_for_parts()
}

pub fn build_router(state: AppState) -> Router {
    let limits = Limits {
        body_limit: state.config.body_limit,
        email_max_bytes: state.channels.email_max_bytes,
    };
    let (documented, _) = documented_routes(&limits);

    // Open311 GeoReport v2: every resource as `.json` and `.xml`; the handler reads the format
    // from the suffix. Errors here are the spec's error array, not problem+json.
    let mut open311 = Router::new();
    for ext in ["json", "xml"] {
        open311 = open311
            .route(
                &format!("/discovery.{ext}"),
                get(open311::discovery::get_discovery_root),
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

    documented
        .nest("/open311", open311)
        .route("/api/openapi.json", get(openapi::openapi_json))
        .route("/api/docs", get(openapi::docs_page))
        .route("/", get(pages::home))
        .route("/masuk", get(login::login_form).post(login::login_submit))
        .route("/keluar", post(login::logout))
        .route("/lapor/terkirim", get(lapor::lapor_received))
        .route("/lapor/terkirim/{ticket}", get(lapor::lapor_receipt))
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
        .route("/staf/kinerja", get(ui::kpi::show_kpi))
        .route(
            "/staf/dasbor/provinsi/{code}",
            get(ui::dashboard::show_province),
        )
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
