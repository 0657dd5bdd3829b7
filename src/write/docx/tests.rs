use std::io::{Cursor, Read, Write};
use std::process::Command;

use super::numbering::level_text;
use super::*;
use crate::doc::{Lang, ListItem, ListKind, Meta};

fn item(marker: &str, text: &str) -> ListItem {
    ListItem {
        marker: marker.into(),
        text: text.into(),
        ..ListItem::default()
    }
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.into(),
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph { text: text.into() }
}

/// A small Chinese document with every kind of block.
fn sample() -> Document {
    Document {
        meta: Meta {
            title: Some("关于推进高新区数字经济发展的调研报告".into()),
            authors: vec!["李越峰".into()],
            language: Lang::Zh,
        },
        blocks: vec![
            heading(1, "关于推进高新区数字经济发展的调研报告"),
            Block::Byline {
                text: "济宁高新区党工委宣传部部长 李越峰".into(),
                name: Some("李越峰".into()),
            },
            para("近年来，高新区坚持把数字经济作为转型发展的主引擎，持续推进产业数字化和数字产业化。"),
            heading(2, "一、基本情况"),
            para("全区现有数字经济核心企业120余家，2023年实现营业收入85亿元，同比增长18%。"),
            Block::List(List {
                kind: ListKind::Decimal,
                start: 1,
                items: vec![
                    item("1、", "产业基础不断夯实。"),
                    item("2、", "创新能力持续增强。"),
                    item("3、", "应用场景日益丰富。"),
                ],
            }),
            heading(3, "（一）存在的问题"),
            Block::List(List {
                kind: ListKind::ChineseCounting,
                start: 1,
                items: vec![
                    item("一、", "龙头企业数量偏少。"),
                    item("二、", "高端人才供给不足。"),
                ],
            }),
            Block::List(List {
                kind: ListKind::Bullet,
                start: 1,
                items: vec![item("•", "加强统筹协调；"), item("•", "强化要素保障。")],
            }),
            Block::List(List {
                kind: ListKind::Decimal,
                start: 4,
                items: vec![item("(4)", "Fourth item"), item("(5)", "Fifth item")],
            }),
            para("The digital economy is the main engine of growth in the zone."),
        ],
    }
}

/// The named part of a DOCX as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("zip opens");
    let mut file = zip.by_name(name).expect("part exists");
    let mut s = String::new();
    file.read_to_string(&mut s).expect("part is UTF-8");
    s
}

/// Parses the whole text with quick-xml, panicking on malformed XML.
fn assert_well_formed(name: &str, xml: &str) {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    assert!(
        !xml.chars().any(bad),
        "{name} holds a character XML forbids"
    );
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed: {e}"),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}

#[test]
fn parts_are_well_formed_and_structured() {
    let out = write_docx(&sample(), &DocxOptions::default()).expect("writes");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let names: Vec<String> = zip::ZipArchive::new(Cursor::new(&out.bytes))
        .expect("zip opens")
        .file_names()
        .map(str::to_owned)
        .collect();
    for name in &names {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(name, &part(&out.bytes, name));
        }
    }

    let styles = part(&out.bytes, "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="Heading1""#));
    assert!(styles.contains(r#"<w:name w:val="heading 1" />"#));
    assert!(styles.contains(r#"<w:outlineLvl w:val="0" />"#));
    assert!(styles.contains(r#"<w:outlineLvl w:val="5" />"#));
    assert!(styles.contains(r#"w:eastAsia="SimSun""#));
    assert!(styles.contains(r#"w:eastAsia="SimHei""#));
    assert!(styles.contains(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" />"#));
    assert!(styles.contains(r#"w:firstLineChars="200""#));
    assert!(styles.contains(r#"w:styleId="Normal" w:default="1""#));
    // The byline keeps with the paragraph after it, as headings do.
    let byline = &styles[styles.find(r#"w:styleId="Byline""#).expect("byline style")..];
    let byline = &byline[..byline.find("</w:style>").expect("end of style")];
    assert!(byline.contains("<w:keepNext"), "{byline}");

    let numbering = part(&out.bytes, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:numFmt w:val="chineseCounting" />"#));
    assert!(numbering.contains(r#"<w:lvlText w:val="%1、" />"#));
    assert!(numbering.contains(r#"<w:lvlText w:val="(%1)" />"#));
    assert!(numbering.contains(r#"<w:numFmt w:val="bullet" />"#));
    assert!(numbering.contains(r#"<w:startOverride w:val="4" />"#));
    assert!(numbering.contains(r#"<w:num w:numId="5">"#));

    let document = part(&out.bytes, "word/document.xml");
    assert!(document.contains(r#"<w:pStyle w:val="Heading3" />"#));
    assert!(document.contains("产业基础不断夯实。"));
    assert!(
        !document.contains("1、产业"),
        "markers are Word's, not text"
    );
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));

    let core = part(&out.bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>关于推进高新区数字经济发展的调研报告</dc:title>"));
    assert!(core.contains("<dc:creator>李越峰</dc:creator>"));
    assert!(core.contains("<dc:language>zh-CN</dc:language>"));
    assert!(core.contains("2000-01-01T00:00:00Z"));

    let rels = part(&out.bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Target="numbering.xml""#), "{rels}");

    let footer = part(&out.bytes, "word/footer1.xml");
    assert!(footer.contains("PAGE"));
    assert!(document.contains(r#"<w:sectPr><w:footerReference w:type="default""#));

    let fonts = part(&out.bytes, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="SimSun"><w:altName w:val="宋体" />"#));
    assert!(fonts.contains(r#"<w:font w:name="KaiTi"><w:altName w:val="楷体" />"#));
    assert!(
        !names.iter().any(|n| n == "word/footnotes.xml"),
        "{names:?}"
    );
}

/// The body is written a chunk at a time: a long document keeps every paragraph, in
/// order, with consecutive paragraph ids, and the footer's id follows the last.
#[test]
fn long_bodies_are_written_whole_and_in_order() {
    let n = 6000;
    let doc = Document {
        blocks: (0..n)
            .map(|i| para(&format!("Paragraph {i:05} {}", "x".repeat(80))))
            .collect(),
        ..Document::default()
    };
    let out = write_docx(&doc, &DocxOptions::default()).expect("writes");
    let document = part(&out.bytes, "word/document.xml");
    assert_well_formed("word/document.xml", &document);
    let mut at = 0;
    for i in 0..n {
        let needle = format!("Paragraph {i:05} ");
        let found = document[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle} missing or out of order"));
        at += found + needle.len();
    }
    let ids: Vec<u32> = document
        .match_indices(r#"w14:paraId=""#)
        .map(|(k, m)| u32::from_str_radix(&document[k + m.len()..k + m.len() + 8], 16).unwrap())
        .collect();
    assert_eq!(ids, (1..=n as u32).collect::<Vec<_>>());
    let footer = part(&out.bytes, "word/footer1.xml");
    assert!(
        footer.contains(&format!(r#"w14:paraId="{:08X}""#, n + 1)),
        "{footer}"
    );
    // No lists: numbering.xml is not related to the document.
    let rels = part(&out.bytes, "word/_rels/document.xml.rels");
    assert!(!rels.contains(r#"Target="numbering.xml""#), "{rels}");
}

#[test]
fn output_is_deterministic() {
    let a = write_docx(&sample(), &DocxOptions::default()).expect("writes");
    // Paragraphs made in between must not shift docx-rs's paragraph ids.
    let _ = write_docx(&sample(), &DocxOptions::default()).expect("writes");
    let b = std::thread::spawn(|| write_docx(&sample(), &DocxOptions::default()))
        .join()
        .expect("thread")
        .expect("writes");
    assert_eq!(a.bytes, b.bytes);
}

#[test]
fn empty_and_odd_documents_are_valid() {
    let empty = write_docx(&Document::default(), &DocxOptions::default()).expect("writes");
    assert_well_formed("document.xml", &part(&empty.bytes, "word/document.xml"));

    let odd = Document {
        meta: Meta {
            title: Some("a <b> & \"c\"\u{1}".into()),
            authors: vec!["x & y".into(), "".into()],
            language: Lang::En,
        },
        blocks: vec![
            heading(0, "zero"),
            heading(9, "nine"),
            para("ctl\u{0}\u{b}\u{7f}\u{fffe} tab\tline\r\nbreak <&> ]]>"),
            para(""),
            Block::Byline {
                text: "By Jane Doe".into(),
                name: None,
            },
            Block::List(List {
                kind: ListKind::Decimal,
                start: u32::MAX,
                items: vec![item("<%1\">", "x")],
            }),
            Block::List(List {
                kind: ListKind::LowerRoman,
                start: 0,
                items: vec![],
            }),
        ],
    };
    let opts = DocxOptions {
        page: PageSetup {
            width_mm: f32::NAN,
            ..PageSetup::default()
        },
        body_size_pt: -3.0,
        timestamp: Some("now<".into()),
        fonts: DocxFonts {
            body_latin: "Bad\"Font".into(),
            ..DocxFonts::default()
        },
        page_numbers: false,
        toc: true,
        reference: None,
    };
    let out = write_docx(&odd, &opts).expect("writes");
    let codes: Vec<&str> = out.warnings.iter().map(|w| w.code).collect();
    for code in [
        W_CONTROL_CHARS,
        W_PAGE_SETUP,
        W_TIMESTAMP,
        W_FONT_NAME,
        W_BODY_SIZE,
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    for name in [
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "docProps/core.xml",
    ] {
        assert_well_formed(name, &part(&out.bytes, name));
    }
    let document = part(&out.bytes, "word/document.xml");
    assert!(document.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(document.contains(r#"<w:pStyle w:val="Heading6" />"#));
    assert!(document.contains("<w:br"));
    assert!(document.contains("<w:tab"));
    let numbering = part(&out.bytes, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:startOverride w:val="32767" />"#));
}

#[test]
fn level_texts_keep_the_source_punctuation() {
    use ListKind::*;
    let cases = [
        (Decimal, "1、", "%1、"),
        (Decimal, "1.", "%1."),
        (Decimal, "1)", "%1)"),
        (Decimal, "(1)", "(%1)"),
        (Decimal, "（1）", "（%1）"),
        (Decimal, "12．", "%1．"),
        (Decimal, "", "%1."),
        (ChineseCounting, "一、", "%1、"),
        (ChineseCounting, "（十一）", "（%1）"),
        (ChineseCounting, "?", "%1、"),
        (CircledDecimal, "①", "%1"),
        (LowerAlpha, "a.", "%1."),
        (LowerAlpha, "b)", "%1)"),
        (LowerRoman, "iv.", "%1."),
        (Bullet, "•", "•"),
        (Bullet, "▪", "▪"),
        (Bullet, "-", "•"),
        (Decimal, "<1&>", "%1"),
        (Decimal, "%1\"", "%1"),
    ];
    for (kind, marker, want) in cases {
        assert_eq!(level_text(kind, marker), want, "{kind:?} {marker:?}");
    }
}

#[test]
fn sample_is_small() {
    // About 10 KB of text.
    let mut doc = sample();
    let text = sample().plain_text();
    while doc.plain_text().len() < 10_000 {
        doc.blocks.push(para(&text));
    }
    let out = write_docx(&doc, &DocxOptions::default()).expect("writes");
    println!(
        "{} bytes of text -> {} bytes of DOCX",
        doc.plain_text().len(),
        out.bytes.len()
    );
    assert!(out.bytes.len() < 40_000, "{} bytes", out.bytes.len());
}

/// `pandoc -f docx -t markdown`, or `None` when pandoc is not installed.
fn pandoc_markdown(docx: &[u8]) -> Option<String> {
    if Command::new("pandoc").arg("--version").output().is_err() {
        println!("skipped: pandoc not installed");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sample.docx");
    std::fs::write(&path, docx).expect("write docx");
    let out = Command::new("pandoc")
        .args(["-f", "docx", "-t", "markdown", "--wrap=none"])
        .arg(&path)
        .output()
        .expect("pandoc runs");
    assert!(
        out.status.success(),
        "pandoc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("pandoc writes UTF-8"))
}

#[test]
fn pandoc_sees_headings_and_lists() {
    let out = write_docx(&sample(), &DocxOptions::default()).expect("writes");
    if let Ok(dir) = std::env::var("DOCMEND_DOCX_DUMP") {
        let _ = std::fs::write(std::path::Path::new(&dir).join("sample.docx"), &out.bytes);
    }
    let Some(md) = pandoc_markdown(&out.bytes) else {
        return;
    };
    println!("{md}");
    let lines: Vec<&str> = md.lines().collect();
    let has = |want: &str| lines.iter().any(|l| l.trim_end() == want);
    assert!(has("# 关于推进高新区数字经济发展的调研报告"), "{md}");
    assert!(has("## 一、基本情况"), "{md}");
    assert!(has("### （一）存在的问题"), "{md}");
    assert!(has("济宁高新区党工委宣传部部长 李越峰"), "{md}");
    for text in [
        "产业基础不断夯实。",
        "龙头企业数量偏少。",
        "加强统筹协调；",
        "Fourth item",
    ] {
        let line = lines
            .iter()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} missing:\n{md}"));
        let t = line.trim_start();
        let is_item = t.starts_with("-   ")
            || t.starts_with("(")
            || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric())
            });
        assert!(is_item, "not a list item: {line:?}\n{md}");
    }
    assert!(has(
        "The digital economy is the main engine of growth in the zone."
    ));
}

#[test]
fn nested_lists_sit_one_level_down() {
    let mut outer = item("1.", "Prepare the ground.");
    outer.children.push(List {
        kind: ListKind::LowerAlpha,
        start: 1,
        items: vec![item("a.", "Dig the hole."), item("b.", "Water it.")],
    });
    let doc = Document {
        meta: Meta::default(),
        blocks: vec![Block::Article(crate::doc::Article {
            authors: vec![],
            blocks: vec![
                heading(1, "Planting"),
                Block::List(List {
                    kind: ListKind::Decimal,
                    start: 1,
                    items: vec![outer, item("2.", "Plant the tree.")],
                }),
            ],
        })],
    };
    let out = write_docx(&doc, &DocxOptions::default()).expect("writes");
    let document = part(&out.bytes, "word/document.xml");
    assert!(document.contains(r#"<w:ilvl w:val="1" />"#), "{document}");
    let numbering = part(&out.bytes, "word/numbering.xml");
    assert!(numbering.contains(r#"<w:lvl w:ilvl="1""#), "{numbering}");
    let Some(md) = pandoc_markdown(&out.bytes) else {
        return;
    };
    // pandoc reads the `a.` items inside item 1, and item 2 after them.
    let lines: Vec<&str> = md.lines().filter(|l| !l.trim().is_empty()).collect();
    let at = |t: &str| {
        lines
            .iter()
            .position(|l| l.contains(t))
            .unwrap_or_else(|| panic!("{t} missing:\n{md}"))
    };
    let indent = |i: usize| lines[i].len() - lines[i].trim_start().len();
    let (one, a, two) = (at("Prepare"), at("Dig the hole"), at("Plant the tree"));
    assert!(one < a && a < two, "{md}");
    assert!(
        indent(a) > indent(one) && indent(two) == indent(one),
        "{md}"
    );
}

#[test]
fn pandoc_reads_english_lists() {
    let doc = Document {
        meta: Meta {
            title: Some("Annual Report".into()),
            authors: vec!["Jane Doe".into(), "John Roe".into()],
            language: Lang::En,
        },
        blocks: vec![
            heading(1, "Annual Report"),
            Block::Byline {
                text: "By Jane Doe and John Roe".into(),
                name: Some("Jane Doe and John Roe".into()),
            },
            heading(2, "Summary"),
            para("The year went well."),
            Block::List(List {
                kind: ListKind::LowerAlpha,
                start: 1,
                items: vec![item("a)", "alpha"), item("b)", "beta")],
            }),
            Block::List(List {
                kind: ListKind::LowerRoman,
                start: 3,
                items: vec![item("iii.", "three"), item("iv.", "four")],
            }),
            Block::List(List {
                kind: ListKind::CircledDecimal,
                start: 1,
                items: vec![item("①", "circled one")],
            }),
        ],
    };
    let out = write_docx(&doc, &DocxOptions::default()).expect("writes");
    let core = part(&out.bytes, "docProps/core.xml");
    assert!(core.contains("<dc:creator>Jane Doe; John Roe</dc:creator>"));
    assert!(core.contains("<dc:language>en</dc:language>"));
    let styles = part(&out.bytes, "word/styles.xml");
    assert!(!styles.contains("firstLineChars"));
    assert!(styles.contains(r#"<w:lang w:val="en-US" />"#));
    let Some(md) = pandoc_markdown(&out.bytes) else {
        return;
    };
    println!("{md}");
    let has = |want: &str| md.lines().any(|l| l.trim_end() == want);
    assert!(has("# Annual Report"), "{md}");
    assert!(has("## Summary"), "{md}");
    assert!(has("a)  alpha"), "{md}");
    assert!(has("iii. three"), "{md}");
    assert!(md.contains("circled one"), "{md}");
}

#[test]
fn random_documents_never_break_the_xml() {
    const POOL: &[char] = &[
        'a', 'Z', '1', ' ', '\t', '\n', '\r', '\0', '\u{1}', '\u{7f}', '\u{85}', '<', '>', '&',
        '"', '\'', '%', ']', '、', '一', '（', '）', '①', '•', '\u{fffe}', '\u{ffff}', '😀',
        '\u{200b}', '\u{feff}',
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let kinds = [
        ListKind::Bullet,
        ListKind::Decimal,
        ListKind::ChineseCounting,
        ListKind::CircledDecimal,
        ListKind::LowerAlpha,
        ListKind::LowerRoman,
    ];
    for round in 0..60 {
        let mut text =
            |len: usize| -> String { (0..len).map(|_| POOL[next(POOL.len())]).collect() };
        let mut blocks = Vec::new();
        for _ in 0..8 {
            blocks.push(heading((round % 9) as u8, &text(6)));
            blocks.push(para(&text(20)));
            blocks.push(Block::Byline {
                text: text(5),
                name: None,
            });
            blocks.push(Block::List(List {
                kind: kinds[round % kinds.len()],
                start: round as u32 * 1000,
                items: vec![item(&text(3), &text(8)), item(&text(3), &text(8))],
            }));
        }
        let doc = Document {
            meta: Meta {
                title: Some(text(10)),
                authors: vec![text(4), text(4)],
                language: if round % 2 == 0 { Lang::Zh } else { Lang::En },
            },
            blocks,
        };
        let out = write_docx(&doc, &DocxOptions::default()).expect("writes");
        for name in [
            "word/document.xml",
            "word/styles.xml",
            "word/numbering.xml",
            "word/fontTable.xml",
            "docProps/core.xml",
        ] {
            assert_well_formed(name, &part(&out.bytes, name));
        }
    }
}

/// Checks that the children of every `w:pPr`, `w:rPr` and `w:style` come in schema order
/// and that none of them is unknown to the sequence.
fn assert_schema_order(name: &str, xml: &str) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    // Open elements: local name and, for checked parents, the index of the last child.
    let mut stack: Vec<(String, Option<usize>)> = Vec::new();
    let order_of = super::package::child_order;
    let child = |stack: &mut Vec<(String, Option<usize>)>, local: &str| {
        if let Some((parent, last)) = stack.last_mut() {
            if let Some(order) = order_of(parent) {
                let pos = order
                    .iter()
                    .position(|c| *c == local)
                    .unwrap_or_else(|| panic!("{name}: w:{local} is no child of w:{parent}"));
                assert!(
                    last.is_none_or(|l| l < pos),
                    "{name}: w:{local} comes after {} in w:{parent}",
                    order[last.unwrap_or(0)]
                );
                *last = Some(pos);
            }
        }
    };
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_string();
                child(&mut stack, &local);
                stack.push((local, None));
            }
            Event::Empty(e) => {
                let local = e.local_name().as_ref().to_string();
                child(&mut stack, &local);
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
}

#[test]
fn property_elements_come_in_schema_order() {
    for (doc, opts) in [
        (sample(), DocxOptions::default()),
        (
            sample(),
            DocxOptions {
                toc: true,
                ..DocxOptions::default()
            },
        ),
    ] {
        let out = write_docx(&doc, &opts).expect("writes");
        for name in [
            "word/document.xml",
            "word/styles.xml",
            "word/numbering.xml",
            "word/footer1.xml",
        ] {
            assert_schema_order(name, &part(&out.bytes, name));
        }
    }
}

#[test]
fn toc_field_and_date_in_the_package() {
    let opts = DocxOptions {
        toc: true,
        timestamp: Some("2024-05-01T08:00:00Z".into()),
        ..DocxOptions::default()
    };
    let out = write_docx(&sample(), &opts).expect("writes");
    let document = part(&out.bytes, "word/document.xml");
    assert!(document.contains(r#"TOC \o "1-3" \h \z \u"#), "{document}");
    assert!(
        document.contains(r#"w:fldCharType="begin" w:dirty="true""#),
        "{document}"
    );
    assert!(document.contains(r#"<w:pStyle w:val="TOC1" />"#));
    let core = part(&out.bytes, "docProps/core.xml");
    assert!(
        core.contains(">2024-05-01T08:00:00Z</dcterms:created>"),
        "{core}"
    );
    let styles = part(&out.bytes, "word/styles.xml");
    for id in [
        "Title",
        "Subtitle",
        "Quote",
        "ListNumber",
        "ListBullet",
        "TOC1",
    ] {
        assert!(styles.contains(&format!(r#"w:styleId="{id}""#)), "{id}");
    }
}

/// A minimal reference document: a Heading 1 of its own, a theme, a Letter page.
fn reference_docx() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let files = [
        (
            "word/styles.xml",
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
                r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" /></w:rPr></w:rPrDefault></w:docDefaults>"#,
                r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1" /><w:rPr><w:sz w:val="99" /></w:rPr></w:style>"#,
                r#"<w:style w:type="paragraph" w:styleId="HouseStyle"><w:name w:val="House Style" /></w:style>"#,
                r#"</w:styles>"#
            ),
        ),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml" /></Relationships>"#,
        ),
        (
            "word/theme/theme1.xml",
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="House" />"#,
        ),
        (
            "word/document.xml",
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:sectPr><w:pgSz w:w="12240" w:h="15840" /><w:pgMar w:top="1440" w:right="1080" w:bottom="1440" w:left="1080" w:header="720" w:footer="720" w:gutter="0" /></w:sectPr></w:body></w:document>"#,
        ),
    ];
    for (name, text) in files {
        zip.start_file(name, SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn reference_doc_gives_styles_theme_and_page() {
    let r = Reference::from_bytes(&reference_docx()).expect("reads");
    let page = r.page.expect("a page");
    assert!((page.width_mm - 215.9).abs() < 0.01 && (page.height_mm - 279.4).abs() < 0.01);
    assert!((page.margin_left_mm - 19.05).abs() < 0.01);
    let opts = DocxOptions {
        page,
        reference: Some(std::sync::Arc::new(r)),
        ..DocxOptions::default()
    };
    let out = write_docx(&sample(), &opts).expect("writes");
    let styles = part(&out.bytes, "word/styles.xml");
    assert_well_formed("styles.xml", &styles);
    assert_schema_order("styles.xml", &styles);
    // Their Heading 1 and their own styles stay; ours fill in what they lack.
    assert!(styles.contains(r#"<w:sz w:val="99" />"#), "{styles}");
    assert!(styles.contains(r#"w:styleId="HouseStyle""#));
    assert_eq!(styles.matches(r#"w:styleId="Heading1""#).count(), 1);
    assert!(styles.contains(r#"w:styleId="Byline""#) && styles.contains(r#"w:styleId="BodyText""#));
    assert!(part(&out.bytes, "word/theme/theme1.xml").contains(r#"name="House""#));
    assert!(part(&out.bytes, "word/_rels/document.xml.rels").contains("theme/theme1.xml"));
    assert!(part(&out.bytes, "[Content_Types].xml").contains("/word/theme/theme1.xml"));
    let document = part(&out.bytes, "word/document.xml");
    assert!(document.contains(r#"w:w="12240""#), "Letter width");
    // A file that is no DOCX is refused with the reason.
    assert!(Reference::from_bytes(b"plain text")
        .unwrap_err()
        .contains("not a DOCX"));
}

#[test]
fn pandoc_reads_a_docx_made_with_its_own_reference_doc() {
    if Command::new("pandoc").arg("--version").output().is_err() {
        println!("skipped: pandoc not installed");
        return;
    }
    let out = Command::new("pandoc")
        .args(["--print-default-data-file", "reference.docx"])
        .output()
        .expect("pandoc runs");
    let r = Reference::from_bytes(&out.stdout).expect("pandoc's reference.docx reads");
    let opts = DocxOptions {
        reference: Some(std::sync::Arc::new(r)),
        ..DocxOptions::default()
    };
    let docx = write_docx(&sample(), &opts).expect("writes");
    let styles = part(&docx.bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"w:styleId="FirstParagraph""#),
        "pandoc's styles kept"
    );
    let md = pandoc_markdown(&docx.bytes).expect("pandoc");
    assert!(
        md.lines()
            .any(|l| l == "# 关于推进高新区数字经济发展的调研报告"),
        "{md}"
    );
}

#[test]
fn clean_text_fast_path_agrees_with_the_full_pass() {
    // Every character the full pass drops or changes, and neighbours it keeps.
    for t in [
        "plain 中文 text",
        "tab\tand\nline",
        "cr\r\nlf and lone\rcr",
        "bell\u{7}del\u{7F}",
        "c1 \u{80}\u{9F} kept \u{A0}\u{FF}",
        "nonchars \u{FFFE}\u{FFFF} kept \u{FFFD}\u{FFEE}",
        "",
    ] {
        let (fast, removed) = super::clean_text(t);
        let mut slow = String::new();
        let mut dropped = 0;
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' => slow.push('\n'),
                '\t' | '\n' => slow.push(c),
                c if c < ' ' || ('\u{7F}'..='\u{9F}').contains(&c) => dropped += 1,
                '\u{FFFE}' | '\u{FFFF}' => dropped += 1,
                c => slow.push(c),
            }
        }
        assert_eq!((fast, removed), (slow, dropped), "{t:?}");
    }
}

#[test]
fn plain_paragraphs_are_written_as_docx_rs_builds_them() {
    // The direct XML of a plain paragraph is byte for byte docx-rs's, put in schema
    // order, whatever the text holds.
    let texts = [
        "plain",
        "中文，标点。",
        "Tricky & <b> \"q\" it's > done",
        "&amp; already escaped?",
        "emoji 😀 and ’curly’ quotes",
        "  leading and trailing  ",
    ];
    for (k, text) in texts.iter().enumerate() {
        let id = k as u32 + 7;
        for style in [styles::BODY_TEXT, styles::BYLINE, "Heading2"] {
            let built = Paragraph::new()
                .id(format!("{id:08X}"))
                .style(style)
                .add_run(Run::new().add_text(*text))
                .build();
            let built = package::schema_order(built, "document.xml").unwrap();
            assert_eq!(
                plain_paragraph_xml(id, style, text),
                String::from_utf8(built).unwrap(),
                "{text:?}"
            );
        }
    }
}
