//! A small streaming walker over quick-xml for the OCR readers: local element names,
//! unescaped attributes, and text with every entity and character reference resolved
//! (quick-xml hands references over as separate events; dropping one would drop text).
//! Errors carry the byte offset; entity declarations are refused outright, so an
//! entity-expansion bomb never expands.

use quick_xml::events::Event;

/// One thing the walker saw.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// An element opens (`empty`: it also closes at once, `<x/>`).
    Open {
        name: String,
        attrs: Vec<(String, String)>,
        /// Byte offset of the tag in the input.
        pos: usize,
        empty: bool,
    },
    /// An element closes.
    Close { name: String },
    /// Text (character data, CDATA or a resolved reference) at a byte offset.
    Text { text: String, pos: usize },
}

/// Why XML could not be read, and where (byte offset).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct XmlError {
    pub(crate) pos: usize,
    pub(crate) message: String,
}

pub(crate) struct Walker<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
}

impl<'a> Walker<'a> {
    pub(crate) fn new(xml: &'a str) -> Walker<'a> {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        Walker { reader }
    }

    /// The next item; `Ok(None)` at the end of the document.
    pub(crate) fn next(&mut self) -> Result<Option<Item>, XmlError> {
        loop {
            let pos = self.reader.buffer_position() as usize;
            let event = self.reader.read_event().map_err(|e| XmlError {
                pos: self.reader.error_position() as usize,
                message: e.to_string(),
            })?;
            let item = match event {
                Event::Start(e) => Item::Open {
                    name: local(e.name().as_ref()),
                    attrs: attributes(&e),
                    pos,
                    empty: false,
                },
                Event::Empty(e) => Item::Open {
                    name: local(e.name().as_ref()),
                    attrs: attributes(&e),
                    pos,
                    empty: true,
                },
                Event::End(e) => Item::Close {
                    name: local(e.name().as_ref()),
                },
                Event::Text(t) => Item::Text {
                    text: t.xml10_content().into_owned(),
                    pos,
                },
                Event::CData(t) => Item::Text {
                    text: t.into_inner().into_owned(),
                    pos,
                },
                Event::GeneralRef(r) => Item::Text {
                    text: resolve_reference(&r.xml10_content()),
                    pos,
                },
                Event::DocType(d) => {
                    if d.xml10_content().contains("<!ENTITY") {
                        return Err(XmlError {
                            pos,
                            message:
                                "entity declarations are refused (they can expand without bound)"
                                    .into(),
                        });
                    }
                    continue;
                }
                Event::Eof => return Ok(None),
                _ => continue,
            };
            return Ok(Some(item));
        }
    }
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

fn attributes(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = local(a.key.as_ref());
            let raw: &str = &a.value;
            let value = unescape_lenient(raw);
            (key, value)
        })
        .collect()
}

/// Unescape `&…;` references in an attribute value; unknown ones stay as written.
pub(crate) fn unescape_lenient(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';').filter(|&semi| semi <= 32) {
            Some(semi) => {
                out.push_str(&resolve_reference(&after[..semi]));
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text a reference stands for: `#123`, `#x4E2D`, the XML five and the HTML
/// entities OCR output uses; anything else stays as it was written (`&name;`).
pub(crate) fn resolve_reference(name: &str) -> String {
    let num = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse::<u32>().ok()
    } else {
        None
    };
    if let Some(c) = num.and_then(char::from_u32) {
        return c.to_string();
    }
    let named: Option<&str> = match name {
        "amp" => Some("&"),
        "lt" => Some("<"),
        "gt" => Some(">"),
        "quot" => Some("\""),
        "apos" => Some("'"),
        "nbsp" => Some("\u{a0}"),
        "shy" => Some("\u{ad}"),
        "ndash" => Some("–"),
        "mdash" => Some("—"),
        "hellip" => Some("…"),
        "lsquo" => Some("‘"),
        "rsquo" => Some("’"),
        "ldquo" => Some("“"),
        "rdquo" => Some("”"),
        "laquo" => Some("«"),
        "raquo" => Some("»"),
        "middot" => Some("·"),
        "bull" => Some("•"),
        "copy" => Some("©"),
        "reg" => Some("®"),
        "deg" => Some("°"),
        "times" => Some("×"),
        "euro" => Some("€"),
        _ => None,
    };
    match named {
        Some(t) => t.to_string(),
        None => format!("&{name};"),
    }
}

/// An attribute's value by local name.
pub(crate) fn attr<'x>(attrs: &'x [(String, String)], key: &str) -> Option<&'x str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, XmlError> {
        let mut w = Walker::new(xml);
        let mut s = String::new();
        while let Some(item) = w.next()? {
            if let Item::Text { text, .. } = item {
                s.push_str(&text);
            }
        }
        Ok(s)
    }

    #[test]
    fn every_reference_is_resolved_and_unknown_ones_kept() {
        assert_eq!(
            texts("<a>R&amp;D &#x4E2D;&#25991; &lt;x&gt; &mdash; &foo;</a>").unwrap(),
            "R&D 中文 <x> — &foo;"
        );
        assert_eq!(unescape_lenient("a&amp;b&#33;&zz;"), "a&b!&zz;");
    }

    #[test]
    fn malformed_xml_and_entity_bombs_are_errors_with_a_position() {
        let e = texts("<a><b></a>").unwrap_err();
        assert!(e.pos > 0, "{e:?}");
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>"#;
        assert!(texts(bomb)
            .unwrap_err()
            .message
            .contains("entity declarations"));
    }
}
