//! The charts as SVG: horizontal bars (backlog per Sentra, cases per channel), columns (items
//! per hour in the daily scan report) and stacked daily bars
//! (cases per day by group). Colours are CSS classes in `static/sigap.css`.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::svg::{coord, escape, nice_ticks, no_data, open_img, thousands};

/// At most this many groups get their own colour in the daily chart; the rest are "Lainnya".
pub const MAX_GROUPS: usize = 9;
/// Labels longer than this are cut with "…" (the full text stays in the tooltip).
const LABEL_CHARS: usize = 30;

/// What a chart shows, in the words a reader sees.
#[derive(Clone, Copy, Debug)]
pub struct Chart<'a> {
    /// The picture's title, also its accessible name: "Tunggakan per Sentra".
    pub title: &'a str,
    /// What is counted, after each number: "kasus".
    pub unit: &'a str,
}

/// One group's counts in the daily chart, one per day, in the order of the days.
#[derive(Clone, Debug)]
pub struct Series<S> {
    pub name: S,
    pub values: Vec<u64>,
}

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A horizontal bar per row, in the order given, with the value after each bar and a scale of
/// nice numbers above. No rows gives the "Belum ada data" picture; rows of 0 are drawn (a
/// Sentra without backlog is news too).
pub fn bars<S: AsRef<str>>(chart: &Chart<'_>, rows: &[(S, u64)]) -> String {
    if rows.is_empty() {
        return no_data("grafik", chart.title);
    }
    const WIDTH: f64 = 640.0;
    const LABEL_RIGHT: f64 = 232.0;
    const X0: f64 = 240.0;
    const X1: f64 = 580.0;
    const TOP: f64 = 30.0;
    const ROW: f64 = 26.0;
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let ticks = nice_ticks(max);
    let top_tick = *ticks.last().unwrap_or(&1) as f64;
    let x_of = |v: u64| X0 + (X1 - X0) * v as f64 / top_tick;
    let height = TOP + ROW * rows.len() as f64 + 8.0;
    let (top_label, top_value) = rows
        .iter()
        .max_by_key(|(_, v)| *v)
        .map(|(l, v)| (l.as_ref(), *v))
        .unwrap_or_default();
    let desc = format!(
        "Diagram batang, {} baris. Tertinggi: {top_label}, {} {}.",
        rows.len(),
        thousands(top_value),
        chart.unit
    );
    let mut out = String::new();
    open_img(&mut out, "grafik batang", WIDTH, height, chart.title, &desc);
    out.push_str("<g class=\"sumbu\" aria-hidden=\"true\">");
    for &t in &ticks {
        let x = coord(x_of(t));
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{x}\" x2=\"{x}\" y1=\"{y1}\" y2=\"{y2}\"/>\
             <text x=\"{x}\" y=\"16\" text-anchor=\"middle\">{t}</text>",
            y1 = coord(TOP - 6.0),
            y2 = coord(height - 4.0),
            t = thousands(t),
        );
    }
    out.push_str("</g>");
    for (i, (label, value)) in rows.iter().enumerate() {
        let label = label.as_ref();
        let y = TOP + ROW * i as f64;
        let _ = write!(
            out,
            "<g class=\"baris\"><title>{full}: {n} {unit}</title>\
             <text x=\"{LABEL_RIGHT}\" y=\"{ty}\" text-anchor=\"end\">{short}</text>\
             <rect class=\"batang\" x=\"{X0}\" y=\"{by}\" width=\"{w}\" height=\"16\"/>\
             <text class=\"nilai\" x=\"{vx}\" y=\"{ty}\">{n}</text></g>",
            full = escape(label),
            short = escape(&short(label)),
            n = thousands(*value),
            unit = escape(chart.unit),
            ty = coord(y + 13.0),
            by = coord(y + 1.0),
            w = coord(x_of(*value) - X0),
            vx = coord(x_of(*value) + 5.0),
        );
    }
    out.push_str("</svg>");
    out
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

fn day_label(day: NaiveDate) -> String {
    format!("{} {}", day.day(), MONTHS[day.month0() as usize])
}

/// Folds the groups past the ninth into one "Lainnya", so no two groups share a colour.
fn at_most_nine<S: AsRef<str>>(series: &[Series<S>], days: usize) -> Vec<(&str, Vec<u64>)> {
    let value = |s: &Series<S>, d: usize| s.values.get(d).copied().unwrap_or(0);
    let mut groups: Vec<(&str, Vec<u64>)> = series
        .iter()
        .take(if series.len() > MAX_GROUPS {
            MAX_GROUPS - 1
        } else {
            MAX_GROUPS
        })
        .map(|s| (s.name.as_ref(), (0..days).map(|d| value(s, d)).collect()))
        .collect();
    if series.len() > MAX_GROUPS {
        let rest = &series[MAX_GROUPS - 1..];
        let sums = (0..days)
            .map(|d| {
                rest.iter()
                    .map(|s| value(s, d))
                    .fold(0, u64::saturating_add)
            })
            .collect();
        groups.push(("Lainnya", sums));
    }
    groups
}

/// Cases per day, one stacked bar a day with one colour a group (at most nine: the ninth
/// and later become "Lainnya"), a scale of nice numbers and a legend. `days` are drawn in the
/// order given (the caller fills days without cases with 0); a series shorter than `days`
/// counts 0 for the missing days. No days, no groups or nothing but zeros gives the "Belum ada
/// data" picture.
pub fn daily<S: AsRef<str>>(chart: &Chart<'_>, days: &[NaiveDate], series: &[Series<S>]) -> String {
    let groups = at_most_nine(series, days.len());
    let totals: Vec<u64> = (0..days.len())
        .map(|d| {
            groups
                .iter()
                .map(|(_, v)| v[d])
                .fold(0, u64::saturating_add)
        })
        .collect();
    let total = totals.iter().copied().fold(0, u64::saturating_add);
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return no_data("grafik", chart.title);
    };
    if total == 0 {
        return no_data("grafik", chart.title);
    }
    const WIDTH: f64 = 720.0;
    const X0: f64 = 56.0;
    const X1: f64 = 710.0;
    const Y0: f64 = 232.0; // the baseline
    const Y1: f64 = 14.0;
    const PER_ROW: usize = 3;
    let ticks = nice_ticks(totals.iter().copied().max().unwrap_or(0));
    let top_tick = *ticks.last().unwrap_or(&1) as f64;
    let y_of = |v: u64| Y0 - (Y0 - Y1) * v as f64 / top_tick;
    let band = (X1 - X0) / days.len() as f64;
    let bar = (band * 0.8).max(1.0);
    let legend_rows = groups.len().div_ceil(PER_ROW);
    let height = 270.0 + 22.0 * legend_rows as f64;
    let desc = format!(
        "Diagram batang bertumpuk per hari, {} {} sampai {} {}, {} kelompok. Jumlah: {} {}.",
        day_label(*first),
        first.year(),
        day_label(*last),
        last.year(),
        groups.len(),
        thousands(total),
        chart.unit,
    );
    let mut out = String::new();
    open_img(&mut out, "grafik harian", WIDTH, height, chart.title, &desc);
    out.push_str("<g class=\"sumbu\" aria-hidden=\"true\">");
    for &t in &ticks {
        let y = coord(y_of(t));
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{X0}\" x2=\"{X1}\" y1=\"{y}\" y2=\"{y}\"/>\
             <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{t}</text>",
            lx = X0 - 6.0,
            ty = coord(y_of(t) + 4.0),
            t = thousands(t),
        );
    }
    let every = days.len().div_ceil(12);
    for (d, day) in days.iter().enumerate().step_by(every) {
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{label}</text>",
            x = coord(X0 + band * (d as f64 + 0.5)),
            y = Y0 + 18.0,
            label = day_label(*day),
        );
    }
    out.push_str("</g>");
    for (g, (name, values)) in groups.iter().enumerate() {
        let _ = write!(out, "<g class=\"seri s{g}\">");
        for (d, day) in days.iter().enumerate() {
            let below: u64 = groups[..g].iter().map(|(_, v)| v[d]).sum();
            if values[d] == 0 {
                continue;
            }
            let (y_top, y_bottom) = (y_of(below + values[d]), y_of(below));
            let _ = write!(
                out,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\">\
                 <title>{day} {year}, {name}: {n} {unit}</title></rect>",
                x = coord(X0 + band * d as f64 + (band - bar) / 2.0),
                y = coord(y_top),
                w = coord(bar),
                h = coord(y_bottom - y_top),
                day = day_label(*day),
                year = day.year(),
                name = escape(name),
                n = thousands(values[d]),
                unit = escape(chart.unit),
            );
        }
        out.push_str("</g>");
    }
    out.push_str("<g class=\"legenda\">");
    for (g, (name, _)) in groups.iter().enumerate() {
        let x = X0 + 220.0 * (g % PER_ROW) as f64;
        let y = 262.0 + 22.0 * (g / PER_ROW) as f64;
        let _ = write!(
            out,
            "<rect class=\"s{g}\" x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\"/>\
             <text x=\"{tx}\" y=\"{ty}\">{name}</text>",
            tx = x + 20.0,
            ty = y + 12.0,
            name = escape(&short(name)),
        );
    }
    out.push_str("</g></svg>");
    out
}

/// One vertical column per label (the hours of a day), in the order given, with a scale of
/// nice numbers at the left and every `label_every`-th label under the columns. Nothing but
/// zeros gives the "Belum ada data" picture.
pub fn columns<S: AsRef<str>>(
    chart: &Chart<'_>,
    columns: &[(S, u64)],
    label_every: usize,
) -> String {
    let total = columns.iter().map(|(_, v)| *v).fold(0, u64::saturating_add);
    if columns.is_empty() || total == 0 {
        return no_data("grafik", chart.title);
    }
    const WIDTH: f64 = 720.0;
    const X0: f64 = 56.0;
    const X1: f64 = 710.0;
    const Y0: f64 = 232.0; // the baseline
    const Y1: f64 = 14.0;
    const HEIGHT: f64 = 260.0;
    let max = columns.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let ticks = nice_ticks(max);
    let top_tick = *ticks.last().unwrap_or(&1) as f64;
    let y_of = |v: u64| Y0 - (Y0 - Y1) * v as f64 / top_tick;
    let band = (X1 - X0) / columns.len() as f64;
    let bar = (band * 0.8).max(1.0);
    let (top_label, top_value) = columns
        .iter()
        .max_by_key(|(_, v)| *v)
        .map(|(l, v)| (l.as_ref(), *v))
        .unwrap_or_default();
    let desc = format!(
        "Diagram kolom, {} kolom. Jumlah: {} {unit}. Tertinggi: {top_label}, {} {unit}.",
        columns.len(),
        thousands(total),
        thousands(top_value),
        unit = chart.unit,
    );
    let mut out = String::new();
    open_img(&mut out, "grafik kolom", WIDTH, HEIGHT, chart.title, &desc);
    out.push_str("<g class=\"sumbu\" aria-hidden=\"true\">");
    for &t in &ticks {
        let y = coord(y_of(t));
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{X0}\" x2=\"{X1}\" y1=\"{y}\" y2=\"{y}\"/>\
             <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{t}</text>",
            lx = X0 - 6.0,
            ty = coord(y_of(t) + 4.0),
            t = thousands(t),
        );
    }
    for (i, (label, _)) in columns.iter().enumerate().step_by(label_every.max(1)) {
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{label}</text>",
            x = coord(X0 + band * (i as f64 + 0.5)),
            y = Y0 + 18.0,
            label = escape(label.as_ref()),
        );
    }
    out.push_str("</g>");
    for (i, (label, value)) in columns.iter().enumerate() {
        if *value == 0 {
            continue;
        }
        let top = y_of(*value);
        let _ = write!(
            out,
            "<g class=\"baris\"><title>{label}: {n} {unit}</title>\
             <rect class=\"batang\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"/></g>",
            label = escape(label.as_ref()),
            n = thousands(*value),
            unit = escape(chart.unit),
            x = coord(X0 + band * i as f64 + (band - bar) / 2.0),
            y = coord(top),
            w = coord(bar),
            h = coord(Y0 - top),
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::svg::{NO_DATA, tests::assert_well_formed};

    const BACKLOG: Chart<'static> = Chart {
        title: "Tunggakan per Sentra",
        unit: "kasus",
    };

    fn days(n: u32) -> Vec<NaiveDate> {
        let start = NaiveDate::from_ymd_opt(2025, 2, 20).expect("a date");
        (0..n)
            .map(|i| start + chrono::Days::new(u64::from(i)))
            .collect()
    }

    #[test]
    fn bars_are_well_formed_accessible_and_in_indonesian_numbers() {
        let svg = bars(
            &BACKLOG,
            &[
                ("Sentra Terpadu Pangudi Luhur Bekasi", 1250),
                ("Sentra Kasih", 7),
            ],
        );
        assert_well_formed(&svg);
        assert!(svg.contains("role=\"img\"") && svg.contains("<title>") && svg.contains("<desc>"));
        assert!(svg.contains("<title>Sentra Terpadu Pangudi Luhur Bekasi: 1.250 kasus</title>"));
        assert!(
            svg.contains(">1.500</text>"),
            "the scale ends on a nice number"
        );
        assert!(!svg.contains("style="));
    }

    #[test]
    fn columns_are_well_formed_and_a_zero_draws_no_column() {
        let hours: Vec<(String, u64)> = (0..24).map(|h| (format!("{h:02}"), h % 5)).collect();
        let svg = columns(
            &Chart {
                title: "Butir per jam",
                unit: "butir",
            },
            &hours,
            3,
        );
        assert_well_formed(&svg);
        assert!(svg.contains("<title>04: 4 butir</title>"), "{svg}");
        assert_eq!(
            svg.matches("class=\"batang\"").count(),
            24 - 5,
            "zeros draw no column"
        );
        let empty: Vec<(String, u64)> = (0..24).map(|h| (format!("{h:02}"), 0)).collect();
        assert!(
            columns(
                &Chart {
                    title: "Butir per jam",
                    unit: "butir"
                },
                &empty,
                3
            )
            .contains(NO_DATA)
        );
    }

    #[test]
    fn a_longer_bar_means_a_larger_value() {
        let svg = bars(&BACKLOG, &[("a", 10), ("b", 40)]);
        let widths: Vec<f64> = svg
            .match_indices("class=\"batang\"")
            .map(|(i, _)| {
                let rest = &svg[i..];
                let w = rest.find("width=\"").expect("width") + 7;
                rest[w..w + rest[w..].find('"').expect("quote")]
                    .parse()
                    .expect("number")
            })
            .collect();
        assert_eq!(widths.len(), 2);
        assert!((widths[1] - 4.0 * widths[0]).abs() < 0.2, "{widths:?}");
    }

    #[test]
    fn labels_are_escaped_and_long_ones_shortened() {
        let name = "<script>alert('x')</script> Sentra dengan nama yang panjang sekali";
        let svg = bars(&BACKLOG, &[(name, 3)]);
        assert_well_formed(&svg);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("…</text>"));
    }

    #[test]
    fn empty_charts_say_there_is_no_data_yet() {
        let no_rows: [(&str, u64); 0] = [];
        assert!(bars(&BACKLOG, &no_rows).contains(NO_DATA));
        let none: [Series<&str>; 0] = [];
        assert!(daily(&BACKLOG, &days(7), &none).contains(NO_DATA));
        let zeros = [Series {
            name: "Lansia",
            values: vec![0; 7],
        }];
        assert!(daily(&BACKLOG, &days(7), &zeros).contains(NO_DATA));
        assert!(daily(&BACKLOG, &[], &zeros).contains(NO_DATA));
    }

    #[test]
    fn daily_bars_stack_the_groups_and_name_each_piece() {
        let series = [
            Series {
                name: "Lansia",
                values: vec![1, 2, 3],
            },
            Series {
                name: "Anak",
                values: vec![4, 0, 1],
            },
        ];
        let svg = daily(
            &Chart {
                title: "Kasus per hari",
                unit: "kasus",
            },
            &days(3),
            &series,
        );
        assert_well_formed(&svg);
        assert!(svg.contains("<title>20 Feb 2025, Anak: 4 kasus</title>"));
        assert!(svg.contains("<title>22 Feb 2025, Lansia: 3 kasus</title>"));
        assert_eq!(svg.matches("<rect x=").count(), 5, "no piece for a zero");
        assert!(svg.contains("Jumlah: 11 kasus."));
        assert!(
            svg.contains("class=\"s1\""),
            "the legend has a swatch for the second group"
        );
    }

    #[test]
    fn a_tenth_group_folds_into_lainnya_and_short_series_count_zero() {
        let series: Vec<Series<String>> = (0..11)
            .map(|i| Series {
                name: format!("Kelompok {i}"),
                values: vec![1],
            })
            .collect();
        let svg = daily(&BACKLOG, &days(2), &series);
        assert_well_formed(&svg);
        assert!(svg.contains("class=\"seri s8\""));
        assert!(!svg.contains("s9"));
        assert!(svg.contains("Lainnya: 3 kasus"));
        assert!(
            !svg.contains("<title>21 Feb"),
            "the second day has no cases"
        );
    }

    #[test]
    fn day_labels_are_in_indonesian() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 17).expect("a date");
        assert_eq!(day_label(d), "17 Agu");
    }
}
