//! `/survei/{token}`: the satisfaction survey as a plain HTML form that works without
//! JavaScript and with a screen reader (one fieldset and legend per question), answered once.

use std::collections::HashMap;

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use minijinja::context;
use serde::Serialize;
use sigap_core::skm::{Element, SurveyAnswers};
use sigap_store::StoreError;

use crate::{
    AppState,
    api::v1::surveys::{check_token, record_answers},
    error::ApiError,
    pages::{Reader, format_wib_in},
};

#[derive(Serialize)]
struct Question {
    id: String,
    code: &'static str,
    question: &'static str,
    answers: Vec<Answer>,
}

#[derive(Serialize)]
struct Answer {
    value: u8,
    label: &'static str,
    checked: bool,
}

#[derive(Serialize)]
struct Missing {
    id: String,
    label: &'static str,
}

fn field(e: Element) -> String {
    e.code().to_ascii_lowercase()
}

fn questions(chosen: &HashMap<String, String>) -> Vec<Question> {
    Element::ALL
        .iter()
        .map(|e| {
            let id = field(*e);
            let picked = chosen.get(&id).and_then(|v| v.parse::<u8>().ok());
            Question {
                code: e.code(),
                question: e.question(),
                answers: e
                    .answer_labels()
                    .into_iter()
                    .zip(1u8..)
                    .map(|(label, value)| Answer {
                        value,
                        label,
                        checked: picked == Some(value),
                    })
                    .collect(),
                id,
            }
        })
        .collect()
}

fn not_found(state: &AppState, reader: &Reader) -> Response {
    let mut page = state
        .pages
        .page("survei.html", reader, context! { missing => true });
    *page.status_mut() = StatusCode::NOT_FOUND;
    page
}

pub async fn survey_form(
    State(state): State<AppState>,
    reader: Reader,
    Path(token): Path<String>,
) -> Response {
    render(&state, &reader, &token, &HashMap::new(), Vec::new()).await
}

async fn render(
    state: &AppState,
    reader: &Reader,
    token: &str,
    chosen: &HashMap<String, String>,
    errors: Vec<Missing>,
) -> Response {
    let Ok(hash) = check_token(token) else {
        return not_found(state, reader);
    };
    let survey = match state.store.survey(&hash).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => return not_found(state, reader),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let expired = survey.expires_at <= state.clock.now();
    let mut page = state.pages.page(
        "survei.html",
        reader,
        context! {
            token => token,
            ticket => survey.ticket,
            answered => survey.answered_at.is_some(),
            expired => expired,
            expires => format_wib_in(survey.expires_at, reader.lang),
            questions => questions(chosen),
            comment => chosen.get("komentar").cloned().unwrap_or_default(),
            errors => errors,
        },
    );
    if expired && survey.answered_at.is_none() {
        *page.status_mut() = StatusCode::GONE;
    }
    page
}

pub async fn survey_submit(
    State(state): State<AppState>,
    reader: Reader,
    Path(token): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for e in Element::ALL {
        match form
            .get(&field(*e))
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            Some(v @ 1..=4) => values.push(v),
            _ => errors.push(Missing {
                id: field(*e),
                label: reader.lang.pick(e.label(), e.label_en()),
            }),
        }
    }
    let answers = match SurveyAnswers::parse(&values) {
        Ok(a) if errors.is_empty() => a,
        _ => {
            let mut page = render(&state, &reader, &token, &form, errors).await;
            if page.status() == StatusCode::OK {
                *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            return page;
        }
    };
    let comment = form
        .get("komentar")
        .map(|c| c.trim().chars().take(2000).collect::<String>())
        .filter(|c| !c.is_empty());
    match record_answers(&state, &token, &answers, comment.as_deref()).await {
        Ok(ticket) => state.pages.page(
            "survei.html",
            &reader,
            context! { thanks => true, ticket => ticket },
        ),
        Err(ApiError::NotFound { .. }) => not_found(&state, &reader),
        // Answered already or expired: the page says which.
        Err(ApiError::Conflict { .. }) => {
            render(&state, &reader, &token, &HashMap::new(), Vec::new()).await
        }
        Err(e) => e.into_response(),
    }
}
