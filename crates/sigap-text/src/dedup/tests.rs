use super::*;

const WIRE: &str = "GARUT - Seorang nenek bernama Mak Icih (80) hidup sebatang kara di gubuk reyot di Desa Sukamulya, Kecamatan Cisurupan. Ia sudah dua hari tidak makan dan hanya minum air hujan, kata Kepala Desa Ujang Suherman.";

fn sig(text: &str, place: Option<(&str, Option<&str>)>, day: Option<i64>) -> Signature {
    signature(None, text, place, day)
}

/// The pair model shipped in the model file, trained by `sigap train`.
fn shipped() -> &'static PairModel {
    crate::classify::Model::embedded()
        .expect("the shipped model loads")
        .duplicate
        .as_ref()
        .expect("the shipped model has a duplicate section")
}

fn same(a: &Signature, b: &Signature) -> bool {
    let m = shipped();
    m.cluster(&[a.clone(), b.clone()]) == [0, 0]
}

#[test]
fn a_copied_wire_story_is_the_same_incident() {
    let copy = format!("{WIRE} Warga berharap pemerintah segera membantu.");
    assert!(same(
        &sig(WIRE, None, Some(100)),
        &sig(&copy, None, Some(101))
    ));
}

#[test]
fn a_rewrite_with_the_same_people_and_place_is_the_same_incident() {
    let rewrite = "Mak Icih, nenek berusia 80 tahun di Cisurupan, Garut, tinggal sendirian di gubuk yang hampir roboh. Menurut Ujang Suherman, kepala Desa Sukamulya, nenek itu sudah dua hari tak makan.";
    let garut = Some(("32", Some("32.05")));
    assert!(same(
        &sig(WIRE, garut, Some(100)),
        &sig(rewrite, garut, Some(102))
    ));
}

#[test]
fn the_same_kind_of_story_elsewhere_or_later_is_another_incident() {
    let other = "Seorang nenek bernama Mak Inah (75) hidup sebatang kara di gubuk reyot di Desa Cikoneng. Ia sudah dua hari tidak makan, kata warga.";
    let garut = Some(("32", Some("32.05")));
    let ciamis = Some(("32", Some("32.07")));
    assert!(!same(
        &sig(WIRE, garut, Some(100)),
        &sig(other, ciamis, Some(100))
    ));
    assert!(!same(
        &sig(WIRE, garut, Some(100)),
        &sig(other, garut, Some(100))
    ));
}

#[test]
fn reports_of_one_flood_in_one_regency_over_days_are_one_incident() {
    let first = "Banjir bandang melanda Masamba, Luwu Utara. Ribuan warga mengungsi ke posko darurat dan kekurangan air bersih.";
    let later = "Sepekan setelah banjir bandang, warga Masamba masih bertahan di posko pengungsian. Pengungsi membutuhkan air bersih dan selimut.";
    let luwu = Some(("73", Some("73.22")));
    assert!(same(
        &sig(first, luwu, Some(100)),
        &sig(later, luwu, Some(107))
    ));
    // The same regency's flood a year later is another incident.
    assert!(!same(
        &sig(first, luwu, Some(100)),
        &sig(later, luwu, Some(470))
    ));
}

#[test]
fn one_vague_text_does_not_chain_two_incidents_together() {
    // A hand-made model: the score is the shared-names feature alone.
    let mut weights = vec![0.0; FEATURES.len()];
    weights[FEATURES.iter().position(|f| *f == "shared_names").unwrap()] = 12.0;
    let m = PairModel {
        features: FEATURES.iter().map(|f| (*f).to_owned()).collect(),
        bias: -6.0,
        weights,
        threshold: 0.5,
    };
    m.check().unwrap();
    // `a` and `c` share nothing; `b` shares names with both.
    let a = sig("Ani dan Budi tinggal di Cikoneng.", None, None);
    let b = sig("Ani dan Budi bertemu Dedi dan Eka.", None, None);
    let c = sig("Dedi dan Eka tinggal di Sukamaju.", None, None);
    let groups = m.cluster(&[a, b, c]);
    assert_eq!(groups[0], groups[1], "the strongest pair is joined");
    assert_ne!(
        groups[0], groups[2],
        "the third text agrees with only one of the two"
    );
}

#[test]
fn clusters_are_numbered_in_order_of_first_appearance() {
    let copy = format!("{WIRE} Warga berharap pemerintah segera membantu.");
    let other =
        "Banjir merendam 300 rumah di Kecamatan Pemulutan, Ogan Ilir. Warga mengungsi ke masjid.";
    let sigs = [
        sig(other, None, None),
        sig(WIRE, None, None),
        sig(&copy, None, None),
    ];
    assert_eq!(shipped().cluster(&sigs), vec![0, 1, 1]);
}

#[test]
fn a_model_trained_on_other_features_is_refused() {
    let mut m = shipped().clone();
    m.features.pop();
    assert!(m.check().is_err());
}

proptest::proptest! {
    #[test]
    fn signatures_never_panic_and_a_text_is_its_own_duplicate(text in "\\PC{0,300}") {
        let s = sig(&text, None, None);
        if text.split_whitespace().count() >= 3 {
            proptest::prop_assert!(wording_similarity(&s, &s) > 0.99 || s.minhash.iter().all(|h| *h == u64::MAX));
        }
    }

    #[test]
    fn grouping_never_panics_and_numbers_every_text(texts in proptest::collection::vec("\\PC{0,120}", 0..12)) {
        let sigs: Vec<Signature> = texts.iter().map(|t| sig(t, None, Some(1))).collect();
        let groups = shipped().cluster(&sigs);
        proptest::prop_assert_eq!(groups.len(), sigs.len());
        // Numbers start at 0 and appear in order.
        let mut next = 0;
        for g in groups {
            proptest::prop_assert!(g <= next);
            if g == next { next += 1; }
        }
    }
}

#[test]
fn candidates_count_the_keys_a_pair_shares_and_those_few_others_have() {
    let rewrite = "Mak Icih (80), nenek di Desa Sukamulya, Cisurupan, tinggal sendirian. Kepala Desa Ujang Suherman menyebut ia dua hari tidak makan.";
    let garut = Some(("32", Some("32.05")));
    // Two reports of one incident among texts that all name Garut and Cisurupan.
    let mut batch = vec![sig(WIRE, garut, Some(100)), sig(rewrite, garut, Some(101))];
    for k in 0..10 {
        batch.push(sig(
            &format!("Warga Cisurupan, Garut, menggelar lomba desa ke-{k} di lapangan Sukamaju."),
            garut,
            Some(100),
        ));
    }
    let pairs = candidates(&batch);
    let (_, _, shared) = pairs
        .iter()
        .find(|(i, j, _)| (*i, *j) == (0, 1))
        .copied()
        .expect("the two reports are a candidate pair");
    // They share the names of the people and the village, the age and the place keys...
    assert!(shared.keys >= 4, "{shared:?}");
    // ...but the regency and Cisurupan, which all twelve texts have, are not rare.
    assert!(shared.rare < shared.keys, "{shared:?}");
    assert!(shared.rare >= 2, "{shared:?}");
    // Two of the other texts share only what every text has: nothing rare.
    if let Some((_, _, s)) = pairs.iter().find(|(i, j, _)| (*i, *j) == (2, 3)) {
        assert_eq!(s.rare, 0, "{s:?}");
    }
}
