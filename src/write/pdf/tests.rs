//! End-to-end tests of the PDF writer; the poppler tools check the real output where
//! they are installed.

use std::path::PathBuf;
use std::process::Command;

use super::*;
use crate::doc::{Block, Lang, List, ListItem, ListKind, Meta};

fn sample() -> Document {
    Document {
        meta: Meta {
            title: Some("济宁高新区推进“放管服”改革".to_string()),
            authors: vec!["李越峰".to_string(), "Jane Doe".to_string()],
            language: Lang::Zh,
        },
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "济宁高新区推进“放管服”改革".to_string(),
            },
            Block::Byline {
                text: "济宁高新区党工委宣传部部长 李越峰".to_string(),
                name: Some("李越峰".to_string()),
            },
            Block::Paragraph {
                text: "今年以来，高新区坚持以人民为中心的发展思想，深入推进“放管服”改革，\
                       持续优化营商环境。言必信，行必果：全区共办理各类审批事项12万余件，\
                       群众满意率达到99.6%。（数据来源：区政务服务中心）"
                    .to_string(),
            },
            Block::Heading {
                level: 2,
                text: "一、主要做法".to_string(),
            },
            Block::List(List {
                kind: ListKind::ChineseCounting,
                start: 1,
                items: vec![
                    ListItem {
                        marker: "1、".to_string(),
                        text: "简化审批流程，实行“一窗受理、集成服务”。".to_string(),
                        ..ListItem::default()
                    },
                    ListItem {
                        marker: "2、".to_string(),
                        text: "推行“互联网+政务服务”，让数据多跑路、群众少跑腿，\
                               绝大多数事项实现网上可办、掌上可办、就近可办。"
                            .to_string(),
                        ..ListItem::default()
                    },
                ],
            }),
            Block::Paragraph {
                text: "The reform also covers English-language services for foreign \
                       investors: a one-stop window, bilingual guides and online \
                       appointments at https://example.com/zwfw/very/long/path/segment."
                    .to_string(),
            },
            Block::Heading {
                level: 3,
                text: "二、下一步工作".to_string(),
            },
            Block::Paragraph {
                text: "下一步，高新区将继续深化改革，努力打造审批事项最少、办事效率最高、\
                       服务质量最优的营商环境。"
                    .to_string(),
            },
        ],
    }
}

fn tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A PDF text string (UTF-16BE with its byte-order mark) from a dictionary.
fn text_string(d: &lopdf::Dictionary, key: &[u8]) -> String {
    let bytes = d.get(key).unwrap().as_str().unwrap();
    assert_eq!(&bytes[..2], &[0xFE, 0xFF]);
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).unwrap()
}

fn write_tmp(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::io::Write::write_all(&mut f, bytes).unwrap();
    f
}

#[test]
fn renders_a_small_document() {
    let doc = sample();
    let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
    assert!(out.bytes.starts_with(b"%PDF"));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert!(out.bytes.len() < 200_000, "{} bytes", out.bytes.len());
    // Deterministic: same input, same bytes (also across threads).
    let again = std::thread::spawn(move || write_pdf(&doc, &PdfOptions::default()).unwrap())
        .join()
        .unwrap();
    assert_eq!(out.bytes, again.bytes);
}

#[test]
fn text_extracts_exactly() {
    let Some(pdftotext) = tool("pdftotext") else {
        println!("skipped: pdftotext not installed");
        return;
    };
    let doc = sample();
    let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
    let f = write_tmp(&out.bytes);
    let res = Command::new(pdftotext)
        .arg("-enc")
        .arg("UTF-8")
        .arg(f.path())
        .arg("-")
        .output()
        .unwrap();
    assert!(res.status.success());
    let text = String::from_utf8(res.stdout).unwrap();
    // Page numbers are not part of the text.
    let body: String = text
        .lines()
        .filter(|l| {
            !l.trim()
                .trim_matches('-')
                .trim()
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .collect();
    let body = squash(&body);
    let mut pos = 0;
    for block in &doc.blocks {
        let want = squash(&block.plain_text());
        for part in want.split('\n') {
            let found = body[pos..]
                .find(part)
                .unwrap_or_else(|| panic!("{part:?} not found in order in\n{text}"));
            pos += found + part.len();
        }
    }
    assert!(text.contains('言'), "言 did not round-trip");
    assert!(
        !text.contains('\u{2F94}'),
        "言 came out as the Kangxi radical"
    );
    assert!(
        text.contains("高新区坚持"),
        "spaces between Han characters:\n{text}"
    );
}

#[test]
fn fonts_are_embedded_subsets() {
    let Some(pdffonts) = tool("pdffonts") else {
        println!("skipped: pdffonts not installed");
        return;
    };
    let out = write_pdf(&sample(), &PdfOptions::default()).unwrap();
    let f = write_tmp(&out.bytes);
    let res = Command::new(pdffonts).arg(f.path()).output().unwrap();
    assert!(res.status.success());
    let listing = String::from_utf8_lossy(&res.stdout).to_string();
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(fonts.len(), 2, "{listing}");
    for line in fonts {
        // name type encoding emb sub uni object ID
        let cols: Vec<&str> = line.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "{line}");
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{line}");
        assert!(cols[0].chars().nth(6) == Some('+'), "{line}");
    }
}

/// Content streams use the subset's glyph ids as codes, written before the subset
/// exists. That holds for CID-keyed CFF faces (the shipped Noto CJK) only because the
/// subset's charset maps every CID to the glyph of the same number: check it.
#[test]
fn subset_charsets_map_each_code_to_its_own_glyph() {
    let mut cid_keyed = 0;
    for face in super::fonts::shipped().unwrap() {
        let n = ttf_parser::Face::parse(face.data, face.index)
            .unwrap()
            .number_of_glyphs();
        let mut remap = subsetter::GlyphRemapper::new();
        // Out of order, as a document meets them.
        for gid in [n / 2, 3, n / 5, 77, n - 1, n / 5 + 1] {
            remap.remap(gid);
        }
        let bytes = subsetter::subset(face.data, face.index, &remap).unwrap();
        let sub = ttf_parser::Face::parse(&bytes, 0).expect("the subset parses");
        assert_eq!(sub.number_of_glyphs(), remap.num_gids());
        if let Some(cff) = sub.tables().cff {
            for g in 0..remap.num_gids() {
                if let Some(cid) = cff.glyph_cid(ttf_parser::GlyphId(g)) {
                    assert_eq!(cid, g, "{}: glyph {g} is CID {cid}", face.ps_name);
                    cid_keyed += 1;
                }
            }
        }
    }
    // The shipped faces are CID-keyed: the check above ran.
    assert!(cid_keyed > 0);
}

#[test]
fn metadata_is_utf16_and_deterministic() {
    let doc = sample();
    let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| pdf.get_dictionary(r))
        .unwrap();
    let utf16 = |key: &[u8]| text_string(info, key);
    assert_eq!(utf16(b"Title"), "济宁高新区推进“放管服”改革");
    assert_eq!(utf16(b"Author"), "李越峰; Jane Doe");
    assert_eq!(utf16(b"Creator"), "docmend");
    assert!(info.get(b"CreationDate").is_err(), "no wall-clock dates");
    let text = String::from_utf8_lossy(&out.bytes);
    assert!(!text.contains("/ModDate"));
}

#[test]
fn articles_give_subject_running_heads_and_page_labels() {
    let article = |title: &str, name: &str| {
        let mut blocks = vec![
            Block::Heading {
                level: 2,
                text: title.into(),
            },
            Block::Byline {
                text: format!("宣传部部长 {name}"),
                name: Some(name.into()),
            },
        ];
        for _ in 0..12 {
            blocks.push(Block::Paragraph {
                text: "长段落用于测试分页和页眉。".repeat(25),
            });
        }
        Block::Article(crate::doc::Article {
            authors: vec![name.into()],
            blocks,
        })
    };
    let doc = Document {
        meta: Meta {
            title: Some("文集".into()),
            authors: vec![],
            language: Lang::Zh,
        },
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "文集".into(),
            },
            article("第一篇文章", "张三"),
            article("第二篇文章", "李四"),
        ],
    };
    let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|r| pdf.get_dictionary(r))
        .unwrap();
    assert_eq!(text_string(info, b"Subject"), "第一篇文章; 第二篇文章");
    let catalog = pdf.catalog().unwrap();
    assert!(catalog.get(b"PageLabels").is_ok());
    let Some(pdftotext) = tool("pdftotext") else {
        println!("skipped: pdftotext not installed");
        return;
    };
    let f = write_tmp(&out.bytes);
    let res = Command::new(pdftotext)
        .arg(f.path())
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(res.stdout).unwrap();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 4, "{}", pages.len());
    let first_line = |p: &str| {
        p.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    // No header on the first page; later pages carry the article they are in.
    assert_eq!(first_line(pages[0]), "文集");
    assert_eq!(first_line(pages[1]), "第一篇文章");
    let last = pages.last().unwrap();
    assert_eq!(first_line(last), "第二篇文章");
}

#[test]
fn empty_document_is_one_valid_page() {
    let out = write_pdf(&Document::default(), &PdfOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    assert_eq!(pdf.get_pages().len(), 1);
    let opts = PdfOptions {
        page_numbers: false,
        ..Default::default()
    };
    let out = write_pdf(&Document::default(), &opts).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    assert_eq!(pdf.get_pages().len(), 1);
}

/// Every font a page's content names is in its resources, also when the only glyph a
/// face draws is `.notdef` (characters no font has, and no page number).
#[test]
fn fonts_the_content_names_exist() {
    let opts = PdfOptions {
        page_numbers: false,
        ..Default::default()
    };
    for text in ["😀😁", "正文 text 😀"] {
        let doc = Document {
            blocks: vec![Block::Paragraph { text: text.into() }],
            ..Document::default()
        };
        let out = write_pdf(&doc, &opts).unwrap();
        let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
        for (_, page) in pdf.get_pages() {
            let fonts = pdf.get_page_fonts(page).unwrap();
            let content = pdf.get_and_decode_page_content(page).unwrap();
            for op in content.operations.iter().filter(|op| op.operator == "Tf") {
                let name = op.operands[0].as_name().unwrap();
                assert!(
                    fonts.contains_key(name),
                    "{text}: /{} missing",
                    String::from_utf8_lossy(name)
                );
            }
        }
    }
}

#[test]
fn long_documents_paginate_and_missing_glyphs_warn() {
    let mut doc = sample();
    for i in 0..40 {
        doc.blocks.push(Block::Heading {
            level: 2,
            text: format!("第{i}节"),
        });
        doc.blocks.push(Block::Paragraph {
            text: "长段落用于测试分页。".repeat(30),
        });
    }
    doc.blocks.push(Block::Paragraph {
        text: "罕见字\u{4DB6}和表情😀。".to_string(),
    });
    let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    assert!(pdf.get_pages().len() > 5);
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    let w = &out.warnings[0];
    assert_eq!(w.code, "W101");
    assert!(
        w.message.contains("U+4DB6") && w.message.contains("U+1F600"),
        "{}",
        w.message
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    let weird = [
        String::new(),
        " ".repeat(500),
        "\n\n\n\t\t\r\u{0}\u{7}".to_string(),
        "x".repeat(5000),
        "、".repeat(300),
        "（".repeat(300),
        "\u{200B}\u{FEFF}\u{0301}\u{FE0F}a\u{0301}".to_string(),
        "😀".repeat(50),
    ];
    for text in &weird {
        let doc = Document {
            meta: Meta {
                title: Some(text.clone()),
                authors: vec![text.clone()],
                language: Lang::En,
            },
            blocks: vec![
                Block::Heading {
                    level: 0,
                    text: text.clone(),
                },
                Block::Heading {
                    level: 200,
                    text: text.clone(),
                },
                Block::Paragraph { text: text.clone() },
                Block::Byline {
                    text: text.clone(),
                    name: None,
                },
                Block::List(List {
                    kind: ListKind::Bullet,
                    start: 1,
                    items: vec![
                        ListItem {
                            marker: text.clone(),
                            text: text.clone(),
                            ..ListItem::default()
                        },
                        ListItem {
                            marker: "•".to_string(),
                            text: String::new(),
                            ..ListItem::default()
                        },
                    ],
                }),
            ],
        };
        let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
        assert!(out.bytes.starts_with(b"%PDF"));
    }
    let page = |f: fn(&mut PageSetup)| {
        let mut page = PageSetup::default();
        f(&mut page);
        PdfOptions {
            page,
            ..Default::default()
        }
    };
    assert!(write_pdf(&sample(), &page(|p| p.width_mm = f32::NAN)).is_err());
    let tiny = page(|p| {
        p.margin_left_mm = 100.0;
        p.margin_right_mm = 100.0;
    });
    assert!(write_pdf(&sample(), &tiny).is_err());
    let bad_size = PdfOptions {
        body_size_pt: 0.0,
        ..Default::default()
    };
    assert!(write_pdf(&sample(), &bad_size).is_err());
}

/// `DOCMEND_PDF_SAMPLE=/tmp/sample.pdf cargo test --lib write::pdf::tests::sample_file`
/// writes the sample document (with a few pages of body text) for a look.
#[test]
fn sample_file() {
    let Some(path) = std::env::var_os("DOCMEND_PDF_SAMPLE") else {
        return;
    };
    let mut doc = sample();
    for i in 1..=12 {
        doc.blocks.push(Block::Heading {
            level: 2,
            text: format!(
                "{}、第{i}部分",
                [
                    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"
                ][i - 1]
            ),
        });
        doc.blocks.push(Block::Paragraph {
            text: "数据显示，今年前三季度全区实现地区生产总值（GDP）同比增长6.5%，\
                   高于全市平均水平1.2个百分点；规模以上工业增加值增长8.1%，\
                   “十四五”规划确定的主要目标任务进展顺利。The quick brown fox jumps \
                   over the lazy dog, said the report’s English summary——然后继续……"
                .repeat(2),
        });
    }
    let out = write_pdf(&doc, &PdfOptions::default()).unwrap();
    std::fs::write(&path, &out.bytes).unwrap();

    let para = "“Mending,” she said, “is what we do when the extraction isn’t clean.” \
                OCR engines and PDF extractors break lines mid-sentence, hyphenate words \
                across lines, and scatter page numbers through the running text; \
                docmend joins what belongs together and reports every change it made. ";
    let en = Document {
        meta: Meta {
            title: Some("Mending Extracted Text".to_string()),
            authors: vec!["Jane Doe".to_string()],
            language: Lang::En,
        },
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "Mending Extracted Text".to_string(),
            },
            Block::Byline {
                text: "By Jane Doe".to_string(),
                name: Some("Jane Doe".to_string()),
            },
            Block::Heading {
                level: 2,
                text: "1. Introduction".to_string(),
            },
            Block::Paragraph {
                text: para.repeat(3),
            },
            Block::List(List {
                kind: ListKind::Bullet,
                start: 1,
                items: vec![
                    ListItem {
                        marker: "•".to_string(),
                        text: "join broken lines;".to_string(),
                        ..ListItem::default()
                    },
                    ListItem {
                        marker: "•".to_string(),
                        text: para.to_string(),
                        ..ListItem::default()
                    },
                ],
            }),
            Block::Heading {
                level: 3,
                text: "1.1 Supercalifragilisticexpialidocious".to_string(),
            },
            Block::Paragraph {
                text: "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3),
            },
        ],
    };
    let out = write_pdf(&en, &PdfOptions::default()).unwrap();
    std::fs::write(
        std::path::Path::new(&path).with_extension("en.pdf"),
        &out.bytes,
    )
    .unwrap();
}

#[test]
fn outline_nests_headings_by_level() {
    let out = write_pdf(&sample(), &PdfOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    let dict = |id| pdf.get_dictionary(id).unwrap();
    let reference = |d: &lopdf::Dictionary, key: &[u8]| d.get(key).unwrap().as_reference().unwrap();
    let title = |d: &lopdf::Dictionary| text_string(d, b"Title");
    let catalog = pdf.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"zh-CN");
    let root = dict(reference(catalog, b"Outlines"));
    let h1 = dict(reference(root, b"First"));
    assert_eq!(title(h1), "济宁高新区推进“放管服”改革");
    assert!(h1.get(b"Next").is_err(), "one top-level entry");
    let h2 = dict(reference(h1, b"First"));
    assert_eq!(title(h2), "一、主要做法");
    let h3 = dict(reference(h2, b"First"));
    assert_eq!(title(h3), "二、下一步工作");
}
