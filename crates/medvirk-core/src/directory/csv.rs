//! CSV import for administrators: an RFC 4180 reader and a mapping of spreadsheet columns to
//! persons, councils, organisations and memberships, with errors per row and column.
//!
//! Spreadsheets come from Nordic Excel (`;` separated, UTF-8 with a BOM) as often as from
//! anything else (`,`), so the delimiter is detected from the header line: whichever of `;`,
//! `,` and tab occurs most outside quotes, `;` on a tie. Quoted fields may hold delimiters,
//! doubled quotes and line breaks. A stray quote inside an unquoted field is kept as text, as
//! Excel does; a quote left open at the end of the file is an error.
//!
//! # Columns
//! One row is one membership. Header names are matched without regard to case, spaces,
//! `_`/`-` and diacritics; Norwegian and Swedish names work too:
//!
//! | column | also | meaning |
//! |---|---|---|
//! | `name` (required) | navn, namn | the person |
//! | `council` (required) | råd | council name; councils are created by name |
//! | `role` | rolle, roll | leder/leiar/ordförande/chair, nestleder/vice ordförande, medlem/ledamot/member, vara/ersättare/deputy (default member) |
//! | `organisation` | organisasjon, organization, representerer, representerar | nominating organisation name |
//! | `category` | kategori | user_representative, brukerrepresentant, pårørende, ansatt, politiker, ... |
//! | `status` | | nominert/nominerad, innstilt/föreslagen, oppnevnt/utsedd, avsluttet/avslutad (default appointed) |
//! | `start`, `end` | fra/från, til/till/slutt | `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `DD.MM.YYYY` |
//! | `email`, `phone`, `address`, `link` | e-post, telefon/tlf/mobil, adresse/adress, lenke/länk/nettside | the person's contact |
//! | `level` | nivå | the council's level (lokal, regional, nasjonal, ...) |
//! | `person_id` | | rows with the same id are one person (else: same name and e-mail) |
//! | `membership_id` | | an id for `deputy_for` to refer to (else `row-N`) |
//! | `deputy_for` | personlig_vara_for, ersättare_för | membership id, or the name of a member of the same council |
//! | `confirmed_on` | bekreftet, bekräftad | date the entry was confirmed |
//!
//! A row with any error is left out and reported, except an unresolved `deputy_for`, which is
//! reported while the row is imported without it. Unknown columns are listed, not errors.

use std::collections::HashMap;

use super::import::{MAX_MEMBERSHIPS, Records};
use super::links::{https_url, normalise_phone, validate_email};
use super::popolo::{category_from_words, level_from_words, role_word, status_from_words};
use super::search::fold;
use super::{
    Contact, Date, Directory, ImportReport, Membership, OrgKind, Organisation, PartialDate, Person,
    Role, Status,
};

/// Largest CSV accepted, in bytes.
pub const MAX_CSV_BYTES: usize = 16 * 1024 * 1024;

/// A CSV document that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// No header line.
    Empty,
    /// A quoted field opened on this (1-based) line never closes.
    UnterminatedQuote {
        line: usize,
    },
    TooLarge,
    TooManyRows {
        limit: usize,
    },
    /// A required column is missing from the header.
    MissingColumn(&'static str),
}

impl core::fmt::Display for CsvError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CsvError::Empty => f.write_str("the file has no header line"),
            CsvError::UnterminatedQuote { line } => {
                write!(f, "a quoted field opened on line {line} is never closed")
            }
            CsvError::TooLarge => write!(f, "the file is larger than {MAX_CSV_BYTES} bytes"),
            CsvError::TooManyRows { limit } => write!(f, "the file has more than {limit} rows"),
            CsvError::MissingColumn(c) => write!(f, "the header has no \"{c}\" column"),
        }
    }
}

impl std::error::Error for CsvError {}

/// One record of a CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvRecord {
    /// The 1-based line the record starts on (the header is line 1).
    pub line: usize,
    pub fields: Vec<String>,
}

/// Reads CSV text into records (the header included, as the first record). Empty lines are
/// skipped.
pub fn parse_csv(text: &str) -> Result<Vec<CsvRecord>, CsvError> {
    if text.len() > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delim = detect_delimiter(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut quote_line = 0;
    // Whether the current field began with a quote (then quotes are syntax, not text).
    let mut field_quoted = false;
    let end_record = |fields: &mut Vec<String>,
                      field: &mut String,
                      start: usize,
                      records: &mut Vec<CsvRecord>| {
        fields.push(core::mem::take(field));
        let blank = fields.len() == 1 && fields[0].is_empty();
        if !blank {
            records.push(CsvRecord {
                line: start,
                fields: core::mem::take(fields),
            });
        }
        fields.clear();
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !field_quoted => {
                quoted = true;
                field_quoted = true;
                quote_line = line;
            }
            c if c == delim => {
                fields.push(core::mem::take(&mut field));
                field_quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                end_record(&mut fields, &mut field, start_line, &mut records);
                field_quoted = false;
                line += 1;
                start_line = line;
                if records.len() > MAX_MEMBERSHIPS + 1 {
                    return Err(CsvError::TooManyRows {
                        limit: MAX_MEMBERSHIPS,
                    });
                }
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(CsvError::UnterminatedQuote { line: quote_line });
    }
    if !field.is_empty() || !fields.is_empty() {
        end_record(&mut fields, &mut field, start_line, &mut records);
    }
    if records.len() > MAX_MEMBERSHIPS + 1 {
        return Err(CsvError::TooManyRows {
            limit: MAX_MEMBERSHIPS,
        });
    }
    Ok(records)
}

/// Picks the delimiter from the first line: the most frequent of `;`, `,`, tab outside quotes.
fn detect_delimiter(text: &str) -> char {
    let (mut semi, mut comma, mut tab) = (0, 0, 0);
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > semi && tab > comma {
        '\t'
    } else if comma > semi {
        ','
    } else {
        ';'
    }
}

/// What is wrong with a cell: a stable kind, so the admin pages can say it in the person's
/// language (`admin::import_texts`) while the JSON API keeps [`RowError::message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowProblem {
    EmptyName,
    EmptyCouncil,
    UnknownRole,
    UnknownStatus,
    UnknownCategory,
    UnknownLevel,
    InvalidDate,
    EndBeforeStart,
    InvalidEmail,
    InvalidPhone,
    InvalidUrl,
    /// `deputy_for` names no membership id and no member of the same council; the row is
    /// imported without the link.
    UnknownDeputy,
}

impl RowProblem {
    /// Every kind, for tests that each has a text.
    pub const ALL: [RowProblem; 12] = [
        RowProblem::EmptyName,
        RowProblem::EmptyCouncil,
        RowProblem::UnknownRole,
        RowProblem::UnknownStatus,
        RowProblem::UnknownCategory,
        RowProblem::UnknownLevel,
        RowProblem::InvalidDate,
        RowProblem::EndBeforeStart,
        RowProblem::InvalidEmail,
        RowProblem::InvalidPhone,
        RowProblem::InvalidUrl,
        RowProblem::UnknownDeputy,
    ];

    /// A snake_case code for logs and machine readers (`unknown_role`).
    pub fn code(self) -> &'static str {
        match self {
            RowProblem::EmptyName => "empty_name",
            RowProblem::EmptyCouncil => "empty_council",
            RowProblem::UnknownRole => "unknown_role",
            RowProblem::UnknownStatus => "unknown_status",
            RowProblem::UnknownCategory => "unknown_category",
            RowProblem::UnknownLevel => "unknown_level",
            RowProblem::InvalidDate => "invalid_date",
            RowProblem::EndBeforeStart => "end_before_start",
            RowProblem::InvalidEmail => "invalid_email",
            RowProblem::InvalidPhone => "invalid_phone",
            RowProblem::InvalidUrl => "invalid_url",
            RowProblem::UnknownDeputy => "unknown_deputy",
        }
    }

    /// The English message the JSON API sends; `value` is the cell's text.
    pub fn message(self, value: &str) -> String {
        match self {
            RowProblem::EmptyName => "the name is empty".into(),
            RowProblem::EmptyCouncil => "the council is empty".into(),
            RowProblem::UnknownRole => {
                "unknown role; use leder, nestleder, medlem or vara (or chair, member, deputy)"
                    .into()
            }
            RowProblem::UnknownStatus => {
                "unknown status; use nominert, innstilt, oppnevnt or avsluttet".into()
            }
            RowProblem::UnknownCategory => {
                "unknown category; use brukerrepresentant, pårørende, ansatt, politiker or annet"
                    .into()
            }
            RowProblem::UnknownLevel => "unknown level; use lokal, regional or nasjonal".into(),
            RowProblem::InvalidDate => {
                "not a date; use YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY".into()
            }
            RowProblem::EndBeforeStart => "the term ends before it starts".into(),
            RowProblem::InvalidEmail => "not a valid e-mail address".into(),
            RowProblem::InvalidPhone => "not a valid phone number".into(),
            RowProblem::InvalidUrl => "not a valid https:// address".into(),
            RowProblem::UnknownDeputy => {
                format!("no membership with id or member named \"{value}\" on this council")
            }
        }
    }
}

/// A problem with one cell (or row) of the CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line where the row starts.
    pub line: usize,
    /// The column as named in the header ("" for the row as a whole).
    pub column: String,
    /// English, for the JSON API and logs: `problem.message(&value)`.
    pub message: String,
    pub problem: RowProblem,
    /// The cell's text (trimmed) that the problem is about; empty for an empty cell.
    pub value: String,
}

impl RowError {
    fn new(line: usize, column: String, problem: RowProblem, value: &str) -> RowError {
        RowError {
            line,
            column,
            message: problem.message(value),
            problem,
            value: value.to_owned(),
        }
    }
}

/// The result of a CSV import.
#[derive(Clone, Debug)]
pub struct CsvImport {
    pub report: ImportReport,
    /// Rows left out, with the reason.
    pub errors: Vec<RowError>,
    /// Header names that matched no known column.
    pub ignored_columns: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Col {
    Name,
    Council,
    Role,
    Organisation,
    Category,
    Status,
    Start,
    End,
    Email,
    Phone,
    Address,
    Link,
    Level,
    PersonId,
    MembershipId,
    DeputyFor,
    ConfirmedOn,
}

fn column(header: &str) -> Option<Col> {
    let key: String = fold(header.trim())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match key.as_str() {
        "name" | "navn" | "namn" => Col::Name,
        "council" | "rad" => Col::Council,
        "role" | "rolle" | "roll" => Col::Role,
        "organisation" | "organization" | "organisasjon" | "representerer" | "representerar"
        | "onbehalfof" => Col::Organisation,
        "category" | "kategori" => Col::Category,
        "status" => Col::Status,
        "start" | "startdate" | "fra" | "fran" => Col::Start,
        "end" | "enddate" | "til" | "till" | "slutt" => Col::End,
        "email" | "epost" | "mail" => Col::Email,
        "phone" | "telefon" | "tlf" | "mobil" => Col::Phone,
        "address" | "adresse" | "adress" => Col::Address,
        "link" | "url" | "lenke" | "lank" | "nettside" | "webbplats" | "website" => Col::Link,
        "level" | "niva" => Col::Level,
        "personid" => Col::PersonId,
        "membershipid" => Col::MembershipId,
        "deputyfor" | "personligvarafor" | "varafor" | "ersattarefor" => Col::DeputyFor,
        "confirmedon" | "bekreftet" | "stadfesta" | "bekraftad" => Col::ConfirmedOn,
        _ => return None,
    })
}

/// Reads a date in ISO form or as Nordic spreadsheets show it (`31.12.2025`).
fn csv_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    PartialDate::parse(s).or_else(|| {
        let mut parts = s.split('.');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        Some(date.into())
    })
}

/// A stable id from a name: folded, letters and digits, hyphens between words.
fn slug(prefix: &str, name: &str) -> String {
    let mut out = String::from(prefix);
    for c in fold(name).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Imports a CSV of memberships; see the module docs for the columns.
pub fn import_csv(text: &str) -> Result<CsvImport, CsvError> {
    let mut records = parse_csv(text)?.into_iter();
    let header = records.next().ok_or(CsvError::Empty)?;
    let mut cols: HashMap<Col, usize> = HashMap::new();
    let mut ignored_columns = Vec::new();
    for (i, h) in header.fields.iter().enumerate() {
        match column(h) {
            Some(c) => {
                cols.entry(c).or_insert(i);
            }
            None if !h.trim().is_empty() => ignored_columns.push(h.clone()),
            None => {}
        }
    }
    for (c, name) in [(Col::Name, "name"), (Col::Council, "council")] {
        if !cols.contains_key(&c) {
            return Err(CsvError::MissingColumn(name));
        }
    }
    let col_name = |c: Col| {
        cols.get(&c)
            .map_or(String::new(), |&i| header.fields[i].trim().to_owned())
    };

    let mut r = Records::default();
    let mut errors = Vec::new();
    let mut persons: HashMap<String, usize> = HashMap::new();
    let mut orgs: HashMap<String, usize> = HashMap::new();
    // Deputy references are resolved after all rows are read: (membership index, raw value).
    let mut deputy_refs: Vec<(usize, String, usize)> = Vec::new();

    for rec in records {
        let get = |c: Col| -> &str {
            cols.get(&c)
                .and_then(|&i| rec.fields.get(i))
                .map_or("", |s| s.trim())
        };
        let mut row_errors = Vec::new();
        let mut err = |c: Col, problem: RowProblem| {
            row_errors.push(RowError::new(rec.line, col_name(c), problem, get(c)))
        };
        let name = get(Col::Name);
        if name.is_empty() {
            err(Col::Name, RowProblem::EmptyName);
        }
        let council = get(Col::Council);
        if council.is_empty() {
            err(Col::Council, RowProblem::EmptyCouncil);
        }
        let role = match get(Col::Role) {
            "" => Some(Role::Member),
            s => role_word(s).or_else(|| {
                err(Col::Role, RowProblem::UnknownRole);
                None
            }),
        };
        let status = match get(Col::Status) {
            "" => Some(Status::Appointed),
            s => status_from_words(s).or_else(|| {
                err(Col::Status, RowProblem::UnknownStatus);
                None
            }),
        };
        let category = match get(Col::Category) {
            "" => None,
            s => {
                let c = category_from_words(s);
                if c.is_none() {
                    err(Col::Category, RowProblem::UnknownCategory);
                }
                c
            }
        };
        let level = match get(Col::Level) {
            "" => None,
            s => {
                let l = level_from_words(s);
                if l.is_none() {
                    err(Col::Level, RowProblem::UnknownLevel);
                }
                l
            }
        };
        let mut date = |c: Col| match get(c) {
            "" => None,
            s => {
                let d = csv_date(s);
                if d.is_none() {
                    err(c, RowProblem::InvalidDate);
                }
                d
            }
        };
        let (start, end, confirmed_on) = (date(Col::Start), date(Col::End), date(Col::ConfirmedOn));
        if let (Some(s), Some(e)) = (start, end)
            && s.first_day() > e.last_day()
        {
            err(Col::End, RowProblem::EndBeforeStart);
        }
        let mut checked = |c: Col, check: fn(&str) -> Option<String>, problem| match get(c) {
            "" => None,
            s => {
                let v = check(s);
                if v.is_none() {
                    err(c, problem);
                }
                v
            }
        };
        let email = checked(Col::Email, validate_email, RowProblem::InvalidEmail);
        let phone = checked(Col::Phone, normalise_phone, RowProblem::InvalidPhone);
        let link = checked(Col::Link, https_url, RowProblem::InvalidUrl);
        if !row_errors.is_empty() {
            errors.extend(row_errors);
            continue;
        }
        let (Some(role), Some(status)) = (role, status) else {
            continue;
        };

        let person_key = match get(Col::PersonId) {
            "" => format!("{}\n{}", fold(name), email.as_deref().unwrap_or("")),
            id => format!("id\n{id}"),
        };
        let person_ix = *persons.entry(person_key).or_insert_with(|| {
            let id = match get(Col::PersonId) {
                "" => format!("p-{}", r.persons.len() + 1),
                id => id.to_owned(),
            };
            r.persons.push(Person {
                id,
                name: name.to_owned(),
                ..Person::default()
            });
            r.persons.len() - 1
        });
        let p = &mut r.persons[person_ix];
        // Contact details on any row of the person fill what earlier rows left empty.
        p.email = p.email.take().or(email);
        p.phone = p.phone.take().or(phone);
        if p.address.is_none() && !get(Col::Address).is_empty() {
            p.address = Some(get(Col::Address).to_owned());
        }
        if let Some(l) = link
            && !p.links.contains(&l)
        {
            p.links.push(l);
        }
        let person_id = p.id.clone();

        let mut org = |name: &str, kind: OrgKind, prefix: &str| -> String {
            let id = slug(prefix, name);
            let ix = *orgs.entry(id.clone()).or_insert_with(|| {
                r.organisations.push(Organisation {
                    id: id.clone(),
                    name: name.to_owned(),
                    kind,
                    parent_id: None,
                    level: None,
                    seats: Vec::new(),
                });
                r.organisations.len() - 1
            });
            if kind == OrgKind::Council && level.is_some() {
                r.organisations[ix].level = level;
            }
            id
        };
        let council_id = org(council, OrgKind::Council, "council-");
        let on_behalf_of = match get(Col::Organisation) {
            "" => None,
            o => Some(org(o, OrgKind::UserOrganisation, "org-")),
        };
        let id = match get(Col::MembershipId) {
            "" => format!("row-{}", rec.line),
            id => id.to_owned(),
        };
        if !get(Col::DeputyFor).is_empty() {
            deputy_refs.push((
                r.memberships.len(),
                get(Col::DeputyFor).to_owned(),
                rec.line,
            ));
        }
        r.memberships.push(Membership {
            id,
            person_id,
            council_id,
            role,
            category,
            on_behalf_of,
            start,
            end,
            status,
            deputy_for: None,
            contact: Contact::default(),
            confirmed_on,
        });
    }

    // `deputy_for` names a membership id, or a member of the same council by name.
    for (i, raw, line) in deputy_refs {
        let council = r.memberships[i].council_id.clone();
        let by_id = r
            .memberships
            .iter()
            .find(|m| m.id == raw)
            .map(|m| m.id.clone());
        let by_name = || {
            let wanted = fold(&raw);
            r.memberships
                .iter()
                .find(|m| {
                    m.council_id == council
                        && m.role != Role::Deputy
                        && r.persons
                            .iter()
                            .any(|p| p.id == m.person_id && fold(&p.name) == wanted)
                })
                .map(|m| m.id.clone())
        };
        match by_id.or_else(by_name) {
            Some(target) => r.memberships[i].deputy_for = Some(target),
            None => errors.push(RowError::new(
                line,
                col_name(Col::DeputyFor),
                RowProblem::UnknownDeputy,
                &raw,
            )),
        }
    }

    Ok(CsvImport {
        report: Directory::build(r),
        errors,
        ignored_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_errors_carry_their_kind_and_the_cell() {
        let r = import_csv(
            "navn;råd;rolle;til;fra;e-post;kategori;personlig vara for\n\
             Kari;Rådet;Sjef;2020;2024;kari(at)x.no;Annet;\n\
             ;Rådet;;;;;;\n\
             Ola;Rådet;vara;;;;annat;Ingen Slik\n",
        )
        .unwrap();
        let got: Vec<(usize, &str, RowProblem, &str)> = r
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.problem, e.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "rolle", RowProblem::UnknownRole, "Sjef"),
                (2, "til", RowProblem::EndBeforeStart, "2020"),
                (2, "e-post", RowProblem::InvalidEmail, "kari(at)x.no"),
                (3, "navn", RowProblem::EmptyName, ""),
                (
                    4,
                    "personlig vara for",
                    RowProblem::UnknownDeputy,
                    "Ingen Slik"
                ),
            ]
        );
        for e in &r.errors {
            assert_eq!(e.message, e.problem.message(&e.value));
        }
        let ola = &r.report.directory.memberships()[0];
        assert_eq!(ola.category, Some(super::super::Category::Other));
        let codes: std::collections::HashSet<_> =
            RowProblem::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), RowProblem::ALL.len());
    }
}
