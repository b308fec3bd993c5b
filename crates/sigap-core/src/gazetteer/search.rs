//! Name search over the gazetteer. A query is split into normalised words; each word (and each
//! pair of neighbouring words run together) is looked up exactly, with its typo budget, and as a
//! prefix when it is the last word. A region *hit* is a region whose own name the words match,
//! and the words left over are explained by its ancestors: `sukamaju cibungbulang bogor` puts
//! the Desa Sukamaju inside Kec. Cibungbulang inside Kab. Bogor first, because it explains all
//! three words. Cue words (`Kab.`, `Kota`, `Kec.`, `Ds.`…) steer the kind of the place after them.

use serde::Serialize;

use super::index::{Origin, TokenMatch};
use super::normalise::{self, Cue, Hyphen};
use super::{Gazetteer, NO_PARENT, RegionKind};
use crate::{RegionCode, RegionLevel};

/// One result of [`Gazetteer::search`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub code: RegionCode,
    /// The full name: `Desa Sukamaju`.
    pub name: String,
    /// The address line: `Desa Sukamaju, Kec. Cibungbulang, Kab. Bogor, Jawa Barat`.
    pub path: String,
    pub level: RegionLevel,
    pub kind: RegionKind,
    /// Higher is better; about one point per query word explained. Only the order matters.
    pub score: f32,
    /// The query words this hit explains, in query order.
    pub matched: Vec<MatchedTerm>,
}

/// A query word (or two run together) and what it matched: a name token, or for a cue word
/// the kind of the region after it (`kab` → `kabupaten`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchedTerm {
    pub query: String,
    pub matched: String,
    /// Typos corrected (0 for an exact match, a prefix or a cue).
    pub edits: u8,
}

/// Longer queries are cut here.
const MAX_QUERY_CHARS: usize = 200;
/// Words beyond this many are ignored (they fit a 32-bit mask with room to spare).
const MAX_WORDS: usize = 12;
/// A bound on the (form, term) pairs one query may gather, whatever the input.
const MAX_GATHERED: usize = 200_000;

/// Score of a name token matched with 1 or 2 typos (an exact match scores 1).
const TYPO_QUALITY: [f32; 3] = [1.0, 0.8, 0.6];
/// Two query words run together to match one token (`tanjung pinang` → `tanjungpinang`).
const JOINED_QUERY_FACTOR: f32 = 0.97;
/// A name token the query did not mention (`Sukamaju Baru` for `sukamaju`).
const MISSING_TOKEN: f32 = 0.6;
/// A query word nothing in the hit explains.
const UNEXPLAINED_WORD: f32 = 0.4;
const UNEXPLAINED_CUE: f32 = 0.1;
/// A cue word read as part of a name (`Kota Baru`, `50 Kota`) explains less than a name word,
/// so that `Kota Malang` is the city rather than a `Galang Kota` one typo away.
const CUE_AS_NAME: f32 = 0.5;
const CUE_AGREES: f32 = 0.4;
const CUE_AGREES_ADMIN: f32 = 0.1;
/// The cue names another kind of the same level (`Desa` before a kelurahan).
const CUE_SAME_LEVEL: f32 = 0.15;
const CUE_DISAGREES: f32 = 0.5;
/// Among equal matches, the larger region first (`Bogor`: the regency before villages).
const LEVEL_BONUS: [f32; 4] = [0.06, 0.04, 0.02, 0.0];

struct Word {
    text: String,
    cue: Option<Cue>,
}

/// A word, or two neighbouring words run together, as looked up in the index.
struct Term {
    first: usize,
    last: usize,
    text: String,
    /// What explaining the term is worth: one per word, [`CUE_AS_NAME`] for a cue word.
    weight: f32,
}

impl Term {
    fn mask(&self) -> u32 {
        (u32::MAX >> (31 - self.last)) & (u32::MAX << self.first)
    }
}

/// A vocabulary token some term matched, with the quality of that match per word.
struct TermToken {
    term: usize,
    token: u32,
    quality: f32,
    edits: u8,
}

/// How well one name form matches the query; per region only the best form is kept.
#[derive(Debug, Clone, Copy)]
struct FormMatch {
    region: u32,
    form: u32,
    /// The query words the form uses, one bit each.
    mask: u32,
    score: f32,
    /// The first query word the form uses.
    first: usize,
}

/// A hit and the ancestors that explain more of the query, nearest first.
struct Chain {
    score: f32,
    members: [Option<FormMatch>; 4],
    /// (cue word, region kind it agreed with).
    cues: Vec<(usize, RegionKind)>,
}

/// The matches of regions above village level, by region index: O(1) look-ups for chains.
struct Ancestors<'m> {
    matches: &'m [FormMatch],
    /// `slot[region]` indexes `matches`, or is `u32::MAX`.
    slot: Vec<u32>,
}

impl<'m> Ancestors<'m> {
    /// `matches` is sorted by region; regions below `villages` can be ancestors.
    fn new(matches: &'m [FormMatch], villages: usize) -> Ancestors<'m> {
        let mut slot = vec![u32::MAX; villages];
        for (i, m) in matches.iter().enumerate() {
            match slot.get_mut(m.region as usize) {
                Some(s) => *s = i as u32,
                None => break,
            }
        }
        Ancestors { matches, slot }
    }

    fn get(&self, region: u32) -> Option<&FormMatch> {
        let i = *self.slot.get(region as usize)?;
        self.matches.get(i as usize)
    }
}

struct Query {
    words: Vec<Word>,
    terms: Vec<Term>,
    tokens: Vec<TermToken>,
}

impl Gazetteer {
    /// Regions whose names match `query`, best first, at most `limit` of them.
    ///
    /// Understands region codes (`32.01`, `3201`, and the pre-2022 Papua codes), cue words
    /// (`Kab.`, `Kabupaten`, `Kota`, `Kec.`, `Kecamatan`, `Distrik`, `Ds.`, `Desa`, `Kel.`,
    /// `Kelurahan`, `Prov.`, `Provinsi`, `Kota/Kab. Adm.`, `Desa Adat`), `Kep.` for
    /// `Kepulauan`, spaced and unspaced spellings, hyphens, apostrophes, case, the aliases of
    /// `aliases.tsv`, and one typo per word of five letters or more (two from nine).
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        if limit == 0 {
            return Vec::new();
        }
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        if let Some(hit) = self.code_hit(query.trim()) {
            return vec![hit];
        }
        let q = self.prepare(&query);
        if q.words.is_empty() {
            return Vec::new();
        }
        let matches = self.match_forms(&q);
        let ancestors = Ancestors::new(&matches, self.level_start[3]);
        let ancestors = &ancestors;
        let mut ranked: Vec<(f32, u32)> = matches
            .iter()
            .map(|m| (self.chain(&q, ancestors, m, false).score, m.region))
            .collect();
        let by_rank = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit - 1, by_rank);
            ranked.truncate(limit);
        }
        ranked.sort_unstable_by(by_rank);
        ranked
            .into_iter()
            .filter_map(|(_, region)| {
                let m = matches.binary_search_by_key(&region, |m| m.region).ok()?;
                Some(self.hit(&q, ancestors, &matches[m]))
            })
            .collect()
    }

    /// A query that is a region code, current or pre-2022 Papua, finds that region alone.
    fn code_hit(&self, text: &str) -> Option<SearchHit> {
        if !text.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let code = self
            .get_str(text)
            .map(|r| r.code.clone())
            .or_else(|| self.resolve_legacy(text))?;
        let region = self.get(&code)?;
        Some(SearchHit {
            code: code.clone(),
            name: region.display_name(),
            path: self.path(&code).unwrap_or_default(),
            level: region.level(),
            kind: region.kind,
            score: 10.0,
            matched: vec![MatchedTerm {
                query: text.to_owned(),
                matched: code.to_string(),
                edits: 0,
            }],
        })
    }

    fn prepare(&self, query: &str) -> Query {
        let mut words: Vec<Word> = Vec::new();
        for text in normalise::words(query, Hyphen::Join)
            .into_iter()
            .take(MAX_WORDS)
        {
            let previous = words.last().map(|w: &Word| w.text.as_str());
            let cue = normalise::cue(&text, previous);
            words.push(Word { text, cue });
        }
        let weight = |w: &Word| if w.cue.is_some() { CUE_AS_NAME } else { 1.0 };
        let mut terms: Vec<Term> = (0..words.len())
            .map(|i| Term {
                first: i,
                last: i,
                text: words[i].text.clone(),
                weight: weight(&words[i]),
            })
            .collect();
        for i in 1..words.len() {
            let text = format!("{}{}", words[i - 1].text, words[i].text);
            let weight = weight(&words[i - 1]) + weight(&words[i]);
            terms.push(Term {
                first: i - 1,
                last: i,
                text,
                weight,
            });
        }
        let last_word = words.len().saturating_sub(1);
        let mut tokens = Vec::new();
        let mut found: Vec<TokenMatch> = Vec::new();
        for (term_index, term) in terms.iter().enumerate() {
            found.clear();
            // Typos are forgiven in single words that are not cue words; a pair of words run
            // together (`tanjung pinang` → `tanjungpinang`) must be spelled right.
            let typos = term.first == term.last && words[term.first].cue.is_none();
            self.index
                .lookup(&term.text, typos, term.last == last_word, &mut found);
            let joined = if term.first == term.last {
                1.0
            } else {
                JOINED_QUERY_FACTOR
            };
            for m in &found {
                let quality = if m.prefix {
                    let ratio = term.text.len() as f32 / self.index.token(m.token).len() as f32;
                    0.5 + 0.25 * ratio
                } else {
                    TYPO_QUALITY[usize::from(m.edits).min(2)]
                };
                tokens.push(TermToken {
                    term: term_index,
                    token: m.token,
                    quality: quality * joined,
                    edits: m.edits,
                });
            }
        }
        Query {
            words,
            terms,
            tokens,
        }
    }

    /// The best-matching name form of every region any term touches, sorted by region.
    fn match_forms(&self, q: &Query) -> Vec<FormMatch> {
        let mut gathered: Vec<(u32, u32)> = Vec::new();
        for (i, tt) in q.tokens.iter().enumerate() {
            let room = MAX_GATHERED.saturating_sub(gathered.len());
            gathered.extend(
                self.index
                    .postings(tt.token)
                    .iter()
                    .take(room)
                    .map(|&f| (f, i as u32)),
            );
        }
        // Each inverted list is sorted by form, so a sort that merges runs is quick here.
        gathered.sort();
        let mut matches: Vec<FormMatch> = gathered
            .chunk_by(|a, b| a.0 == b.0)
            .filter_map(|group| {
                self.match_form(q, group[0].0, group.iter().map(|&(_, i)| i as usize), None)
            })
            .collect();
        // Forms are numbered region by region (aliases last): nearly sorted already.
        matches.sort_by(|a, b| {
            a.region
                .cmp(&b.region)
                .then(b.score.total_cmp(&a.score))
                .then(b.mask.count_ones().cmp(&a.mask.count_ones()))
                .then(a.form.cmp(&b.form))
        });
        matches.dedup_by_key(|m| m.region);
        matches
    }

    /// Assigns query terms to the tokens of one form, greedily, each query word used once.
    /// `candidates` are indices of the query's term tokens; `parts` receives those used.
    fn match_form(
        &self,
        q: &Query,
        form_id: u32,
        candidates: impl Iterator<Item = usize> + Clone,
        mut parts: Option<&mut Vec<usize>>,
    ) -> Option<FormMatch> {
        let form = self.index.form(form_id);
        let mut m = FormMatch {
            region: form.region,
            form: form_id,
            mask: 0,
            score: 0.0,
            first: usize::MAX,
        };
        let mut missing = 0;
        for &token in self.index.form_tokens(form) {
            let weight = |i: usize| q.tokens[i].quality * q.terms[q.tokens[i].term].weight;
            let choice = candidates
                .clone()
                .filter(|&i| {
                    q.tokens[i].token == token && q.terms[q.tokens[i].term].mask() & m.mask == 0
                })
                .max_by(|&a, &b| weight(a).total_cmp(&weight(b)).then(b.cmp(&a)));
            match choice {
                Some(i) => {
                    let term = &q.terms[q.tokens[i].term];
                    m.mask |= term.mask();
                    m.score += weight(i);
                    m.first = m.first.min(term.first);
                    if let Some(parts) = parts.as_deref_mut() {
                        parts.push(i);
                    }
                }
                None => missing += 1,
            }
        }
        m.score -= MISSING_TOKEN * missing as f32;
        m.score -= match form.origin {
            Origin::Official => 0.0,
            Origin::Alias => 0.02,
            Origin::Joined => 0.03,
        };
        (m.mask != 0 && m.score > 0.0).then_some(m)
    }

    /// The score of a region as a hit, with the ancestors that explain other words of the
    /// query and the cue words that agree with a region of the chain.
    fn chain(
        &self,
        q: &Query,
        ancestors: &Ancestors<'_>,
        own: &FormMatch,
        with_cues: bool,
    ) -> Chain {
        let mut chain = Chain {
            score: own.score,
            members: [Some(*own), None, None, None],
            cues: Vec::new(),
        };
        let mut mask = own.mask;
        let mut p = self.parent[own.region as usize];
        let mut n = 1;
        while p != NO_PARENT && n < 4 {
            let found = ancestors.get(p).copied();
            if let Some(m) = found.filter(|m| m.mask & mask == 0) {
                chain.score += m.score;
                mask |= m.mask;
                chain.members[n] = Some(m);
                n += 1;
            }
            p = self.parent[p as usize];
        }
        for (i, word) in q.words.iter().enumerate() {
            let Some(cue) = word.cue else {
                if mask & (1 << i) == 0 {
                    chain.score -= UNEXPLAINED_WORD;
                }
                continue;
            };
            if mask & (1 << i) != 0 {
                continue; // used as part of a name (`Kota Baru`, `50 Kota`)
            }
            // The place the cue speaks of starts at the next word that is not itself a cue
            // (`Kota Adm. Jakarta Selatan`) or is read as part of a name (`Kab. Kota Baru`).
            let target =
                (i + 1..q.words.len()).find(|&j| q.words[j].cue.is_none() || mask & (1 << j) != 0);
            let member = target.and_then(|j| chain.members.iter().flatten().find(|m| m.first == j));
            let Some(member) = member else {
                chain.score -= UNEXPLAINED_CUE;
                continue;
            };
            let kind = self.regions[member.region as usize].kind;
            let kinds = cue.kinds();
            chain.score += if kinds.contains(&kind) {
                if with_cues {
                    chain.cues.push((i, kind));
                }
                if cue == Cue::Administrative {
                    CUE_AGREES_ADMIN
                } else {
                    CUE_AGREES
                }
            } else if kinds.iter().any(|k| k.level() == kind.level()) {
                -CUE_SAME_LEVEL
            } else {
                -CUE_DISAGREES
            };
        }
        chain.score += LEVEL_BONUS[self.regions[own.region as usize].level() as usize];
        chain
    }

    fn hit(&self, q: &Query, ancestors: &Ancestors<'_>, own: &FormMatch) -> SearchHit {
        let chain = self.chain(q, ancestors, own, true);
        let mut matched: Vec<(usize, MatchedTerm)> = Vec::new();
        let mut parts = Vec::new();
        for member in chain.members.iter().flatten() {
            parts.clear();
            let tokens = self.index.form_tokens(self.index.form(member.form));
            let candidates = (0..q.tokens.len()).filter(|&i| tokens.contains(&q.tokens[i].token));
            self.match_form(q, member.form, candidates, Some(&mut parts));
            for &part in &parts {
                let tt = &q.tokens[part];
                let term = &q.terms[tt.term];
                let words: Vec<&str> = q.words[term.first..=term.last]
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect();
                let matched_token = self.index.token(tt.token).to_owned();
                let term = MatchedTerm {
                    query: words.join(" "),
                    matched: matched_token,
                    edits: tt.edits,
                };
                matched.push((q.terms[tt.term].first, term));
            }
        }
        for (i, kind) in chain.cues {
            let term = MatchedTerm {
                query: q.words[i].text.clone(),
                matched: kind.as_str().to_owned(),
                edits: 0,
            };
            matched.push((i, term));
        }
        matched.sort_by_key(|(i, _)| *i);
        let r = &self.regions[own.region as usize];
        SearchHit {
            code: r.code.clone(),
            name: r.display_name(),
            path: self.path(&r.code).unwrap_or_default(),
            level: r.level(),
            kind: r.kind,
            score: chain.score,
            matched: matched.into_iter().map(|(_, m)| m).collect(),
        }
    }
}
