//! The plain-text tables of `voices/*.txt` (compiled into the binary): a file's text in,
//! its rows out, each split into fields. Every row must have the columns its table has; a
//! row that does not (or a kind a table does not know) is a defect of the shipped file and
//! stops the program with `voices/FILE:LINE: problem`. `every_row_of_every_table_parses`
//! builds every table, so such a row fails the tests, never a user's run.

use std::ops::RangeInclusive;

/// How a table's fields are separated.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Columns {
    /// `a | b | c`, fields trimmed.
    Bars,
    /// Runs of spaces or tabs; the last field takes the rest of the line, spaces and all.
    Spaces,
}

/// One row of a table.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    file: &'static str,
    line: usize,
    pub(crate) fields: Vec<&'a str>,
}

impl Row<'_> {
    /// Stop on a value this row's table does not accept.
    pub(crate) fn reject(&self, problem: &str) -> ! {
        panic!("{}:{}: {problem}", self.file, self.line)
    }
}

/// The rows of `text` (the table `file`, a path under `voices/`): lines neither blank nor
/// `#` comments, each with a number of fields within `count`.
pub(crate) fn rows<'a>(
    file: &'static str,
    text: &'a str,
    columns: Columns,
    count: RangeInclusive<usize>,
) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = match columns {
            Columns::Bars => line.split('|').map(str::trim).collect(),
            Columns::Spaces => split_spaces(line, *count.end()),
        };
        let row = Row {
            file,
            line: i + 1,
            fields,
        };
        if !count.contains(&row.fields.len()) {
            let wanted = if count.start() == count.end() {
                count.start().to_string()
            } else {
                format!("{} to {}", count.start(), count.end())
            };
            row.reject(&format!(
                "expected {wanted} fields, found {}: {line:?}",
                row.fields.len()
            ));
        }
        if row.fields.iter().any(|f| f.is_empty()) {
            row.reject(&format!("an empty field: {line:?}"));
        }
        out.push(row);
    }
    out
}

/// Fields separated by runs of whitespace; with `max` above one, field `max` is the rest
/// of the line.
fn split_spaces(line: &str, max: usize) -> Vec<&str> {
    let mut fields = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        if fields.len() + 1 == max && max > 1 {
            fields.push(rest);
            break;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        fields.push(&rest[..end]);
        rest = rest[end..].trim_start();
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_skip_comments_and_split_fields() {
        let text = "# a comment\n\nMr   title  mister\nvs joiner -\n";
        let rows = rows("voices/x.txt", text, Columns::Spaces, 3..=3);
        let fields: Vec<_> = rows.iter().map(|r| r.fields.clone()).collect();
        assert_eq!(fields, [["Mr", "title", "mister"], ["vs", "joiner", "-"]]);
        let rows = super::rows(
            "voices/x.txt",
            "e.g  joiner  for example\n",
            Columns::Spaces,
            3..=3,
        );
        assert_eq!(rows[0].fields, ["e.g", "joiner", "for example"]);
        let rows = super::rows(
            "voices/x.txt",
            " m | meter | meters | per\n",
            Columns::Bars,
            3..=4,
        );
        assert_eq!(rows[0].fields, ["m", "meter", "meters", "per"]);
    }

    #[test]
    #[should_panic(expected = "voices/units.txt:2: expected 3 to 4 fields, found 2")]
    fn a_row_with_missing_fields_names_the_file_and_line() {
        rows(
            "voices/units.txt",
            "# units\nkg | kilogram\n",
            Columns::Bars,
            3..=4,
        );
    }

    #[test]
    #[should_panic(expected = "voices/x.txt:1: an empty field")]
    fn an_empty_field_is_a_bad_row() {
        rows("voices/x.txt", "a | | c\n", Columns::Bars, 3..=3);
    }

    /// Builds every table of `voices/*.txt`; a bad row in any of them panics here. A new
    /// table file must be added to this list (and read through `rows`).
    #[test]
    fn every_row_of_every_table_parses() {
        let tables = [
            "abbreviations.txt",
            "acronyms.txt",
            "addresses.txt",
            "currencies.txt",
            "sentence-starters.txt",
            "units.txt",
        ];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/voices");
        let mut shipped: Vec<String> = std::fs::read_dir(dir)
            .expect("voices/ is readable")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        shipped.sort();
        assert_eq!(shipped, tables, "every voices/*.txt table is checked here");
        // The normalizer's probe reaches the abbreviation, acronym, address, currency and
        // unit tables; an initial before a capitalised word reaches the sentence starters.
        crate::speech::warm_up();
        assert_eq!(
            crate::speech::sentences::split("Ask the U.S. The end."),
            ["Ask the U.S.", "The end."]
        );
        assert!(crate::speech::sentences::abbreviations().len() > 50);
    }
}
