//! Writes a page with a sample map and charts, to look at them in a browser:
//! `cargo run -p sigap-server --example ui_samples -- /tmp/ui-samples.html`.

use chrono::NaiveDate;
use sigap_server::ui::{
    charts::{self, Chart, Series},
    map::{self, Measure, Palette},
};

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "ui-samples.html".to_string());
    // Made-up counts, larger in populous provinces, none in a few.
    let open: Vec<(String, u64)> = map::provinces()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let n = match p.code {
                "31" => 410,
                "32" => 1320,
                "33" => 980,
                "35" => 1105,
                "91" | "95" | "65" => 0,
                _ => (i as u64 * 37) % 160,
            };
            (p.code.to_string(), n)
        })
        .collect();
    let late: Vec<(String, u64)> = open.iter().map(|(c, n)| (c.clone(), n / 9)).collect();
    let open_measure = Measure {
        title: "Kasus terbuka per provinsi",
        unit: "kasus terbuka",
        palette: Palette::Blue,
    };
    let late_measure = Measure {
        title: "Kasus terlambat per provinsi",
        unit: "kasus terlambat",
        palette: Palette::Red,
    };
    let backlog = [
        ("Sentra Terpadu Pangudi Luhur Bekasi", 1250),
        ("Sentra Handayani Jakarta", 830),
        ("Sentra Abiseka Pekanbaru", 412),
        ("Sentra Wyata Guna Bandung", 97),
        ("Sentra Mulya Jaya Jakarta", 0),
    ];
    let channels = [
        ("Formulir web", 5120),
        ("Call center 171", 2210),
        ("WhatsApp", 3900),
        ("SMS", 120),
        ("Surel", 75),
        ("Open311", 12),
    ];
    let start = NaiveDate::from_ymd_opt(2025, 2, 10).expect("a date");
    let days: Vec<NaiveDate> = (0..30).map(|i| start + chrono::Days::new(i)).collect();
    let groups = [
        "Lansia",
        "Anak",
        "Disabilitas",
        "Korban bencana",
        "Fakir miskin",
        "Korban kekerasan",
        "Perdagangan orang",
        "Napza",
        "Gelandangan",
        "Lain-lain",
    ];
    let series: Vec<Series<&str>> = groups
        .iter()
        .enumerate()
        .map(|(g, name)| Series {
            name: *name,
            values: (0..30)
                .map(|d| ((d * 7 + g as u64 * 13) % 23) / (g as u64 / 3 + 1))
                .collect(),
        })
        .collect();
    let empty: [(&str, u64); 0] = [];
    let page = format!(
        "<!doctype html><meta charset=utf-8><style>{css}body{{max-width:none}}section{{max-width:60rem;margin:1rem}}</style>\
         <section>{m1}</section><section>{m2}</section><section style=\"max-width:30rem\">{m3}</section>\
         <section>{c1}</section><section>{c2}</section><section>{c3}</section><section>{c4}</section>",
        css = include_str!("../static/sigap.css"),
        m1 = map::indonesia(&open, &open_measure, |c| format!("/dasbor/peta/{c}")),
        m2 = map::indonesia(&late, &late_measure, |c| format!(
            "/dasbor/peta/{c}?terlambat"
        )),
        m3 = ["34", "95", "21"]
            .map(|code| map::province(code, 57, &open_measure).unwrap_or_default())
            .concat(),
        c1 = charts::bars(
            &Chart {
                title: "Tunggakan per Sentra",
                unit: "kasus"
            },
            &backlog
        ),
        c2 = charts::bars(
            &Chart {
                title: "Pengaduan per kanal",
                unit: "pengaduan"
            },
            &channels
        ),
        c3 = charts::daily(
            &Chart {
                title: "Kasus per hari menurut kelompok",
                unit: "kasus"
            },
            &days,
            &series
        ),
        c4 = charts::bars(
            &Chart {
                title: "Tunggakan per Sentra",
                unit: "kasus"
            },
            &empty
        ),
    );
    std::fs::write(&out, page)?;
    println!("wrote {out}");
    Ok(())
}
