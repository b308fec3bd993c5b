//! Same incident? Texts that report one incident — a copied wire story, or a rewrite by another
//! outlet — get one cluster; different incidents on the same day or of the same kind do not.
//!
//! Two signals, as an analyst uses them:
//! - **copies**: MinHash over word 3-shingles estimates how much of the wording two texts share;
//! - **rewrites**: the same regency, close dates, and enough shared content words and names
//!   (people, villages, numbers such as ages) that it is the same story told again.
//!
//! Hashes are FNV-1a (stable across builds and machines), so signatures can be stored later.
//!
//! **Status (2026-11-23):** a first version. On the labelled corpus (659 texts, 78 clusters of
//! several texts) `sigap eval` measures pairwise precision 0.47, recall 0.42, F1 0.44 over the
//! whole corpus (0.41 on the held-out split) — far below the 0.85 the issue asks. Next: IDF-weighted content similarity, people's
//! names and ages as a strong signal, and not chaining weak merges transitively.

use serde::Serialize;

/// Number of MinHash functions: a Jaccard estimate within about ±0.06.
const HASHES: usize = 64;

/// What is kept of a text to compare it with others.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    minhash: Vec<u64>,
    /// Content words (hashed, sorted, unique).
    words: Vec<u64>,
    /// Capitalised words and numbers: names of people and places, ages, counts.
    names: Vec<u64>,
    regency: Option<String>,
    province: Option<String>,
    /// Days since 1970-01-01 of the publication date, when known.
    day: Option<i64>,
}

pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The i-th hash function of the MinHash family: an odd multiplier and an offset from splitmix64.
fn family(i: usize) -> (u64, u64) {
    let mut z = (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z | 1, z.rotate_left(17))
}

/// Words too common in this kind of news to tell two stories apart.
const COMMON: &[&str] = &[
    "yang",
    "dan",
    "di",
    "ke",
    "dari",
    "itu",
    "ini",
    "dengan",
    "untuk",
    "pada",
    "dalam",
    "tidak",
    "akan",
    "sudah",
    "telah",
    "juga",
    "karena",
    "oleh",
    "atau",
    "saat",
    "seorang",
    "warga",
    "kata",
    "ujar",
    "ungkap",
    "jelas",
    "mengatakan",
    "menurut",
    "tahun",
    "hari",
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "sabtu",
    "minggu",
    "com",
    "kompas",
    "tribunnews",
    "detik",
    "antara",
    "liputan6",
    "okezone",
    "sindonews",
    "merdeka",
    "news",
    "sebuah",
    "para",
    "masih",
    "bisa",
    "ada",
    "tersebut",
    "kepada",
    "setelah",
    "sejak",
    "hingga",
    "lebih",
    "baca",
    "juga",
];

/// Capitalised words that are not names of people or small places.
const NOT_NAMES: &[&str] = &[
    "kabupaten",
    "kab",
    "kota",
    "kecamatan",
    "kec",
    "desa",
    "kelurahan",
    "provinsi",
    "dusun",
    "kampung",
    "jalan",
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
    "wib",
    "wita",
    "wit",
    "polres",
    "polsek",
    "polda",
    "dinas",
    "sosial",
    "dinsos",
    "kemensos",
    "kementerian",
    "badan",
    "bpbd",
    "pemkab",
    "pemkot",
    "pemprov",
    "rumah",
    "sakit",
    "rsud",
    "kepala",
    "camat",
    "lurah",
    "bupati",
    "wali",
    "gubernur",
    "menteri",
    "ketua",
    "tim",
    "sar",
    "basarnas",
    "tni",
    "polri",
    "satpol",
    "indonesia",
    "jawa",
    "barat",
    "timur",
    "tengah",
    "selatan",
    "utara",
    "sumatera",
    "sulawesi",
    "kalimantan",
    "nusa",
    "tenggara",
    "papua",
    "maluku",
    "tribunnews",
    "kompas",
    "detikcom",
    "liputan6",
    "antara",
    "okezone",
    "sindonews",
    "merdeka",
    "republika",
    "tempo",
    "jpnn",
    "idn",
    "times",
    "bayi",
    "ibu",
    "nenek",
    "kakek",
    "anak",
    "warga",
    "pak",
    "bu",
    "mak",
    "mbah",
];

/// Province and regency names (every report from there shares them).
fn is_large_region(word: &str) -> bool {
    use std::sync::OnceLock;
    static NAMES: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let g = sigap_core::gazetteer::Gazetteer::embedded();
            g.regions()
                .iter()
                .filter(|r| r.level() <= sigap_core::RegionLevel::Regency)
                .flat_map(|r| {
                    r.name
                        .split_whitespace()
                        .map(str::to_lowercase)
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .contains(word)
}

/// Builds the signature of a text. `location` is the regency and province found by
/// [`crate::locate`], `day` the publication date as days since 1970-01-01.
pub fn signature(
    title: Option<&str>,
    text: &str,
    location: Option<(&str, Option<&str>)>,
    day: Option<i64>,
) -> Signature {
    let full = match title {
        Some(t) => format!("{t}. {text}"),
        None => text.to_owned(),
    };
    let mut tokens: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    for c in full.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            let capital = current.chars().next().is_some_and(char::is_uppercase)
                && current.chars().skip(1).any(char::is_lowercase);
            tokens.push((current.to_lowercase(), capital));
            current.clear();
        }
    }
    let plain: Vec<&str> = tokens.iter().map(|(t, _)| t.as_str()).collect();

    let mut minhash = vec![u64::MAX; HASHES];
    for w in plain.windows(3) {
        let h = fnv(w.join(" ").as_bytes());
        for (i, slot) in minhash.iter_mut().enumerate() {
            let (a, b) = family(i);
            *slot = (*slot).min(h.wrapping_mul(a).wrapping_add(b));
        }
    }
    let mut words: Vec<u64> = plain
        .iter()
        .filter(|w| {
            w.chars().count() >= 4 && !COMMON.contains(w) && !w.chars().all(|c| c.is_ascii_digit())
        })
        .map(|w| fnv(w.as_bytes()))
        .collect();
    words.sort_unstable();
    words.dedup();
    // Names of people and of small places; not the words every report from a region shares
    // (its province and regency, cue words, months, outlets).
    let mut names: Vec<u64> = tokens
        .iter()
        .filter(|(t, capital)| {
            *capital
                && t.chars().count() >= 3
                && !COMMON.contains(&t.as_str())
                && !NOT_NAMES.contains(&t.as_str())
                && !is_large_region(t)
        })
        .map(|(t, _)| fnv(t.as_bytes()))
        .collect();
    names.sort_unstable();
    names.dedup();
    Signature {
        minhash,
        words,
        names,
        regency: location.and_then(|(_, r)| r.map(str::to_owned)),
        province: location.map(|(p, _)| p.to_owned()),
        day,
    }
}

fn jaccard_sorted(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = overlap(a, b);
    shared as f32 / (a.len() + b.len() - shared) as f32
}

/// How many values two sorted, deduplicated lists share.
fn overlap(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The MinHash estimate of the Jaccard similarity of the two texts' 3-shingles.
pub fn wording_similarity(a: &Signature, b: &Signature) -> f32 {
    let equal = a
        .minhash
        .iter()
        .zip(&b.minhash)
        .filter(|(x, y)| x == y && **x != u64::MAX)
        .count();
    equal as f32 / HASHES as f32
}

/// Whether two texts report the same incident.
pub fn same_incident(a: &Signature, b: &Signature) -> bool {
    if wording_similarity(a, b) >= 0.35 {
        return true;
    }
    // Different places are different incidents, whatever the wording.
    match (&a.regency, &b.regency) {
        (Some(x), Some(y)) if x != y => return false,
        _ => {}
    }
    match (&a.province, &b.province) {
        (Some(x), Some(y)) if x != y => return false,
        _ => {}
    }
    if let (Some(x), Some(y)) = (a.day, b.day)
        && (x - y).abs() > 14
    {
        return false;
    }
    let same_regency = a.regency.is_some() && a.regency == b.regency;
    let words = jaccard_sorted(&a.words, &b.words);
    let names = jaccard_sorted(&a.names, &b.names);
    let shared_names = overlap(&a.names, &b.names);
    if same_regency {
        // The same place: the same people or small places, and some shared wording.
        words >= 0.10 && (shared_names >= 2 || (shared_names >= 1 && names >= 0.34))
    } else {
        // No place to anchor on: only a close retelling counts.
        words >= 0.30 && names >= 0.30 && shared_names >= 3
    }
}

/// Groups a batch: the cluster number of each input (numbers start at 0, in order of first
/// appearance). Same-incident is made transitive (a chain of rewrites is one incident).
pub fn cluster(signatures: &[Signature]) -> Vec<usize> {
    let n = signatures.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            if same_incident(&signatures[i], &signatures[j]) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                if ri != rj {
                    parent[rj.max(ri)] = rj.min(ri);
                }
            }
        }
    }
    let mut numbers = std::collections::HashMap::new();
    (0..n)
        .map(|i| {
            let r = root(&mut parent, i);
            let next = numbers.len();
            *numbers.entry(r).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "GARUT - Seorang nenek bernama Mak Icih (80) hidup sebatang kara di gubuk reyot di Desa Sukamulya, Kecamatan Cisurupan. Ia sudah dua hari tidak makan dan hanya minum air hujan, kata Kepala Desa Ujang Suherman.";

    fn sig(text: &str, place: Option<(&str, Option<&str>)>, day: Option<i64>) -> Signature {
        signature(None, text, place, day)
    }

    #[test]
    fn a_copied_wire_story_is_the_same_incident() {
        let copy = format!("{WIRE} Warga berharap pemerintah segera membantu.");
        assert!(same_incident(
            &sig(WIRE, None, Some(100)),
            &sig(&copy, None, Some(101))
        ));
    }

    #[test]
    fn a_rewrite_with_the_same_people_and_place_is_the_same_incident() {
        let rewrite = "Mak Icih, nenek berusia 80 tahun di Cisurupan, Garut, tinggal sendirian di gubuk yang hampir roboh. Menurut Ujang Suherman, kepala Desa Sukamulya, nenek itu sudah dua hari tak makan.";
        let garut = Some(("32", Some("32.05")));
        assert!(same_incident(
            &sig(WIRE, garut, Some(100)),
            &sig(rewrite, garut, Some(102))
        ));
    }

    #[test]
    fn the_same_kind_of_story_elsewhere_or_later_is_another_incident() {
        let other = "Seorang nenek bernama Mak Inah (75) hidup sebatang kara di gubuk reyot di Desa Cikoneng. Ia sudah dua hari tidak makan, kata warga.";
        let garut = Some(("32", Some("32.05")));
        let ciamis = Some(("32", Some("32.07")));
        assert!(!same_incident(
            &sig(WIRE, garut, Some(100)),
            &sig(other, ciamis, Some(100))
        ));
        assert!(!same_incident(
            &sig(WIRE, garut, Some(100)),
            &sig(other, garut, Some(100))
        ));
    }

    #[test]
    fn clusters_are_numbered_in_order_and_transitive() {
        let copy = format!("{WIRE} Warga berharap pemerintah segera membantu.");
        let other = "Banjir merendam 300 rumah di Kecamatan Pemulutan, Ogan Ilir. Warga mengungsi ke masjid.";
        let sigs = [
            sig(other, None, None),
            sig(WIRE, None, None),
            sig(&copy, None, None),
        ];
        assert_eq!(cluster(&sigs), vec![0, 1, 1]);
    }

    proptest::proptest! {
        #[test]
        fn signatures_never_panic_and_a_text_is_its_own_duplicate(text in "\\PC{0,300}") {
            let s = sig(&text, None, None);
            if text.split_whitespace().count() >= 3 {
                proptest::prop_assert!(wording_similarity(&s, &s) > 0.99 || s.minhash.iter().all(|h| *h == u64::MAX));
            }
        }
    }
}
