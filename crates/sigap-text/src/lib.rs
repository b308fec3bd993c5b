//! Indonesian text analysis: reading a news article, a social-media post or a complaint the way
//! a command-center analyst does. It knows nothing of the database or HTTP.
//!
//! # Layout
//!
//! - [`classify`]: actionable or not, the nine groups, urgency — trained logistic-regression heads.
//! - [`locate`]: the place where the case happened, as Kemendagri codes with a confidence.
//! - [`dedup`]: near-duplicate signatures and clusters of texts that report the same incident.

pub mod classify;
pub mod dedup;
pub mod locate;
