//! What the directory import preview says about a file's problems, in bokmål, nynorsk, svenska and English.
//!
//! The readers in `directory` report problems as kinds with their parameters ([`Reason`] with
//! the record's id and field, [`RowProblem`] with line, column and cell value, [`CsvError`],
//! [`ImportError`]) and keep an English message for the JSON API and the widgets' console. The
//! admin pages render the kinds here instead, so a webmaster reads every problem in the language
//! the rest of the page is in. The texts live in `admin`, not in `directory`, because the
//! widgets' wasm bundles use the directory readers and must not carry them.
//!
//! Placeholders: `{value}`, `{line}`, `{column}`, `{size}`, `{limit}`, `{count}`, `{kind}`.

use crate::directory::csv::{CsvError, MAX_CSV_BYTES, RowError, RowProblem};
use crate::directory::{ImportError, Reason, RecordKind};
use crate::i18n::{fill, number};
use crate::lang::Lang;

/// Every import problem text in one language.
#[derive(Debug)]
pub struct ImportTexts {
    // Why a record was skipped or a field dropped (`Reason`).
    pub not_an_object: &'static str,
    pub missing_id: &'static str,
    pub invalid_id: &'static str,
    pub duplicate_id: &'static str,
    pub missing_name: &'static str,
    pub too_long: &'static str,
    pub invalid_value: &'static str,
    pub invalid_date: &'static str,
    pub end_before_start: &'static str,
    pub unknown_person: &'static str,
    pub unknown_council: &'static str,
    pub not_a_council: &'static str,
    pub unknown_reference: &'static str,
    pub cyclic_parent: &'static str,
    pub invalid_email: &'static str,
    pub invalid_phone: &'static str,
    pub invalid_url: &'static str,
    // A CSV cell (`RowProblem`).
    pub row_empty_name: &'static str,
    pub row_empty_council: &'static str,
    pub row_unknown_role: &'static str,
    pub row_unknown_status: &'static str,
    pub row_unknown_category: &'static str,
    pub row_unknown_level: &'static str,
    pub row_invalid_date: &'static str,
    pub row_end_before_start: &'static str,
    pub row_invalid_email: &'static str,
    pub row_invalid_phone: &'static str,
    pub row_invalid_url: &'static str,
    pub row_unknown_deputy: &'static str,
    // A CSV file that cannot be read (`CsvError`).
    pub csv_empty: &'static str,
    pub csv_unterminated_quote: &'static str,
    pub csv_too_large: &'static str,
    pub csv_too_many_rows: &'static str,
    pub csv_missing_column: &'static str,
    // A JSON document that cannot be read (`ImportError`).
    pub json_invalid: &'static str,
    pub json_not_an_object: &'static str,
    pub json_wrong_format: &'static str,
    pub json_unsupported_version: &'static str,
    pub json_too_many: &'static str,
    // Kinds of record, as counted in "too many".
    pub many_persons: &'static str,
    pub many_organisations: &'static str,
    pub many_memberships: &'static str,
    pub many_posts: &'static str,
}

const NB: ImportTexts = ImportTexts {
    not_an_object: "Ikke et JSON-objekt",
    missing_id: "Mangler id",
    invalid_id: "Id-en er ikke tekst på høyst 200 byte",
    duplicate_id: "En tidligere oppføring har samme id",
    missing_name: "Mangler navn",
    too_long: "For lang",
    invalid_value: "Feil type verdi, eller en verdi som ikke er tillatt",
    invalid_date: "Ikke en dato på formen ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD",
    end_before_start: "Perioden slutter før den begynner",
    unknown_person: "Personen finnes ikke i filen",
    unknown_council: "Rådet finnes ikke i filen",
    not_a_council: "Organisasjonen er ikke et råd",
    unknown_reference: "Viser til en oppføring som ikke finnes",
    cyclic_parent: "Kjeden av overordnede organisasjoner går i ring tilbake hit",
    invalid_email: "Ikke en gyldig e-postadresse",
    invalid_phone: "Ikke et gyldig telefonnummer",
    invalid_url: "Ikke en gyldig adresse som begynner med https://",
    row_empty_name: "Navnet er tomt",
    row_empty_council: "Rådet er tomt",
    row_unknown_role: "Ukjent rolle «{value}». Bruk leder, nestleder, medlem eller vara",
    row_unknown_status: "Ukjent status «{value}». Bruk nominert, innstilt, oppnevnt eller avsluttet",
    row_unknown_category: "Ukjent kategori «{value}». Bruk brukerrepresentant, pårørende, ansatt, politiker eller annet",
    row_unknown_level: "Ukjent nivå «{value}». Bruk lokal, regional eller nasjonal",
    row_invalid_date: "«{value}» er ikke en dato. Skriv ÅÅÅÅ-MM-DD, DD.MM.ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ",
    row_end_before_start: "Perioden slutter («{value}») før den begynner",
    row_invalid_email: "«{value}» er ikke en gyldig e-postadresse",
    row_invalid_phone: "«{value}» er ikke et gyldig telefonnummer",
    row_invalid_url: "«{value}» er ikke en gyldig adresse som begynner med https://",
    row_unknown_deputy: "Ingen verv med id «{value}» og ingen medlem med det navnet i dette rådet. Raden blir importert uten vara-koblingen",
    csv_empty: "Filen har ingen overskriftslinje",
    csv_unterminated_quote: "Et felt i anførselstegn som begynner på linje {line}, blir aldri avsluttet",
    csv_too_large: "Filen er større enn {size}",
    csv_too_many_rows: "Filen har flere enn {limit} rader",
    csv_missing_column: "Overskriftslinjen mangler kolonnen «{column}»",
    json_invalid: "Filen er ikke gyldig JSON (feil på linje {line}, tegn {column})",
    json_not_an_object: "Dokumentet er ikke et JSON-objekt",
    json_wrong_format: "Dokumentet er verken medvirk-JSON eller Popolo-JSON",
    json_unsupported_version: "Denne versjonen av schemaVersion kan ikke leses (bare versjon 1)",
    json_too_many: "For mange {kind}: {count} (høyst {limit})",
    many_persons: "personer",
    many_organisations: "organisasjoner",
    many_memberships: "verv",
    many_posts: "plasser",
};

const NN: ImportTexts = ImportTexts {
    not_an_object: "Ikkje eit JSON-objekt",
    missing_id: "Manglar id",
    invalid_id: "Id-en er ikkje tekst på høgst 200 byte",
    duplicate_id: "Ei tidlegare oppføring har same id",
    missing_name: "Manglar namn",
    too_long: "For lang",
    invalid_value: "Feil type verdi, eller ein verdi som ikkje er tillaten",
    invalid_date: "Ikkje ein dato på forma ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD",
    end_before_start: "Perioden sluttar før han byrjar",
    unknown_person: "Personen finst ikkje i fila",
    unknown_council: "Rådet finst ikkje i fila",
    not_a_council: "Organisasjonen er ikkje eit råd",
    unknown_reference: "Viser til ei oppføring som ikkje finst",
    cyclic_parent: "Kjeda av overordna organisasjonar går i ring attende hit",
    invalid_email: "Ikkje ei gyldig e-postadresse",
    invalid_phone: "Ikkje eit gyldig telefonnummer",
    invalid_url: "Ikkje ei gyldig adresse som byrjar med https://",
    row_empty_name: "Namnet er tomt",
    row_empty_council: "Rådet er tomt",
    row_unknown_role: "Ukjend rolle «{value}». Bruk leiar, nestleiar, medlem eller vara",
    row_unknown_status: "Ukjend status «{value}». Bruk nominert, innstilt, oppnemnd eller avslutta",
    row_unknown_category: "Ukjend kategori «{value}». Bruk brukarrepresentant, pårørande, tilsett, politikar eller anna",
    row_unknown_level: "Ukjend nivå «{value}». Bruk lokal, regional eller nasjonal",
    row_invalid_date: "«{value}» er ikkje ein dato. Skriv ÅÅÅÅ-MM-DD, DD.MM.ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ",
    row_end_before_start: "Perioden sluttar («{value}») før han byrjar",
    row_invalid_email: "«{value}» er ikkje ei gyldig e-postadresse",
    row_invalid_phone: "«{value}» er ikkje eit gyldig telefonnummer",
    row_invalid_url: "«{value}» er ikkje ei gyldig adresse som byrjar med https://",
    row_unknown_deputy: "Ingen verv med id «{value}» og ingen medlem med det namnet i dette rådet. Rada blir importert utan vara-koplinga",
    csv_empty: "Fila har inga overskriftslinje",
    csv_unterminated_quote: "Eit felt i hermeteikn som byrjar på linje {line}, blir aldri avslutta",
    csv_too_large: "Fila er større enn {size}",
    csv_too_many_rows: "Fila har fleire enn {limit} rader",
    csv_missing_column: "Overskriftslinja manglar kolonnen «{column}»",
    json_invalid: "Fila er ikkje gyldig JSON (feil på linje {line}, teikn {column})",
    json_not_an_object: "Dokumentet er ikkje eit JSON-objekt",
    json_wrong_format: "Dokumentet er verken medvirk-JSON eller Popolo-JSON",
    json_unsupported_version: "Denne versjonen av schemaVersion kan ikkje lesast (berre versjon 1)",
    json_too_many: "For mange {kind}: {count} (høgst {limit})",
    many_persons: "personar",
    many_organisations: "organisasjonar",
    many_memberships: "verv",
    many_posts: "plassar",
};

const SV: ImportTexts = ImportTexts {
    not_an_object: "Inte ett JSON-objekt",
    missing_id: "Saknar id",
    invalid_id: "Id:t är inte text på högst 200 byte",
    duplicate_id: "En tidigare post har samma id",
    missing_name: "Saknar namn",
    too_long: "För lång",
    invalid_value: "Fel typ av värde, eller ett värde som inte är tillåtet",
    invalid_date: "Inte ett datum på formen ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD",
    end_before_start: "Perioden slutar innan den börjar",
    unknown_person: "Personen finns inte i filen",
    unknown_council: "Rådet finns inte i filen",
    not_a_council: "Organisationen är inte ett råd",
    unknown_reference: "Hänvisar till en post som inte finns",
    cyclic_parent: "Kedjan av överordnade organisationer går i cirkel tillbaka hit",
    invalid_email: "Inte en giltig e-postadress",
    invalid_phone: "Inte ett giltigt telefonnummer",
    invalid_url: "Inte en giltig adress som börjar med https://",
    row_empty_name: "Namnet är tomt",
    row_empty_council: "Rådet är tomt",
    row_unknown_role: "Okänd roll ”{value}”. Använd ordförande, vice ordförande, ledamot eller ersättare",
    row_unknown_status: "Okänd status ”{value}”. Använd nominerad, föreslagen, utsedd eller avslutad",
    row_unknown_category: "Okänd kategori ”{value}”. Använd brukarrepresentant, anhörig, anställd, politiker eller annat",
    row_unknown_level: "Okänd nivå ”{value}”. Använd lokal, regional eller nationell",
    row_invalid_date: "”{value}” är inte ett datum. Skriv ÅÅÅÅ-MM-DD, DD.MM.ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ",
    row_end_before_start: "Perioden slutar (”{value}”) innan den börjar",
    row_invalid_email: "”{value}” är inte en giltig e-postadress",
    row_invalid_phone: "”{value}” är inte ett giltigt telefonnummer",
    row_invalid_url: "”{value}” är inte en giltig adress som börjar med https://",
    row_unknown_deputy: "Inget uppdrag med id ”{value}” och ingen ledamot med det namnet i detta råd. Raden importeras utan ersättarkopplingen",
    csv_empty: "Filen har ingen rubrikrad",
    csv_unterminated_quote: "Ett fält inom citattecken som börjar på rad {line} avslutas aldrig",
    csv_too_large: "Filen är större än {size}",
    csv_too_many_rows: "Filen har fler än {limit} rader",
    csv_missing_column: "Rubrikraden saknar kolumnen ”{column}”",
    json_invalid: "Filen är inte giltig JSON (fel på rad {line}, tecken {column})",
    json_not_an_object: "Dokumentet är inte ett JSON-objekt",
    json_wrong_format: "Dokumentet är varken medvirk-JSON eller Popolo-JSON",
    json_unsupported_version: "Den här versionen av schemaVersion kan inte läsas (bara version 1)",
    json_too_many: "För många {kind}: {count} (högst {limit})",
    many_persons: "personer",
    many_organisations: "organisationer",
    many_memberships: "uppdrag",
    many_posts: "platser",
};

const EN: ImportTexts = ImportTexts {
    not_an_object: "Not a JSON object",
    missing_id: "No id",
    invalid_id: "The id is not text of at most 200 bytes",
    duplicate_id: "An earlier record has the same id",
    missing_name: "No name",
    too_long: "Too long",
    invalid_value: "A value of the wrong type, or one that is not allowed",
    invalid_date: "Not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
    end_before_start: "The term ends before it starts",
    unknown_person: "The person is not in the file",
    unknown_council: "The council is not in the file",
    not_a_council: "The organisation is not a council",
    unknown_reference: "Refers to a record that does not exist",
    cyclic_parent: "The chain of parent organisations loops back to this one",
    invalid_email: "Not a valid e-mail address",
    invalid_phone: "Not a valid phone number",
    invalid_url: "Not a valid address starting with https://",
    row_empty_name: "The name is empty",
    row_empty_council: "The council is empty",
    row_unknown_role: "Unknown role “{value}”. Use chair, deputy chair, member or deputy (or leder, nestleder, medlem, vara)",
    row_unknown_status: "Unknown status “{value}”. Use nominated, recommended, appointed or ended",
    row_unknown_category: "Unknown category “{value}”. Use user representative, relative, employee, politician or other",
    row_unknown_level: "Unknown level “{value}”. Use local, regional or national",
    row_invalid_date: "“{value}” is not a date. Write YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY",
    row_end_before_start: "The term ends (“{value}”) before it starts",
    row_invalid_email: "“{value}” is not a valid e-mail address",
    row_invalid_phone: "“{value}” is not a valid phone number",
    row_invalid_url: "“{value}” is not a valid address starting with https://",
    row_unknown_deputy: "No membership with id “{value}” and no member by that name on this council. The row is imported without the deputy link",
    csv_empty: "The file has no header line",
    csv_unterminated_quote: "A quoted field that starts on line {line} is never closed",
    csv_too_large: "The file is larger than {size}",
    csv_too_many_rows: "The file has more than {limit} rows",
    csv_missing_column: "The header line has no “{column}” column",
    json_invalid: "The file is not valid JSON (error on line {line}, character {column})",
    json_not_an_object: "The document is not a JSON object",
    json_wrong_format: "The document is neither medvirk JSON nor Popolo JSON",
    json_unsupported_version: "This schemaVersion cannot be read (only version 1)",
    json_too_many: "Too many {kind}: {count} (at most {limit})",
    many_persons: "persons",
    many_organisations: "organisations",
    many_memberships: "memberships",
    many_posts: "posts",
};

/// The import problem texts in `lang`.
pub fn import_texts(lang: Lang) -> &'static ImportTexts {
    match lang {
        Lang::Nb => &NB,
        Lang::Nn => &NN,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// Why a record was skipped or a field dropped, in `lang`.
pub fn reason(lang: Lang, reason: Reason) -> &'static str {
    let t = import_texts(lang);
    match reason {
        Reason::NotAnObject => t.not_an_object,
        Reason::MissingId => t.missing_id,
        Reason::InvalidId => t.invalid_id,
        Reason::DuplicateId => t.duplicate_id,
        Reason::MissingName => t.missing_name,
        Reason::TooLong => t.too_long,
        Reason::InvalidValue => t.invalid_value,
        Reason::InvalidDate => t.invalid_date,
        Reason::EndBeforeStart => t.end_before_start,
        Reason::UnknownPerson => t.unknown_person,
        Reason::UnknownCouncil => t.unknown_council,
        Reason::NotACouncil => t.not_a_council,
        Reason::UnknownReference => t.unknown_reference,
        Reason::CyclicParent => t.cyclic_parent,
        Reason::InvalidEmail => t.invalid_email,
        Reason::InvalidPhone => t.invalid_phone,
        Reason::InvalidUrl => t.invalid_url,
    }
}

/// The template of a CSV cell problem in `lang` (placeholder `{value}`).
fn row_template(t: &ImportTexts, problem: RowProblem) -> &'static str {
    match problem {
        RowProblem::EmptyName => t.row_empty_name,
        RowProblem::EmptyCouncil => t.row_empty_council,
        RowProblem::UnknownRole => t.row_unknown_role,
        RowProblem::UnknownStatus => t.row_unknown_status,
        RowProblem::UnknownCategory => t.row_unknown_category,
        RowProblem::UnknownLevel => t.row_unknown_level,
        RowProblem::InvalidDate => t.row_invalid_date,
        RowProblem::EndBeforeStart => t.row_end_before_start,
        RowProblem::InvalidEmail => t.row_invalid_email,
        RowProblem::InvalidPhone => t.row_invalid_phone,
        RowProblem::InvalidUrl => t.row_invalid_url,
        RowProblem::UnknownDeputy => t.row_unknown_deputy,
    }
}

/// A CSV cell problem as a sentence in `lang`, quoting the cell (plain text: escape it when
/// writing HTML).
pub fn row_problem(lang: Lang, e: &RowError) -> String {
    fill(
        row_template(import_texts(lang), e.problem),
        &[("value", &e.value)],
    )
}

/// Why a CSV file could not be read at all, in `lang`.
pub fn csv_error(lang: Lang, e: &CsvError) -> String {
    let t = import_texts(lang);
    match e {
        CsvError::Empty => t.csv_empty.to_owned(),
        CsvError::UnterminatedQuote { line } => {
            fill(t.csv_unterminated_quote, &[("line", &number(lang, *line))])
        }
        CsvError::TooLarge => fill(
            t.csv_too_large,
            &[("size", &format!("{} MB", MAX_CSV_BYTES / (1024 * 1024)))],
        ),
        CsvError::TooManyRows { limit } => {
            fill(t.csv_too_many_rows, &[("limit", &number(lang, *limit))])
        }
        CsvError::MissingColumn(column) => fill(t.csv_missing_column, &[("column", column)]),
    }
}

/// The 1-based line and character of byte `offset` in `source`, for a person looking at the
/// file in an editor.
pub fn line_and_column(source: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let before = &source[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Why a JSON document could not be read at all, in `lang`; `source` is the document, to say
/// where a syntax error is.
pub fn import_error(lang: Lang, e: &ImportError, source: &str) -> String {
    let t = import_texts(lang);
    match e {
        ImportError::Json(json) => {
            let (line, column) = line_and_column(source, json.offset);
            fill(
                t.json_invalid,
                &[
                    ("line", &number(lang, line)),
                    ("column", &number(lang, column)),
                ],
            )
        }
        ImportError::NotAnObject => t.json_not_an_object.to_owned(),
        ImportError::WrongFormat => t.json_wrong_format.to_owned(),
        ImportError::UnsupportedSchemaVersion => t.json_unsupported_version.to_owned(),
        ImportError::TooMany { kind, count, limit } => fill(
            t.json_too_many,
            &[
                ("kind", many(t, *kind)),
                ("count", &number(lang, *count)),
                ("limit", &number(lang, *limit)),
            ],
        ),
    }
}

fn many(t: &ImportTexts, kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Person => t.many_persons,
        RecordKind::Organisation => t.many_organisations,
        RecordKind::Membership => t.many_memberships,
        RecordKind::Post => t.many_posts,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::json_value::{JsonError, JsonErrorKind};

    fn row(problem: RowProblem) -> RowError {
        RowError {
            line: 7,
            column: "Rolle".into(),
            message: problem.message("X"),
            problem,
            value: "X".into(),
        }
    }

    fn csv_errors() -> [CsvError; 5] {
        [
            CsvError::Empty,
            CsvError::UnterminatedQuote { line: 3 },
            CsvError::TooLarge,
            CsvError::TooManyRows { limit: 50_000 },
            CsvError::MissingColumn("council"),
        ]
    }

    fn import_errors() -> [ImportError; 5] {
        [
            ImportError::Json(JsonError {
                kind: JsonErrorKind::UnexpectedEnd,
                offset: 4,
            }),
            ImportError::NotAnObject,
            ImportError::WrongFormat,
            ImportError::UnsupportedSchemaVersion,
            ImportError::TooMany {
                kind: RecordKind::Person,
                count: 60_000,
                limit: 50_000,
            },
        ]
    }

    /// Every text of one language, each kind once, with the kind's name for the messages.
    fn all_texts(lang: Lang) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for r in Reason::ALL {
            out.push((format!("{r:?}"), reason(lang, r).to_owned()));
        }
        for p in RowProblem::ALL {
            out.push((format!("row {p:?}"), row_problem(lang, &row(p))));
        }
        for e in csv_errors() {
            out.push((format!("csv {e:?}"), csv_error(lang, &e)));
        }
        for e in import_errors() {
            out.push((format!("json {e:?}"), import_error(lang, &e, "{\n  ")));
        }
        out
    }

    #[test]
    fn every_kind_has_a_distinct_text_in_every_language() {
        for lang in Lang::ALL {
            let texts = all_texts(lang);
            assert_eq!(texts.len(), Reason::ALL.len() + RowProblem::ALL.len() + 10);
            let mut seen = HashSet::new();
            for (kind, text) in &texts {
                assert!(!text.trim().is_empty(), "{lang:?} {kind}");
                assert!(!text.contains('{'), "{lang:?} {kind}: unfilled in {text}");
                assert!(seen.insert(text.clone()), "{lang:?} {kind}: {text} twice");
            }
            let t = import_texts(lang);
            assert!(!format!("{t:?}").contains(": \"\""), "{lang:?}");
        }
    }

    #[test]
    fn the_nordic_texts_are_translated_not_english() {
        let en = all_texts(Lang::En);
        for lang in [Lang::Nb, Lang::Nn, Lang::Sv] {
            for ((kind, text), (_, english)) in all_texts(lang).iter().zip(&en) {
                assert_ne!(text, english, "{lang:?} {kind} is untranslated");
            }
        }
    }

    #[test]
    fn cell_problems_quote_the_cell_with_every_value_placeholder_kept() {
        for lang in Lang::ALL {
            let t = import_texts(lang);
            for p in RowProblem::ALL {
                let template = row_template(t, p);
                let quotes = !matches!(p, RowProblem::EmptyName | RowProblem::EmptyCouncil);
                assert_eq!(template.contains("{value}"), quotes, "{lang:?} {p:?}");
            }
        }
        let e = RowError {
            line: 4,
            column: "Rolle".into(),
            message: RowProblem::UnknownRole.message("Sjef"),
            problem: RowProblem::UnknownRole,
            value: "Sjef {value}".into(),
        };
        assert_eq!(
            row_problem(Lang::Nb, &e),
            "Ukjent rolle «Sjef {value}». Bruk leder, nestleder, medlem eller vara"
        );
        assert_eq!(
            row_problem(Lang::Sv, &e),
            "Okänd roll ”Sjef {value}”. Använd ordförande, vice ordförande, ledamot eller ersättare"
        );
    }

    #[test]
    fn file_errors_say_where_and_how_much() {
        assert_eq!(
            csv_error(Lang::Nn, &CsvError::UnterminatedQuote { line: 12 }),
            "Eit felt i hermeteikn som byrjar på linje 12, blir aldri avslutta"
        );
        assert_eq!(
            csv_error(Lang::Nb, &CsvError::TooManyRows { limit: 50_000 }),
            "Filen har flere enn 50\u{a0}000 rader"
        );
        assert_eq!(
            csv_error(Lang::En, &CsvError::TooLarge),
            "The file is larger than 16 MB"
        );
        assert_eq!(
            csv_error(Lang::Sv, &CsvError::MissingColumn("name")),
            "Rubrikraden saknar kolumnen ”name”"
        );
        let source = "{\n  \"persons\": [\n    {\"id\": 1,,}\n";
        let offset = source.find(",,").unwrap() + 1;
        let e = ImportError::Json(JsonError {
            kind: JsonErrorKind::UnexpectedChar(','),
            offset,
        });
        assert_eq!(
            import_error(Lang::En, &e, source),
            "The file is not valid JSON (error on line 3, character 14)"
        );
        assert_eq!(
            import_error(
                Lang::Nb,
                &ImportError::TooMany {
                    kind: RecordKind::Membership,
                    count: 50_001,
                    limit: 50_000
                },
                ""
            ),
            "For mange verv: 50\u{a0}001 (høyst 50\u{a0}000)"
        );
    }

    #[test]
    fn positions_count_characters_and_survive_odd_offsets() {
        assert_eq!(line_and_column("", 0), (1, 1));
        assert_eq!(line_and_column("ab\ncd", 4), (2, 2));
        // "ø" is two bytes; an offset inside it is moved back to its start.
        assert_eq!(line_and_column("{\"ø\":", 3), (1, 3));
        assert_eq!(line_and_column("{\"ø\":", 4), (1, 4));
        assert_eq!(line_and_column("ab", 99), (1, 3));
    }
}
