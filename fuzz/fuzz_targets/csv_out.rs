//! Fuzz target: CSV writing (`csv_out`) read back with core's CSV reader: same cells, and no cell a spreadsheet would run.
//!
//! The input is split into rows (`\u{2}`) and cells (`\u{1}`); its first byte picks the separator
//! and the BOM. Every row is padded to the header's width, as an export's rows are. The reader
//! drops `\r` inside quoted fields (as Excel does), so cells are compared without it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::csv_out::{CsvWriter, Delimiter, is_formula_like, neutralise};
use medvirk_core::directory::csv::parse_csv;

const COLUMNS: usize = 4;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let delimiter = if flags & 1 == 0 {
        Delimiter::Semicolon
    } else {
        Delimiter::Comma
    };
    let rows: Vec<Vec<&str>> = text
        .split('\u{2}')
        .map(|row| {
            let mut cells: Vec<&str> = row.split('\u{1}').take(COLUMNS).collect();
            cells.resize(COLUMNS, "");
            cells
        })
        .collect();
    let mut w = CsvWriter::new(delimiter, flags & 2 != 0);
    w.row(["a", "b", "c", "d"]);
    let mut out = String::new();
    for row in &rows {
        w.row(row);
        if flags & 4 != 0 {
            out.push_str(&w.take());
        }
    }
    out.push_str(&w.finish());

    let records = parse_csv(&out).expect("the reader reads what the writer wrote");
    // Rows of only empty cells still have separators, so none is skipped as blank.
    assert_eq!(records.len(), rows.len() + 1, "{out:?}");
    for (record, row) in records[1..].iter().zip(&rows) {
        let expected: Vec<String> = row
            .iter()
            .map(|c| neutralise(c).replace('\r', ""))
            .collect();
        assert_eq!(record.fields, expected, "{out:?}");
        for cell in &record.fields {
            assert!(
                !is_formula_like(cell) || cell.starts_with('\''),
                "a formula survived: {cell:?}"
            );
        }
    }
});
