//! Named paragraph styles and document defaults, and the patches docx-rs cannot
//! write itself (`w:lang`, `w:firstLineChars`, the default paragraph style).
//!
//! Fonts and sizes live here, never on runs: a run's own font would override the
//! style, and readers (pandoc, LibreOffice) map structure from style names.

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, RunFonts, SpecialIndentType, Style,
    StyleType,
};

use super::{DocxFonts, Metrics, W_FONT_NAME};
use crate::doc::Lang;
use crate::error::{Error, Result};
use crate::report::Warning;

/// Running text.
pub(super) const BODY_TEXT: &str = "BodyText";
/// Author lines.
pub(super) const BYLINE: &str = "Byline";
/// List items (numbered through `w:numPr`).
pub(super) const LIST_PARAGRAPH: &str = "ListParagraph";
/// Block quotes (verse): indented, line breaks kept. pandoc reads the style name
/// `Quote` as a block quote.
pub(super) const QUOTE: &str = "Quote";
/// Preformatted text (code): monospace, spaces kept. pandoc reads `Source Code` as
/// a code block.
pub(super) const PREFORMATTED: &str = "SourceCode";
/// The footer's paragraph.
pub(super) const FOOTER: &str = "Footer";
/// Defined for people editing the file; the document title is a level-1 heading.
pub(super) const TITLE: &str = "Title";
/// Defined for people editing the file, like Title.
pub(super) const SUBTITLE: &str = "Subtitle";
/// The caption of a table of contents (no outline level: not itself listed).
pub(super) const TOC_HEADING: &str = "TOCHeading";
/// Table-of-contents entries, levels 1 to 3.
const TOCS: [&str; 3] = ["TOC1", "TOC2", "TOC3"];

/// The style id of a table-of-contents entry of heading level `level` (1..=3).
pub(super) fn toc_style_id(level: u8) -> &'static str {
    TOCS[usize::from(level.clamp(1, 3)) - 1]
}

/// Items of numbered lists (numbered through `w:numPr`).
pub(super) const LIST_NUMBER: &str = "ListNumber";
/// Items of bullet lists.
pub(super) const LIST_BULLET: &str = "ListBullet";
/// Heading styles, level 1 to 6.
const HEADINGS: [&str; 6] = [
    "Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6",
];
/// Heading sizes relative to a 12 pt body: 22, 16, 14, 13, 12, 12 pt
/// (二号, 三号, 四号, …).
const HEADING_SIZES_OF_12: [usize; 6] = [22, 16, 14, 13, 12, 12];

/// The style id of a heading level (clamped to 1..=6).
pub(super) fn heading_style_id(level: u8) -> &'static str {
    HEADINGS[usize::from(level.clamp(1, 6)) - 1]
}

/// The fonts with every name checked: names go into XML attributes unescaped,
/// so a name with markup characters, control characters or over Word's 31
/// characters is replaced by the default (with a warning).
pub(super) fn checked_fonts(fonts: &DocxFonts, warnings: &mut Vec<Warning>) -> DocxFonts {
    let d = DocxFonts::default();
    let mut check = |name: &str, default: String| -> String {
        let trimmed = name.trim();
        let ok = !trimmed.is_empty()
            && trimmed.chars().count() <= 31
            && !trimmed.chars().any(|c| {
                c.is_control()
                    || matches!(c, '<' | '>' | '&' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
            });
        if ok {
            trimmed.to_owned()
        } else {
            warnings.push(Warning::new(
                W_FONT_NAME,
                format!("DOCX: font name {name:?} cannot be used, using {default:?}"),
            ));
            default
        }
    };
    DocxFonts {
        body_latin: check(&fonts.body_latin, d.body_latin),
        body_east_asian: check(&fonts.body_east_asian, d.body_east_asian),
        heading_latin: check(&fonts.heading_latin, d.heading_latin),
        heading_east_asian: check(&fonts.heading_east_asian, d.heading_east_asian),
        byline_east_asian: check(&fonts.byline_east_asian, d.byline_east_asian),
        mono: check(&fonts.mono, d.mono),
    }
}

/// Document defaults (fonts, size, spacing) and the named styles.
pub(super) fn add_styles(docx: Docx, fonts: &DocxFonts, lang: Lang, m: &Metrics) -> Docx {
    let zh = lang.is_cjk();
    let body = m.body_half_points;
    let mut body_fonts = RunFonts::new()
        .ascii(&fonts.body_latin)
        .hi_ansi(&fonts.body_latin)
        .cs(&fonts.body_latin)
        .east_asia(&fonts.body_east_asian);
    if zh {
        // Quotes, dashes and ellipses shared by both scripts take the Chinese font.
        body_fonts = body_fonts.hint("eastAsia");
    }
    // Chinese text: 1.5 lines, paragraphs marked by the first-line indent.
    // English text: 1.15 lines, 6 pt between paragraphs.
    let (line, after) = if zh { (360, 0) } else { (276, 120) };
    let mut docx = docx
        .default_fonts(body_fonts)
        .default_size(body)
        .default_line_spacing(
            LineSpacing::new()
                .line(line)
                .line_rule(LineSpacingType::Auto)
                .after(after),
        );

    let heading_fonts = RunFonts::new()
        .ascii(&fonts.heading_latin)
        .hi_ansi(&fonts.heading_latin)
        .cs(&fonts.heading_latin)
        .east_asia(&fonts.heading_east_asian);

    for (i, id) in HEADINGS.iter().enumerate() {
        let size = body * HEADING_SIZES_OF_12[i] / 12;
        let mut style = paragraph_style(id, &format!("heading {}", i + 1))
            .next(BODY_TEXT)
            .fonts(heading_fonts.clone())
            .size(size)
            .bold()
            .outline_lvl(i)
            .line_spacing(
                LineSpacing::new()
                    .before(if i == 0 { 240 } else { 200 })
                    .after(if i == 0 { 240 } else { 120 })
                    .line(240)
                    .line_rule(LineSpacingType::Auto),
            );
        if i == 0 {
            style = style.align(AlignmentType::Center);
        }
        style.paragraph_property = style.paragraph_property.keep_next(true).keep_lines(true);
        docx = docx.add_style(style);
    }

    let subtitle = paragraph_style(SUBTITLE, "Subtitle")
        .next(BODY_TEXT)
        .fonts(heading_fonts.clone())
        .size(body * HEADING_SIZES_OF_12[1] / 12)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(240));
    let title = paragraph_style(TITLE, "Title")
        .next(BODY_TEXT)
        .fonts(heading_fonts)
        .size(body * HEADING_SIZES_OF_12[0] / 12)
        .bold()
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .before(240)
                .after(240)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        );

    let mut body_text = paragraph_style(BODY_TEXT, "Body Text").next(BODY_TEXT);
    let mut list = paragraph_style(LIST_PARAGRAPH, "List Paragraph");
    if zh {
        // Two characters of first-line indent; `w:firstLineChars` is patched in
        // by `patch_styles_xml`, the twips are for readers that ignore it.
        body_text = body_text.align(AlignmentType::Both).indent(
            None,
            Some(SpecialIndentType::FirstLine(m.chars(2))),
            None,
            None,
        );
        list = list.align(AlignmentType::Both);
    }

    let mut byline = paragraph_style(BYLINE, "Byline")
        .next(BODY_TEXT)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(240));
    byline = if zh {
        byline.fonts(RunFonts::new().east_asia(&fonts.byline_east_asian))
    } else {
        byline.italic()
    };
    // An article's title, byline and first paragraph stay on one page.
    byline.paragraph_property = byline.paragraph_property.keep_next(true).keep_lines(true);

    let footer = paragraph_style(FOOTER, "footer")
        .align(AlignmentType::Center)
        .size(body.saturating_sub(3).max(12))
        .line_spacing(
            LineSpacing::new()
                .after(0)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        );

    let mut quote = paragraph_style(QUOTE, "Quote").next(BODY_TEXT).indent(
        Some(m.chars(2)),
        None,
        Some(m.chars(2)),
        None,
    );
    if !zh {
        quote = quote.italic();
    }
    let mono = RunFonts::new()
        .ascii(&fonts.mono)
        .hi_ansi(&fonts.mono)
        .cs(&fonts.mono)
        .east_asia(&fonts.body_east_asian);
    let mut code = paragraph_style(PREFORMATTED, "Source Code")
        .fonts(mono)
        .size(body.saturating_sub(2).max(12))
        .line_spacing(
            LineSpacing::new()
                .after(120)
                .line(240)
                .line_rule(LineSpacingType::Auto),
        );
    code.paragraph_property = code.paragraph_property.keep_lines(true);

    // Word's List Number and List Bullet, on top of List Paragraph.
    let list_number = paragraph_style(LIST_NUMBER, "List Number").based_on(LIST_PARAGRAPH);
    let list_bullet = paragraph_style(LIST_BULLET, "List Bullet").based_on(LIST_PARAGRAPH);

    let toc_heading = paragraph_style(TOC_HEADING, "TOC Heading")
        .next(BODY_TEXT)
        .bold()
        .size(body * HEADING_SIZES_OF_12[1] / 12)
        .line_spacing(LineSpacing::new().before(240).after(120));
    let mut docx = docx.add_style(toc_heading);
    for (i, id) in TOCS.iter().enumerate() {
        docx = docx.add_style(
            paragraph_style(id, &format!("toc {}", i + 1))
                .next(BODY_TEXT)
                .indent(Some(m.chars(2).saturating_mul(i as i32)), None, None, None)
                .line_spacing(LineSpacing::new().after(60)),
        );
    }

    docx.add_style(title)
        .add_style(subtitle)
        .add_style(body_text)
        .add_style(byline)
        .add_style(list)
        .add_style(list_number)
        .add_style(list_bullet)
        .add_style(quote)
        .add_style(code)
        .add_style(footer)
}

/// A paragraph style based on Normal.
fn paragraph_style(id: &str, name: &str) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
}

/// Adds what docx-rs cannot write to the built `word/styles.xml`:
/// the language (`w:lang`) in the default run properties, `w:default="1"` on
/// the Normal style, and for Chinese `w:firstLineChars="200"` on Body Text.
pub(super) fn patch_styles_xml(xml: Vec<u8>, lang: Lang) -> Result<Vec<u8>> {
    let mut s =
        String::from_utf8(xml).map_err(|e| Error::Docx(format!("styles.xml is not UTF-8: {e}")))?;

    let lang_el = match lang {
        Lang::Zh => r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" />"#,
        Lang::En => r#"<w:lang w:val="en-US" />"#,
    };
    let end = s
        .find("</w:rPrDefault>")
        .and_then(|pos| s[..pos].rfind("</w:rPr>"))
        .ok_or_else(|| missing("the default run properties"))?;
    s.insert_str(end, lang_el);

    let normal = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
    let pos = s.find(normal).ok_or_else(|| missing("the Normal style"))?;
    s.insert_str(pos + normal.len() - 1, r#" w:default="1""#);

    if lang.is_cjk() {
        add_first_line_chars(&mut s, BODY_TEXT)?;
    }
    Ok(s.into_bytes())
}

/// Adds `w:firstLineChars="200"` to the `w:ind` of the style `id`.
fn add_first_line_chars(s: &mut String, id: &str) -> Result<()> {
    let open = format!(r#"w:styleId="{id}""#);
    let start = s.find(&open).ok_or_else(|| missing(id))?;
    let end = s[start..]
        .find("</w:style>")
        .map(|e| start + e)
        .ok_or_else(|| missing(id))?;
    let ind = s[start..end]
        .find("<w:ind ")
        .map(|i| start + i + "<w:ind ".len())
        .ok_or_else(|| missing("the Body Text indent"))?;
    s.insert_str(ind, r#"w:firstLineChars="200" "#);
    Ok(())
}

/// The error for a built part that lacks what a patch expects (a docx-rs change).
fn missing(what: &str) -> Error {
    Error::Docx(format!(
        "internal: cannot find {what} in the XML built by docx-rs"
    ))
}

/// Chinese fonts' other names: Word and LibreOffice find a font by either.
const ALT_NAMES: [(&str, &str); 8] = [
    ("SimSun", "宋体"),
    ("NSimSun", "新宋体"),
    ("SimHei", "黑体"),
    ("KaiTi", "楷体"),
    ("FangSong", "仿宋"),
    ("Microsoft YaHei", "微软雅黑"),
    ("KaiTi_GB2312", "楷体_GB2312"),
    ("FangSong_GB2312", "仿宋_GB2312"),
];

/// Adds the East Asian fonts to `word/fontTable.xml` with their other name and
/// the GB2312 character set, so a reader without them substitutes a Chinese font.
pub(super) fn patch_font_table(xml: Vec<u8>, fonts: &DocxFonts) -> Result<Vec<u8>> {
    let mut s = String::from_utf8(xml)
        .map_err(|e| Error::Docx(format!("fontTable.xml is not UTF-8: {e}")))?;
    let mut entries = String::new();
    let names = [
        &fonts.body_east_asian,
        &fonts.heading_east_asian,
        &fonts.byline_east_asian,
    ];
    for (i, name) in names.iter().enumerate() {
        // Names were checked by `checked_fonts`: no markup characters.
        if names[..i].contains(name) || s.contains(&format!(r#"w:name="{name}""#)) {
            continue;
        }
        let alt = ALT_NAMES.iter().find_map(|&(en, zh)| {
            (en == name.as_str())
                .then_some(zh)
                .or((zh == name.as_str()).then_some(en))
        });
        entries.push_str(&format!(r#"<w:font w:name="{name}">"#));
        if let Some(alt) = alt {
            entries.push_str(&format!(r#"<w:altName w:val="{alt}" />"#));
        }
        entries.push_str(concat!(
            r#"<w:charset w:val="86" /><w:family w:val="auto" />"#,
            r#"<w:pitch w:val="variable" /></w:font>"#
        ));
    }
    let end = s
        .rfind("</w:fonts>")
        .ok_or_else(|| missing("the end of the font table"))?;
    s.insert_str(end, &entries);
    Ok(s.into_bytes())
}
