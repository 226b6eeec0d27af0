//! Every text the directory widget shows, in bokmål, nynorsk, svenska and English.
//!
//! Compile-time tables (no Fluent: it would double the bundle). Texts with numbers or dates are
//! functions, so plural forms and date formats are decided here and tested natively.

use super::{Category, Level, OrgKind, PartialDate, Role, Status};
use crate::lang::Lang;

/// Fixed labels of the directory widget.
#[derive(Debug)]
pub struct DirectoryTexts {
    /// Accessible name of the widget's region.
    pub heading: &'static str,
    pub search_label: &'static str,
    pub filter_council: &'static str,
    pub filter_organisation: &'static str,
    pub filter_level: &'static str,
    pub filter_role: &'static str,
    pub filter_status: &'static str,
    /// The "no filter" option of each filter.
    pub filter_all: &'static str,
    pub show_past: &'static str,
    pub vacant_seat: &'static str,
    /// Before the nominating organisation's name.
    pub on_behalf_of: &'static str,
    /// Before the name of the member a personal deputy stands in for.
    pub personal_deputy_for: &'static str,
    /// Marks a past membership.
    pub past: &'static str,
    pub term: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub address: &'static str,
    pub website: &'static str,
    pub no_results: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub print: &'static str,
}

const NB: DirectoryTexts = DirectoryTexts {
    heading: "Brukerrepresentanter",
    search_label: "Søk etter person, råd eller organisasjon",
    filter_council: "Råd",
    filter_organisation: "Organisasjon",
    filter_level: "Nivå",
    filter_role: "Rolle",
    filter_status: "Status",
    filter_all: "Alle",
    show_past: "Vis også tidligere medlemskap",
    vacant_seat: "Ledig plass",
    on_behalf_of: "Representerer",
    personal_deputy_for: "Personlig vara for",
    past: "Tidligere",
    term: "Periode",
    email: "E-post",
    phone: "Telefon",
    address: "Adresse",
    website: "Nettside",
    no_results: "Ingen treff. Prøv et annet søkeord eller fjern et filter.",
    loading: "Henter oversikten …",
    load_failed: "Kunne ikke hente oversikten. Prøv igjen senere.",
    retry: "Prøv igjen",
    print: "Skriv ut",
};

const NN: DirectoryTexts = DirectoryTexts {
    heading: "Brukarrepresentantar",
    search_label: "Søk etter person, råd eller organisasjon",
    filter_council: "Råd",
    filter_organisation: "Organisasjon",
    filter_level: "Nivå",
    filter_role: "Rolle",
    filter_status: "Status",
    filter_all: "Alle",
    show_past: "Vis òg tidlegare medlemskap",
    vacant_seat: "Ledig plass",
    on_behalf_of: "Representerer",
    personal_deputy_for: "Personleg vara for",
    past: "Tidlegare",
    term: "Periode",
    email: "E-post",
    phone: "Telefon",
    address: "Adresse",
    website: "Nettstad",
    no_results: "Ingen treff. Prøv eit anna søkjeord eller fjern eit filter.",
    loading: "Hentar oversikta …",
    load_failed: "Kunne ikkje hente oversikta. Prøv igjen seinare.",
    retry: "Prøv igjen",
    print: "Skriv ut",
};

const SV: DirectoryTexts = DirectoryTexts {
    heading: "Brukarrepresentanter",
    search_label: "Sök efter person, råd eller organisation",
    filter_council: "Råd",
    filter_organisation: "Organisation",
    filter_level: "Nivå",
    filter_role: "Roll",
    filter_status: "Status",
    filter_all: "Alla",
    show_past: "Visa även tidigare uppdrag",
    vacant_seat: "Vakant plats",
    on_behalf_of: "Representerar",
    personal_deputy_for: "Personlig ersättare för",
    past: "Tidigare",
    term: "Mandatperiod",
    email: "E-post",
    phone: "Telefon",
    address: "Adress",
    website: "Webbplats",
    no_results: "Inga träffar. Prova ett annat sökord eller ta bort ett filter.",
    loading: "Hämtar förteckningen …",
    load_failed: "Det gick inte att hämta förteckningen. Försök igen senare.",
    retry: "Försök igen",
    print: "Skriv ut",
};

const EN: DirectoryTexts = DirectoryTexts {
    heading: "User representatives",
    search_label: "Search by person, council or organisation",
    filter_council: "Council",
    filter_organisation: "Organisation",
    filter_level: "Level",
    filter_role: "Role",
    filter_status: "Status",
    filter_all: "All",
    show_past: "Also show past memberships",
    vacant_seat: "Vacant seat",
    on_behalf_of: "Representing",
    personal_deputy_for: "Personal deputy for",
    past: "Past",
    term: "Term",
    email: "Email",
    phone: "Phone",
    address: "Address",
    website: "Website",
    no_results: "No results. Try another search term or remove a filter.",
    loading: "Loading the directory …",
    load_failed: "Could not load the directory. Please try again later.",
    retry: "Try again",
    print: "Print",
};

/// The fixed labels in `lang`.
pub fn texts(lang: Lang) -> &'static DirectoryTexts {
    match lang {
        Lang::Nb => &NB,
        Lang::Nn => &NN,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// Position of `lang` in the `[nb, nn, sv, en]` tables below.
fn ix(lang: Lang) -> usize {
    match lang {
        Lang::Nb => 0,
        Lang::Nn => 1,
        Lang::Sv => 2,
        Lang::En => 3,
    }
}

/// Picks the text for `lang` from a `[nb, nn, sv, en]` table.
fn pick(lang: Lang, t: [&'static str; 4]) -> &'static str {
    t[ix(lang)]
}

/// Picks singular or plural and puts `n` in place of `{n}`.
fn plural(lang: Lang, n: usize, one: [&str; 4], many: [&str; 4]) -> String {
    let t = if n == 1 { one } else { many };
    t[ix(lang)].replace("{n}", &n.to_string())
}

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Leader => pick(lang, ["Leder", "Leiar", "Ordförande", "Chair"]),
        Role::DeputyLeader => pick(
            lang,
            ["Nestleder", "Nestleiar", "Vice ordförande", "Deputy chair"],
        ),
        Role::Member => pick(lang, ["Medlem", "Medlem", "Ledamot", "Member"]),
        Role::Deputy => pick(
            lang,
            ["Varamedlem", "Varamedlem", "Ersättare", "Deputy member"],
        ),
    }
}

pub fn status_label(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::Nominated => pick(lang, ["Nominert", "Nominert", "Nominerad", "Nominated"]),
        Status::Recommended => pick(lang, ["Innstilt", "Innstilt", "Föreslagen", "Recommended"]),
        Status::Appointed => pick(lang, ["Oppnevnt", "Oppnemnd", "Utsedd", "Appointed"]),
        Status::Ended => pick(lang, ["Avsluttet", "Avslutta", "Avslutad", "Ended"]),
    }
}

pub fn level_label(lang: Lang, level: Level) -> &'static str {
    match level {
        Level::Local => pick(lang, ["Lokalt", "Lokalt", "Lokal", "Local"]),
        Level::County => pick(lang, ["Regionalt", "Regionalt", "Regional", "Regional"]),
        Level::National => pick(lang, ["Nasjonalt", "Nasjonalt", "Nationell", "National"]),
        Level::Other => pick(lang, ["Annet", "Anna", "Annan", "Other"]),
    }
}

/// Label of a seat category, as a heading over its seat count.
pub fn category_label(lang: Lang, category: Category) -> &'static str {
    match category {
        Category::UserRepresentative => pick(
            lang,
            [
                "Brukerrepresentanter",
                "Brukarrepresentantar",
                "Brukarrepresentanter",
                "User representatives",
            ],
        ),
        Category::RelativeRepresentative => pick(
            lang,
            [
                "Pårørenderepresentanter",
                "Pårørandrepresentantar",
                "Anhörigrepresentanter",
                "Relatives' representatives",
            ],
        ),
        Category::Employee => pick(lang, ["Ansatte", "Tilsette", "Anställda", "Employees"]),
        Category::Politician => pick(
            lang,
            ["Politikere", "Politikarar", "Politiker", "Politicians"],
        ),
        Category::Other => pick(lang, ["Andre", "Andre", "Övriga", "Other"]),
    }
}

pub fn kind_label(lang: Lang, kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::UserOrganisation => pick(
            lang,
            [
                "Brukerorganisasjon",
                "Brukarorganisasjon",
                "Brukarorganisation",
                "User organisation",
            ],
        ),
        OrgKind::PublicBody => pick(
            lang,
            [
                "Offentlig virksomhet",
                "Offentleg verksemd",
                "Offentlig verksamhet",
                "Public body",
            ],
        ),
        OrgKind::Council => pick(lang, ["Råd", "Råd", "Råd", "Council"]),
        OrgKind::Other => pick(lang, ["Annet", "Anna", "Annat", "Other"]),
    }
}

/// The announcement of how many memberships were found (read politely by screen readers).
pub fn result_count(lang: Lang, n: usize) -> String {
    if n == 0 {
        return pick(
            lang,
            [
                "Ingen oppføringer",
                "Ingen oppføringar",
                "Inga träffar",
                "No results",
            ],
        )
        .into();
    }
    plural(
        lang,
        n,
        ["1 oppføring", "1 oppføring", "1 träff", "1 result"],
        [
            "{n} oppføringer",
            "{n} oppføringar",
            "{n} träffar",
            "{n} results",
        ],
    )
}

/// The notice that some records in the data could not be shown.
pub fn records_not_shown(lang: Lang, n: usize) -> String {
    plural(
        lang,
        n,
        [
            "1 oppføring kunne ikke vises",
            "1 oppføring kunne ikkje visast",
            "1 post kunde inte visas",
            "1 record could not be shown",
        ],
        [
            "{n} oppføringer kunne ikke vises",
            "{n} oppføringar kunne ikkje visast",
            "{n} poster kunde inte visas",
            "{n} records could not be shown",
        ],
    )
}

/// Vacant seats on a council.
pub fn vacant_seats(lang: Lang, n: u32) -> String {
    plural(
        lang,
        n as usize,
        [
            "1 ledig plass",
            "1 ledig plass",
            "1 vakant plats",
            "1 vacant seat",
        ],
        [
            "{n} ledige plasser",
            "{n} ledige plassar",
            "{n} vakanta platser",
            "{n} vacant seats",
        ],
    )
}

/// "3 of 4 seats filled".
pub fn seats_filled(lang: Lang, filled: u32, seats: u32) -> String {
    let t = if seats == 1 {
        [
            "{f} av 1 plass besatt",
            "{f} av 1 plass er fylt",
            "{f} av 1 plats tillsatt",
            "{f} of 1 seat filled",
        ]
    } else {
        [
            "{f} av {s} plasser besatt",
            "{f} av {s} plassar er fylte",
            "{f} av {s} platser tillsatta",
            "{f} of {s} seats filled",
        ]
    };
    t[ix(lang)]
        .replace("{f}", &filled.to_string())
        .replace("{s}", &seats.to_string())
}

const MONTHS: [[&str; 12]; 4] = [
    [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
];

/// A date as people write it: "3. mai 2025" (nb, nn), "3 maj 2025" (sv), "3 May 2025" (en);
/// "mai 2025" or "2025" when only that much is known.
pub fn format_date(lang: Lang, d: PartialDate) -> String {
    let Some(m) = d.month else {
        return d.year.to_string();
    };
    let month = MONTHS[ix(lang)][usize::from(m - 1)];
    match d.day {
        None => format!("{month} {}", d.year),
        Some(day) if matches!(lang, Lang::Nb | Lang::Nn) => format!("{day}. {month} {}", d.year),
        Some(day) => format!("{day} {month} {}", d.year),
    }
}

/// A term as a range: "2022–2025", "mars 2023–", "–2025"; empty when neither end is known.
pub fn term_range(lang: Lang, start: Option<PartialDate>, end: Option<PartialDate>) -> String {
    match (start, end) {
        (None, None) => String::new(),
        (s, e) => format!(
            "{}–{}",
            s.map(|d| format_date(lang, d)).unwrap_or_default(),
            e.map(|d| format_date(lang, d)).unwrap_or_default()
        ),
    }
}

/// The "ends soon" flag.
pub fn term_ends(lang: Lang, end: PartialDate) -> String {
    let t = pick(
        lang,
        [
            "Perioden går ut {d}",
            "Perioden går ut {d}",
            "Mandatperioden löper ut {d}",
            "Term ends {d}",
        ],
    );
    t.replace("{d}", &format_date(lang, end))
}

/// When the data owner last confirmed an entry.
pub fn confirmed_on(lang: Lang, date: PartialDate) -> String {
    let t = pick(
        lang,
        [
            "Sist bekreftet {d}",
            "Sist stadfesta {d}",
            "Senast bekräftad {d}",
            "Last confirmed {d}",
        ],
    );
    t.replace("{d}", &format_date(lang, date))
}

/// Accessible name of an e-mail link: "Send e-post til Kari Nordmann".
pub fn email_link_label(lang: Lang, name: &str) -> String {
    pick(
        lang,
        [
            "Send e-post til {p}",
            "Send e-post til {p}",
            "Skicka e-post till {p}",
            "Email {p}",
        ],
    )
    .replace("{p}", name)
}

/// Accessible name of a phone link: "Ring Kari Nordmann".
pub fn phone_link_label(lang: Lang, name: &str) -> String {
    pick(lang, ["Ring {p}", "Ring {p}", "Ring {p}", "Call {p}"]).replace("{p}", name)
}

/// Accessible name of a web link: "Nettside: Kari Nordmann".
pub fn website_link_label(lang: Lang, name: &str) -> String {
    format!("{}: {name}", texts(lang).website)
}

/// Label of the vCard download: "Last ned kontaktkort for Kari Nordmann".
pub fn vcard_download(lang: Lang, name: &str) -> String {
    pick(
        lang,
        [
            "Last ned kontaktkort for {p}",
            "Last ned kontaktkort for {p}",
            "Ladda ner kontaktkort för {p}",
            "Download contact card for {p}",
        ],
    )
    .replace("{p}", name)
}

/// Heading of the box that tells a webmaster the element's attributes are wrong.
pub fn config_heading(lang: Lang) -> &'static str {
    pick(
        lang,
        [
            "Feil i oppsettet av representantoversikten",
            "Feil i oppsettet av representantoversikta",
            "Fel i inställningarna för representantförteckningen",
            "The representative directory is set up wrongly",
        ],
    )
}

/// What is wrong with the element's attributes, and how to fix it.
pub fn config_error(lang: Lang, e: &super::widget::ConfigError) -> String {
    use super::widget::ConfigError;
    let (t, value) = match e {
        ConfigError::MissingSrc => (
            [
                "Attributtet src mangler. Legg til adressen til oversikten, for eksempel src=\"https://kommune.no/api/v1/directory\".",
                "Attributtet src manglar. Legg til adressa til oversikta, til dømes src=\"https://kommune.no/api/v1/directory\".",
                "Attributet src saknas. Lägg till adressen till förteckningen, till exempel src=\"https://kommun.se/api/v1/directory\".",
                "The src attribute is missing. Add the address of the directory, e.g. src=\"https://example.org/api/v1/directory\".",
            ],
            "",
        ),
        ConfigError::InvalidSrc(v) => (
            [
                "Attributtet src har verdien «{value}». Bruk en full adresse som begynner med https:// eller en sti som begynner med /.",
                "Attributtet src har verdien «{value}». Bruk ei full adresse som byrjar med https:// eller ein sti som byrjar med /.",
                "Attributet src har värdet ”{value}”. Använd en fullständig adress som börjar med https:// eller en sökväg som börjar med /.",
                "The src attribute is \"{value}\". Use a full address starting with https:// or a path starting with /.",
            ],
            v.as_str(),
        ),
        ConfigError::InvalidFormat(v) => (
            [
                "Attributtet format har verdien «{value}». Bruk format=\"native\" eller format=\"popolo\".",
                "Attributtet format har verdien «{value}». Bruk format=\"native\" eller format=\"popolo\".",
                "Attributet format har värdet ”{value}”. Använd format=\"native\" eller format=\"popolo\".",
                "The format attribute is \"{value}\". Use format=\"native\" or format=\"popolo\".",
            ],
            v.as_str(),
        ),
        ConfigError::InvalidLevel(v) => (
            [
                "Attributtet level har verdien «{value}». Bruk local, county, national eller other.",
                "Attributtet level har verdien «{value}». Bruk local, county, national eller other.",
                "Attributet level har värdet ”{value}”. Använd local, county, national eller other.",
                "The level attribute is \"{value}\". Use local, county, national or other.",
            ],
            v.as_str(),
        ),
    };
    t[ix(lang)].replace("{value}", value)
}

/// The button that renders the next page of results.
pub fn show_more(lang: Lang) -> &'static str {
    pick(lang, ["Vis flere", "Vis fleire", "Visa fler", "Show more"])
}

/// How many of the results are on screen: "Viser 50 av 1200".
pub fn showing(lang: Lang, shown: usize, total: usize) -> String {
    pick(
        lang,
        [
            "Viser {s} av {t}",
            "Viser {s} av {t}",
            "Visar {s} av {t}",
            "Showing {s} of {t}",
        ],
    )
    .replace("{s}", &shown.to_string())
    .replace("{t}", &total.to_string())
}

/// The label over the contact links of a card.
pub fn contact(lang: Lang) -> &'static str {
    pick(lang, ["Kontakt", "Kontakt", "Kontakt", "Contact"])
}
