use super::{Token, TokenKind, tokenise};
use crate::normalise::clean;

fn words(text: &str) -> Vec<&str> {
    tokenise(text).into_iter().map(|token| token.text).collect()
}

fn ages(text: &str) -> Vec<(u8, &str)> {
    tokenise(text)
        .into_iter()
        .filter_map(|token| match token.kind {
            TokenKind::Age(age) => Some((age, &text[token.start..token.end])),
            _ => None,
        })
        .collect()
}

#[test]
fn words_carry_their_byte_offsets_in_the_cleaned_text() {
    let text = "nenek sutini, 80 tahun!";
    let tokens = tokenise(text);
    assert_eq!(
        tokens[0],
        Token {
            text: "nenek",
            start: 0,
            end: 5,
            kind: TokenKind::Word,
            reduplicated: false
        }
    );
    for token in &tokens {
        assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
    }
    assert_eq!(&text[tokens[1].start..tokens[1].end], "sutini");
}

#[test]
fn punctuation_and_symbols_are_skipped() {
    assert_eq!(
        words("banjir!!! rumah—warga (rt 03) 😭"),
        ["banjir", "rumah", "warga", "rt", "03"]
    );
}

#[test]
fn non_latin_letters_and_accents_are_word_characters() {
    assert_eq!(words("café niño"), ["café", "niño"]);
}

#[test]
fn doubled_words_become_their_base_with_the_reduplicated_flag() {
    let tokens = tokenise("anak-anak dan orang-orang");
    assert_eq!(tokens[0].text, "anak");
    assert!(tokens[0].reduplicated);
    assert_eq!((tokens[0].start, tokens[0].end), (0, 9));
    assert_eq!(tokens[2].text, "orang");
    assert!(tokens[2].reduplicated);
    assert!(!tokens[1].reduplicated);
}

#[test]
fn reduplication_with_affixes_and_the_digit_two_is_recognised() {
    for (text, base) in [
        ("anak-anaknya", "anak"),
        ("berlari-lari", "berlari"),
        ("sehari-hari", "sehari"),
        ("anak2", "anak"),
        ("org2", "orang"),
        ("org-org", "orang"),
    ] {
        let tokens = tokenise(text);
        assert_eq!(tokens.len(), 1, "{text}");
        assert_eq!(tokens[0].text, base, "{text}");
        assert!(tokens[0].reduplicated, "{text}");
    }
}

#[test]
fn rhyming_compounds_and_lexicalised_doubles_stay_one_word() {
    for word in [
        "sayur-mayur",
        "bolak-balik",
        "lauk-pauk",
        "tolong-menolong",
        "rata-rata",
        "laki-laki",
    ] {
        let tokens = tokenise(word);
        assert_eq!(tokens.len(), 1, "{word}");
        assert_eq!(tokens[0].text, word);
        assert!(!tokens[0].reduplicated, "{word}");
    }
}

#[test]
fn hyphens_with_numbers_split_into_words_and_numbers() {
    let tokens = tokenise("covid-19 dan ke-3");
    let kinds: Vec<_> = tokens.iter().map(|t| (t.text, t.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("covid", TokenKind::Word),
            ("19", TokenKind::Number),
            ("dan", TokenKind::Word),
            ("ke", TokenKind::Word),
            ("3", TokenKind::Number),
        ]
    );
    assert_eq!((tokens[1].start, tokens[1].end), (6, 8));
}

#[test]
fn numbers_keep_their_group_separators() {
    let tokens = tokenise("rp1.500.000 untuk 2,8 juta warga, 12:30");
    let numbers: Vec<_> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Number)
        .map(|t| t.text)
        .collect();
    assert_eq!(numbers, ["1.500.000", "2,8", "12", "30"]);
    assert_eq!(tokens[0].text, "rp");
}

#[test]
fn slang_and_abbreviations_are_expanded() {
    assert_eq!(
        words("yg sdh gak punya org tua utk bantu dgn bgt krn blm"),
        [
            "yang", "sudah", "tidak", "punya", "orang", "tua", "untuk", "bantu", "dengan",
            "banget", "karena", "belum"
        ]
    );
    assert_eq!(words("nggak enggak ga tdk"), ["tidak"; 4]);
}

#[test]
fn a_multi_word_expansion_gives_tokens_with_one_span() {
    let tokens = tokenise("sembako dll");
    assert_eq!(tokens.len(), 3);
    assert_eq!((tokens[1].text, tokens[2].text), ("dan", "lain-lain"));
    assert_eq!((tokens[1].start, tokens[1].end), (8, 11));
    assert_eq!((tokens[2].start, tokens[2].end), (8, 11));
}

#[test]
fn ages_are_read_after_person_words_and_cues() {
    assert_eq!(ages("nenek 80 tahun hidup sendiri"), [(80, "80 tahun")]);
    assert_eq!(ages("anak berusia 7 tahun"), [(7, "7 tahun")]);
    assert_eq!(ages("usia 65 thn"), [(65, "65 thn")]);
    assert_eq!(ages("bocah 5 th"), [(5, "5 th")]);
    assert_eq!(ages("kakek berumur 90"), [(90, "90")]);
    assert_eq!(ages("nenek bernama sutini 80 tahun"), [(80, "80 tahun")]);
    assert_eq!(ages("nenek berusia sekitar 80 tahun"), [(80, "80 tahun")]);
    assert_eq!(ages("bocah 5thn"), [(5, "5thn")]);
}

#[test]
fn an_age_in_parentheses_after_a_name_is_read() {
    assert_eq!(ages("nenek sutini (80) tinggal sendiri"), [(80, "80")]);
    assert_eq!(
        ages("sutini (80 tahun) tinggal sendiri"),
        [(80, "80 tahun")]
    );
}

#[test]
fn a_babys_age_in_months_rounds_down_to_years() {
    assert_eq!(ages("bayi berusia 3 bulan"), [(0, "3 bulan")]);
    assert_eq!(ages("balita 18 bulan"), [(1, "18 bulan")]);
}

#[test]
fn durations_years_and_counts_are_not_ages() {
    for text in [
        "nenek itu sudah 10 tahun tinggal di gubuk",
        "warga selama 5 tahun menunggu",
        "anak itu 5 tahun lalu hilang",
        "pelaku divonis 5 tahun penjara",
        "pada 2023 tahun lalu",
        "80 tahun kemerdekaan",
        "3 anak dan 2 orang tua",
        "nenek. 80 tahun",
        "nenek 500 tahun",
        "lebih dari 5 tahun",
    ] {
        assert_eq!(ages(text), [], "{text}");
    }
}

#[test]
fn the_age_token_replaces_the_number_and_its_unit() {
    let tokens = tokenise("nenek 80 tahun");
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[1].kind, TokenKind::Age(80));
    assert_eq!(tokens[1].text, "80");
}

#[test]
fn a_cleaned_news_excerpt_tokenises_end_to_end() {
    let cleaned = clean(
        "GARUT, KOMPAS.com – Seorang nenek berusia 80 tahun di Garut hidup sebatang kara.\n\
         Baca juga: Kisah Pilu Nenek Sutini\nAnak-anaknya sdh lama merantau.",
    );
    let tokens = tokenise(&cleaned);
    let texts: Vec<_> = tokens.iter().map(|t| t.text).collect();
    assert_eq!(
        texts,
        [
            "garut", "kompas", "com", "seorang", "nenek", "berusia", "80", "di", "garut", "hidup",
            "sebatang", "kara", "anak", "sudah", "lama", "merantau"
        ]
    );
    assert!(tokens.iter().any(|t| t.kind == TokenKind::Age(80)));
    assert!(tokens.iter().any(|t| t.text == "anak" && t.reduplicated));
}

#[test]
fn tokenise_into_reuses_the_buffer() {
    let mut buffer = Vec::new();
    super::tokenise_into("satu dua", &mut buffer);
    super::tokenise_into("tiga", &mut buffer);
    assert_eq!(buffer.len(), 1);
    assert_eq!(buffer[0].text, "tiga");
}

mod properties {
    use proptest::prelude::*;

    use super::super::tokenise;
    use crate::normalise::clean;

    proptest! {
        #[test]
        fn offsets_are_ordered_char_boundaries_on_any_text(text in "\\PC*") {
            check(&text)?;
            check(&clean(&text))?;
        }

        #[test]
        fn offsets_are_valid_on_indonesian_like_text(
            text in "([a-z]{1,8}|-|2|'|[0-9]{1,4}|[.,]| |\\(|\\)|tahun|berusia|nenek|bulan|yg|dll|é|😭){0,60}"
        ) {
            check(&text)?;
        }
    }

    fn check(text: &str) -> Result<(), TestCaseError> {
        let mut previous_start = 0;
        for token in tokenise(text) {
            prop_assert!(token.start < token.end, "{token:?}");
            prop_assert!(token.end <= text.len());
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            prop_assert!(token.start >= previous_start);
            prop_assert!(!token.text.is_empty());
            previous_start = token.start;
        }
        Ok(())
    }
}
