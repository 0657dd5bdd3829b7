//! Writers: one function per output format, each taking `&Document` and an options
//! struct, returning the bytes. They never touch the file system.

pub mod docx;
pub mod markdown;
pub mod pdf;

use crate::report::Warning;

/// What a writer produced: the file's bytes and any warnings.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The complete output file.
    pub bytes: Vec<u8>,
    /// Non-fatal problems (missing glyphs, …).
    pub warnings: Vec<Warning>,
}

/// Page size and margins shared by the PDF and DOCX writers, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page width (A4: 210).
    pub width_mm: f32,
    /// Page height (A4: 297).
    pub height_mm: f32,
    /// Top margin.
    pub margin_top_mm: f32,
    /// Bottom margin (the footer with the page number sits inside it).
    pub margin_bottom_mm: f32,
    /// Left margin.
    pub margin_left_mm: f32,
    /// Right margin.
    pub margin_right_mm: f32,
    /// Columns of text on a page (1 to 4), as a magazine or a journal sets them.
    pub columns: u8,
    /// The gap between two columns.
    pub column_gap_mm: f32,
}

impl Default for PageSetup {
    /// A4 portrait with 25 mm top and bottom and 22 mm side margins.
    fn default() -> Self {
        PageSetup {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 25.0,
            margin_bottom_mm: 25.0,
            margin_left_mm: 22.0,
            margin_right_mm: 22.0,
            columns: 1,
            column_gap_mm: 6.0,
        }
    }
}

/// A paper size by name (`a4`, `letter`, `a5`, `b5`, case-insensitive): width and
/// height in millimetres, portrait. B5 is ISO B5 (176 × 250 mm).
pub fn paper_size(name: &str) -> Option<(f32, f32)> {
    match name.to_ascii_lowercase().as_str() {
        "a4" => Some((210.0, 297.0)),
        "letter" => Some((215.9, 279.4)),
        "a5" => Some((148.0, 210.0)),
        "b5" => Some((176.0, 250.0)),
        _ => None,
    }
}

/// A length with its unit (`20mm`, `2cm`, `1in`, `72pt`; a bare number is millimetres)
/// in millimetres. `None` for anything else, negative or not finite.
pub fn parse_length_mm(s: &str) -> Option<f32> {
    let s = s.trim().to_ascii_lowercase();
    let (num, factor) = if let Some(n) = s.strip_suffix("mm") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("cm") {
        (n, 10.0)
    } else if let Some(n) = s.strip_suffix("in") {
        (n, 25.4)
    } else if let Some(n) = s.strip_suffix("pt") {
        (n, 25.4 / 72.0)
    } else {
        (s.as_str(), 1.0)
    };
    let v: f32 = num.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v * factor)
}

impl PageSetup {
    /// A page of `paper` with `margins` as CSS gives them: one length for all four
    /// sides, two (top and bottom, left and right) or four (top, right, bottom, left),
    /// comma-separated. Errors name what is wrong.
    pub fn from_flags(paper: &str, margins: Option<&str>) -> Result<PageSetup, String> {
        let (width_mm, height_mm) = paper_size(paper)
            .ok_or_else(|| format!("--paper {paper}: unknown paper (use a4, letter, a5, b5)"))?;
        let mut page = PageSetup {
            width_mm,
            height_mm,
            ..PageSetup::default()
        };
        if let Some(m) = margins {
            let v: Vec<f32> = m
                .split(',')
                .map(parse_length_mm)
                .collect::<Option<Vec<f32>>>()
                .ok_or_else(|| {
                    format!("--margin {m}: not a length (like 20mm, 2cm, 0.8in, 72pt)")
                })?;
            let [top, right, bottom, left] = match v.as_slice() {
                [a] => [*a; 4],
                [a, b] => [*a, *b, *a, *b],
                [a, b, c, d] => [*a, *b, *c, *d],
                _ => return Err(format!("--margin {m}: give one, two or four lengths")),
            };
            page.margin_top_mm = top;
            page.margin_right_mm = right;
            page.margin_bottom_mm = bottom;
            page.margin_left_mm = left;
        }
        // At least 40 mm of text each way.
        if page.width_mm - page.margin_left_mm - page.margin_right_mm < 40.0
            || page.height_mm - page.margin_top_mm - page.margin_bottom_mm < 40.0
        {
            return Err(format!(
                "--margin: the margins leave less than 40 mm of text on {paper} paper"
            ));
        }
        Ok(page)
    }

    /// The page with its text set in `columns` columns: 1 to 4, each at least 30 mm
    /// wide. Errors name what is wrong.
    pub fn with_columns(mut self, columns: u8) -> Result<PageSetup, String> {
        if !(1..=4).contains(&columns) {
            return Err(format!("--columns {columns}: give 1 to 4 columns"));
        }
        self.columns = columns;
        if self.column_width_mm() < 30.0 {
            return Err(format!(
                "--columns {columns}: the columns would be narrower than 30 mm on this page"
            ));
        }
        Ok(self)
    }

    /// The width of one column of text.
    pub fn column_width_mm(&self) -> f32 {
        let n = f32::from(self.columns.max(1));
        let text = self.width_mm - self.margin_left_mm - self.margin_right_mm;
        (text - self.column_gap_mm * (n - 1.0)) / n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_and_margins_from_flags() {
        let p = PageSetup::from_flags("Letter", Some("1in")).unwrap();
        assert_eq!((p.width_mm, p.height_mm), (215.9, 279.4));
        assert!((p.margin_left_mm - 25.4).abs() < 1e-4);
        let p = PageSetup::from_flags("a5", Some("15mm,12mm")).unwrap();
        assert_eq!((p.margin_top_mm, p.margin_right_mm), (15.0, 12.0));
        assert_eq!((p.margin_bottom_mm, p.margin_left_mm), (15.0, 12.0));
        let p = PageSetup::from_flags("b5", Some("2cm,1cm,3cm,4cm")).unwrap();
        assert_eq!(p.margin_left_mm, 40.0);
        assert_eq!(
            PageSetup::from_flags("a4", None).unwrap(),
            PageSetup::default()
        );
        assert!(PageSetup::from_flags("a3", None)
            .unwrap_err()
            .contains("unknown paper"));
        assert!(PageSetup::from_flags("a4", Some("wide")).is_err());
        assert!(PageSetup::from_flags("a4", Some("1,2,3")).is_err());
        assert!(PageSetup::from_flags("a5", Some("70mm")).is_err());
        assert_eq!(parse_length_mm("72pt"), Some(25.4));
        assert_eq!(parse_length_mm("-3mm"), None);
    }
}
