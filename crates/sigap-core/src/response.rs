//! The response record of a case: the assessment (findings and needs), the interventions given
//! with their ATENSI type, the referral to another agency, and the outcome that closes a case.
//!
//! The intervention types are the forms of *Asistensi Rehabilitasi Sosial* (ATENSI) of
//! Peraturan Menteri Sosial No. 7 Tahun 2021, with therapy split into its three kinds and
//! referral added, as the command center records them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::FieldError;

crate::slug_enum! {
    /// How a case ended. Closing a case without one is refused.
    Outcome, field = "outcome", code = "unknown_outcome", what = ("Hasil penanganan", "outcome") {
        /// Help was given (at least one intervention is recorded).
        Tertangani = "tertangani", "Tertangani: bantuan sudah diberikan", "Handled: help was given";
        /// Handed to another agency, which confirmed it took the case.
        Dirujuk = "dirujuk", "Dirujuk ke instansi yang berwenang", "Referred to the competent agency";
        SudahDitanganiPihakLain = "sudah_ditangani_pihak_lain", "Sudah ditangani pihak lain", "Already handled by someone else";
        TidakDitemukan = "tidak_ditemukan", "Penerima manfaat tidak ditemukan", "The person could not be found";
        MenolakBantuan = "menolak_bantuan", "Penerima manfaat menolak bantuan", "The person declined help";
        MeninggalDunia = "meninggal_dunia", "Penerima manfaat meninggal dunia", "The person has died";
        /// Set by Sigap when a follow-up got no answer within the configured period.
        TidakAdaTanggapan = "tidak_ada_tanggapan", "Ditutup: pelapor tidak menanggapi", "Closed: the complainant did not answer";
    }
}

impl Outcome {
    /// Outcomes that only Sigap sets (by a referral's confirmation or the auto-close).
    pub fn is_automatic(self) -> bool {
        matches!(self, Outcome::Dirujuk | Outcome::TidakAdaTanggapan)
    }

    /// `tertangani` claims that help was given, so it needs an intervention on record.
    pub fn requires_intervention(self) -> bool {
        matches!(self, Outcome::Tertangani)
    }
}

crate::slug_enum! {
    /// A form of help (ATENSI, Permensos 7/2021).
    InterventionType, field = "type", code = "unknown_intervention_type", what = ("Jenis intervensi", "intervention type") {
        DukunganHidupLayak = "dukungan_hidup_layak", "Dukungan pemenuhan hidup layak", "Decent-living support";
        PerawatanPengasuhan = "perawatan_pengasuhan", "Perawatan sosial dan/atau pengasuhan anak", "Social care or child care";
        DukunganKeluarga = "dukungan_keluarga", "Dukungan keluarga", "Family support";
        TerapiFisik = "terapi_fisik", "Terapi fisik", "Physical therapy";
        TerapiPsikososial = "terapi_psikososial", "Terapi psikososial", "Psychosocial therapy";
        TerapiMentalSpiritual = "terapi_mental_spiritual", "Terapi mental spiritual", "Mental and spiritual therapy";
        PelatihanVokasional = "pelatihan_vokasional", "Pelatihan vokasional", "Vocational training";
        PembinaanKewirausahaan = "pembinaan_kewirausahaan", "Pembinaan kewirausahaan", "Entrepreneurship coaching";
        BantuanSosial = "bantuan_sosial", "Bantuan sosial dan asistensi sosial", "Social assistance";
        DukunganAksesibilitas = "dukungan_aksesibilitas", "Dukungan aksesibilitas (kursi roda, alat bantu dengar…)", "Accessibility support (wheelchairs, hearing aids…)";
        Rujukan = "rujukan", "Rujukan", "Referral";
    }
}

crate::slug_enum! {
    /// The kind of agency a case is referred to.
    AgencyKind, field = "agency_kind", code = "unknown_agency_kind", what = ("Jenis instansi", "agency kind") {
        DinasSosial = "dinas_sosial", "Dinas sosial daerah", "Regional social office";
        Kepolisian = "kepolisian", "Kepolisian", "Police";
        FasilitasKesehatan = "fasilitas_kesehatan", "Dinas kesehatan, puskesmas atau rumah sakit", "Health office or facility";
        UptdPpa = "uptd_ppa", "UPTD Perlindungan Perempuan dan Anak", "Women and child protection unit";
        PemerintahDesa = "pemerintah_desa", "Pemerintah desa/kelurahan", "Village or urban-ward government";
        Lainnya = "lainnya", "Instansi lain", "Other agency";
    }
}

/// The longest free text kept in a response record field.
pub const MAX_TEXT: usize = 5000;
const MAX_NAME: usize = 200;

/// An assessment of the person's situation, made by the Sentra (usually on a visit).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// What was found.
    pub findings: String,
    /// What the person needs, in the assessor's words.
    pub needs: String,
    /// The interventions the assessor recommends.
    pub recommended: Vec<InterventionType>,
    /// Who assessed (a name or user).
    pub assessed_by: String,
    pub assessed_on: NaiveDate,
}

/// Help given to the person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intervention {
    pub kind: InterventionType,
    pub description: String,
    /// How many (units, packages, sessions), at least 1.
    pub quantity: u32,
    /// What the quantity counts (`unit`, `paket`, `sesi`…), optional.
    pub unit: Option<String>,
    pub given_on: NaiveDate,
    /// Who gave it (a person, a team or a partner).
    pub given_by: String,
}

/// A hand-off to another agency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    pub agency_kind: AgencyKind,
    pub agency_name: String,
    /// How to reach the receiving desk (a name, phone or e-mail), optional.
    pub contact: Option<String>,
}

/// Trims `value` and checks it is present and not longer than `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::required(field));
    }
    if v.chars().count() > max {
        return Err(FieldError::too_long(field, max));
    }
    Ok(v.to_owned())
}

/// Like [`required_text`], for a field that may be left out.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required_text(field, v, max).map(Some),
    }
}

impl Assessment {
    /// Builds an assessment, reporting every bad field at once.
    pub fn parse(
        findings: &str,
        needs: &str,
        recommended: Vec<InterventionType>,
        assessed_by: &str,
        assessed_on: NaiveDate,
    ) -> Result<Assessment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let findings = crate::validation::take(
            &mut errors,
            "findings",
            required_text("findings", findings, MAX_TEXT),
        );
        let needs = crate::validation::take(
            &mut errors,
            "needs",
            required_text("needs", needs, MAX_TEXT),
        );
        let by = crate::validation::take(
            &mut errors,
            "assessed_by",
            required_text("assessed_by", assessed_by, MAX_NAME),
        );
        match (findings, needs, by) {
            (Some(findings), Some(needs), Some(assessed_by)) if errors.is_empty() => {
                Ok(Assessment {
                    findings,
                    needs,
                    recommended,
                    assessed_by,
                    assessed_on,
                })
            }
            _ => Err(errors),
        }
    }
}

impl Intervention {
    /// Builds an intervention, reporting every bad field at once.
    pub fn parse(
        kind: InterventionType,
        description: &str,
        quantity: u32,
        unit: Option<&str>,
        given_on: NaiveDate,
        given_by: &str,
    ) -> Result<Intervention, Vec<FieldError>> {
        let mut errors = Vec::new();
        let description = crate::validation::take(
            &mut errors,
            "description",
            required_text("description", description, MAX_TEXT),
        );
        if quantity == 0 {
            errors.push(FieldError::new(
                "quantity",
                "invalid_quantity",
                "Jumlah paling sedikit 1.",
                "The quantity must be at least 1.",
            ));
        }
        let unit = crate::validation::take(&mut errors, "unit", optional_text("unit", unit, 40));
        let by = crate::validation::take(
            &mut errors,
            "given_by",
            required_text("given_by", given_by, MAX_NAME),
        );
        match (description, unit, by) {
            (Some(description), Some(unit), Some(given_by)) if errors.is_empty() => {
                Ok(Intervention {
                    kind,
                    description,
                    quantity,
                    unit,
                    given_on,
                    given_by,
                })
            }
            _ => Err(errors),
        }
    }
}

impl Referral {
    /// Builds a referral, reporting every bad field at once.
    pub fn parse(
        agency_kind: AgencyKind,
        agency_name: &str,
        contact: Option<&str>,
    ) -> Result<Referral, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = crate::validation::take(
            &mut errors,
            "referral.agency_name",
            required_text("referral.agency_name", agency_name, MAX_NAME),
        );
        let contact = crate::validation::take(
            &mut errors,
            "referral.contact",
            optional_text("referral.contact", contact, MAX_NAME),
        );
        match (name, contact) {
            (Some(agency_name), Some(contact)) if errors.is_empty() => Ok(Referral {
                agency_kind,
                agency_name,
                contact,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    #[test]
    fn an_intervention_needs_a_description_a_quantity_and_a_giver() {
        let errors = Intervention::parse(
            InterventionType::DukunganAksesibilitas,
            " ",
            0,
            None,
            day(),
            "",
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["description", "quantity", "given_by"]);
        let ok = Intervention::parse(
            InterventionType::DukunganAksesibilitas,
            " Kursi roda ",
            1,
            Some("unit"),
            day(),
            "Tim Sentra Antasena",
        )
        .unwrap();
        assert_eq!(ok.description, "Kursi roda");
        assert_eq!(ok.unit.as_deref(), Some("unit"));
    }

    #[test]
    fn an_assessment_refuses_empty_findings_and_overlong_needs() {
        let long = "x".repeat(MAX_TEXT + 1);
        let errors = Assessment::parse("", &long, vec![], "Budi", day()).unwrap_err();
        assert_eq!(errors[0].code, "required");
        assert_eq!(errors[1].code, "too_long");
    }

    #[test]
    fn only_a_handled_outcome_needs_an_intervention_and_automatic_ones_are_sigaps() {
        assert!(Outcome::Tertangani.requires_intervention());
        assert!(!Outcome::TidakDitemukan.requires_intervention());
        assert!(Outcome::TidakAdaTanggapan.is_automatic());
        assert!(Outcome::Dirujuk.is_automatic());
        assert!(!Outcome::MenolakBantuan.is_automatic());
    }

    #[test]
    fn a_referral_names_the_agency() {
        let e = Referral::parse(AgencyKind::Kepolisian, "  ", None).unwrap_err();
        assert_eq!(e[0].field, "referral.agency_name");
        let r =
            Referral::parse(AgencyKind::DinasSosial, "Dinas Sosial Kab. Garut", Some("")).unwrap();
        assert_eq!(r.contact, None);
    }
}
