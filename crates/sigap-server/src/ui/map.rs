//! The map of Indonesia's 38 provinces, shaded by a count (open cases, late cases), each province
//! a link to its drill-down; and the drill-down's picture of one province among its neighbours.
//! Shapes come from `data/geo/provinces.tsv` (see its SOURCE.md), embedded and parsed once.

use std::{collections::BTreeMap, fmt::Write, sync::LazyLock};

use super::svg::{coord, escape, no_data, thousands};

const PROVINCES_TSV: &str = include_str!("../../../../data/geo/provinces.tsv");

/// Height of the legend strip under the map, in map units.
const LEGEND_HEIGHT: f64 = 46.0;
/// How many shading classes the map uses at most (`q0`…`q4` in `static/sigap.css`).
const CLASSES: usize = 5;

/// The colour scale, chosen for what is counted (`biru` or `merah` in `static/sigap.css`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    /// Blues, for ordinary counts (open cases).
    Blue,
    /// Oranges to reds, for counts that are bad news (late cases).
    Red,
}

impl Palette {
    fn class(self) -> &'static str {
        match self {
            Palette::Blue => "biru",
            Palette::Red => "merah",
        }
    }
}

/// What a map shows, in the words a reader sees.
#[derive(Clone, Copy, Debug)]
pub struct Measure<'a> {
    /// The picture's title, also its accessible name: "Kasus terbuka per provinsi".
    pub title: &'a str,
    /// What is counted, for the legend and each province's tooltip: "kasus terbuka".
    pub unit: &'a str,
    pub palette: Palette,
}

/// Provinces some of whose borders were drawn by hand, not surveyed: the five that Natural Earth
/// lacks and the three they were cut from (see data/geo/SOURCE.md).
const APPROXIMATE: [&str; 8] = ["64", "65", "91", "92", "93", "94", "95", "96"];

/// A province that has a shape: its Kemendagri code (`"32"`) and name.
#[derive(Debug)]
pub struct Province {
    pub code: &'static str,
    pub name: &'static str,
    /// Bounding box in map units: x, y, width, height.
    bbox: [f64; 4],
    /// The SVG path.
    d: &'static str,
}

struct Atlas {
    view_box: [f64; 4],
    provinces: Vec<Province>,
}

static ATLAS: LazyLock<Atlas> = LazyLock::new(|| {
    parse(PROVINCES_TSV).expect("data/geo/provinces.tsv parses (a test in ui::map checks it)")
});

fn parse(text: &'static str) -> Result<Atlas, String> {
    let mut view_box = None;
    let mut provinces = Vec::new();
    let numbers = |s: &str| -> Result<[f64; 4], String> {
        let v: Vec<f64> = s
            .split(' ')
            .map(|n| n.parse().map_err(|_| format!("not a number: {n:?}")))
            .collect::<Result<_, _>>()?;
        v.try_into().map_err(|_| format!("not four numbers: {s:?}"))
    };
    for (n, line) in text.lines().enumerate() {
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(vb) = comment.trim().strip_prefix("viewBox: ") {
                view_box = Some(numbers(vb)?);
            }
            continue;
        }
        if line == "code\tname\tbbox\td" || line.is_empty() {
            continue;
        }
        let fields: Vec<&'static str> = line.split('\t').collect();
        let [code, name, bbox, d] = fields[..] else {
            return Err(format!("line {}: expected 4 fields", n + 1));
        };
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("line {}: bad province code {code:?}", n + 1));
        }
        if !d.starts_with('M') || d.contains(['"', '<', '&']) {
            return Err(format!("line {}: bad path", n + 1));
        }
        let bbox = numbers(bbox).map_err(|e| format!("line {}: {e}", n + 1))?;
        provinces.push(Province {
            code,
            name,
            bbox,
            d,
        });
    }
    let view_box = view_box.ok_or("no viewBox comment")?;
    Ok(Atlas {
        view_box,
        provinces,
    })
}

/// Every province with a shape, in code order.
pub fn provinces() -> &'static [Province] {
    &ATLAS.provinces
}

impl Province {
    /// Whether some of its borders are approximations (off by up to some tens of kilometres).
    pub fn approximate_borders(&self) -> bool {
        APPROXIMATE.contains(&self.code)
    }
}

/// The province with this Kemendagri code (`"32"`), if it has a shape.
pub fn find(code: &str) -> Option<&'static Province> {
    ATLAS.provinces.iter().find(|p| p.code == code)
}

/// The shading classes: for each class its range of counts, from `lo` to `hi`.
#[derive(Debug, PartialEq, Eq)]
struct Classes {
    /// (lo, hi, class index 0..CLASSES) for counts of 1 and more.
    ranges: Vec<(u64, u64, usize)>,
}

impl Classes {
    /// Up to five classes of about as many provinces each (quantiles of the non-zero counts),
    /// never splitting equal counts. With fewer classes the colours stay spread out.
    fn of(counts: impl Iterator<Item = u64>) -> Classes {
        let mut positive: Vec<u64> = counts.filter(|&c| c > 0).collect();
        positive.sort_unstable();
        let mut highs: Vec<u64> = Vec::new();
        for i in 1..=CLASSES {
            let Some(&hi) = positive.get((positive.len() * i).div_ceil(CLASSES).saturating_sub(1))
            else {
                break;
            };
            if highs.last() != Some(&hi) {
                highs.push(hi);
            }
        }
        let spread: &[usize] = match highs.len() {
            1 => &[2],
            2 => &[1, 3],
            3 => &[0, 2, 4],
            4 => &[0, 1, 3, 4],
            _ => &[0, 1, 2, 3, 4],
        };
        let mut lo = 1;
        let ranges = highs
            .iter()
            .zip(spread)
            .map(|(&hi, &class)| {
                let range = (lo, hi, class);
                lo = hi + 1;
                range
            })
            .collect();
        Classes { ranges }
    }

    /// The CSS class for a count: `q0`…`q4`, or `q-nol` for zero (and when there are no
    /// classes). A count above the last class goes in the last class.
    fn class(&self, count: u64) -> String {
        let range = self.ranges.iter().find(|(_, hi, _)| count <= *hi);
        match range.or(self.ranges.last()) {
            Some((_, _, class)) if count > 0 => format!("q{class}"),
            _ => "q-nol".to_string(),
        }
    }
}

/// Adds up the counts per province code; codes without a shape are left out.
fn counts_by_code<S: AsRef<str>>(values: &[(S, u64)]) -> BTreeMap<&'static str, u64> {
    let mut counts: BTreeMap<&'static str, u64> =
        ATLAS.provinces.iter().map(|p| (p.code, 0)).collect();
    for (code, n) in values {
        if let Some(count) = counts.get_mut(code.as_ref()) {
            *count = count.saturating_add(*n);
        }
    }
    counts
}

/// The map of all provinces, each shaded by its count and wrapped in a link to `link(code)`.
///
/// `values` pairs a Kemendagri province code (`"32"`) with a count; a code may repeat (counts
/// add up), a province left out counts 0, a code without a shape is ignored. The picture has a
/// legend of up to five classes (about as many provinces in each) and a neutral colour for 0.
/// It is `role="group"` rather than `role="img"`, because an image's children are hidden from
/// screen readers and the provinces here are links: each link is named "Province: N unit".
pub fn indonesia<S: AsRef<str>>(
    values: &[(S, u64)],
    measure: &Measure<'_>,
    link: impl Fn(&str) -> String,
) -> String {
    let atlas = &*ATLAS;
    if atlas.provinces.is_empty() {
        return no_data("peta", measure.title);
    }
    let counts = counts_by_code(values);
    let classes = Classes::of(counts.values().copied());
    let [x, y, w, h] = atlas.view_box;
    let total: u64 = counts.values().sum();
    let mut out = String::with_capacity(PROVINCES_TSV.len() + 8 * 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"peta {palette}\" \
         viewBox=\"{x} {y} {w} {h}\" role=\"group\" aria-labelledby=\"peta-judul\">\
         <title id=\"peta-judul\">{title}</title>\
         <desc>Peta {n} provinsi; makin gelap makin banyak {unit}. Jumlah: {total}.</desc>\
         <g class=\"provinsi\">",
        palette = measure.palette.class(),
        x = coord(x),
        y = coord(y),
        w = coord(w),
        h = coord(h + LEGEND_HEIGHT),
        title = escape(measure.title),
        n = atlas.provinces.len(),
        unit = escape(measure.unit),
        total = thousands(total),
    );
    for p in &atlas.provinces {
        let count = counts.get(p.code).copied().unwrap_or(0);
        let label = escape(&format!(
            "{}: {} {}",
            p.name,
            thousands(count),
            measure.unit
        ));
        let _ = write!(
            out,
            "<a href=\"{href}\" aria-label=\"{label}\"><path class=\"{class}\" d=\"{d}\">\
             <title>{label}</title></path></a>",
            href = escape(&link(p.code)),
            class = classes.class(count),
            d = p.d,
        );
    }
    out.push_str("</g>");
    legend(&mut out, &classes, measure, y + h);
    out.push_str("</svg>");
    out
}

/// The legend strip under the map: what is counted, a swatch for 0, one per class.
fn legend(out: &mut String, classes: &Classes, measure: &Measure<'_>, top: f64) {
    let _ = write!(
        out,
        "<g class=\"legenda\" aria-hidden=\"true\" transform=\"translate(10 {y})\">\
         <text x=\"0\" y=\"20\">{unit}:</text>",
        y = coord(top + 8.0),
        unit = escape(measure.unit),
    );
    let mut swatches = vec![("q-nol".to_string(), "0".to_string())];
    for &(lo, hi, class) in &classes.ranges {
        let label = if lo == hi {
            thousands(hi)
        } else {
            format!("{}–{}", thousands(lo), thousands(hi))
        };
        swatches.push((format!("q{class}"), label));
    }
    let mut x = 10.0 + 8.0 * measure.unit.chars().count() as f64;
    for (class, label) in swatches {
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{sx}\" y=\"7\" width=\"18\" height=\"18\"/>\
             <text x=\"{tx}\" y=\"20\">{label}</text>",
            sx = coord(x),
            tx = coord(x + 23.0),
            label = escape(&label),
        );
        x += 23.0 + 8.0 * label.chars().count() as f64 + 18.0;
    }
    out.push_str("</g>");
}

/// The drill-down picture: one province, highlighted, among the neighbours that share its
/// frame (drawn plain, not links). `None` for a code without a shape. Regencies have no
/// shapes yet: the page lists them in a table beside this.
pub fn province(code: &str, count: u64, measure: &Measure<'_>) -> Option<String> {
    let chosen = find(code)?;
    let [bx, by, bw, bh] = chosen.bbox;
    let pad = 0.08 * bw.max(bh) + 2.0;
    let frame = [bx - pad, by - pad, bw + 2.0 * pad, bh + 2.0 * pad];
    let overlaps = |b: &[f64; 4]| {
        b[0] < frame[0] + frame[2]
            && frame[0] < b[0] + b[2]
            && b[1] < frame[1] + frame[3]
            && frame[1] < b[1] + b[3]
    };
    let label = escape(&format!(
        "{}: {} {}",
        chosen.name,
        thousands(count),
        measure.unit
    ));
    let desc = if chosen.approximate_borders() {
        format!("{}. Sebagian batas provinsi ini perkiraan.", measure.title)
    } else {
        measure.title.to_string()
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"peta {palette} satu\" \
         viewBox=\"{x} {y} {w} {h}\" role=\"img\" aria-label=\"{label}\">\
         <title>{label}</title><desc>{desc}</desc>",
        palette = measure.palette.class(),
        x = coord(frame[0]),
        y = coord(frame[1]),
        w = coord(frame[2]),
        h = coord(frame[3]),
        desc = escape(&desc),
    );
    for p in ATLAS
        .provinces
        .iter()
        .filter(|p| p.code != code && overlaps(&p.bbox))
    {
        let _ = write!(out, "<path class=\"konteks\" d=\"{}\"/>", p.d);
    }
    let _ = write!(out, "<path class=\"pilih\" d=\"{}\"/></svg>", chosen.d);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::svg::tests::assert_well_formed;

    const OPEN: Measure<'static> = Measure {
        title: "Kasus terbuka per provinsi",
        unit: "kasus terbuka",
        palette: Palette::Blue,
    };

    fn regions_provinces() -> Vec<(&'static str, &'static str)> {
        sigap_core::gazetteer::REGIONS_TSV
            .lines()
            .filter_map(|line| {
                let mut f = line.split('\t');
                let (code, name, kind) = (f.next()?, f.next()?, f.next()?);
                (kind == "provinsi").then_some((code, name))
            })
            .collect()
    }

    #[test]
    fn the_shipped_shapes_parse() {
        let atlas = parse(PROVINCES_TSV).expect("shipped data parses");
        assert_eq!(atlas.view_box[..2], [0.0, 0.0]);
        assert!(
            atlas.view_box[2] > atlas.view_box[3],
            "Indonesia is wider than tall"
        );
    }

    #[test]
    fn every_province_in_regions_tsv_has_a_shape_and_its_name() {
        let expected = regions_provinces();
        assert_eq!(expected.len(), 38);
        let shipped: Vec<(&str, &str)> = provinces().iter().map(|p| (p.code, p.name)).collect();
        assert_eq!(shipped, expected);
        for p in provinces() {
            assert!(
                p.d.len() > 20 && p.bbox[2] > 0.0 && p.bbox[3] > 0.0,
                "{}",
                p.code
            );
        }
    }

    #[test]
    fn sumatra_lies_west_of_papua_and_java_south_of_kalimantan() {
        let x = |code| find(code).expect("shape").bbox[0];
        let y = |code| find(code).expect("shape").bbox[1];
        assert!(
            x("11") < x("32") && x("32") < x("91"),
            "west to east: Aceh, Jawa Barat, Papua"
        );
        assert!(
            y("33") > y("62"),
            "Jawa Tengah is drawn below Kalimantan Tengah"
        );
    }

    #[test]
    fn the_map_is_well_formed_with_one_link_per_province() {
        let svg = indonesia(&[("32", 120), ("31", 40)], &OPEN, |c| format!("/peta/{c}"));
        assert_well_formed(&svg);
        assert_eq!(svg.matches("<a href=").count(), 38);
        assert!(svg.contains("<a href=\"/peta/32\" aria-label=\"Jawa Barat: 120 kasus terbuka\">"));
        assert!(svg.contains("<title>Jawa Barat: 120 kasus terbuka</title>"));
        assert!(!svg.contains("style="), "no inline styles under the CSP");
    }

    #[test]
    fn classes_follow_the_counts_and_zero_is_neutral() {
        let values: Vec<(String, u64)> = provinces()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code.to_string(), i as u64))
            .collect();
        let svg = indonesia(&values, &OPEN, |c| c.to_string());
        let class_of = |code: &str| {
            let at = svg
                .find(&format!("<a href=\"{code}\""))
                .expect("province link");
            let rest = &svg[at..];
            let start = rest.find("class=\"").expect("class") + 7;
            rest[start..start + rest[start..].find('"').expect("quote")].to_string()
        };
        assert_eq!(class_of("11"), "q-nol", "the first province counts 0");
        assert_eq!(class_of("12"), "q0", "the smallest count is the lightest");
        assert_eq!(class_of("96"), "q4", "the largest count is the darkest");
        let mut last = 0;
        for p in provinces().iter().skip(1) {
            let class: usize = class_of(p.code)[1..].parse().expect("q digit");
            assert!(class >= last, "classes never go down as counts go up");
            last = class;
        }
    }

    #[test]
    fn quantile_classes_do_not_split_equal_counts_and_spread_when_few() {
        let classes = Classes::of([5, 5, 5, 5, 5, 0].into_iter());
        assert_eq!(classes.ranges, vec![(1, 5, 2)]);
        let classes = Classes::of([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].into_iter());
        assert_eq!(
            classes.ranges,
            vec![(1, 2, 0), (3, 4, 1), (5, 6, 2), (7, 8, 3), (9, 10, 4)]
        );
        assert_eq!(classes.class(0), "q-nol");
        assert_eq!(classes.class(11), "q4");
        assert_eq!(Classes::of(std::iter::empty()).ranges, vec![]);
    }

    #[test]
    fn unknown_codes_are_ignored_and_repeated_codes_add_up() {
        let svg = indonesia(&[("32", 2), ("32", 3), ("99", 50)], &OPEN, |c| {
            c.to_string()
        });
        assert!(svg.contains("Jawa Barat: 5 kasus terbuka"));
        assert!(svg.contains("Jumlah: 5."));
    }

    #[test]
    fn names_and_links_are_escaped() {
        let measure = Measure {
            title: "<script>alert(1)</script>",
            unit: "kasus \"terlambat\"",
            palette: Palette::Red,
        };
        let svg = indonesia(&[("11", 1)], &measure, |c| format!("/p?a=1&b={c}"));
        assert_well_formed(&svg);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("href=\"/p?a=1&amp;b=11\""));
        assert!(svg.contains("class=\"peta merah\""));
    }

    #[test]
    fn a_map_without_counts_draws_every_province_neutral() {
        let none: [(&str, u64); 0] = [];
        let svg = indonesia(&none, &OPEN, |c| c.to_string());
        assert_eq!(
            svg.matches("class=\"q-nol\"").count(),
            38 + 1,
            "38 provinces and the legend"
        );
        assert_well_formed(&svg);
    }

    #[test]
    fn the_drill_down_shows_the_province_and_its_neighbours() {
        let svg = province("34", 7, &OPEN).expect("Yogyakarta has a shape");
        assert_well_formed(&svg);
        assert!(svg.contains("<title>Daerah Istimewa Yogyakarta: 7 kasus terbuka</title>"));
        assert_eq!(svg.matches("class=\"pilih\"").count(), 1);
        assert!(
            svg.matches("class=\"konteks\"").count() >= 1,
            "Jawa Tengah is in the frame"
        );
        assert!(province("99", 1, &OPEN).is_none());
        let papua = province("95", 0, &OPEN).expect("Papua Pegunungan has a shape");
        assert!(papua.contains("Sebagian batas provinsi ini perkiraan."));
    }
}
