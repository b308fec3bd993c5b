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

/// Why the model decided as it did: the features (stems, pairs of stems, cues, group features)
/// that weighed most, each with its weight in the head that decided.
#[derive(Debug, Clone, Serialize)]
pub struct Explain {
    /// The features that weighed most on the actionable decision, either way.
    pub terms: Vec<(String, f32)>,
    /// For each category decided (by slug), the features that pushed it towards yes most.
    pub categories: std::collections::BTreeMap<&'static str, Vec<(String, f32)>>,
    /// For an actionable text, the features that pushed urgency most towards what was decided:
    /// positive weights towards `high`, negative towards `normal`. Empty otherwise.
    pub urgency: Vec<(String, f32)>,
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
    days_from_civil(y, m, dd)
}

/// Days since 1970-01-01 of a calendar date; `None` for a month or day out of range.
fn days_from_civil(y: i64, m: i64, dd: i64) -> Option<i64> {
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
        signatures.push(signature_of(input, location.as_ref()));
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
                categories: decision
                    .explain_categories
                    .into_iter()
                    .map(|(c, terms)| (c.as_str(), terms))
                    .collect(),
                urgency: decision.explain_urgency,
                model_version: model.version,
            },
        });
    }
    let groups = match &model.duplicate {
        Some(pairs) => pairs.cluster(&signatures),
        None => (0..signatures.len()).collect(),
    };
    for (o, c) in outputs.iter_mut().zip(groups) {
        o.cluster = format!("c{c}");
    }
    outputs
}

/// The duplicate signatures of a batch, as [`analyse_batch`] computes them (for training the
/// pair model on labelled texts).
pub fn signatures(g: &Gazetteer, inputs: &[Input]) -> Vec<dedup::Signature> {
    inputs
        .iter()
        .map(|input| {
            let location = locate(g, input.title.as_deref(), &input.text);
            signature_of(input, location.as_ref())
        })
        .collect()
}

fn signature_of(input: &Input, location: Option<&Location>) -> dedup::Signature {
    dedup::signature(
        input.title.as_deref(),
        &input.text,
        location.map(|l| (l.province.as_str(), l.regency.as_deref())),
        published_day(input),
    )
}

/// The day a text was published: `published_at` when given, else a date in its address
/// (`/2021/01/15/`) or a dated parenthesis in its words (`Senin (18/1/2021)`, the way Indonesian
/// news writes the day of the event).
pub fn published_day(input: &Input) -> Option<i64> {
    if let Some(day) = input.published_at.as_deref().and_then(day_number) {
        return Some(day);
    }
    input
        .url
        .as_deref()
        .and_then(day_in_address)
        .or_else(|| day_in_words(&input.text))
}

/// A date found in an address or a text, if its year is plausible for news.
fn civil(y: i64, m: i64, d: i64) -> Option<i64> {
    if !(1990..=2100).contains(&y) {
        return None;
    }
    days_from_civil(y, m, d)
}

/// `/2021/01/15/` or `/2021-01-15` in a web address.
fn day_in_address(url: &str) -> Option<i64> {
    let parts: Vec<&str> = url.split(['/', '-', '_', '.']).collect();
    parts.windows(3).find_map(|w| {
        let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if ok(w[0], 4) && ok(w[1], 2) && ok(w[2], 2) {
            civil(w[0].parse().ok()?, w[1].parse().ok()?, w[2].parse().ok()?)
        } else {
            None
        }
    })
}

/// The first `(D/M/YYYY)` or `(D/M/YY)` of a text.
fn day_in_words(text: &str) -> Option<i64> {
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(')') else { break };
        let inside = &rest[..close];
        let parts: Vec<&str> = inside.split('/').collect();
        if let [d, m, y] = parts[..]
            && let (Ok(d), Ok(m), Ok(y)) = (d.parse::<i64>(), m.parse::<i64>(), y.parse::<i64>())
        {
            let y = if y < 100 { 2000 + y } else { y };
            if let Some(day) = civil(y, m, d) {
                return Some(day);
            }
        }
    }
    None
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
