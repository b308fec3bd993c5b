//! Indonesian news boilerplate that survives inside the article container: "Baca juga"
//! lines, ad labels, pagination links and the credits line at the end.

/// Paragraphs that start with one of these (compared lowercased) are never article text.
const DROPPED_PREFIXES: &[&str] = &[
    "baca juga",
    "baca:",
    "baca selengkapnya",
    "lihat juga",
    "simak juga",
    "simak video",
    "simak berita",
    "simak selengkapnya",
    "tonton juga",
    "saksikan video",
    "[gambas:",
    "advertisement",
    "scroll to continue with content",
    "halaman selanjutnya",
    "halaman berikutnya",
    "berita terkait",
    "artikel terkait",
    "dapatkan update berita",
    "dapatkan informasi",
    "ikuti berita",
    "ikuti kami",
    "download aplikasi",
    "unduh aplikasi",
    "klik di sini untuk",
    "cek berita dan artikel",
    "pilihan editor",
    "follow berita",
    "follow kami",
    "simak breaking news",
];

/// Paragraphs that are exactly one of these (lowercased, without trailing punctuation).
const DROPPED_LINES: &[&str] = &[
    "selanjutnya",
    "sebelumnya",
    "iklan",
    "ads",
    "bagikan",
    "share",
    "komentar",
    "loading",
];

/// Labels of the credits that close an Indonesian article.
const CREDIT_LABELS: &[&str] = &[
    "editor",
    "penulis",
    "pewarta",
    "reporter",
    "penyunting",
    "sumber",
    "redaktur",
    "fotografer",
    "kontributor",
];

/// Phrases removed wherever they appear inside a paragraph (the ad slot labels of detik and others).
const INLINE_NOISE: &[&str] = &["SCROLL TO CONTINUE WITH CONTENT", "ADVERTISEMENT"];

/// Removes the boilerplate from `paragraphs` and returns what is left.
pub(crate) fn clean(paragraphs: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(paragraphs.len());
    for mut paragraph in paragraphs {
        for noise in INLINE_NOISE {
            if paragraph.contains(noise) {
                paragraph = super::meta::collapse(&paragraph.replace(noise, " "));
            }
        }
        let lower = paragraph.to_lowercase();
        let bare = lower.trim_end_matches(['.', ':', '»', '>', ' ', '›']);
        if paragraph.is_empty()
            || DROPPED_PREFIXES.iter().any(|p| lower.starts_with(p))
            || DROPPED_LINES.contains(&bare)
        {
            continue;
        }
        kept.push(paragraph);
    }
    while kept
        .last()
        .is_some_and(|last| is_credit(last) || is_signature(last))
    {
        kept.pop();
    }
    kept
}

/// `Editor: Nama`, `Penulis : Nama | Editor : Nama`, `(Pewarta: Nama)`: short lines of credits.
fn is_credit(paragraph: &str) -> bool {
    if paragraph.chars().count() > 160 {
        return false;
    }
    let lower = paragraph.trim_start_matches(['(', '[', ' ']).to_lowercase();
    CREDIT_LABELS.iter().any(|label| {
        lower
            .strip_prefix(label)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// What closes a release or a wire story: `(ant/pri)`, `(OL-11)`, `Copyright © ANTARA 2024`,
/// `Biro Hubungan Masyarakat`.
fn is_signature(paragraph: &str) -> bool {
    let chars = paragraph.chars().count();
    if chars > 80 {
        return false;
    }
    let lower = paragraph.to_lowercase();
    let initials = paragraph.starts_with('(')
        && paragraph.ends_with(')')
        && chars <= 40
        && paragraph
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '(' | ')' | '/' | '-' | ',' | '.' | ' '));
    initials
        || [
            "copyright",
            "©",
            "hak cipta",
            "biro hubungan masyarakat",
            "humas ",
            "kementerian sosial",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}
