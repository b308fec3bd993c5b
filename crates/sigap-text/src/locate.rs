//! Where did it happen? The place of a case as Kemendagri codes, read from the text the way an
//! analyst reads it: place names found against the gazetteer, cue words (`Desa`, `Kec.`,
//! `Kab.`, `Kota`, `Provinsi`) that say which level a name is, the other places in the text
//! that decide between same-named regions, and the dateline (`GARUT, KOMPAS.com –`) as a weaker
//! hint. The ministry's own city is not the place of a case. Between equal candidates it never
//! guesses: it answers with what they have in common, or nothing.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
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

/// The province of the ministry's seat (DKI Jakarta): a Jakarta dateline on a text about the
/// ministry is where the news was written, not where a case is.
const MINISTRY_PROVINCE: &str = "31";

/// Whether a text names the Ministry of Social Affairs.
fn names_ministry(ws: &Words) -> bool {
    (0..ws.len()).any(|i| match ws.word(i) {
        "kemensos" | "mensos" => true,
        "kementerian" | "menteri" => i + 1 < ws.len() && ws.word(i + 1) == "sosial",
        _ => false,
    })
}

/// The most words of a name that a text is searched for.
const MAX_NAME_WORDS: usize = 5;

/// The index from normalised names (words joined by one space) to regions. Hashed with FxHash:
/// every word of every text is looked up, and the keys are the gazetteer's own.
struct NameMap {
    names: FxHashMap<String, Vec<u32>>,
    /// For each word that starts a name, the most words (at most [`MAX_NAME_WORDS`]) of a name
    /// starting with it: most words of a text start none, and are passed over with one look-up.
    first_words: FxHashMap<String, usize>,
    enclosing: Enclosing,
}

/// For each region, by index, the regions whose code it [`is_within`]: itself and the regions
/// above it. Built once, so that weighing a text's candidates against each other compares
/// region numbers instead of codes.
struct Enclosing {
    /// Region `r`'s list is `regions[starts[r]..starts[r + 1]]`.
    starts: Vec<u32>,
    regions: Vec<u32>,
}

impl Enclosing {
    fn build(regions: &[Region]) -> Enclosing {
        let mut by_code: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
        for (i, r) in regions.iter().enumerate() {
            by_code.entry(r.code.as_str()).or_default().push(i as u32);
        }
        let mut index = Enclosing {
            starts: Vec::with_capacity(regions.len() + 1),
            regions: Vec::with_capacity(regions.len() * 4),
        };
        index.starts.push(0);
        for r in regions {
            for outer in enclosing(r.code.as_str()) {
                if let Some(found) = by_code.get(outer) {
                    index.regions.extend(found);
                }
            }
            index.starts.push(index.regions.len() as u32);
        }
        index
    }

    /// The regions that region `r` lies within, itself included.
    fn of(&self, r: u32) -> &[u32] {
        let r = r as usize;
        &self.regions[self.starts[r] as usize..self.starts[r + 1] as usize]
    }
}

/// The words of a text for name look-ups, lowercased and without apostrophes, written one after
/// another into one buffer with one space between them: the key of a run of consecutive words
/// is then a slice of that buffer, with no copy and no allocation per word.
struct Words {
    /// `w0 w1 w2 …`
    keys: String,
    /// Each word's byte span in the text and its span in `keys`.
    spans: Vec<WordSpan>,
}

#[derive(Debug, Clone, Copy)]
struct WordSpan {
    start: usize,
    end: usize,
    key_start: usize,
    key_end: usize,
}

impl Words {
    /// Words are runs of letters, digits and apostrophes.
    fn read(text: &str) -> Words {
        let mut words = Words {
            keys: String::with_capacity(text.len()),
            spans: Vec::with_capacity(text.len() / 6 + 1),
        };
        let mut start = None;
        for (i, c) in text.char_indices() {
            let part_of_word = c.is_alphanumeric() || c == '\'';
            match (part_of_word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push(text, s, i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(text, s, text.len());
        }
        words
    }

    fn push(&mut self, text: &str, start: usize, end: usize) {
        if !self.spans.is_empty() {
            self.keys.push(' ');
        }
        let key_start = self.keys.len();
        let word = &text[start..end];
        if word.is_ascii() {
            self.keys.extend(
                word.bytes()
                    .filter(|&b| b != b'\'')
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
        } else {
            // `str::to_lowercase` of the whole word, not char by char: a final sigma lowercases
            // differently at the end of a word.
            self.keys
                .extend(word.to_lowercase().chars().filter(|&c| c != '\''));
        }
        self.spans.push(WordSpan {
            start,
            end,
            key_start,
            key_end: self.keys.len(),
        });
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    /// The normalised form of word `i`.
    fn word(&self, i: usize) -> &str {
        let span = self.spans[i];
        &self.keys[span.key_start..span.key_end]
    }

    /// Words `i..i + n` joined by one space, the form [`NameMap`] is keyed by.
    fn run(&self, i: usize, n: usize) -> &str {
        &self.keys[self.spans[i].key_start..self.spans[i + n - 1].key_end]
    }
}

/// A name's words joined by one space.
fn normalised(name: &str) -> String {
    Words::read(name).keys
}

fn name_map(g: &Gazetteer) -> &'static NameMap {
    static MAP: OnceLock<NameMap> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut names: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (i, r) in g.regions().iter().enumerate() {
            let mut forms = vec![normalised(&r.name)];
            if r.level() <= RegionLevel::Regency {
                forms.extend(g.aliases(&r.code).iter().map(|a| normalised(a)));
            }
            for form in forms {
                if form.is_empty() {
                    continue;
                }
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
        let mut first_words: FxHashMap<String, usize> = FxHashMap::default();
        for name in names.keys() {
            let mut words = name.split(' ');
            let first = words.next().unwrap_or_default();
            let count = (1 + words.count()).min(MAX_NAME_WORDS);
            let most = first_words.entry(first.to_owned()).or_default();
            *most = (*most).max(count);
        }
        NameMap {
            names,
            first_words,
            enclosing: Enclosing::build(g.regions()),
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
    // The dateline opens the text, not the title.
    let mentions = find_mentions(g, &full, full.len() - text.len());
    if mentions.is_empty() {
        return None;
    }
    decide(g, &full, &mentions)
}

/// The place names of `text`; `body` is where the body starts (after a title), the only place a
/// dateline can be.
fn find_mentions(g: &Gazetteer, text: &str, body: usize) -> Vec<Mention> {
    let map = name_map(g);
    let regions = g.regions();
    let ws = Words::read(text);
    let dateline = dateline_end(&text[body..]).map(|end| body..body + end);
    let ministry_text = dateline.is_some() && names_ministry(&ws);
    let mut mentions = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        // The longest name starting here, if any word of a name does. A cue word may itself
        // start the name ("Kota Baru" is a name; so is "Kampung Baru").
        let longest = map
            .first_words
            .get(ws.word(i))
            .map_or(0, |&most| most.min(ws.len() - i));
        let found = (1..=longest)
            .rev()
            .find_map(|n| map.names.get(ws.run(i, n)).map(|c| (n, c)));
        let Some((n, all)) = found else {
            i += 1;
            continue;
        };
        let cue = if i > 0 {
            CUES.iter()
                .find(|(w, _)| *w == ws.word(i - 1))
                .map(|(_, c)| *c)
        } else {
            None
        };
        // A few villages are named like the commonest words ("Yang", "Dari", "Dalam"): such a
        // name is a place only when written as one, capitalised after a cue ("Desa Dalam"), never
        // in "sebuah kampung yang ditinggalkan".
        if n == 1
            && crate::lexicon::is_stopword(ws.word(i))
            && !(cue.is_some()
                && text[ws.spans[i].start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase))
        {
            i += 1;
            continue;
        }
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
        let after_ministry = i > 0 && MINISTRY.contains(&ws.word(i - 1))
            || i > 1 && MINISTRY.contains(&ws.word(i - 2));
        let dateline = dateline
            .as_ref()
            .is_some_and(|d| d.contains(&ws.spans[i].start));
        let ministry_seat = ministry_text
            && dateline
            && candidates
                .iter()
                .all(|&r| is_within(regions[r as usize].code.as_str(), MINISTRY_PROVINCE));
        let weight: f32 = match (cue, after_ministry || ministry_seat) {
            (_, true) => 0.0,
            (Some(_), _) => 2.0,
            (None, _) => 1.0,
        };
        mentions.push(Mention {
            start: if cue.is_some() && i > 0 {
                ws.spans[i - 1].start
            } else {
                ws.spans[i].start
            },
            end: ws.spans[i + n - 1].end,
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

/// Every `outer` that `code` [`is_within`]: its prefixes that end before a dot, then itself.
fn enclosing(code: &str) -> impl Iterator<Item = &str> {
    code.match_indices('.')
        .map(|(end, _)| &code[..end])
        .chain(std::iter::once(code))
}

fn decide(g: &Gazetteer, text: &str, mentions: &[Mention]) -> Option<Location> {
    let regions = g.regions();
    let enclosing = &name_map(g).enclosing;
    // Mentions with the same candidates say the same name again: each gets the first one's index.
    let name_of: Vec<usize> = mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            mentions[..=i]
                .iter()
                .position(|o| o.candidates == m.candidates)
                .unwrap_or(i)
        })
        .collect();
    // Every region that a weighing mention names, with that mention, in region order: the
    // mentions that name a region or a place around it are then found by looking up the few
    // regions it lies within, instead of comparing every candidate with every other one.
    let mut named: Vec<(u32, usize)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, o)| o.weight != 0.0)
        .flat_map(|(oi, o)| o.candidates.iter().map(move |&oc| (oc, oi)))
        .collect();
    named.sort_unstable();
    let mut agreeing: Vec<usize> = Vec::new();
    // Every candidate of every mention, scored by the mentions that name it or a place around it.
    let mut best: Vec<(f32, usize, u32)> = Vec::new();
    for (mi, m) in mentions.iter().enumerate() {
        if m.weight == 0.0 {
            continue;
        }
        for &c in &m.candidates {
            let level = regions[c as usize].level();
            // Another mention naming the same or an enclosing region supports this one:
            // "Desa Sukamaju, Kecamatan Cibungbulang, Kabupaten Bogor". Places named inside
            // it do not (they are reached by going down from the winner, in `deepen`).
            agreeing.clear();
            for &outer in enclosing.of(c) {
                let from = named.partition_point(|&(r, _)| r < outer);
                agreeing.extend(
                    named[from..]
                        .iter()
                        .take_while(|&&(r, _)| r == outer)
                        // The same name said again is no evidence for itself.
                        .filter(|&&(_, oi)| name_of[oi] != name_of[mi])
                        .map(|&(_, oi)| oi),
                );
            }
            // Each supporting mention once, in mention order: the sum is then the same to the
            // last bit as when every mention was compared in turn.
            agreeing.sort_unstable();
            agreeing.dedup();
            let mut score = m.weight;
            for &oi in &agreeing {
                score += mentions[oi].weight * 0.9;
            }
            let supported = !agreeing.is_empty();
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
    fn a_jakarta_dateline_on_ministry_news_is_not_a_place() {
        let news = "JAKARTA, KOMPAS.com - Kementerian Sosial menyalurkan bantuan untuk 2,8 juta lansia di seluruh Indonesia.";
        assert_eq!(at(news), None);
        // Without the ministry, the dateline still places the text.
        let other =
            "JAKARTA, KOMPAS.com - Seorang nenek ditemukan tinggal sendirian di kolong jembatan.";
        assert_eq!(codes(&at(other)).0, Some("31"));
        // And the ministry's news of a case elsewhere keeps that place.
        let case = "JAKARTA, KOMPAS.com - Kemensos menjemput seorang anak di Kecamatan Pemulutan, Ogan Ilir.";
        assert_eq!(codes(&at(case)).1, Some("16.10"));
    }

    #[test]
    fn a_dateline_is_read_as_one_when_a_title_comes_first() {
        let text = "GARUT, KOMPAS.com - Seorang nenek ditemukan tinggal sendirian di gubuk reyot.";
        let titled = locate(
            Gazetteer::embedded(),
            Some("Nenek Tinggal Sendirian di Gubuk Reyot"),
            text,
        );
        assert_eq!(codes(&titled).1, Some("32.05"));
        // The same weak, dateline-only confidence as without the title.
        assert_eq!(titled.map(|l| l.confidence), at(text).map(|l| l.confidence));
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

    /// The word reader before [`Words`]: one `String` per word.
    fn words_as_before(text: &str) -> Vec<(usize, usize, String)> {
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

    fn assert_runs_as_before(text: &str) {
        let before = words_as_before(text);
        let words = Words::read(text);
        assert_eq!(words.len(), before.len(), "{text:?}");
        for i in 0..before.len() {
            assert_eq!(
                (words.spans[i].start, words.spans[i].end),
                (before[i].0, before[i].1)
            );
            assert_eq!(words.word(i), before[i].2);
            for n in 1..=MAX_NAME_WORDS.min(before.len() - i) {
                let joined: Vec<&str> = before[i..i + n].iter().map(|w| w.2.as_str()).collect();
                assert_eq!(words.run(i, n), joined.join(" "), "{text:?} {i} {n}");
            }
        }
    }

    #[test]
    fn word_runs_are_the_words_joined_by_one_space() {
        assert_runs_as_before("Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor");
        assert_runs_as_before("Ma'ruf di TANJUNG PINANG ' '' ÖSTERREICH ΟΔΟΣ İstanbul 12 ");
        let words = Words::read("Kota  Tanjung-Pinang");
        assert_eq!(words.run(0, 3), "kota tanjung pinang");
        assert_eq!(words.word(2), "pinang");
    }

    proptest::proptest! {
        #[test]
        fn word_runs_match_the_per_word_strings_they_replace(text in "\\PC{0,120}") {
            assert_runs_as_before(&text);
        }
    }

    #[test]
    fn every_name_is_reachable_from_its_first_word() {
        let map = name_map(Gazetteer::embedded());
        for name in map.names.keys() {
            let first = name.split(' ').next().unwrap_or_default();
            let words = name.split(' ').count();
            assert!(
                map.first_words[first] >= words.min(MAX_NAME_WORDS),
                "{name:?}"
            );
        }
        assert!(map.first_words.values().all(|&n| n <= MAX_NAME_WORDS));
    }

    #[test]
    fn the_enclosing_codes_are_exactly_those_a_code_is_within() {
        let codes = [
            "",
            ".",
            "3",
            "32",
            "32.",
            "32.0",
            "32.01",
            "32.010",
            "32.01.16",
            "32.01.16.2013",
            ".32",
            "32..01",
            "33.01",
        ];
        for inner in codes {
            for outer in codes {
                assert_eq!(
                    enclosing(inner).any(|o| o == outer),
                    is_within(inner, outer),
                    "{inner:?} within {outer:?}"
                );
            }
        }
        let chain: Vec<&str> = enclosing("32.01.16.2013").collect();
        assert_eq!(chain, ["32", "32.01", "32.01.16", "32.01.16.2013"]);
    }

    proptest::proptest! {
        #[test]
        fn enclosing_agrees_with_is_within(inner in "[0-2.]{0,7}", outer in "[0-2.]{0,7}") {
            proptest::prop_assert_eq!(
                enclosing(&inner).any(|o| o == outer),
                is_within(&inner, &outer)
            );
        }
    }

    #[test]
    fn the_regions_a_region_lies_within_are_those_its_code_is_within() {
        let regions = Gazetteer::embedded().regions();
        let index = &name_map(Gazetteer::embedded()).enclosing;
        // Every region against a spread of others, and each against its own list.
        let others: Vec<u32> = (0..regions.len() as u32).step_by(97).collect();
        for (r, region) in regions.iter().enumerate() {
            let within = index.of(r as u32);
            assert!(within.contains(&(r as u32)), "{}", region.code.as_str());
            for &o in within {
                assert!(is_within(
                    region.code.as_str(),
                    regions[o as usize].code.as_str()
                ));
            }
            if r % 13 == 0 {
                for &o in &others {
                    assert_eq!(
                        within.contains(&o),
                        is_within(region.code.as_str(), regions[o as usize].code.as_str()),
                        "{} within {}",
                        region.code.as_str(),
                        regions[o as usize].code.as_str()
                    );
                }
            }
        }
    }

    #[test]
    fn villages_named_like_common_words_are_places_only_when_written_as_one() {
        // "Yang" (82.02.03.2008) and "Dalam" are villages; "yang" and "dalam" are the commonest
        // words of the language.
        let t = "Seorang nenek di Banjarnegara memilih tetap tinggal di sebuah kampung yang telah lama ditinggalkan, dalam rumah yang rusak.";
        assert_eq!(codes(&at(t)).1, Some("33.04"), "{:?}", at(t));
        let named =
            "Seorang nenek hidup sebatang kara di Desa Dalam, Kecamatan Alas, Kabupaten Sumbawa.";
        assert_eq!(
            codes(&at(named)),
            (
                Some("52"),
                Some("52.04"),
                Some("52.04.05"),
                Some("52.04.05.2006")
            ),
            "{:?}",
            at(named)
        );
    }

    #[test]
    fn a_text_without_a_place_has_no_location() {
        assert_eq!(
            at("Seorang anak ditemukan menangis sendirian di pinggir jalan."),
            None
        );
    }
}
