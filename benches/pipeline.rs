//! Per-step benchmarks (divan) on 1 MB generated dumps, Chinese and English: reading,
//! each mending stage, structure, and each writer. `cargo bench` runs them;
//! `make bench` adds the whole-process table.

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::Bencher;
use docmend::doc::Document;
use docmend::read::read_text;
use docmend::source::Source;
use docmend::stages::{StageCx, STAGES};

fn main() {
    divan::main();
}

const LANGS: [&str; 2] = ["zh", "en"];
const SIZE: usize = 1_000_000;

struct Case {
    text: String,
    /// The source before each stage (index k: after stages 0..k).
    before: Vec<Source>,
    doc: Document,
}

fn case(lang: &str) -> &'static Case {
    static CASES: LazyLock<Vec<Case>> = LazyLock::new(|| {
        LANGS
            .iter()
            .map(|l| {
                let text = docmend::gen::broken_dump(*l == "zh", SIZE);
                let mut src = read_text(&text);
                let mut before = Vec::new();
                for stage in STAGES {
                    before.push(src.clone());
                    src = stage.run(src, &mut StageCx::default()).expect("stage");
                }
                let doc = docmend::structure::build(&src);
                before.push(src);
                Case { text, before, doc }
            })
            .collect()
    });
    &CASES[LANGS.iter().position(|l| *l == lang).unwrap_or(0)]
}

#[divan::bench(args = LANGS)]
fn read(bencher: Bencher, lang: &str) {
    let c = case(lang);
    bencher
        .counter(BytesCount::new(c.text.len()))
        .bench(|| read_text(&c.text));
}

/// One bench per stage, each on the source as the stages before it left it.
#[divan::bench(args = ["columns", "normalize", "page-artifacts", "interleaved-columns", "verbatim", "join-broken-lines", "reading-order"], consts = [0, 1])]
fn stage<const LANG: usize>(bencher: Bencher, id: &str) {
    let c = case(LANGS[LANG]);
    let k = STAGES.iter().position(|s| s.id() == id).expect("stage id");
    let stage = STAGES[k];
    bencher
        .counter(BytesCount::new(c.text.len()))
        .with_inputs(|| c.before[k].clone())
        .bench_local_values(|src| stage.run(src, &mut StageCx::default()));
}

#[divan::bench(args = LANGS)]
fn structure(bencher: Bencher, lang: &str) {
    let c = case(lang);
    let src = c.before.last().expect("mended");
    bencher
        .counter(BytesCount::new(c.text.len()))
        .bench(|| docmend::structure::build(src));
}

#[divan::bench(args = LANGS)]
fn write_markdown(bencher: Bencher, lang: &str) {
    let c = case(lang);
    let opts = docmend::write::markdown::MarkdownOptions::default();
    bencher
        .counter(BytesCount::new(c.text.len()))
        .bench(|| docmend::write::markdown::write_markdown(&c.doc, &opts));
}

#[divan::bench(args = LANGS)]
fn write_docx(bencher: Bencher, lang: &str) {
    let c = case(lang);
    let opts = docmend::write::docx::DocxOptions::default();
    bencher
        .counter(BytesCount::new(c.text.len()))
        .bench(|| docmend::write::docx::write_docx(&c.doc, &opts));
}

#[divan::bench(args = LANGS, sample_count = 10)]
fn write_pdf(bencher: Bencher, lang: &str) {
    let c = case(lang);
    let opts = docmend::write::pdf::PdfOptions::default();
    bencher
        .counter(BytesCount::new(c.text.len()))
        .bench(|| docmend::write::pdf::write_pdf(&c.doc, &opts));
}
