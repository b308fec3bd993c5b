use super::clean;

#[test]
fn text_is_lowercased_and_whitespace_collapsed() {
    assert_eq!(
        clean("  Seorang  NENEK\t\tdi Garut\n\nhidup   sebatang kara.  "),
        "seorang nenek di garut hidup sebatang kara."
    );
}

#[test]
fn compatibility_forms_are_folded_by_nfkc() {
    // Full-width letters, mathematical bold (a social-media "font") and a no-break space.
    assert_eq!(clean("ＢＡＮＪＩＲ di Demak"), "banjir di demak");
    assert_eq!(
        clean("\u{1D5FB}\u{1D5F2}\u{1D5FB}\u{1D5F2}\u{1D5F8} butuh bantuan"),
        "nenek butuh bantuan"
    );
    assert_eq!(clean("Rp\u{00A0}500.000"), "rp 500.000");
}

#[test]
fn zero_width_characters_and_emoji_selectors_are_removed() {
    assert_eq!(
        clean("ba\u{200B}ntuan\u{FEFF} untuk lan\u{00AD}sia"),
        "bantuan untuk lansia"
    );
    assert_eq!(
        clean("tolong \u{2764}\u{FE0F} bantu"),
        "tolong \u{2764} bantu"
    );
    assert_eq!(clean("a\u{200D}b"), "ab");
}

#[test]
fn curly_apostrophes_and_unicode_hyphens_become_ascii() {
    assert_eq!(clean("Jum\u{2019}at anak\u{2010}anak"), "jum'at anak-anak");
}

#[test]
fn stretched_letters_are_shortened() {
    assert_eq!(clean("Tolonggg bangeeet, sakiiiit"), "tolong banget, sakit");
    // Doubled letters are words of their own and stay.
    assert_eq!(clean("maaf, saat itu"), "maaf, saat itu");
    // Digits are never shortened.
    assert_eq!(clean("Rp 1000000"), "rp 1000000");
}

#[test]
fn baca_juga_on_its_own_line_is_removed_with_its_headline() {
    let text = "GARUT, KOMPAS.com - Seorang nenek hidup sebatang kara.\n\
                Baca juga: Kisah Pilu Nenek Sutini, Hidup di Gubuk Reyot\n\
                Warga kemudian melapor ke desa.";
    assert_eq!(
        clean(text),
        "garut, kompas.com - seorang nenek hidup sebatang kara. warga kemudian melapor ke desa."
    );
}

#[test]
fn baca_juga_in_flattened_text_stops_where_the_body_resumes() {
    let text = "Ia tinggal sendiri. Baca juga: Nenek 80 Tahun di Garut Hidup Sebatang Kara \
                Polisi kemudian membawa nenek itu ke puskesmas.";
    assert_eq!(
        clean(text),
        "ia tinggal sendiri. polisi kemudian membawa nenek itu ke puskesmas."
    );
}

#[test]
fn baca_juga_variants_are_all_removed() {
    assert_eq!(
        clean("BACA JUGA:\nBocah 5 Tahun Ditemukan Lemas\nIsi berita."),
        "isi berita."
    );
    assert_eq!(
        clean("Baca Juga Banjir Rendam Demak\nIsi berita."),
        "isi berita."
    );
    assert_eq!(
        clean("Baca: Longsor di Cianjur\nIsi berita."),
        "isi berita."
    );
    assert_eq!(
        clean("Simak juga Video: Banjir Bandang\nIsi berita."),
        "isi berita."
    );
}

#[test]
fn advertisement_and_scroll_prompts_are_removed() {
    assert_eq!(
        clean("Korban mengungsi. ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT Bantuan datang."),
        "korban mengungsi. bantuan datang."
    );
    assert_eq!(
        clean("Scroll to continue\nBantuan datang."),
        "bantuan datang."
    );
}

#[test]
fn share_buttons_are_removed_but_the_verb_bagikan_stays() {
    assert_eq!(
        clean("Bagikan\nFacebook Twitter WhatsApp\nSeorang anak telantar."),
        "seorang anak telantar."
    );
    assert_eq!(clean("Share: Facebook | Twitter | Copy Link\nIsi."), "isi.");
    assert_eq!(
        clean("Sembako akan kami bagikan kepada warga."),
        "sembako akan kami bagikan kepada warga."
    );
    assert_eq!(
        clean("Videonya viral di Facebook setelah diunggah warga."),
        "videonya viral di facebook setelah diunggah warga."
    );
}

#[test]
fn editor_and_author_lines_are_removed() {
    let text = "Warga membantu korban.\nPenulis: Kontributor Garut, Ari Maulana Karang | \
                Editor: Aprillia Ika\nReporter: Budi Santoso\nPewarta: Ahmad Fikri";
    assert_eq!(clean(text), "warga membantu korban.");
    assert_eq!(
        clean("Editor: Aprillia Ika Seorang nenek ditemukan."),
        "seorang nenek ditemukan."
    );
    // Without a colon the word is body text.
    assert_eq!(
        clean("editor video itu ditangkap"),
        "editor video itu ditangkap"
    );
}

#[test]
fn wire_codes_and_photo_credits_are_removed() {
    assert_eq!(clean("Bantuan disalurkan. (ant)"), "bantuan disalurkan.");
    assert_eq!(
        clean("Bantuan disalurkan. (dtc/dtc) Berita lain."),
        "bantuan disalurkan. berita lain."
    );
    assert_eq!(clean("Bantuan disalurkan.(*)"), "bantuan disalurkan.");
    assert_eq!(
        clean("Nenek Sutini di rumahnya (KOMPAS.com/ARI MAULANA KARANG) sendirian."),
        "nenek sutini di rumahnya sendirian."
    );
    assert_eq!(
        clean("Pengungsi (ANTARA FOTO/Adeng Bustomi) antre."),
        "pengungsi antre."
    );
    assert_eq!(clean("Rumah roboh (Dok. Polres Garut)"), "rumah roboh");
    // Parentheses in the body stay: acronyms, ages, lowercase words mid-sentence.
    assert_eq!(
        clean("Program Keluarga Harapan (PKH/BPNT) bagi Sutini (80) (lansia) di desa."),
        "program keluarga harapan (pkh/bpnt) bagi sutini (80) (lansia) di desa."
    );
}

#[test]
fn copyright_page_navigation_and_photo_links_are_removed() {
    assert_eq!(
        clean("Isi berita.\nCopyright © 2024 KOMPAS.com\nLihat Foto"),
        "isi berita."
    );
    assert_eq!(clean("Isi berita. © ANTARA 2024"), "isi berita.");
    assert_eq!(clean("Isi berita. Halaman selanjutnya"), "isi berita.");
    assert_eq!(
        clean("Lihat Foto Nenek Sutini di rumahnya."),
        "nenek sutini di rumahnya."
    );
}

#[test]
fn the_dateline_stays_in_the_cleaned_text() {
    assert_eq!(
        clean("GARUT, KOMPAS.com – Seorang nenek"),
        "garut, kompas.com – seorang nenek"
    );
}

#[test]
fn empty_and_blank_text_clean_to_nothing() {
    assert_eq!(clean(""), "");
    assert_eq!(clean(" \n\t "), "");
    assert_eq!(clean("ADVERTISEMENT"), "");
}

mod properties {
    use proptest::prelude::*;

    use super::super::{clean, dateline};

    proptest! {
        #[test]
        fn clean_never_panics_and_is_idempotent_in_shape(text in "\\PC*") {
            let cleaned = clean(&text);
            prop_assert!(!cleaned.starts_with(' ') && !cleaned.ends_with(' '));
            prop_assert!(!cleaned.contains("  "));
            prop_assert!(
                !cleaned.contains(['\n', '\t', '\u{200B}', '\u{FE0F}']),
                "invisible or line characters left in {:?}",
                cleaned
            );
        }

        #[test]
        fn clean_never_panics_on_boilerplate_like_input(
            text in "(Baca juga:|Editor:|\\(ant\\)|\\(|©|Bagikan|Share|Facebook|Twitter| |\n|[A-Za-z]{1,6}|é|–|\\.|:){0,40}"
        ) {
            let _ = clean(&text);
            let _ = dateline(&text);
        }

        #[test]
        fn dateline_is_a_slice_of_the_text(text in "\\PC{0,120}") {
            if let Some(place) = dateline(&text) {
                prop_assert!(text.contains(place));
            }
        }
    }
}
