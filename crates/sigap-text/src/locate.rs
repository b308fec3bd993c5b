//! Where did it happen? The place of a case as Kemendagri codes, read from the text the way an
//! analyst reads it: place names found against the gazetteer, cue words (`Desa`, `Kec.`,
//! `Kab.`, `Kota`, `Provinsi`) that say which level a name is, the other places in the text
//! that decide between same-named regions, and the dateline (`GARUT, KOMPAS.com –`) as a weaker
//! hint. The ministry's own city is not the place of a case. Between equal candidates it never
//! guesses: it answers with what they have in common, or nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use sigap_core::{
    RegionLevel,
    gazetteer::{Gazetteer, Region, RegionKind},
};

/// The place of a case, as precise as the text allows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub province: String,
    pub regency: Option<String>,
    pub district: Option<String>,
    pub village: Option<String>,
    /// 0–1: how sure the reading is.
    pub confidence: f32,
    /// The words of the text that gave the place.
    pub evidence: String,
}

/// The words a place name may follow, and the level they announce.
const CUES: &[(&str, Cue)] = &[
    ("provinsi", Cue::Province),
    ("prov", Cue::Province),
    ("kabupaten", Cue::Kabupaten),
    ("kab", Cue::Kabupaten),
    ("kota", Cue::Kota),
    ("kotamadya", Cue::Kota),
    ("kecamatan", Cue::District),
    ("kec", Cue::District),
    ("distrik", Cue::District),
    ("desa", Cue::Village),
    ("ds", Cue::Village),
    ("kelurahan", Cue::Village),
    ("kel", Cue::Village),
    ("kampung", Cue::Village),
    ("nagari", Cue::Village),
    ("gampong", Cue::Village),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Province,
    Kabupaten,
    Kota,
    District,
    Village,
}

impl Cue {
    fn accepts(self, r: &Region) -> bool {
        match self {
            Cue::Province => r.kind == RegionKind::Provinsi,
            Cue::Kabupaten => r.kind == RegionKind::Kabupaten,
            Cue::Kota => r.kind == RegionKind::Kota,
            Cue::District => r.kind == RegionKind::Kecamatan,
            Cue::Village => r.level() == RegionLevel::Village,
        }
    }
}

/// Words that name the ministry or its head office: a place right after them is where the
/// ministry is, not where the case is.
const MINISTRY: &[&str] = &["kemensos", "mensos", "kementerian", "menteri", "pusat"];

/// The index from normalised names (words joined by one space) to regions.
struct NameMap {
    names: HashMap<String, Vec<u32>>,
    longest: usize,
}

fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let part_of_word = c.is_alphanumeric() || c == '\'';
        match (part_of_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, text[s..i].to_lowercase().replace('\'', "")));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), text[s..].to_lowercase().replace('\'', "")));
    }
    out
}

fn normalised(name: &str) -> String {
    words(name)
        .into_iter()
        .map(|(_, _, w)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

fn name_map(g: &Gazetteer) -> &'static NameMap {
    static MAP: OnceLock<NameMap> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut names: HashMap<String, Vec<u32>> = HashMap::new();
        let mut longest = 1;
        for (i, r) in g.regions().iter().enumerate() {
            let mut forms = vec![normalised(&r.name)];
            if r.level() <= RegionLevel::Regency {
                forms.extend(g.aliases(&r.code).iter().map(|a| normalised(a)));
            }
            for form in forms {
                if form.is_empty() {
                    continue;
                }
                longest = longest.max(form.split(' ').count());
                let entry = names.entry(form.clone()).or_default();
                if !entry.contains(&(i as u32)) {
                    entry.push(i as u32);
                }
                // "Tanjung Pinang" is also written "Tanjungpinang".
                if form.contains(' ') {
                    let joined = form.replace(' ', "");
                    let entry = names.entry(joined).or_default();
                    if !entry.contains(&(i as u32)) {
                        entry.push(i as u32);
                    }
                }
            }
        }
        NameMap {
            names,
            longest: longest.min(5),
        }
    })
}

/// One place name found in the text.
struct Mention {
    start: usize,
    end: usize,
    cue: Option<Cue>,
    candidates: Vec<u32>,
    weight: f32,
    dateline: bool,
}

/// Reads the place of a case from its title and text. `None` when the text does not determine
/// it (no place, or only places between which it cannot choose).
pub fn locate(g: &Gazetteer, title: Option<&str>, text: &str) -> Option<Location> {
    let full = match title {
        Some(t) if !t.trim().is_empty() => format!("{t}.\n{text}"),
        _ => text.to_owned(),
    };
    let mentions = find_mentions(g, &full);
    if mentions.is_empty() {
        return None;
    }
    decide(g, &full, &mentions)
}

fn find_mentions(g: &Gazetteer, text: &str) -> Vec<Mention> {
    let map = name_map(g);
    let regions = g.regions();
    let ws = words(text);
    let dateline_end = dateline_end(text);
    let mut mentions = Vec::new();
    let mut key = String::new();
    let mut i = 0;
    while i < ws.len() {
        let cue = if i > 0 {
            CUES.iter()
                .find(|(w, _)| *w == ws[i - 1].2)
                .map(|(_, c)| *c)
        } else {
            None
        };
        // A cue word may itself start the name ("Kota Baru" is a name; so is "Kampung Baru").
        // The longest name starting here: keys built in one buffer, longest first.
        let longest = map.longest.min(ws.len() - i);
        let mut ends = Vec::with_capacity(longest);
        key.clear();
        for (k, w) in ws[i..i + longest].iter().enumerate() {
            if k > 0 {
                key.push(' ');
            }
            key.push_str(&w.2);
            ends.push(key.len());
        }
        let mut found = None;
        for n in (1..=longest).rev() {
            if let Some(c) = map.names.get(&key[..ends[n - 1]]) {
                found = Some((n, c));
                break;
            }
        }
        let Some((n, all)) = found else {
            i += 1;
            continue;
        };
        let candidates: Vec<u32> = match cue {
            Some(cue) => all
                .iter()
                .copied()
                .filter(|&r| cue.accepts(&regions[r as usize]))
                .collect(),
            None => all.clone(),
        };
        let cue = if candidates.is_empty() { None } else { cue };
        let candidates = if candidates.is_empty() {
            all.clone()
        } else {
            candidates
        };
        let after_ministry = i > 0 && MINISTRY.contains(&ws[i - 1].2.as_str())
            || i > 1 && MINISTRY.contains(&ws[i - 2].2.as_str());
        let dateline = dateline_end.is_some_and(|end| ws[i].0 < end);
        let weight: f32 = match (cue, after_ministry) {
            (_, true) => 0.0,
            (Some(_), _) => 2.0,
            (None, _) => 1.0,
        };
        mentions.push(Mention {
            start: if cue.is_some() && i > 0 {
                ws[i - 1].0
            } else {
                ws[i].0
            },
            end: ws[i + n - 1].1,
            cue,
            candidates,
            weight: if dateline {
                weight.min(1.0) * 0.8
            } else {
                weight
            },
            dateline,
        });
        i += n;
    }
    mentions
}

/// Where a dateline (`GARUT, KOMPAS.com –`, `Jakarta (ANTARA) –`) ends, if the text opens with one.
fn dateline_end(text: &str) -> Option<usize> {
    let head: String = text.chars().take(80).collect();
    let dash = head.find(['–', '—', '-']).filter(|&d| d > 2)?;
    let before = &head[..dash];
    let looks_like = before.contains(".com")
        || before.contains("(ANTARA)")
        || before.contains("(Antara)")
        || before.contains(".id")
        || before.contains(".co")
        || before
            .chars()
            .filter(|c| c.is_alphabetic())
            .take(4)
            .all(|c| c.is_uppercase());
    looks_like.then_some(dash)
}

/// The code as a chain of prefixes: `32.01.16.2013` has `32`, `32.01`, `32.01.16`.
fn is_within(inner: &str, outer: &str) -> bool {
    inner == outer || (inner.starts_with(outer) && inner.as_bytes().get(outer.len()) == Some(&b'.'))
}

fn decide(g: &Gazetteer, text: &str, mentions: &[Mention]) -> Option<Location> {
    let regions = g.regions();
    // Every candidate of every mention, scored by the mentions that name it or a place around it.
    let mut best: Vec<(f32, usize, u32)> = Vec::new();
    for (mi, m) in mentions.iter().enumerate() {
        if m.weight == 0.0 {
            continue;
        }
        for &c in &m.candidates {
            let code = regions[c as usize].code.as_str();
            let level = regions[c as usize].level();
            let mut score = m.weight;
            let mut supported = false;
            for (oi, o) in mentions.iter().enumerate() {
                // The same name said again is no evidence for itself.
                if oi == mi || o.weight == 0.0 || o.candidates == m.candidates {
                    continue;
                }
                // Another mention naming the same or an enclosing region supports this one:
                // "Desa Sukamaju, Kecamatan Cibungbulang, Kabupaten Bogor". Places named inside
                // it do not (they are reached by going down from the winner, in `deepen`).
                let agrees = o.candidates.iter().any(|&oc| {
                    let other = regions[oc as usize].code.as_str();
                    is_within(code, other)
                });
                if agrees {
                    score += o.weight * 0.9;
                    supported = true;
                }
            }
            // Village and district names without a cue are too often ordinary words or
            // repeated across the country: they count only inside a place the text also names.
            let weak = m.cue.is_none() && level >= RegionLevel::District;
            if weak && !supported {
                continue;
            }
            // Same-named regions split the mention's weight: a name with 40 villages says little.
            let spread = m.candidates.len() as f32;
            score /= spread.sqrt();
            best.push((score, mi, c));
        }
    }
    if best.is_empty() {
        return None;
    }
    best.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then(
            regions[b.2 as usize]
                .level()
                .cmp(&regions[a.2 as usize].level()),
        )
    });
    let top = best[0].0;
    // Everything within a hair of the best is a tie: answer with what the tied places share.
    let tied: Vec<&(f32, usize, u32)> = best.iter().filter(|b| b.0 >= top - 1e-3).collect();
    let codes: Vec<&str> = tied
        .iter()
        .map(|b| regions[b.2 as usize].code.as_str())
        .collect();
    let chosen = common_region(&codes)?;
    // The most specific region the winning chain supports: if the winner is a regency and the
    // text also names one of its districts or villages with a cue, go down.
    let chosen = deepen(g, &chosen, mentions);
    let parts: Vec<&str> = chosen.split('.').collect();
    let join = |n: usize| (parts.len() >= n).then(|| parts[..n].join("."));
    let evidence = mentions
        .iter()
        .filter(|m| {
            m.weight > 0.0
                && m.candidates
                    .iter()
                    .any(|&c| is_within(&chosen, regions[c as usize].code.as_str()))
        })
        .map(|m| text[m.start..m.end].to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let only_dateline = mentions
        .iter()
        .filter(|m| m.weight > 0.0)
        .all(|m| m.dateline);
    let confidence = match (tied.len(), only_dateline) {
        (1, false) => (0.55 + 0.1 * top).min(0.95),
        (1, true) => 0.6,
        _ => 0.5,
    };
    Some(Location {
        province: join(1)?,
        regency: join(2),
        district: join(3),
        village: join(4),
        confidence,
        evidence,
    })
}

/// The deepest code that all these codes lie in, if any.
fn common_region(codes: &[&str]) -> Option<String> {
    let first: Vec<&str> = codes.first()?.split('.').collect();
    let mut depth = first.len();
    for c in &codes[1..] {
        let parts: Vec<&str> = c.split('.').collect();
        depth = depth.min(first.iter().zip(&parts).take_while(|(a, b)| a == b).count());
    }
    (depth > 0).then(|| first[..depth].join("."))
}

/// Goes down from `code` while exactly one place inside it is named with a cue (or named
/// without one but unique inside it).
fn deepen(g: &Gazetteer, code: &str, mentions: &[Mention]) -> String {
    let regions = g.regions();
    let mut current = code.to_owned();
    loop {
        let inside: Vec<&str> = mentions
            .iter()
            .filter(|m| m.weight > 0.0)
            .flat_map(|m| {
                let within: Vec<&str> = m
                    .candidates
                    .iter()
                    .map(|&c| regions[c as usize].code.as_str())
                    .filter(|c| is_within(c, &current) && *c != current)
                    .collect();
                // A name with several places inside `current` cannot be placed: skip it.
                if within.len() == 1 {
                    within
                } else {
                    Vec::new()
                }
            })
            .collect();
        let mut next: Vec<&str> = inside;
        next.sort();
        next.dedup();
        let deeper = common_region(&next).filter(|c| c != &current && is_within(c, &current));
        match deeper {
            Some(d) => current = d,
            None => return current,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<Location> {
        locate(Gazetteer::embedded(), None, text)
    }

    fn codes(l: &Option<Location>) -> (Option<&str>, Option<&str>, Option<&str>, Option<&str>) {
        match l {
            Some(l) => (
                Some(l.province.as_str()),
                l.regency.as_deref(),
                l.district.as_deref(),
                l.village.as_deref(),
            ),
            None => (None, None, None, None),
        }
    }

    #[test]
    fn cue_words_and_hierarchy_place_a_village_among_dozens_of_namesakes() {
        let l = at(
            "Nenek 80 tahun hidup sendiri di Desa Sukamaju, Kecamatan Cibungbulang, Kabupaten Bogor.",
        );
        assert_eq!(
            codes(&l),
            (
                Some("32"),
                Some("32.01"),
                Some("32.01.16"),
                Some("32.01.16.2013")
            )
        );
        assert!(l.unwrap().evidence.contains("Cibungbulang"));
    }

    #[test]
    fn a_dateline_places_a_case_when_the_text_names_nothing_else() {
        let l = at("GARUT, KOMPAS.com - Seorang nenek ditemukan tinggal sendirian di gubuk reyot.");
        assert_eq!(codes(&l).1, Some("32.05"));
    }

    #[test]
    fn the_place_in_the_text_beats_the_outlet_s_city_in_the_dateline() {
        let l = at(
            "Jakarta (ANTARA) - Kementerian Sosial mengirim bantuan untuk korban banjir di Kabupaten Ogan Ilir, Sumatera Selatan.",
        );
        assert_eq!(codes(&l).1, Some("16.10"));
    }

    #[test]
    fn the_ministry_s_city_is_not_the_place_of_a_case() {
        let l = at(
            "Menteri Sosial di Jakarta menyatakan seorang anak di Kecamatan Pemulutan, Ogan Ilir, sudah dijemput petugas.",
        );
        assert_eq!(codes(&l).1, Some("16.10"));
        assert_eq!(codes(&l).2, Some("16.10.05"));
    }

    #[test]
    fn equal_candidates_are_never_guessed_between() {
        // Kota Bogor and Kabupaten Bogor: only the province is certain.
        let l = at("Seorang lansia telantar ditemukan warga di Bogor.");
        assert_eq!(codes(&l), (Some("32"), None, None, None));
        // A village name alone, shared by dozens of villages in many provinces: nothing.
        assert_eq!(at("Warga Sukamaju menemukan bayi di depan musala."), None);
    }

    #[test]
    fn a_kota_cue_tells_the_city_from_the_regency() {
        assert_eq!(
            codes(&at("Banjir merendam rumah warga di Kota Bogor.")).1,
            Some("32.71")
        );
        assert_eq!(
            codes(&at("Banjir merendam rumah warga di Kab. Bogor.")).1,
            Some("32.01")
        );
    }

    proptest::proptest! {
        #[test]
        fn locate_never_panics_and_its_codes_exist(text in "\\PC{0,200}") {
            if let Some(l) = at(&text) {
                let g = Gazetteer::embedded();
                for code in [Some(&l.province), l.regency.as_ref(), l.district.as_ref(), l.village.as_ref()].into_iter().flatten() {
                    proptest::prop_assert!(g.get_str(code).is_some(), "{code}");
                }
            }
        }
    }

    #[test]
    fn a_text_without_a_place_has_no_location() {
        assert_eq!(
            at("Seorang anak ditemukan menangis sendirian di pinggir jalan."),
            None
        );
    }
}
