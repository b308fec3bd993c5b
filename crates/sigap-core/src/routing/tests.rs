//! Routing tests: the most specific rule, priorities, conflicts, the national queue, surges,
//! coverage checks, and every region of the embedded gazetteer with the shipped coverage.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::sentra::embedded_network;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn rule(sentra: &str, region: &str, priority: i32) -> CoverageRule {
    let region = code(region);
    CoverageRule {
        id: CoverageRule::id_for(sentra, &region),
        sentra: sentra.to_owned(),
        region,
        priority,
        confidence: Confidence::Inferred,
        source: "inferred: test".to_owned(),
        as_of: "2026-11-23".to_owned(),
        note: None,
    }
}

fn g() -> &'static Gazetteer {
    Gazetteer::embedded()
}

fn sulsel_router() -> Router<'static> {
    Router::new(vec![
        rule("wirajaya", "73", 0),
        rule("pangurangi", "73.07", 0),
        rule("gau-mabaji", "73.07.01", 0),
        rule("meohai", "73.07.01.1001", 0),
    ])
    .with_gazetteer(g())
}

fn sentra_of(router: &Router<'_>, place: &str) -> Option<String> {
    router.route(&code(place)).sentra
}

#[test]
fn the_most_specific_enclosing_rule_wins() {
    let router = sulsel_router();
    assert_eq!(
        sentra_of(&router, "73.07.01.1001").as_deref(),
        Some("meohai")
    );
    assert_eq!(
        sentra_of(&router, "73.07.01.1002").as_deref(),
        Some("gau-mabaji")
    );
    assert_eq!(
        sentra_of(&router, "73.07.02").as_deref(),
        Some("pangurangi")
    );
    assert_eq!(sentra_of(&router, "73.06").as_deref(), Some("wirajaya"));
    assert_eq!(sentra_of(&router, "73").as_deref(), Some("wirajaya"));
    let decision = router.route(&code("73.07.02.2001"));
    assert_eq!(decision.level, Some(RegionLevel::Regency));
    assert_eq!(
        decision.rule.map(|r| r.id).as_deref(),
        Some("pangurangi@73.07")
    );
}

#[test]
fn the_explanation_names_the_place_the_unit_the_level_and_the_source() {
    let mut documented = rule("pangurangi", "73.07", 0);
    documented.confidence = Confidence::Documented;
    documented.source = "https://example.org/sinjai".to_owned();
    documented.as_of = "2022".to_owned();
    let router = Router::new(vec![documented])
        .with_gazetteer(g())
        .with_sentra_names([("pangurangi".to_owned(), "Sentra Pangurangi".to_owned())]);
    assert_eq!(
        router.route(&code("73.07")).explanation,
        "Kab. Sinjai (73.07) termasuk wilayah kerja Sentra Pangurangi menurut aturan tingkat kabupaten/kota \
         (sumber: https://example.org/sinjai, per 2022, terdokumentasi)."
    );
    let village = router.route(&code("73.07.01.1001")).explanation;
    assert!(
        village.starts_with("Kel. Tassililu, Kec. Sinjai Barat, Kab. Sinjai (73.07.01.1001) termasuk wilayah kerja Sentra Pangurangi menurut aturan tingkat kabupaten/kota untuk Kab. Sinjai (73.07)"),
        "{village}"
    );
}

#[test]
fn the_highest_priority_wins_among_rules_for_the_same_code() {
    let router = Router::new(vec![
        rule("insyaf", "12.07", 0),
        rule("bahagia", "12.07", 10),
    ]);
    let decision = router.route(&code("12.07.01"));
    assert_eq!(decision.sentra.as_deref(), Some("bahagia"));
    assert!(
        decision
            .explanation
            .contains("Cadangan untuk wilayah yang sama: Sentra insyaf (prioritas 0)"),
        "{}",
        decision.explanation
    );
    assert!(router.check(g()).conflicts.is_empty());
}

#[test]
fn a_tie_is_resolved_by_sentra_id_and_reported_as_a_conflict() {
    let router = Router::new(vec![
        rule("melati", "31.75", 0),
        rule("handayani", "31.75", 0),
    ]);
    for _ in 0..3 {
        assert_eq!(sentra_of(&router, "31.75.01").as_deref(), Some("handayani"));
    }
    assert!(
        router
            .route(&code("31.75"))
            .explanation
            .contains("Perhatian")
    );
    let report = router.check(g());
    assert_eq!(
        report.conflicts,
        [Conflict {
            region: "31.75".into(),
            sentra: vec!["handayani".into(), "melati".into()],
            priority: 0
        }]
    );
}

#[test]
fn a_place_no_rule_covers_goes_to_the_national_queue() {
    let router = sulsel_router();
    let decision = router.route(&code("11.01.01"));
    assert_eq!(
        (decision.sentra, decision.rule, decision.level),
        (None, None, None)
    );
    assert_eq!(
        decision.explanation,
        "Tidak ada aturan wilayah kerja untuk Kec. Bakongan, Kab. Aceh Selatan (11.01.01) maupun wilayah induknya; \
         diteruskan ke antrean nasional command center."
    );
    assert!(RouteDecision::unplaced().sentra.is_none());
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 7, day, hour, 0, 0).unwrap()
}

fn bantul_surge() -> Surge {
    Surge {
        id: "gempa-bantul".to_owned(),
        region: code("34.02"),
        sentra: vec!["antasena".into(), "kartini".into(), "prof-soeharso".into()],
        starts_at: at(1, 0),
        ends_at: at(8, 0),
        reason: "gempa bumi".to_owned(),
    }
}

#[test]
fn an_active_surge_sends_new_cases_to_its_units_in_turn() {
    let router = Router::new(vec![rule("prof-soeharso", "34", 0)]).with_gazetteer(g());
    let surges = [bantul_surge()];
    let place = code("34.02.01");
    let picks: Vec<_> = (0..6)
        .map(|seq| {
            router
                .route_at(&place, at(2, 12), &surges, seq)
                .sentra
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        picks,
        [
            "antasena",
            "kartini",
            "prof-soeharso",
            "antasena",
            "kartini",
            "prof-soeharso"
        ]
    );
    let decision = router.route_at(&place, at(2, 12), &surges, 1);
    assert_eq!(decision.surge.as_deref(), Some("gempa-bantul"));
    assert_eq!(
        decision.rule.map(|r| r.sentra).as_deref(),
        Some("prof-soeharso"),
        "the usual rule is kept"
    );
    assert!(
        decision
            .explanation
            .contains("pengerahan darurat (surge) gempa-bantul"),
        "{}",
        decision.explanation
    );
    assert!(
        decision.explanation.contains("ditangani Sentra kartini"),
        "{}",
        decision.explanation
    );
}

#[test]
fn a_surge_ends_by_itself_and_covers_only_its_region() {
    let router = Router::new(vec![rule("prof-soeharso", "34", 0)]);
    let surges = [bantul_surge()];
    let expired = router.route_at(&code("34.02.01"), at(8, 0), &surges, 0);
    assert_eq!(
        (expired.sentra.as_deref(), expired.surge),
        (Some("prof-soeharso"), None)
    );
    let before = router.route_at(
        &code("34.02.01"),
        at(1, 0) - Duration::seconds(1),
        &surges,
        0,
    );
    assert!(before.surge.is_none());
    let elsewhere = router.route_at(&code("34.71"), at(2, 0), &surges, 0);
    assert!(elsewhere.surge.is_none());
}

#[test]
fn the_most_specific_surge_wins_and_an_empty_one_is_ignored() {
    let router = Router::new(vec![]);
    let mut district = bantul_surge();
    district.id = "pleret".into();
    district.region = code("34.02.09");
    district.sentra = vec!["satria".into()];
    let mut empty = bantul_surge();
    empty.id = "kosong".into();
    empty.region = code("34.02.09.2001");
    empty.sentra.clear();
    let surges = [bantul_surge(), district, empty];
    let decision = router.route_at(&code("34.02.09.2001"), at(3, 0), &surges, 7);
    assert_eq!(
        (decision.sentra.as_deref(), decision.surge.as_deref()),
        (Some("satria"), Some("pleret"))
    );
}

#[test]
fn check_counts_regencies_covered_by_their_province_or_all_their_districts() {
    let mut rules = vec![rule("wirajaya", "73", 0)];
    // Kab. Sinjai's province is not covered here; rules for all nine districts cover it.
    let sinjai: Vec<_> = g()
        .children(&code("73.07"))
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(sinjai.len(), 9);
    for d in &sinjai {
        rules.push(rule("pangurangi", d, 0));
    }
    rules.push(rule("meohai", "74.01.01", 0));
    let report = Router::new(rules).check(g());
    assert_eq!(report.regencies, 514);
    let sulsel = g().children(&code("73")).len();
    assert_eq!(report.covered, sulsel, "Sulawesi Selatan only");
    assert!(
        report.uncovered.contains(&"74.01".to_owned()),
        "one district does not cover a regency"
    );
    assert!(!report.uncovered.contains(&"73.07".to_owned()));
}

#[test]
fn the_report_serialises_with_the_documented_field_names() {
    let json =
        serde_json::to_value(Router::new(vec![rule("wirajaya", "73", 0)]).check(g())).unwrap();
    let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["conflicts", "covered", "regencies", "uncovered"]);
}

#[test]
fn every_region_routes_to_exactly_one_known_unit_with_the_shipped_coverage() {
    let (units, rules) = embedded_network().unwrap();
    let router = Router::new(rules).with_gazetteer(g()).with_sentra(&units);
    for region in g().regions() {
        let d = router.route(&region.code);
        let rule = d
            .rule
            .as_ref()
            .unwrap_or_else(|| panic!("{} goes to the national queue", region.code));
        assert_eq!(d.sentra.as_ref(), Some(&rule.sentra));
        assert!(region.code.is_within(&rule.region), "{}", region.code);
        assert_eq!(d.level, Some(rule.region.level()));
        assert!(units.iter().any(|u| u.id == rule.sentra));
        assert!(d.explanation.contains(&format!("({})", region.code)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random rules on real codes: the decision is the brute-force answer, or the national queue.
    #[test]
    fn routing_matches_a_brute_force_reading_of_the_rules(
        picks in proptest::collection::vec((0usize..91_599, 0usize..4, -2i32..3, 0usize..3), 0..40),
        place in 0usize..91_599,
    ) {
        let regions = g().regions();
        let ids = ["a", "b", "c"];
        let rules: Vec<CoverageRule> = picks
            .iter()
            .map(|&(r, up, priority, s)| {
                let mut c = regions[r].code.clone();
                for _ in 0..up {
                    c = c.parent().unwrap_or(c);
                }
                rule(ids[s], c.as_str(), priority)
            })
            .collect();
        let router = Router::new(rules.clone());
        let place = &regions[place].code;
        let decision = router.route(place);
        let enclosing: Vec<&CoverageRule> = rules.iter().filter(|r| place.is_within(&r.region)).collect();
        match enclosing.iter().map(|r| r.region.level()).max() {
            None => prop_assert!(decision.sentra.is_none() && decision.rule.is_none()),
            Some(level) => {
                let chosen = decision.rule.clone().unwrap();
                prop_assert_eq!(chosen.region.level(), level);
                let best = enclosing.iter().filter(|r| r.region.level() == level).map(|r| r.priority).max();
                prop_assert_eq!(Some(chosen.priority), best);
                let first_id = enclosing
                    .iter()
                    .filter(|r| r.region.level() == level && Some(r.priority) == best)
                    .map(|r| r.sentra.as_str())
                    .min();
                prop_assert_eq!(decision.sentra.as_deref(), first_id);
            }
        }
    }
}
