//! Decoding bytes to text: BOM first, then a UTF-16 NUL-byte check, then UTF-8, then a
//! detected legacy encoding (GB18030/GBK, Big5, Shift_JIS …) via chardetng.

use std::path::Path;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Result};
use crate::report::Warning;

/// Decoded text and what we learnt doing it.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, with a BOM removed.
    pub text: String,
    /// The encoding's name (`UTF-8`, `GBK`, `Big5`, `UTF-16LE` …).
    pub encoding: &'static str,
    /// Guesses and replacements worth reporting.
    pub warnings: Vec<Warning>,
}

/// Decode `bytes` read from `path` (used in messages only).
pub fn decode(bytes: &[u8], path: &Path) -> Result<Decoded> {
    let (enc, body): (&'static Encoding, &[u8]) = if let Some(rest) =
        bytes.strip_prefix(b"\xEF\xBB\xBF")
    {
        (UTF_8, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (UTF_16LE, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (UTF_16BE, rest)
    } else if let Some(enc) = sniff_utf16(bytes) {
        (enc, bytes)
    } else {
        if looks_binary(bytes) {
            return Err(Error::Decode {
                path: path.to_path_buf(),
                reason: "binary data, not text (NUL or control bytes); give a text dump".into(),
            });
        }
        if simdutf8::basic::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
            (UTF_8, bytes)
        } else {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
            det.feed(bytes, true);
            (det.guess(None, chardetng::Utf8Detection::Allow), bytes)
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    let mut warnings = Vec::new();
    if enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE {
        warnings.push(Warning::new(
            "W001",
            format!("not UTF-8: decoded as {} (detected)", enc.name()),
        ));
    }
    if had_errors {
        let n = text.chars().filter(|&c| c == '\u{FFFD}').count();
        warnings.push(Warning::new(
            "W002",
            format!(
                "{n} invalid byte sequence(s) replaced by U+FFFD while decoding as {}",
                enc.name()
            ),
        ));
    }
    checked(text.into_owned(), enc, warnings, path)
}

/// Refuse text with NUL characters (binary data decoded as UTF-16, say).
fn checked(
    text: String,
    enc: &'static Encoding,
    warnings: Vec<Warning>,
    path: &Path,
) -> Result<Decoded> {
    if text.as_bytes().contains(&0) {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            reason: "binary data, not text (NUL characters); give a text dump".into(),
        });
    }
    Ok(Decoded {
        text,
        encoding: enc.name(),
        warnings,
    })
}

/// [`decode`], taking the bytes: UTF-8 input (the usual case) becomes the text in
/// place, without a copy, so a large file is held once rather than twice.
pub fn decode_owned(mut bytes: Vec<u8>, path: &Path) -> Result<Decoded> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let bom = bytes.starts_with(BOM);
    let plain = !bom
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && sniff_utf16(&bytes).is_none()
        && !looks_binary(&bytes);
    if !bom && !plain {
        return decode(&bytes, path);
    }
    if bom {
        bytes.drain(..BOM.len());
    }
    // Validated with SIMD (simdutf8: ten times std's speed on Chinese text, where
    // std's ASCII shortcut does not help).
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return checked(text, UTF_8, Vec::new(), path);
    }
    if bom {
        bytes.splice(0..0, BOM.iter().copied());
    }
    decode(&bytes, path)
}

/// UTF-16 without a BOM: most ASCII characters have a NUL in the high byte.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 10 >= pairs * 4 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 4 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// UTF-8 with a few broken sequences (a damaged file), not a legacy encoding: it has
/// valid multi-byte characters, and its invalid bytes are few: at most 1 % of the bytes,
/// or no more than its valid multi-byte characters. Decoded as
/// UTF-8, the broken bytes become U+FFFD (counted in a warning) instead of the whole
/// text turning to mojibake.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multibyte > 0 && (invalid * 100 <= bytes.len() || invalid <= multibyte)
}

/// Binary data: NUL bytes, or many C0 control bytes that no text has.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(65536)];
    if sample.contains(&0) {
        return true;
    }
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    ctrl * 20 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(b: &[u8]) -> Result<Decoded> {
        decode(b, Path::new("t.txt"))
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec("中文 text".as_bytes()).unwrap().text, "中文 text");
        let d = dec(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", "UTF-8"));
    }

    #[test]
    fn utf16_with_bom_and_sniffed() {
        let mut le = vec![0xFF, 0xFE];
        for u in "第3页 ok\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(dec(&le).unwrap().text, "第3页 ok\n");
        let mut be = vec![0xFE, 0xFF];
        for u in "hello".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(dec(&be).unwrap().text, "hello");
        let no_bom: Vec<u8> = "plain ascii text here"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(dec(&no_bom).unwrap().text, "plain ascii text here");
    }

    #[test]
    fn gbk_and_big5_detected() {
        let s = "济宁高新区将以发展融媒体中心为抓手，在已建成全市首家县级融媒体中心的基础上。";
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        let d = dec(&gbk).unwrap();
        assert_eq!(d.text, s);
        assert!(d.warnings.iter().any(|w| w.code == "W001"));
        let t = "對標先進地區，再鼓發展幹勁。為學習借鑒先進地區發展經驗，深入學習了長沙高新區。";
        let (big5, _, _) = encoding_rs::BIG5.encode(t);
        assert_eq!(dec(&big5).unwrap().text, t);
    }

    #[test]
    fn binary_is_refused_with_reason() {
        let err = dec(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("t.txt") && msg.contains("binary"), "{msg}");
    }

    /// Taking the bytes changes nothing but the copy: every kind of input decodes the
    /// same (text, encoding, warnings, errors).
    #[test]
    fn owned_bytes_decode_the_same() {
        let s = "济宁高新区将以发展融媒体中心为抓手。";
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        let inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            "中文 text\n".as_bytes().to_vec(),
            b"\xEF\xBB\xBFabc".to_vec(),
            b"\xEF\xBB\xBFab\xFFc".to_vec(),
            b"ab\xFFc d e f".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            le,
            encoding_rs::GBK.encode(s).0.into_owned(),
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            b"a\0b".to_vec(),
        ];
        for bytes in inputs {
            let path = Path::new("x.txt");
            let (a, b) = (decode(&bytes, path), decode_owned(bytes.clone(), path));
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a.text, b.text, "{bytes:?}");
                    assert_eq!(a.encoding, b.encoding, "{bytes:?}");
                    assert_eq!(a.warnings, b.warnings, "{bytes:?}");
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{bytes:?}: {a:?} vs {b:?}"),
            }
        }
    }
}
