//! Social-media posts: the one [`Post`] schema every way in (file import, webhook, feed) arrives
//! at, and readers for JSON Lines and CSV exports of it.
//!
//! # The schema
//!
//! | field | required | meaning |
//! | --- | --- | --- |
//! | `platform` | yes | where it was posted, a short slug `[a-z0-9_]{1,32}`: `x`, `facebook`, `instagram`, `tiktok`, `lapor` |
//! | `post_id` | yes | the platform's id of the post (a number is taken as its digits); with `platform`, the post's identity |
//! | `text` | yes | what the post says, at most 10 000 characters |
//! | `author` | no | the account's handle or name as the platform shows it |
//! | `url` | no | an http(s) link to the post |
//! | `posted_at` | no | when it was posted, RFC 3339 with an offset (`2026-12-03T08:15:00+07:00`), kept in UTC |
//! | `place` | no | a place name the post names or is tagged with (`Kec. Cibeunying, Bandung`) |
//! | `lat`, `lon` | no, but both or neither | WGS 84 degrees, `lat` in −90..=90, `lon` in −180..=180 |
//!
//! In JSON Lines each non-empty line is one object with these keys; in CSV the header row names
//! the columns with the same names. Unknown keys and columns are ignored; an empty value is an
//! absent one. A bad row is reported with its line number and does not stop the others.

use chrono::{DateTime, Utc};
use serde_json::Value;

/// Longest `text` accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// One post, in the one schema every way in (file import, webhook, feed) arrives at.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Post {
    pub platform: String,
    pub post_id: String,
    pub author: Option<String>,
    pub text: String,
    pub url: Option<String>,
    pub posted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub place: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A row that could not be read, and why (in Indonesian, for the importing administrator).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("baris {line}: {message}")]
pub struct RowError {
    /// 1-based line of the input where the row starts.
    pub line: usize,
    pub message: String,
}

impl Post {
    /// Checks the schema's rules; the message names the field at fault.
    pub fn validate(&self) -> Result<(), String> {
        let slug = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        if self.platform.is_empty() || self.platform.len() > 32 || !self.platform.chars().all(slug)
        {
            return Err(format!(
                "`platform` harus 1–32 huruf kecil, angka atau _, bukan {:?}",
                self.platform
            ));
        }
        if self.post_id.trim().is_empty() {
            return Err("kolom wajib `post_id` kosong".to_owned());
        }
        if self.text.trim().is_empty() {
            return Err("kolom wajib `text` kosong".to_owned());
        }
        let chars = self.text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(format!(
                "`text` terlalu panjang ({chars} > {MAX_TEXT_CHARS} karakter)"
            ));
        }
        if let Some(url) = &self.url {
            let ok = url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
            if !ok {
                return Err(format!("`url` bukan tautan http(s): {url:?}"));
            }
        }
        match (self.lat, self.lon) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    return Err(format!("`lat` di luar -90..90: {lat}"));
                }
                if !(-180.0..=180.0).contains(&lon) {
                    return Err(format!("`lon` di luar -180..180: {lon}"));
                }
            }
            (None, None) => {}
            _ => {
                return Err(
                    "`lat` dan `lon` harus diisi keduanya atau tidak sama sekali".to_owned(),
                );
            }
        }
        Ok(())
    }
}

/// Reads JSON Lines: one result per non-empty line.
pub fn parse_jsonl(input: &str) -> Vec<Result<Post, RowError>> {
    input
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let line_no = index + 1;
            json_row(line).map_err(|message| RowError {
                line: line_no,
                message,
            })
        })
        .collect()
}

fn json_row(line: &str) -> Result<Post, String> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("JSON tidak sah (kolom {})", e.column()))?;
    let Value::Object(object) = value else {
        return Err("baris harus berupa objek JSON".to_owned());
    };
    build(|name| match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(format!("`{name}` harus teks atau angka")),
    })
}

/// Reads CSV with a header row: one result per record.
pub fn parse_csv(input: &str) -> Vec<Result<Post, RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(str::to_ascii_lowercase).collect(),
        Err(err) => {
            return vec![Err(RowError {
                line: 1,
                message: format!("baris judul tidak terbaca: {err}"),
            })];
        }
    };
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|err| RowError {
                line: err.position().map_or(0, |p| p.line() as usize),
                message: format!("CSV tidak sah: {err}"),
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            build(|name| {
                Ok(headers
                    .iter()
                    .position(|h| h == name)
                    .and_then(|i| record.get(i))
                    .map(str::to_owned))
            })
            .map_err(|message| RowError { line, message })
        })
        .collect()
}

/// A post from named fields (empty ones absent), checked.
fn build(field: impl Fn(&str) -> Result<Option<String>, String>) -> Result<Post, String> {
    let get = |name: &str| -> Result<Option<String>, String> {
        Ok(field(name)?
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty()))
    };
    let required = |name: &str| -> Result<String, String> {
        get(name)?.ok_or_else(|| format!("kolom wajib `{name}` kosong atau tidak ada"))
    };
    let coordinate = |name: &str| -> Result<Option<f64>, String> {
        get(name)?
            .map(|v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| format!("`{name}` bukan angka: {v:?}"))
            })
            .transpose()
    };
    let posted_at = get("posted_at")?
        .map(|v| {
            DateTime::parse_from_rfc3339(&v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| format!("`posted_at` bukan waktu RFC 3339: {v:?}"))
        })
        .transpose()?;
    let post = Post {
        platform: required("platform")?,
        post_id: required("post_id")?,
        author: get("author")?,
        text: required("text")?,
        url: get("url")?,
        posted_at,
        place: get("place")?,
        lat: coordinate("lat")?,
        lon: coordinate("lon")?,
    };
    post.validate()?;
    Ok(post)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_errors(results: &[Result<Post, RowError>]) -> Vec<(usize, String)> {
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| (e.line, e.message.clone()))
            .collect()
    }

    #[test]
    fn json_lines_are_read_and_bad_rows_reported_by_line() {
        let input = r#"{"platform":"x","post_id":"1861234567","author":"@wargabdg","text":"Banjir setinggi lutut di Dayeuhkolot, lansia butuh evakuasi","url":"https://x.com/wargabdg/status/1861234567","posted_at":"2026-12-03T08:15:00+07:00","place":"Dayeuhkolot, Kab. Bandung","lat":-6.987,"lon":107.626}

{"platform":"facebook","post_id":42,"text":"Ada anak terlantar di terminal","extra":"diabaikan"}
{"platform":"x","post_id":"3","text":"   "}
{"platform":"x","post_id":"4","text":"ok","posted_at":"kemarin sore"}
{"platform":"x","post_id":"5","text":"ok","lat":95,"lon":100}
not json
{"platform":"X Twitter","post_id":"6","text":"ok"}
"#;
        let results = parse_jsonl(input);
        assert_eq!(results.len(), 7);
        let first = results[0].as_ref().expect("the first row");
        assert_eq!(first.platform, "x");
        assert_eq!(
            first.posted_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-12-03T01:15:00+00:00")
        );
        assert_eq!((first.lat, first.lon), (Some(-6.987), Some(107.626)));
        let second = results[1].as_ref().expect("the second row");
        assert_eq!(second.post_id, "42");
        assert_eq!(second.author, None);
        let errors = line_errors(&results);
        assert_eq!(
            errors.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            vec![4, 5, 6, 7, 8]
        );
        assert_eq!(errors[0].1, "kolom wajib `text` kosong atau tidak ada");
        assert!(errors[1].1.contains("RFC 3339"), "{}", errors[1].1);
        assert!(errors[2].1.contains("`lat` di luar"), "{}", errors[2].1);
        assert!(errors[3].1.starts_with("JSON tidak sah"), "{}", errors[3].1);
        assert!(errors[4].1.contains("`platform`"), "{}", errors[4].1);
    }

    #[test]
    fn csv_is_read_by_header_names_and_bad_rows_reported_by_line() {
        let input = "\
post_id,platform,text,posted_at,lat,lon,kolom_lain
101,instagram,\"Dapur umum dibuka di balai desa, butuh relawan\",2026-12-03T09:00:00Z,-7.25,112.75,x
102,instagram,,2026-12-03T09:00:00Z,,,
103,instagram,Tanpa waktu yang benar,03/12/2026,,,
104,instagram,Koordinat rusak,,abc,112,
105,instagram,Hanya lintang,,-7,,
106,tiktok,\"Baris
dua\",,,,
";
        let results = parse_csv(input);
        assert_eq!(results.len(), 6);
        let first = results[0].as_ref().expect("the first row");
        assert_eq!(first.text, "Dapur umum dibuka di balai desa, butuh relawan");
        assert_eq!(first.lat, Some(-7.25));
        let last = results[5].as_ref().expect("a quoted newline");
        assert_eq!(last.text, "Baris\ndua");
        let errors = line_errors(&results);
        assert_eq!(
            errors.iter().map(|(line, _)| *line).collect::<Vec<_>>(),
            vec![3, 4, 5, 6]
        );
        assert!(errors[0].1.contains("`text`"));
        assert!(errors[1].1.contains("`posted_at`"));
        assert!(errors[2].1.contains("`lat` bukan angka"));
        assert!(errors[3].1.contains("keduanya"));
    }

    #[test]
    fn validation_applies_the_schema_rules() {
        let post = Post {
            platform: "lapor".into(),
            post_id: "SP-1".into(),
            author: None,
            text: "a".repeat(MAX_TEXT_CHARS),
            url: None,
            posted_at: None,
            place: None,
            lat: Some(90.0),
            lon: Some(-180.0),
        };
        assert_eq!(post.validate(), Ok(()));
        let too_long = Post {
            text: "é".repeat(MAX_TEXT_CHARS + 1),
            ..post.clone()
        };
        assert!(too_long.validate().is_err());
        let bad_url = Post {
            url: Some("javascript:alert(1)".into()),
            ..post.clone()
        };
        assert!(bad_url.validate().is_err());
        let long_slug = Post {
            platform: "a".repeat(33),
            ..post.clone()
        };
        assert!(long_slug.validate().is_err());
        let bad_lon = Post {
            lon: Some(180.5),
            ..post
        };
        assert!(bad_lon.validate().is_err());
    }

    #[test]
    fn empty_inputs_give_no_rows() {
        assert!(parse_jsonl("\n  \n").is_empty());
        assert!(parse_csv("").is_empty());
        assert!(parse_csv("platform,post_id,text\n").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_input_never_panics(input in ".*") {
            let _ = parse_jsonl(&input);
            let _ = parse_csv(&input);
        }
    }
}
