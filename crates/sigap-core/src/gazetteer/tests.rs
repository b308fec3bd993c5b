//! Tests of the embedded gazetteer: counts, the tree, aliases, legacy codes and search.

use proptest::prelude::*;

use super::*;

fn g() -> &'static Gazetteer {
    Gazetteer::embedded()
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn top(query: &str) -> String {
    g().search(query, 5)
        .first()
        .map(|h| h.code.to_string())
        .unwrap_or_default()
}

#[test]
fn the_embedded_data_has_the_counts_of_kepmendagri_2025() {
    let counts = g().counts();
    assert_eq!(
        counts,
        RegionCounts {
            province: 38,
            regency: 514,
            district: 7285,
            village: 83762
        }
    );
    assert_eq!(g().regions().len(), 38 + 514 + 7285 + 83762);
    let kinds = |k: RegionKind| g().regions().iter().filter(|r| r.kind == k).count();
    assert_eq!(
        (kinds(RegionKind::Kabupaten), kinds(RegionKind::Kota)),
        (416, 98)
    );
}

#[test]
fn the_counts_serialise_with_the_level_names() {
    let json = serde_json::to_string(&g().counts()).unwrap();
    assert_eq!(
        json,
        r#"{"province":38,"regency":514,"district":7285,"village":83762}"#
    );
}

#[test]
fn every_region_has_its_parent_and_is_among_its_parents_children() {
    for region in g().regions() {
        let ancestors = g().ancestors(&region.code);
        assert_eq!(ancestors.len(), region.level() as usize, "{}", region.code);
        if let Some(parent) = region.code.parent() {
            assert_eq!(ancestors.last().map(|r| &r.code), Some(&parent));
            assert!(
                g().children(&parent).iter().any(|c| c.code == region.code),
                "{}",
                region.code
            );
        }
    }
}

#[test]
fn children_are_sorted_by_code_and_one_level_down() {
    let bogor = code("32.01");
    let children = g().children(&bogor);
    assert_eq!(children.len(), 40);
    assert!(children.windows(2).all(|w| w[0].code < w[1].code));
    assert!(
        children
            .iter()
            .all(|c| c.level() == RegionLevel::District && c.code.is_within(&bogor))
    );
    assert_eq!(g().children(&code("32")).len(), 27);
    assert!(g().children(&code("32.01.16.2013")).is_empty());
}

#[test]
fn lookups_accept_dotted_and_undotted_codes_and_refuse_unknown_ones() {
    assert_eq!(g().get_str("3201").map(|r| r.name.as_str()), Some("Bogor"));
    assert_eq!(
        g().get(&code("32.71")).map(|r| r.kind),
        Some(RegionKind::Kota)
    );
    assert!(g().get_str("32.99").is_none());
    assert!(g().get_str("not a code").is_none());
    let ancestors: Vec<_> = g()
        .ancestors(&code("32.01.16.2013"))
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    assert_eq!(ancestors, ["32", "32.01", "32.01.16"]);
}

#[test]
fn names_read_as_people_write_them() {
    let name = |c: &str| g().get_str(c).map(Region::display_name).unwrap_or_default();
    assert_eq!(name("32"), "Provinsi Jawa Barat");
    assert_eq!(name("32.01"), "Kabupaten Bogor");
    assert_eq!(name("32.71"), "Kota Bogor");
    assert_eq!(name("31.74"), "Kota Administrasi Jakarta Selatan");
    assert_eq!(name("32.01.16"), "Kecamatan Cibungbulang");
    assert_eq!(name("32.01.16.2013"), "Desa Sukamaju");
    assert_eq!(name("91.03.01"), "Distrik Sentani");
    assert_eq!(
        g().path(&code("32.01.16.2013")).unwrap(),
        "Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor, Jawa Barat"
    );
}

#[test]
fn aliases_resolve_to_their_regions() {
    for (alias, expected) in [
        ("Jaksel", "31.74"),
        ("Jabar", "32"),
        ("DIY", "34"),
        ("NTT", "53"),
        ("Tanjungpinang", "21.72"),
        ("Tanjung Pinang", "21.72"),
        ("Kota Tanjungpinang", "21.72"),
        ("jakut", "31.72"),
        ("Sulsel", "73"),
    ] {
        assert_eq!(top(alias), expected, "{alias}");
    }
    assert!(g().aliases(&code("31.74")).contains(&"Jaksel"));
}

#[test]
fn pre_2022_papua_regency_codes_map_to_their_current_codes() {
    assert_eq!(
        g().resolve_legacy("91.01")
            .map(|c| c.to_string())
            .as_deref(),
        Some("93.01")
    );
    assert_eq!(
        g().resolve_legacy("9102").map(|c| c.to_string()).as_deref(),
        Some("95.01")
    );
    assert_eq!(
        g().resolve_legacy("92.71")
            .map(|c| c.to_string())
            .as_deref(),
        Some("96.71")
    );
    assert_eq!(
        g().resolve_legacy("91.02.04"),
        None,
        "districts were renumbered"
    );
    assert_eq!(
        g().resolve_legacy("91.03"),
        None,
        "a current code is not legacy"
    );
    assert_eq!(top("91.01"), "93.01");
}

#[test]
fn hierarchy_picks_the_right_sukamaju_among_dozens() {
    let hits = g().search("sukamaju cibungbulang bogor", 10);
    assert_eq!(hits[0].code.as_str(), "32.01.16.2013");
    assert_eq!(
        hits[0].path,
        "Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor, Jawa Barat"
    );
    let matched: Vec<_> = hits[0].matched.iter().map(|m| m.matched.as_str()).collect();
    assert_eq!(matched, ["sukamaju", "cibungbulang", "bogor"]);
    assert!(hits[0].score > hits[1].score);
    assert_eq!(
        top("Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor, Jawa Barat"),
        "32.01.16.2013"
    );
    assert!(
        g().search("sukamaju", 200).len() > 60,
        "there are dozens of Sukamaju"
    );
}

#[test]
fn cue_words_tell_the_city_from_the_regency() {
    assert_eq!(top("Kota Bogor"), "32.71");
    assert_eq!(top("kab. bogor"), "32.01");
    assert_eq!(top("Kabupaten Bogor"), "32.01");
    let bare: Vec<_> = g()
        .search("bogor", 2)
        .into_iter()
        .map(|h| h.code.to_string())
        .collect();
    assert_eq!(bare, ["32.01", "32.71"]);
    assert_eq!(top("kecamatan cibungbulang"), "32.01.16");
    assert_eq!(top("Kep. Seribu"), "31.01");
    assert_eq!(top("Kota Adm. Jakarta Selatan"), "31.74");
    assert_eq!(top("Provinsi Jawa Barat"), "32");
    assert_eq!(top("D.I. Yogyakarta"), "34");
}

#[test]
fn one_typo_per_word_of_five_letters_is_forgiven_and_two_from_nine() {
    assert_eq!(top("sukamju cibungbulan bogor"), "32.01.16.2013");
    assert_eq!(top("cibungbulan"), "32.01.16");
    assert_eq!(top("cibungblan"), "32.01.16", "two typos in a long word");
    assert_eq!(top("kabupatn sinjai"), "73.07");
    let hit = &g().search("sukamju cibungbulang bogor", 1)[0];
    assert_eq!(
        hit.matched[0],
        MatchedTerm {
            query: "sukamju".into(),
            matched: "sukamaju".into(),
            edits: 1
        }
    );
}

#[test]
fn spacing_hyphens_and_apostrophes_do_not_matter() {
    assert_eq!(top("Bau-Bau"), "74.72");
    assert_eq!(top("bau bau"), "74.72");
    assert_eq!(top("Pare-Pare"), "73.72");
    assert_eq!(top("tojo una una"), "72.09");
    assert_eq!(top("PANGKAL PINANG"), "19.71");
    assert_eq!(top("ki'e"), "53.02.10");
    assert_eq!(top("kie"), "53.02.10");
}

#[test]
fn region_codes_find_their_region() {
    assert_eq!(top("32.01"), "32.01");
    assert_eq!(top("3201162013"), "32.01.16.2013");
    assert!(g().search("32.99", 5).is_empty());
}

#[test]
fn the_last_word_may_be_a_prefix_while_typing() {
    assert_eq!(top("cibungbu"), "32.01.16");
}

#[test]
fn empty_and_meaningless_queries_find_nothing() {
    assert!(g().search("", 5).is_empty());
    assert!(g().search("  ,.;  ", 5).is_empty());
    assert!(g().search("bogor", 0).is_empty());
    assert!(g().search("xqzvkw", 5).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn search_never_panics_and_respects_the_limit(query in "\\PC{0,80}", limit in 0usize..20) {
        let hits = g().search(&query, limit);
        prop_assert!(hits.len() <= limit);
    }

    #[test]
    fn search_never_panics_on_many_common_words(
        words in proptest::collection::vec(
            prop_oneof!["jaya", "baru", "kota", "kab", "desa", "tanjung", "sari", "sukamaju", "x", "-", "."],
            0..30,
        ),
    ) {
        let hits = g().search(&words.join(" "), 10);
        prop_assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    }
}
