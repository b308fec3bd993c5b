//! `sigap analyze`, `sigap train`, `sigap eval` and `sigap bench analyze`: the text analyser of
//! `sigap-text` on the command line.

use std::{
    io::{BufRead, Write},
    path::{Path, PathBuf},
    time::Instant,
};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use sigap_core::gazetteer::Gazetteer;
use sigap_text::{
    analyse::{Input, Output, analyse_batch, signatures},
    classify::{Example, Model, cross_validate, is_held_out},
    dedup::PairModel,
    evaluate::{Labels, Scores, differences, score},
};

fn load_model(path: Option<&Path>) -> Result<Model> {
    match path {
        Some(p) => {
            let json = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            Model::from_json(&json).map_err(|e| anyhow!("{}: {e}", p.display()))
        }
        None => Model::embedded()
            .cloned()
            .map_err(|e| anyhow!("the shipped model: {e}")),
    }
}

pub fn analyze(args: crate::cli::AnalyzeArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let reader: Box<dyn BufRead> = match &args.file {
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
        )),
        None => Box::new(std::io::stdin().lock()),
    };
    // The whole input is one batch: clusters are shared across it.
    let mut slots: Vec<Result<usize, Value>> = Vec::new();
    let mut inputs = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let number = n + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                slots.push(Err(
                    json!({"line": number, "error": format!("unreadable line: {e}")}),
                ));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Input>(&line) {
            Ok(input)
                if input.text.trim().is_empty()
                    && input.title.as_deref().unwrap_or("").trim().is_empty() =>
            {
                slots.push(Err(
                    json!({"line": number, "id": input.id, "error": "text is empty"}),
                ));
            }
            Ok(input) => {
                slots.push(Ok(inputs.len()));
                inputs.push(input);
            }
            Err(e) => slots.push(Err(
                json!({"line": number, "error": format!("not a valid input line: {e}")}),
            )),
        }
    }
    let outputs = analyse_batch(&model, Gazetteer::embedded(), &inputs);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for slot in slots {
        let line = match slot {
            Ok(i) => serde_json::to_string(&outputs[i])?,
            Err(e) => e.to_string(),
        };
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

/// A labelled text of the corpus: the analyser's input and its labels.
struct Labelled {
    input: Input,
    labels: Labels,
    cluster: String,
}

fn read_labelled(path: &Path) -> Result<Vec<Labelled>> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut f: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        f.sort();
        f
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: Value = serde_json::from_str(line)
                .with_context(|| format!("{} line {}: not JSON", file.display(), n + 1))?;
            let labels: Labels = serde_json::from_value(v.clone())
                .with_context(|| format!("{} line {}: labels", file.display(), n + 1))?;
            let id = v
                .get("id")
                .cloned()
                .or_else(|| v.get("url").cloned())
                .unwrap_or(json!(n + 1));
            out.push(Labelled {
                input: Input {
                    id,
                    text: v["text"].as_str().unwrap_or_default().to_owned(),
                    title: v["title"]
                        .as_str()
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned),
                    url: v["url"].as_str().map(str::to_owned),
                    published_at: v["published"]
                        .as_str()
                        .or(v["published_at"].as_str())
                        .map(str::to_owned),
                },
                // A text without a cluster label is its own incident.
                cluster: labels
                    .cluster
                    .clone()
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| format!("#{}", out.len())),
                labels,
            });
        }
    }
    Ok(out)
}

fn print_scores(s: &Scores) {
    println!("teks: {}", s.texts);
    println!(
        "actionable     precision {:.3}  recall {:.3}  F1 {:.3}",
        s.actionable.precision, s.actionable.recall, s.actionable.f1
    );
    println!(
        "kategori       micro-F1 {:.3}  macro-F1 {:.3}",
        s.categories_micro_f1, s.categories_macro_f1
    );
    for (c, p) in &s.per_category {
        println!(
            "  {:<18} P {:.3}  R {:.3}  F1 {:.3}",
            c.as_str(),
            p.precision,
            p.recall,
            p.f1
        );
    }
    println!(
        "urgensi        akurasi {:.3} ({} teks)",
        s.urgency_accuracy, s.urgency_texts
    );
    println!(
        "kab/kota       akurasi {:.3} ({} teks)",
        s.regency_accuracy, s.regency_texts
    );
    println!(
        "provinsi       akurasi {:.3} ({} teks)",
        s.province_accuracy, s.province_texts
    );
    println!(
        "duplikat       pasangan: precision {:.3}  recall {:.3}  F1 {:.3}",
        s.duplicates.precision, s.duplicates.recall, s.duplicates.f1
    );
}

fn example(l: &Labelled) -> Example {
    Example {
        text: match &l.input.title {
            Some(t) => format!("{t}. {}", l.input.text),
            None => l.input.text.clone(),
        },
        actionable: l.labels.actionable,
        categories: l.labels.categories.clone(),
        urgent: l.labels.urgency.as_deref().map(|u| u == "high"),
        cluster: l.cluster.clone(),
    }
}

pub fn train(args: crate::cli::TrainArgs) -> Result<()> {
    let all = read_labelled(&args.corpus)?;
    let mut extra = Vec::new();
    for file in &args.feedback {
        extra.extend(read_labelled(file)?);
    }
    let (test, mut train): (Vec<&Labelled>, Vec<&Labelled>) =
        all.iter().partition(|l| is_held_out(&l.cluster));
    if !extra.is_empty() {
        println!(
            "Umpan balik pemilahan: {} teks tambahan untuk pelatihan (tidak pernah masuk data uji).",
            extra.len()
        );
        train.extend(extra.iter());
    }
    if train.is_empty() {
        bail!("no training texts in {}", args.corpus.display());
    }
    let examples: Vec<Example> = train.iter().map(|l| example(l)).collect();
    let started = Instant::now();
    let mut model = Model::train(&examples);
    let inputs: Vec<Input> = train.iter().map(|l| l.input.clone()).collect();
    let clusters: Vec<&str> = train.iter().map(|l| l.cluster.as_str()).collect();
    let pairs = PairModel::train(&signatures(Gazetteer::embedded(), &inputs), &clusters);
    println!(
        "Duplikat: {} pasangan kandidat; ambang {:.2}; F1 pasangan validasi silang (4 lipatan) {:.3}.",
        pairs.pairs, pairs.model.threshold, pairs.cross_validated_f1
    );
    model.duplicate = Some(pairs.model);
    println!(
        "Model dilatih dari {} teks ({} teks disisihkan untuk uji) dalam {} ms; kosakata {} fitur.",
        train.len(),
        test.len(),
        started.elapsed().as_millis(),
        model.vocabulary.len()
    );
    // Variants of the model are compared on these figures, never on the held-out ones.
    if args.cross_validate {
        let cv = cross_validate(&examples);
        println!(
            "Validasi silang (4 lipatan, insiden data latih): actionable F1 {:.3}; kategori micro-F1 {:.3}  macro-F1 {:.3}; urgensi akurasi {:.3} ({} teks).",
            cv.actionable_f1,
            cv.categories_micro_f1,
            cv.categories_macro_f1,
            cv.urgency_accuracy,
            cv.urgency_texts
        );
        println!(
            "  per kategori: {}",
            cv.per_category
                .iter()
                .map(|(c, f)| format!("{} {f:.3}", c.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, serde_json::to_string(&model)?)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "Model ditulis ke {} (versi format {}).",
        args.out.display(),
        model.version
    );
    let inputs: Vec<Input> = test.iter().map(|l| l.input.clone()).collect();
    let labels: Vec<Labels> = test.iter().map(|l| l.labels.clone()).collect();
    let outputs = analyse_batch(&model, Gazetteer::embedded(), &inputs);
    println!("\nNilai pada data uji (held-out, tidak pernah dilihat saat pelatihan):");
    print_scores(&score(&labels, &outputs));
    Ok(())
}

pub fn eval(args: crate::cli::EvalArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let all = read_labelled(&args.data)?;
    let chosen: Vec<&Labelled> = match args.split.as_str() {
        "all" => all.iter().collect(),
        "test" => all.iter().filter(|l| is_held_out(&l.cluster)).collect(),
        "train" => all.iter().filter(|l| !is_held_out(&l.cluster)).collect(),
        other => bail!("unknown split {other:?}: use all, test or train"),
    };
    let inputs: Vec<Input> = chosen.iter().map(|l| l.input.clone()).collect();
    let labels: Vec<Labels> = chosen.iter().map(|l| l.labels.clone()).collect();
    let outputs: Vec<Output> = analyse_batch(&model, Gazetteer::embedded(), &inputs);
    let scores = score(&labels, &outputs);
    if let Some(path) = &args.misses {
        let misses = write_misses(path, &chosen, &outputs)?;
        eprintln!(
            "{misses} dari {} teks berbeda dari labelnya; ditulis ke {}.",
            chosen.len(),
            path.display()
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
    } else {
        print_scores(&scores);
    }
    Ok(())
}

/// Writes one JSON line for each text whose decision differs from its labels (the fields of
/// [`differences`]); returns how many.
fn write_misses(path: &Path, chosen: &[&Labelled], outputs: &[Output]) -> Result<usize> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    );
    let mut misses = 0;
    for (l, o) in chosen.iter().zip(outputs) {
        let label = &l.labels;
        let fields = differences(label, o);
        if fields.is_empty() {
            continue;
        }
        let mut gold = label.categories.clone();
        let mut said = o.categories.clone();
        gold.sort_unstable_by_key(|c| c.as_str());
        said.sort_unstable_by_key(|c| c.as_str());
        misses += 1;
        let line = json!({
            "id": l.input.id,
            "url": l.input.url,
            "title": l.input.title,
            "text": l.input.text,
            "fields": fields,
            "label": {
                "actionable": label.actionable,
                "categories": gold,
                "urgency": label.urgency,
                "regency": label.location.as_ref().and_then(|p| p.regency.as_deref()),
            },
            "predicted": {
                "actionable": o.actionable,
                // As `sigap analyze` prints it (three decimals), not the f32's f64 expansion.
                "actionable_score": (f64::from(o.actionable_score) * 1000.0).round() / 1000.0,
                "categories": said,
                "urgency": o.urgency,
                "regency": o.location.as_ref().and_then(|p| p.regency.as_deref()),
            },
            "explain": o.explain,
        });
        writeln!(out, "{line}")?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(misses)
}

pub fn bench(args: crate::cli::BenchAnalyzeArgs) -> Result<()> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: this is a debug build; run `cargo run --release -- bench analyze` for real figures"
        );
    }
    let model = load_model(None)?;
    let g = Gazetteer::embedded();
    let corpus = read_labelled(&args.corpus)?;
    if corpus.is_empty() {
        bail!("no texts in {}", args.corpus.display());
    }
    // Texts of about 2,000 characters: corpus leads strung together, each starting elsewhere.
    let texts: Vec<Input> = (0..args.texts)
        .map(|i| {
            let mut text = String::new();
            let mut k = i;
            while text.chars().count() < 2000 {
                text.push_str(&corpus[k % corpus.len()].input.text);
                text.push(' ');
                k += 7;
            }
            Input {
                id: json!(i),
                text,
                title: None,
                url: None,
                published_at: Some("2026-11-23".into()),
            }
        })
        .collect();
    let chars: usize = texts.iter().map(|t| t.text.chars().count()).sum::<usize>() / texts.len();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let before = rss_kib();
    // Batches of 500 (as a scan would hand them over), spread over all cores.
    let started = Instant::now();
    let chunk = texts.len().div_ceil(threads);
    let analysed: usize = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .chunks(chunk.max(1))
            .map(|part| {
                s.spawn(|| {
                    part.chunks(500)
                        .map(|b| analyse_batch(&model, g, b).len())
                        .sum::<usize>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    });
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} texts of ~{chars} characters in {secs:.2} s on {threads} threads: {:.0} texts/s",
        analysed,
        analysed as f64 / secs
    );
    if let (Some(b), Some(a)) = (before, rss_kib()) {
        println!(
            "resident memory: {:.1} MiB (texts included; {:.1} MiB before the analysis)",
            a as f64 / 1024.0,
            b as f64 / 1024.0
        );
    }
    Ok(())
}

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
