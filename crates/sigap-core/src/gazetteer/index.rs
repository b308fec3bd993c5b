//! The name index behind the search: every region's name (and its aliases and spelling
//! variants) as a *form*, a short sequence of normalised tokens; an inverted list from token to
//! forms; and the vocabulary grouped by length with a letter mask, for typo look-ups.

use std::collections::HashMap;

use super::Region;
use super::normalise::{self, Hyphen};

/// Where a form comes from; a variant scores a little lower than the official name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// The official name.
    Official,
    /// The official name or an alias with its words run together (`Tanjung Pinang` →
    /// `tanjungpinang`), so that an unspaced spelling finds it.
    Joined,
    /// A line of `aliases.tsv`.
    Alias,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Form {
    pub region: u32,
    tokens_start: u32,
    tokens_len: u16,
    pub origin: Origin,
}

#[derive(Debug, Default)]
pub(super) struct NameIndex {
    /// Every token, sorted; a token's id is its position here.
    vocab: Vec<Box<str>>,
    forms: Vec<Form>,
    form_tokens: Vec<u32>,
    /// The forms holding token `t` are `postings[postings_start[t]..postings_start[t + 1]]`.
    postings_start: Vec<u32>,
    postings: Vec<u32>,
    /// `by_len[n]`: the letter masks and the ids of every token of `n` bytes.
    by_len: Vec<(Vec<u32>, Vec<u32>)>,
}

/// A vocabulary token that a query word matches.
#[derive(Debug, Clone, Copy)]
pub(super) struct TokenMatch {
    pub token: u32,
    pub edits: u8,
    pub prefix: bool,
}

/// The longest word the typo search looks at; longer words must match exactly.
const MAX_TYPO_LEN: usize = 40;
/// How many vocabulary tokens a prefix (the last word of the query) may expand to.
const MAX_PREFIX_EXPANSION: usize = 16;

impl NameIndex {
    pub(super) fn build(regions: &[Region], aliases: &[(String, u32)]) -> NameIndex {
        let mut builder = Builder::default();
        for (i, region) in regions.iter().enumerate() {
            builder.add_name(i as u32, &region.name, false);
        }
        for (alias, region) in aliases {
            builder.add_name(*region, alias, true);
        }
        builder.finish()
    }

    pub(super) fn form(&self, id: u32) -> &Form {
        &self.forms[id as usize]
    }

    pub(super) fn form_tokens(&self, form: &Form) -> &[u32] {
        let start = form.tokens_start as usize;
        &self.form_tokens[start..start + usize::from(form.tokens_len)]
    }

    pub(super) fn token(&self, id: u32) -> &str {
        &self.vocab[id as usize]
    }

    pub(super) fn postings(&self, token: u32) -> &[u32] {
        let t = token as usize;
        &self.postings[self.postings_start[t] as usize..self.postings_start[t + 1] as usize]
    }

    /// The tokens `word` matches: itself, those within its typo budget when `typos` is set,
    /// and, when `prefix` is set and the word has four letters or more, a few tokens it begins.
    pub(super) fn lookup(&self, word: &str, typos: bool, prefix: bool, out: &mut Vec<TokenMatch>) {
        let exact = self.vocab.binary_search_by(|t| (**t).cmp(word));
        if let Ok(token) = exact {
            out.push(TokenMatch {
                token: token as u32,
                edits: 0,
                prefix: false,
            });
        }
        let bytes = word.as_bytes();
        let k = if typos {
            normalise::typo_budget(bytes.len())
        } else {
            0
        };
        if k > 0 && bytes.len() <= MAX_TYPO_LEN {
            let mask = normalise::letter_mask(bytes);
            let counts = normalise::letter_counts(bytes);
            let lengths =
                bytes.len() - k..=(bytes.len() + k).min(self.by_len.len().saturating_sub(1));
            for len in lengths {
                let (masks, ids) = &self.by_len[len];
                // The mask test runs over 64 tokens at a time into a bit set; "at most 2k bits
                // differ" is tested by clearing the lowest set bit 2k times (no popcount
                // instruction in the baseline x86-64 target). Only the few survivors get the
                // letter-count and distance checks.
                for (c, chunk) in masks.chunks(64).enumerate() {
                    let mut near: u64 = 0;
                    for (i, &m) in chunk.iter().enumerate() {
                        let mut x = m ^ mask;
                        x &= x.wrapping_sub(1);
                        x &= x.wrapping_sub(1);
                        if k == 2 {
                            x &= x.wrapping_sub(1);
                            x &= x.wrapping_sub(1);
                        }
                        near |= u64::from(x == 0) << i;
                    }
                    while near != 0 {
                        let token = ids[c * 64 + near.trailing_zeros() as usize];
                        near &= near - 1;
                        let candidate = self.vocab[token as usize].as_bytes();
                        if !normalise::counts_within(&counts, candidate, 2 * k) {
                            continue;
                        }
                        if let Some(edits) =
                            normalise::within(bytes, candidate, k).filter(|&d| d > 0)
                        {
                            out.push(TokenMatch {
                                token,
                                edits: edits as u8,
                                prefix: false,
                            });
                        }
                    }
                }
            }
        }
        if prefix && bytes.len() >= 4 {
            let start = exact.map_or_else(|i| i, |i| i + 1);
            let longer = self.vocab[start..]
                .iter()
                .take_while(|t| t.starts_with(word));
            for (offset, _) in longer.enumerate().take(MAX_PREFIX_EXPANSION) {
                out.push(TokenMatch {
                    token: (start + offset) as u32,
                    edits: 0,
                    prefix: true,
                });
            }
        }
    }

    pub(super) fn vocab_len(&self) -> usize {
        self.vocab.len()
    }

    pub(super) fn forms_len(&self) -> usize {
        self.forms.len()
    }

    /// Bytes held on the heap, roughly.
    pub(super) fn heap_bytes(&self) -> usize {
        let vocab: usize = self.vocab.iter().map(|t| t.len() + 16).sum();
        vocab
            + self.forms.len() * std::mem::size_of::<Form>()
            + (self.form_tokens.len() + self.postings_start.len() + self.postings.len()) * 4
            + self
                .by_len
                .iter()
                .map(|(m, i)| (m.len() + i.len()) * 4 + 48)
                .sum::<usize>()
    }
}

#[derive(Default)]
struct Builder {
    ids: HashMap<String, u32>,
    forms: Vec<Form>,
    form_tokens: Vec<u32>,
}

impl Builder {
    /// Adds the forms of one name: the name itself, the hyphen-split spelling if it differs,
    /// and, for names of several words, the words run together.
    fn add_name(&mut self, region: u32, name: &str, alias: bool) {
        let words = normalise::words(name, Hyphen::Join);
        let origin = if alias {
            Origin::Alias
        } else {
            Origin::Official
        };
        self.add_form(region, &words, origin);
        if name.contains('-') {
            let split = normalise::words(name, Hyphen::Split);
            if split != words {
                self.add_form(region, &split, origin);
            }
        }
        if words.len() > 1 {
            self.add_form(region, &[words.concat()], Origin::Joined);
        }
    }

    fn add_form(&mut self, region: u32, words: &[String], origin: Origin) {
        if words.is_empty() || words.len() > usize::from(u16::MAX) {
            return;
        }
        let tokens_start = self.form_tokens.len() as u32;
        for w in words {
            let next = self.ids.len() as u32;
            let id = *self.ids.entry(w.clone()).or_insert(next);
            self.form_tokens.push(id);
        }
        let tokens_len = words.len() as u16;
        self.forms.push(Form {
            region,
            tokens_start,
            tokens_len,
            origin,
        });
    }

    fn finish(self) -> NameIndex {
        let mut vocab: Vec<(Box<str>, u32)> = self
            .ids
            .into_iter()
            .map(|(w, id)| (w.into_boxed_str(), id))
            .collect();
        vocab.sort_unstable();
        let mut remap = vec![0u32; vocab.len()];
        for (new, (_, old)) in vocab.iter().enumerate() {
            remap[*old as usize] = new as u32;
        }
        let mut form_tokens = self.form_tokens;
        for t in &mut form_tokens {
            *t = remap[*t as usize];
        }
        let vocab: Vec<Box<str>> = vocab.into_iter().map(|(w, _)| w).collect();

        // Inverted lists by counting sort: token -> forms holding it (each form once).
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(form_tokens.len());
        for (f, form) in self.forms.iter().enumerate() {
            let start = form.tokens_start as usize;
            let tokens = &form_tokens[start..start + usize::from(form.tokens_len)];
            for (i, t) in tokens.iter().enumerate() {
                if !tokens[..i].contains(t) {
                    pairs.push((*t, f as u32));
                }
            }
        }
        let mut postings_start = vec![0u32; vocab.len() + 1];
        for (t, _) in &pairs {
            postings_start[*t as usize + 1] += 1;
        }
        for i in 1..postings_start.len() {
            postings_start[i] += postings_start[i - 1];
        }
        let mut fill = postings_start.clone();
        let mut postings = vec![0u32; pairs.len()];
        for (t, f) in pairs {
            postings[fill[t as usize] as usize] = f;
            fill[t as usize] += 1;
        }

        let longest = vocab.iter().map(|t| t.len()).max().unwrap_or(0);
        let mut by_len: Vec<(Vec<u32>, Vec<u32>)> = vec![(Vec::new(), Vec::new()); longest + 1];
        for (id, t) in vocab.iter().enumerate() {
            let (masks, ids) = &mut by_len[t.len()];
            masks.push(normalise::letter_mask(t.as_bytes()));
            ids.push(id as u32);
        }

        NameIndex {
            vocab,
            forms: self.forms,
            form_tokens,
            postings_start,
            postings,
            by_len,
        }
    }
}
