//! The dateline of a news text: the place written before the outlet's mark at the start of the
//! body ("GARUT, KOMPAS.com –", "Jakarta (ANTARA) -", "Liputan6.com, Bandung -", "Garut -").

/// Known outlet names that carry no domain in their dateline ("Jakarta, CNN Indonesia --").
const OUTLETS: &[&str] = &[
    "antara",
    "antara news",
    "antaranews",
    "beritasatu",
    "bisnis",
    "cnbc indonesia",
    "cnn indonesia",
    "detik",
    "detikcom",
    "idn times",
    "inews",
    "jawa pos",
    "jawapos",
    "jpnn",
    "kompas",
    "kompas tv",
    "kontan",
    "kumparan",
    "liputan6",
    "medcom",
    "merdeka",
    "metro tv",
    "metrotv",
    "okezone",
    "republika",
    "rri",
    "sindonews",
    "suara",
    "tempo",
    "tirto",
    "tribun",
    "tribunnews",
    "tvri",
    "viva",
];

/// How far into the text a dateline is looked for.
const SEARCH_BYTES: usize = 400;
/// How long the part before the dash may be.
const HEAD_MAX_BYTES: usize = 80;

/// The place of the dateline, as written in the raw text: `"GARUT"` from "GARUT, KOMPAS.com -
/// Seorang nenek…", `"Jakarta"` from "Jakarta (ANTARA) - …", `"MAKASSAR"` from "MAKASSAR,
/// Tribun-Timur.com - …", `"Bandung"` from "Liputan6.com, Bandung - …", `"Garut"` from "Garut -
/// …" (detik's form), `"Kupang, NTT"` from "Kupang, NTT (ANTARA) - …". `None` when the text has no
/// dateline or only the outlet ("KOMPAS.com - …").
///
/// Looks at the first three non-empty lines within the first 400 bytes. The place is the outlet's
/// dateline, which is often where the case happened but may be the outlet's own city.
pub fn dateline(text: &str) -> Option<&str> {
    let mut head_end = text.len().min(SEARCH_BYTES);
    while !text.is_char_boundary(head_end) {
        head_end -= 1;
    }
    text[..head_end]
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(3)
        .find_map(dateline_in_line)
}

fn dateline_in_line(line: &str) -> Option<&str> {
    let head = before_dash(line)?.trim();
    if let Some(open) = head.find('(') {
        // "Jakarta (ANTARA)", "Garut (ANTARA News)"
        let place = head[..open].trim();
        let outlet = head[open + 1..].strip_suffix(')')?.trim();
        return (is_outlet(outlet) && is_place(place)).then_some(place);
    }
    if let Some((first, second)) = head.split_once(',') {
        let (first, second) = (first.trim(), second.trim());
        if is_outlet(second) && is_place(first) {
            return Some(first);
        }
        if is_outlet(first) && is_place(second) {
            return Some(second);
        }
        return None;
    }
    // detik's form, "Garut - Seorang nenek …": a short capitalised place alone.
    (is_place(head) && !is_outlet(head) && head.split_whitespace().count() <= 3).then_some(head)
}

/// The part of the line before the dateline's dash: " - ", " -- ", an en or em dash. A hyphen
/// inside a word ("Tribun-Timur.com") is no dash.
fn before_dash(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let limit = line.len().min(HEAD_MAX_BYTES + 4);
    let mut k = 0;
    while k < limit {
        let rest = &bytes[k..];
        if rest.starts_with("–".as_bytes()) || rest.starts_with("—".as_bytes()) {
            return Some(&line[..k]);
        }
        if bytes[k] == b'-'
            && k > 0
            && bytes[k - 1] == b' '
            && matches!(bytes.get(k + 1), Some(b' ' | b'-') | None)
        {
            return Some(&line[..k]);
        }
        k += 1;
    }
    None
}

/// An outlet: a name with a domain ("KOMPAS.com", "Tribun-Timur.com", "TEMPO.CO",
/// "REPUBLIKA.CO.ID") or a known name ("ANTARA", "CNN Indonesia").
fn is_outlet(name: &str) -> bool {
    if name.is_empty() || name.len() > 40 {
        return false;
    }
    let has_domain = !name.contains(char::is_whitespace)
        && name
            .as_bytes()
            .windows(2)
            .any(|pair| pair[0] == b'.' && pair[1].is_ascii_alphabetic());
    has_domain
        || OUTLETS
            .iter()
            .any(|outlet| name.eq_ignore_ascii_case(outlet))
}

/// A place as datelines write it: one to four capitalised words of letters (with `.`, `'` or `-`
/// inside), or several such parts separated by commas ("Kupang, NTT").
fn is_place(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 60
        && name.split(',').all(|part| {
            let words: Vec<&str> = part.split_whitespace().collect();
            (1..=4).contains(&words.len())
                && words.iter().all(|word| {
                    word.chars().next().is_some_and(char::is_uppercase)
                        && word
                            .chars()
                            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::dateline;

    #[test]
    fn the_kompas_dateline_gives_the_uppercase_place() {
        assert_eq!(
            dateline("GARUT, KOMPAS.com – Seorang nenek berusia 80 tahun hidup sebatang kara."),
            Some("GARUT")
        );
        assert_eq!(
            dateline("BANDA ACEH, KOMPAS.com - Banjir merendam 3 desa."),
            Some("BANDA ACEH")
        );
    }

    #[test]
    fn the_antara_dateline_gives_the_place_before_the_parenthesis() {
        assert_eq!(
            dateline("Jakarta (ANTARA) - Kementerian Sosial menyalurkan bantuan."),
            Some("Jakarta")
        );
        assert_eq!(
            dateline("Garut (ANTARA News) - Warga terdampak longsor mengungsi."),
            Some("Garut")
        );
        assert_eq!(
            dateline("Kupang, NTT (ANTARA) - Seorang anak ditemukan telantar."),
            Some("Kupang, NTT")
        );
    }

    #[test]
    fn a_tribun_outlet_with_a_hyphen_in_its_name_is_not_split() {
        assert_eq!(
            dateline("MAKASSAR, Tribun-Timur.com - Seorang bocah 5 tahun ditemukan."),
            Some("MAKASSAR")
        );
        assert_eq!(
            dateline("TRIBUNJABAR.ID, GARUT - Rumah nenek Sutini ambruk."),
            Some("GARUT")
        );
    }

    #[test]
    fn an_outlet_before_the_place_is_skipped() {
        assert_eq!(
            dateline("Liputan6.com, Bandung - Seorang lansia ditemukan lemas."),
            Some("Bandung")
        );
        assert_eq!(
            dateline("TEMPO.CO, Jakarta - Polisi menangkap pelaku."),
            Some("Jakarta")
        );
        assert_eq!(
            dateline("REPUBLIKA.CO.ID, JAKARTA -- Banjir rob."),
            Some("JAKARTA")
        );
        assert_eq!(
            dateline("Jakarta, CNN Indonesia -- Kemensos."),
            Some("Jakarta")
        );
        assert_eq!(
            dateline("Bisnis.com, JAKARTA — Harga beras naik."),
            Some("JAKARTA")
        );
    }

    #[test]
    fn detiks_bare_place_and_dash_is_a_dateline() {
        assert_eq!(
            dateline("Garut - Seorang kakek tinggal di gubuk reyot."),
            Some("Garut")
        );
    }

    #[test]
    fn an_outlet_alone_or_no_dash_gives_no_dateline() {
        assert_eq!(
            dateline("KOMPAS.com - Seorang nenek hidup sebatang kara."),
            None
        );
        assert_eq!(dateline("Merdeka.com - Banjir."), None);
        assert_eq!(
            dateline("Seorang nenek di Garut hidup sebatang kara."),
            None
        );
        assert_eq!(dateline("tolong bantu nenek saya - dia sakit"), None);
        assert_eq!(dateline(""), None);
    }

    #[test]
    fn the_dateline_may_follow_a_leading_line() {
        assert_eq!(
            dateline("Lihat Foto\n\nGARUT, KOMPAS.com - Seorang nenek hidup sebatang kara."),
            Some("GARUT")
        );
    }
}
