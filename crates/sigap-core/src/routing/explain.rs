//! The explanations of routing decisions, in Bahasa Indonesia: which rule, from which source,
//! at which level, and what a surge changed.

use super::{Router, Surge};
use crate::{RegionCode, RegionLevel};

/// The level of a rule as people name it.
fn level_label(level: RegionLevel) -> &'static str {
    match level {
        RegionLevel::Province => "provinsi",
        RegionLevel::Regency => "kabupaten/kota",
        RegionLevel::District => "kecamatan",
        RegionLevel::Village => "desa/kelurahan",
    }
}

impl Router<'_> {
    /// `Kab. Sinjai (73.07)`; a village with its district and regency; `wilayah 73.07` when the
    /// gazetteer is absent or does not know the code.
    pub(super) fn place_name(&self, code: &RegionCode) -> String {
        let Some(region) = self.gazetteer.and_then(|g| g.get(code)) else {
            return format!("wilayah {code}");
        };
        if region.level() == RegionLevel::Province {
            return format!("{} ({code})", region.display_name());
        }
        let mut parts = vec![region.short_name()];
        if let Some(g) = self.gazetteer {
            let ancestors = g.ancestors(code);
            // Up to the regency; the province adds length, not clarity.
            parts.extend(ancestors.iter().skip(1).rev().map(|r| r.short_name()));
        }
        format!("{} ({code})", parts.join(", "))
    }

    pub(super) fn sentra_name(&self, id: &str) -> String {
        match self.sentra_names.get(id) {
            Some(name) => name.clone(),
            None => format!("Sentra {id}"),
        }
    }

    /// Why the first of `candidates` (rule indices for one code, the winner first) decides.
    pub(super) fn explain_rule(&self, place: &RegionCode, candidates: &[usize]) -> String {
        let rule = &self.rules[candidates[0]];
        let within = if rule.region == *place {
            String::new()
        } else {
            format!(" untuk {}", self.place_name(&rule.region))
        };
        let mut text = format!(
            "{} termasuk wilayah kerja {} menurut aturan tingkat {}{within} (sumber: {}, per {}, {}).",
            self.place_name(place),
            self.sentra_name(&rule.sentra),
            level_label(rule.region.level()),
            rule.source,
            rule.as_of,
            rule.confidence.label(),
        );
        let others = &candidates[1..];
        let tied: Vec<String> = others
            .iter()
            .map(|&i| &self.rules[i])
            .filter(|r| r.priority == rule.priority && r.sentra != rule.sentra)
            .map(|r| self.sentra_name(&r.sentra))
            .collect();
        if !tied.is_empty() {
            text.push_str(&format!(
                " Perhatian: aturan untuk {} juga berprioritas {} ({}); yang dipakai dipilih menurut urutan id Sentra. Periksa dengan `sigap sentra check`.",
                tied.join(", "),
                rule.priority,
                self.sentra_name(&rule.sentra),
            ));
        }
        let alternates: Vec<String> = others
            .iter()
            .map(|&i| &self.rules[i])
            .filter(|r| r.priority < rule.priority)
            .map(|r| format!("{} (prioritas {})", self.sentra_name(&r.sentra), r.priority))
            .collect();
        if !alternates.is_empty() {
            text.push_str(&format!(
                " Cadangan untuk wilayah yang sama: {}.",
                alternates.join(", ")
            ));
        }
        text
    }

    pub(super) fn explain_national_queue(&self, place: &RegionCode) -> String {
        format!(
            "Tidak ada aturan wilayah kerja untuk {} maupun wilayah induknya; diteruskan ke antrean nasional command center.",
            self.place_name(place)
        )
    }

    pub(super) fn explain_surge(
        &self,
        place: &RegionCode,
        surge: &Surge,
        unit: &str,
        seq: u64,
        usual: &super::RouteDecision,
    ) -> String {
        let units: Vec<String> = surge.sentra.iter().map(|s| self.sentra_name(s)).collect();
        let time = |t: &chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        format!(
            "{} berada dalam pengerahan darurat (surge) {} untuk {} ({}), berlaku {} s.d. {}: kasus baru dibagi bergiliran ke {}; kasus ini (urutan {seq}) ditangani {}. Tanpa pengerahan ini: {}",
            self.place_name(place),
            surge.id,
            self.place_name(&surge.region),
            surge.reason,
            time(&surge.starts_at),
            time(&surge.ends_at),
            units.join(", "),
            self.sentra_name(unit),
            usual.explanation,
        )
    }
}
