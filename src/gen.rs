//! Deterministic broken dumps for benchmarks and scaling tests: about `bytes` bytes of
//! Chinese or English text broken the way extractors break it — wrapped lines,
//! end-of-line hyphens (English), page numbers and running headers between pages
//! (form feeds), blank lines inside sentences, headings and list items. The same
//! arguments always give the same text. Used by `make bench` (through the `gen_dump`
//! example) and the benchmarks.

use std::fmt::Write;

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const EN_WORDS: &[&str] = &[
    "the",
    "survey",
    "team",
    "records",
    "every",
    "reading",
    "with",
    "weather",
    "and",
    "hour",
    "observer",
    "information",
    "instrument",
    "notebook",
    "matters",
    "more",
    "than",
    "because",
    "corrections",
    "are",
    "made",
    "by",
    "drawing",
    "single",
    "line",
    "through",
    "mistakes",
    "sketches",
    "show",
    "distances",
    "paced",
    "out",
    "north",
    "marked",
    "features",
    "labelled",
    "documentation",
    "is",
    "not",
    "bureaucracy",
    "it",
    "difference",
    "between",
    "measurement",
    "guess",
    "forest",
    "trees",
    "planted",
    "spring",
    "river",
    "valley",
    "station",
    "samples",
    "of",
    "in",
    "a",
    "to",
    "for",
    "was",
    "which",
    "their",
    "results",
    "careful",
    "independent",
];
const ZH: &str = "高新区坚持以改革创新为动力推动经济社会高质量发展围绕企业需求优化营商环境深化放管服改革实现互联网加政务服务让数据多跑路群众少跑腿绝大多数事项网上可办掌上可办就近可办加强统筹协调完善工作机制培育壮大新兴产业推进重点项目建设提升服务水平";

fn sentence(rng: &mut Rng, zh: bool) -> String {
    if zh {
        let chars: Vec<char> = ZH.chars().collect();
        let n = 12 + rng.below(30);
        let mut s = String::new();
        for i in 0..n {
            s.push(chars[rng.below(chars.len())]);
            if i > 4 && i + 3 < n && rng.below(9) == 0 {
                s.push('，');
            }
        }
        s.push('。');
        s
    } else {
        let n = 8 + rng.below(14);
        let mut words: Vec<String> = (0..n)
            .map(|_| EN_WORDS[rng.below(EN_WORDS.len())].to_string())
            .collect();
        let mut first = words[0].chars();
        let cap: String = first
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default();
        words[0] = cap + first.as_str();
        words.join(" ") + "."
    }
}

/// About `bytes` bytes of broken dump, Chinese (`zh`) or English.
pub fn broken_dump(zh: bool, bytes: usize) -> String {
    let target = bytes;
    let mb = bytes / 1_000_000;
    let width = if zh { 36 } else { 72 };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ mb as u64 ^ if zh { 1 } else { 2 });
    let mut out = String::with_capacity(bytes + 4096);
    let (mut written, mut page, mut lines_on_page, mut paragraph) =
        (0usize, 1usize, 0usize, 0usize);
    let header = if zh {
        "高新区发展报告"
    } else {
        "Field Survey Handbook"
    };
    let emit =
        |line: &str, out: &mut String, written: &mut usize, lines: &mut usize, page: &mut usize| {
            let _ = writeln!(out, "{line}");
            *written += line.len() + 1;
            *lines += 1;
            if *lines >= 50 {
                let num = if zh {
                    format!("- {} -", *page)
                } else {
                    format!("Page {}", *page)
                };
                let _ = write!(out, "\n{num}\n\u{c}{header}\n\n");
                *written += num.len() + header.len() + 6;
                *page += 1;
                *lines = 0;
            }
        };
    while written < target {
        paragraph += 1;
        if paragraph % 20 == 1 {
            let h = if zh {
                format!("第{}节 工作进展", paragraph / 20 + 1)
            } else {
                format!("Section {} Results", paragraph / 20 + 1)
            };
            emit(&h, &mut out, &mut written, &mut lines_on_page, &mut page);
            emit("", &mut out, &mut written, &mut lines_on_page, &mut page);
        }
        let list = paragraph % 7 == 0;
        let sentences = if list { 1 } else { 2 + rng.below(5) };
        let items = if list { 3 } else { 1 };
        for item in 0..items {
            let mut text = String::new();
            if list {
                text.push_str(&if zh {
                    format!("{}、", item + 1)
                } else {
                    format!("{}. ", item + 1)
                });
            } else if zh {
                text.push_str("　　");
            }
            for _ in 0..sentences {
                text.push_str(&sentence(&mut rng, zh));
                if !zh {
                    text.push(' ');
                }
            }
            // Wrap, hyphenating English words that straddle the width now and then.
            let mut line = String::new();
            let mut cells = 0;
            for c in text.trim_end().chars() {
                let w = if c.is_ascii() { 1 } else { 2 };
                if cells + w > width {
                    let in_word = line.ends_with(|p: char| p.is_ascii_alphabetic())
                        && c.is_ascii_alphabetic();
                    if !zh && in_word && rng.below(4) == 0 {
                        line.push('-');
                    } else if !zh {
                        if let Some(sp) = line.rfind(' ') {
                            let rest = line.split_off(sp + 1);
                            emit(
                                line.trim_end(),
                                &mut out,
                                &mut written,
                                &mut lines_on_page,
                                &mut page,
                            );
                            line = rest;
                            cells = line.len();
                            line.push(c);
                            cells += w;
                            continue;
                        }
                    }
                    emit(&line, &mut out, &mut written, &mut lines_on_page, &mut page);
                    // A blank line inside a sentence, as page and column cuts leave.
                    if rng.below(25) == 0 {
                        emit("", &mut out, &mut written, &mut lines_on_page, &mut page);
                    }
                    line.clear();
                    cells = 0;
                }
                line.push(c);
                cells += w;
            }
            if !line.is_empty() {
                emit(
                    line.trim_end(),
                    &mut out,
                    &mut written,
                    &mut lines_on_page,
                    &mut page,
                );
            }
        }
        emit("", &mut out, &mut written, &mut lines_on_page, &mut page);
    }
    out
}
