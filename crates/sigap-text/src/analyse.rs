//! The whole reading of a batch of texts: the decisions of [`crate::classify`], the place of
//! [`crate::locate`] and the incident clusters of [`crate::dedup`], in the shape that
//! `sigap analyze --jsonl` prints and outside evaluations read.

use serde::{Deserialize, Serialize};
use sigap_core::{Category, gazetteer::Gazetteer};

use crate::{
    classify::Model,
    dedup,
    locate::{Location, locate},
};

/// One text to read.
#[derive(Debug, Clone, Deserialize)]
pub struct Input {
    pub id: serde_json::Value,
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published_at: Option<String>,
}

/// What Sigap read in it.
#[derive(Debug, Clone, Serialize)]
pub struct Output {
    pub id: serde_json::Value,
    pub actionable: bool,
    pub actionable_score: f32,
    pub categories: Vec<Category>,
    /// `high` or `normal`; `null` when not actionable.
    pub urgency: Option<&'static str>,
    pub location: Option<Location>,
    /// Shared by all texts of the batch that report the same incident.
    pub cluster: String,
    pub explain: Explain,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explain {
    /// The features that weighed most on the actionable decision, with their weights.
    pub terms: Vec<(String, f32)>,
    pub model_version: u32,
}

/// Days since 1970-01-01 of a date written `YYYY-MM-DD…` (an RFC 3339 time works too).
pub fn day_number(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let (y, m, dd): (i64, i64, i64) = (
        d.get(..4)?.parse().ok()?,
        d.get(5..7)?.parse().ok()?,
        d.get(8..10)?.parse().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&dd) {
        return None;
    }
    // The days-from-civil algorithm of Howard Hinnant (public domain description).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Reads a batch. Clusters are numbered `c0`, `c1`… in order of first appearance.
pub fn analyse_batch(model: &Model, g: &Gazetteer, inputs: &[Input]) -> Vec<Output> {
    let mut outputs = Vec::with_capacity(inputs.len());
    let mut signatures = Vec::with_capacity(inputs.len());
    for input in inputs {
        let full = match &input.title {
            Some(t) => format!("{t}. {}", input.text),
            None => input.text.clone(),
        };
        let decision = model.decide(&full);
        let location = locate(g, input.title.as_deref(), &input.text);
        signatures.push(dedup::signature(
            input.title.as_deref(),
            &input.text,
            location
                .as_ref()
                .map(|l| (l.province.as_str(), l.regency.as_deref())),
            input.published_at.as_deref().and_then(day_number),
        ));
        outputs.push(Output {
            id: input.id.clone(),
            actionable: decision.actionable,
            actionable_score: (decision.actionable_score * 1000.0).round() / 1000.0,
            categories: decision.categories,
            urgency: decision.urgent.map(|u| if u { "high" } else { "normal" }),
            location,
            cluster: String::new(),
            explain: Explain {
                terms: decision.explain,
                model_version: model.version,
            },
        });
    }
    for (o, c) in outputs.iter_mut().zip(dedup::cluster(&signatures)) {
        o.cluster = format!("c{c}");
    }
    outputs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-11-23T08:00:00Z"), Some(20_780));
        assert_eq!(
            day_number("2024-03-01")
                .zip(day_number("2024-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(day_number("kemarin"), None);
        assert_eq!(day_number("2026-13-01"), None);
    }
}
