//! Tests of the Sentra data: the shipped files, the documented examples of
//! `shared/domain/sentra.md`, and errors that name the line.

use super::*;
use crate::routing::Router;

fn g() -> &'static Gazetteer {
    Gazetteer::embedded()
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

const UNIT: &str = r#"
[[sentra]]
id = "pangurangi"
name = "Sentra Pangurangi"
kind = "sentra"
seat_region = "73.05"
seat = "Kabupaten Takalar, Sulawesi Selatan"
province = "73"
groups = ["anak", "lansia"]
sources = ["https://example.org/pangurangi"]
"#;

const RULE: &str = r#"
[[rule]]
sentra = "pangurangi"
region = "73.07"
confidence = "documented"
source = "https://example.org/sinjai"
as_of = "2022"
"#;

#[test]
fn the_shipped_network_parses_and_every_unit_has_a_seat_and_sources() {
    let (units, rules) = embedded_network().unwrap();
    assert!(units.len() >= 30, "{}", units.len());
    assert!(rules.len() >= 100, "{}", rules.len());
    for u in &units {
        assert!(
            g().contains(&u.seat_region) && !u.sources.is_empty(),
            "{}",
            u.id
        );
    }
    let pangurangi = units.iter().find(|u| u.id == "pangurangi").unwrap();
    assert_eq!(pangurangi.name, "Sentra Pangurangi");
    assert!(pangurangi.groups.contains(&Category::Napza));
}

#[test]
fn documented_examples_route_to_their_units() {
    let (units, rules) = embedded_network().unwrap();
    let router = Router::new(rules).with_gazetteer(g()).with_sentra(&units);
    let unit = |c: &str| router.route(&code(c)).sentra.unwrap_or_default();
    assert_eq!(unit("73.07"), "pangurangi", "Kab. Sinjai");
    assert_eq!(unit("35.77"), "kartini", "Kota Madiun");
    let gowa = unit("73.06");
    let seat = units
        .iter()
        .find(|u| u.id == gowa)
        .map(|u| u.province.to_string());
    assert_eq!(
        seat.as_deref(),
        Some("73"),
        "Kab. Gowa goes to a Sulawesi Selatan unit, not {gowa}"
    );
    let sinjai = router.route(&code("73.07")).explanation;
    assert!(sinjai.starts_with("Kab. Sinjai (73.07) termasuk wilayah kerja Sentra Pangurangi menurut aturan tingkat kabupaten/kota (sumber: "), "{sinjai}");
    assert!(sinjai.ends_with("terdokumentasi)."), "{sinjai}");
}

#[test]
fn the_shipped_coverage_covers_all_514_regencies_without_conflict() {
    let (_, rules) = embedded_network().unwrap();
    let report = Router::new(rules).check(g());
    assert_eq!(report.regencies, 514);
    assert_eq!(report.covered, 514, "uncovered: {:?}", report.uncovered);
    assert!(report.uncovered.is_empty());
    assert_eq!(report.conflicts, []);
}

#[test]
fn a_small_network_parses_with_stable_rule_ids_and_default_priority() {
    let (units, rules) = parse_network(UNIT, RULE, g()).unwrap();
    assert_eq!(units[0].kind, SentraKind::Sentra);
    assert_eq!(rules[0].id, "pangurangi@73.07");
    assert_eq!(
        (rules[0].priority, rules[0].confidence),
        (0, Confidence::Documented)
    );
}

fn network_error(units: &str, rules: &str) -> SentraDataError {
    parse_network(units, rules, g()).unwrap_err()
}

#[test]
fn errors_name_the_file_and_line() {
    let unknown = RULE.replace("\"pangurangi\"", "\"nobody\"");
    assert_eq!(
        network_error(UNIT, &unknown),
        SentraDataError::UnknownSentra {
            line: 2,
            sentra: "nobody".into()
        }
    );
    let missing = format!("{RULE}{}", RULE.replace("73.07", "73.99"));
    assert_eq!(
        network_error(UNIT, &missing),
        SentraDataError::UnknownRegion {
            file: "coverage.toml",
            line: 9,
            code: "73.99".into()
        }
    );
    let twice = format!("{RULE}{RULE}");
    assert!(matches!(
        network_error(UNIT, &twice),
        SentraDataError::DuplicateRule { line: 9, .. }
    ));
    let date = RULE.replace("\"2022\"", "\"kemarin\"");
    assert!(matches!(
        network_error(UNIT, &date),
        SentraDataError::InvalidDate { line: 2, .. }
    ));
    let dup = format!("{UNIT}{UNIT}");
    assert!(matches!(
        network_error(&dup, RULE),
        SentraDataError::DuplicateSentra { line: 12, .. }
    ));
    let seat = UNIT.replace("\"73.05\"", "\"74.05\"");
    assert!(matches!(
        network_error(&seat, RULE),
        SentraDataError::SeatOutsideProvince { .. }
    ));
    let level = UNIT.replace("\"73.05\"", "\"73.05.01\"");
    assert!(matches!(
        network_error(&level, RULE),
        SentraDataError::WrongLevel {
            field: "seat_region",
            ..
        }
    ));
}

#[test]
fn bad_values_are_refused_by_the_toml_reader_with_their_position() {
    let confidence = RULE.replace("\"documented\"", "\"certain\"");
    let SentraDataError::Toml { file, message } = network_error(UNIT, &confidence) else {
        panic!("expected a TOML error");
    };
    assert_eq!(file, "coverage.toml");
    assert!(
        message.contains("line 5") && message.contains("certain"),
        "{message}"
    );
    let extra = UNIT.replace("groups", "grups");
    assert!(matches!(
        network_error(&extra, RULE),
        SentraDataError::Toml {
            file: "sentra.toml",
            ..
        }
    ));
    let code = RULE.replace("\"73.07\"", "\"73.7\"");
    assert!(matches!(
        network_error(UNIT, &code),
        SentraDataError::Toml { .. }
    ));
}

#[test]
fn dates_may_be_a_year_a_month_or_a_day() {
    for ok in ["2022", "2023-10", "2023-10-20"] {
        assert!(is_date(ok), "{ok}");
    }
    for bad in ["22", "2023-13", "2023-10-32", "2023/10/20", "", "2023-1-2"] {
        assert!(!is_date(bad), "{bad}");
    }
}

#[test]
fn provinces_without_a_documented_unit_are_routed_by_inferred_rules_that_say_so() {
    let (units, rules) = embedded_network().expect("the shipped network parses");
    let router = crate::routing::Router::new(rules)
        .with_gazetteer(g())
        .with_sentra(&units);
    for (place, unit) in [
        ("82.71", "tumou-tou"),  // Kota Ternate, Maluku Utara
        ("76.01", "nipotowe"),   // Kab. Pasangkayu, Sulawesi Barat
        ("65.01", "budi-luhur"), // Kab. Bulungan, Kalimantan Utara
        ("96.71", "tumou-tou"),  // Kota Sorong, Papua Barat Daya
        ("34.71", "antasena"),   // Kota Yogyakarta
    ] {
        let d = router.route(&code(place));
        assert_eq!(d.sentra.as_deref(), Some(unit), "{place}");
        let rule = d.rule.expect("a rule decided it");
        assert_eq!(
            rule.confidence,
            crate::routing::Confidence::Inferred,
            "{place}"
        );
        assert!(
            rule.source.starts_with("inferred"),
            "{place}: {}",
            rule.source
        );
        assert!(
            d.explanation.contains("tingkat provinsi"),
            "{place}: {}",
            d.explanation
        );
    }
}
