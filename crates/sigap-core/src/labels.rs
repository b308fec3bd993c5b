//! The labels of `shared/domain/taxonomy.md` and the complaint types of
//! `shared/domain/service-rules.md`. Slugs are stable identifiers; labels are what people see.

crate::slug_enum! {
    /// A vulnerable group. A text or case has zero or more of them.
    Category, field = "category", code = "unknown_category", what = ("Kategori", "category") {
        Anak = "anak", "Anak", "Children";
        Lansia = "lansia", "Lanjut usia", "Elderly people";
        Disabilitas = "disabilitas", "Penyandang disabilitas", "People with disabilities";
        Napza = "napza", "Korban penyalahgunaan NAPZA", "Victims of drug abuse";
        TunaSosial = "tuna_sosial", "Tuna sosial & korban perdagangan orang", "Homeless people and trafficking victims";
        FakirMiskin = "fakir_miskin", "Fakir miskin", "People in extreme poverty";
        KorbanBencana = "korban_bencana", "Korban bencana", "Disaster victims";
        KorbanKekerasan = "korban_kekerasan", "Korban kekerasan & eksploitasi", "Victims of violence and exploitation";
        PerempuanRentan = "perempuan_rentan", "Perempuan rentan", "Vulnerable women";
    }
}

crate::slug_enum! {
    /// How soon a case needs a response. `high`: life or safety at risk now.
    Urgency, field = "urgency", code = "unknown_urgency", what = ("Tingkat urgensi", "urgency") {
        High = "high", "Mendesak", "Urgent";
        Normal = "normal", "Biasa", "Normal";
    }
}

crate::slug_enum! {
    /// What a complaint is about. Social-aid complaints (wrongly listed, not listed, card
    /// problems) are a large share of real volume and get their own type.
    ComplaintType, field = "type", code = "unknown_complaint_type", what = ("Jenis aduan", "complaint type") {
        /// A person, family or community in a vulnerable situation (the default).
        OrangRentan = "orang_rentan", "Orang/keluarga rentan", "Person or family in need";
        /// Social aid: listing in the social-welfare register, cards, disbursement.
        Bansos = "bansos", "Bantuan sosial", "Social assistance";
        /// The quality of a public service of the ministry or its units.
        Layanan = "layanan", "Pelayanan publik", "Public service";
        Lainnya = "lainnya", "Lainnya", "Other";
    }
}

crate::slug_enum! {
    /// Sex of a person in need, as the complainant reports it.
    Sex, field = "sex", code = "unknown_sex", what = ("Jenis kelamin", "sex") {
        Perempuan = "perempuan", "Perempuan", "Female";
        LakiLaki = "laki_laki", "Laki-laki", "Male";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_slug_round_trips_through_parse() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Ok(*c));
        }
        assert_eq!(Category::ALL.len(), 9);
    }

    #[test]
    fn an_unknown_slug_is_refused_with_the_choices() {
        let err = Category::parse("miskin").unwrap_err();
        assert_eq!(err.code, "unknown_category");
        assert!(
            err.message_en.contains("fakir_miskin"),
            "{}",
            err.message_en
        );
    }
}
