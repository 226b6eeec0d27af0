//! CSV writing for exports: RFC 4180 records, `;` or `,` separated, optional UTF-8 BOM, formula neutralisation.
//!
//! Exports are opened by council secretaries in Excel or LibreOffice, and the cells hold text that
//! strangers typed into a public form. A comment such as `=HYPERLINK("https://evil.example";"Klikk")`
//! would otherwise become a live formula in the secretary's spreadsheet (CSV injection, OWASP).
//!
//! Decisions:
//! - **Neutralisation** follows OWASP's "CSV Injection" guidance: a cell whose first character is
//!   `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`, which spreadsheets show as
//!   text and do not evaluate. We also look past *leading whitespace* (spaces, tabs, line breaks,
//!   no-break spaces), because LibreOffice and some Excel import paths trim a cell before deciding
//!   whether it is a formula; ` =1+1` is neutralised too. The cost is a visible `'` in front of
//!   an honest `-5` or `- bra`; exports are read by people, and a stray apostrophe is harmless
//!   where a formula is not. Full-width look-alikes (`＝`) are not formula triggers in current
//!   spreadsheets and are left alone.
//! - **Quoting** (RFC 4180): a cell is quoted when it contains the delimiter, `"`, `\n` or `\r`;
//!   quotes inside are doubled. Other cells are written bare, as Excel does.
//! - **Records end with CRLF**, as RFC 4180 says and Excel expects on every platform.
//! - **BOM**: Nordic Excel opens a `;`-separated UTF-8 file correctly only when it starts with a
//!   byte order mark, so the writer can emit one (`\u{feff}`); medvirk's own CSV reader skips it.

use std::borrow::Cow;

/// The field separator. Nordic Excel expects `;` (the comma is the decimal separator there).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Delimiter {
    #[default]
    Semicolon,
    Comma,
}

impl Delimiter {
    pub fn as_char(self) -> char {
        match self {
            Delimiter::Semicolon => ';',
            Delimiter::Comma => ',',
        }
    }

    /// Parses the names used in query strings: `semicolon` or `comma` (also the characters).
    pub fn parse(s: &str) -> Option<Delimiter> {
        match s {
            "semicolon" | ";" => Some(Delimiter::Semicolon),
            "comma" | "," => Some(Delimiter::Comma),
            _ => None,
        }
    }
}

/// The characters OWASP lists as starting a formula in common spreadsheets.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet could read `cell` as a formula: its first character, or its first
/// character after leading whitespace, is one of [`FORMULA_TRIGGERS`].
pub fn is_formula_like(cell: &str) -> bool {
    if cell.starts_with(FORMULA_TRIGGERS) {
        return true;
    }
    cell.trim_start().starts_with(FORMULA_TRIGGERS)
}

/// `cell` with a `'` in front when it could be read as a formula, else unchanged.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Appends one cell, neutralised and quoted as needed, to `out`.
pub fn write_cell(out: &mut String, cell: &str, delimiter: Delimiter) {
    let cell = neutralise(cell);
    let delim = delimiter.as_char();
    if cell.contains([delim, '"', '\n', '\r']) {
        out.push('"');
        for c in cell.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// Builds a CSV document record by record. [`CsvWriter::take`] hands out what was written so
/// far, so a server can stream a large export in chunks without holding it all.
#[derive(Clone, Debug)]
pub struct CsvWriter {
    out: String,
    delimiter: Delimiter,
    rows: usize,
}

impl CsvWriter {
    /// A writer; with `bom` the output starts with the UTF-8 byte order mark.
    pub fn new(delimiter: Delimiter, bom: bool) -> Self {
        CsvWriter {
            out: if bom {
                String::from('\u{feff}')
            } else {
                String::new()
            },
            delimiter,
            rows: 0,
        }
    }

    /// Writes one record. Every cell is text and goes through [`write_cell`].
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.out.push(self.delimiter.as_char());
            }
            write_cell(&mut self.out, cell.as_ref(), self.delimiter);
        }
        self.out.push_str("\r\n");
        self.rows += 1;
    }

    /// Records written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// What has been written since the last `take` (the BOM included the first time).
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    /// The rest of the document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// A whole document in one call.
pub fn to_csv<R, I, S>(rows: R, delimiter: Delimiter, bom: bool) -> String
where
    R: IntoIterator<Item = I>,
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut w = CsvWriter::new(delimiter, bom);
    for row in rows {
        w.row(row);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::csv::parse_csv;

    /// One cell written alone (comma-separated, no BOM) must come out as `expected`.
    fn check(cell: &str, expected: &str) {
        let mut out = String::new();
        write_cell(&mut out, cell, Delimiter::Comma);
        assert_eq!(out, expected, "cell {cell:?}");
    }

    #[test]
    fn quoting_and_neutralisation() {
        check("plain", "plain");
        check("", "");
        check("a,b", "\"a,b\"");
        check("a;b", "a;b");
        check("say \"hei\"", "\"say \"\"hei\"\"\"");
        check("line\nbreak", "\"line\nbreak\"");
        check("cr\rhere", "\"cr\rhere\"");
        check("=1+1", "'=1+1");
        check("+47 22 00 00 00", "'+47 22 00 00 00");
        check("-5", "'-5");
        check("@SUM(A1)", "'@SUM(A1)");
        check("\tx", "'\tx");
        check("\rx", "\"'\rx\"");
        check("  =1+1", "'  =1+1");
        check("\n=cmd", "\"'\n=cmd\"");
        check("\u{a0}=1", "'\u{a0}=1");
        check(
            "=HYPERLINK(\"https://evil.example\",\"Klikk\")",
            "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Klikk\"\")\"",
        );
        // Inside a cell the triggers are harmless; full-width look-alikes are left alone.
        check("a=b", "a=b");
        check("ok - fint", "ok - fint");
        check("\u{ff1d}1", "\u{ff1d}1");
        check("  ", "  ");
    }

    #[test]
    fn delimiters_bom_and_records() {
        let rows = [["id", "kommentar"], ["1", "a;b"], ["2", "a,b"]];
        assert_eq!(
            to_csv(rows, Delimiter::Semicolon, true),
            "\u{feff}id;kommentar\r\n1;\"a;b\"\r\n2;a,b\r\n"
        );
        assert_eq!(
            to_csv(rows, Delimiter::Comma, false),
            "id,kommentar\r\n1,a;b\r\n2,\"a,b\"\r\n"
        );
        assert_eq!(Delimiter::parse("comma"), Some(Delimiter::Comma));
        assert_eq!(Delimiter::parse(";"), Some(Delimiter::Semicolon));
        assert_eq!(Delimiter::parse("tab"), None);
    }

    #[test]
    fn take_streams_the_same_bytes() {
        let mut w = CsvWriter::new(Delimiter::Semicolon, true);
        let mut streamed = String::new();
        w.row(["a", "b"]);
        streamed.push_str(&w.take());
        w.row(["=c", "d\ne"]);
        streamed.push_str(&w.take());
        streamed.push_str(&w.finish());
        assert_eq!(
            streamed,
            to_csv([["a", "b"], ["=c", "d\ne"]], Delimiter::Semicolon, true)
        );
    }

    /// What the writer writes, medvirk's own reader reads back cell for cell (with the `'`).
    #[test]
    fn round_trips_through_the_reader() {
        let cells = [
            "Åse Ødegård",
            "=HYPERLINK(\"x\";\"y\")",
            "multi\nline; with \"quotes\", commas",
            "",
            "-",
            " @x",
        ];
        for delimiter in [Delimiter::Semicolon, Delimiter::Comma] {
            let text = to_csv(
                [["h1", "h2", "h3", "h4", "h5", "h6"], cells],
                delimiter,
                true,
            );
            let records = parse_csv(&text).unwrap();
            assert_eq!(records.len(), 2);
            let expected: Vec<String> = cells.iter().map(|c| neutralise(c).into_owned()).collect();
            assert_eq!(records[1].fields, expected, "{delimiter:?}");
            for field in &records[1].fields {
                assert!(!is_formula_like(field) || field.starts_with('\''));
            }
        }
    }
}
