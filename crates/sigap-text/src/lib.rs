//! Indonesian text analysis: reading a news article, a social-media post or a complaint the way
//! a command-center analyst does. It knows nothing of the database or HTTP.
//!
//! # Layout
//!
//! - [`normalise`]: NFKC, lowercase, invisible characters, whitespace and page boilerplate; the
//!   dateline's place.
//! - [`tokens`]: words with byte offsets, slang expanded, reduplication, numbers and ages.
//! - [`stem`]: the Snowball Indonesian stemmer, held back from the project's no-stem words.
//! - [`lexicon`]: the word lists in `data/lexicon/` (slang, stop words, no-stem, reduplication,
//!   groups).
//! - [`analyse`]: the whole reading of a batch, in the shape `sigap analyze --jsonl` prints.
//! - [`classify`]: actionable or not, the nine groups, urgency — trained logistic-regression heads.
//! - [`groups`]: the designed word list of each group, a feature `#g:<group>` of every head.
//! - [`evaluate`]: the metrics: actionable P/R/F1, category micro/macro-F1, urgency,
//!   place and duplicate-pair scores.
//! - [`locate`]: the place where the case happened, as Kemendagri codes with a confidence.
//! - [`dedup`]: near-duplicate signatures and clusters of texts that report the same incident.

pub mod analyse;
pub mod classify;
pub mod dedup;
pub mod evaluate;
pub mod groups;
pub mod lexicon;
pub mod locate;
pub mod normalise;
pub mod stem;
pub mod tokens;
