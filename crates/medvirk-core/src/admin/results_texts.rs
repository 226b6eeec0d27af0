//! Texts of the results and exports pages of the admin area in bokmål, nynorsk, svenska and English, and their number formats.
//!
//! Placeholders in `{braces}` are filled with [`crate::i18n::fill`]. A struct per language lets
//! the compiler check that no language lacks a text.

use crate::i18n::{fill, number};
use crate::lang::Lang;

use super::stats::{Bucket, iso_date, iso_week};

/// Texts of `/admin/results`.
#[derive(Debug)]
pub struct ResultsTexts {
    pub filters_heading: &'static str,
    pub from_label: &'static str,
    pub to_label: &'static str,
    pub date_hint: &'static str,
    pub widget_label: &'static str,
    pub widget_hint: &'static str,
    pub language_label: &'static str,
    pub all_languages: &'static str,
    pub include_suspicious: &'static str,
    pub apply: &'static str,
    pub reset: &'static str,
    pub bad_date: &'static str,
    pub range_order: &'static str,
    pub summary_heading: &'static str,
    /// `{n}` responses.
    pub responses: &'static str,
    pub no_data: &'static str,
    /// `{n}` suspicious responses left out.
    pub excluded: &'static str,
    /// `{n}` suspicious responses counted.
    pub included: &'static str,
    /// `{n}` is the threshold.
    pub threshold_note: &'static str,
    pub mixed_scales: &'static str,
    /// `{n}` is the threshold.
    pub hidden: &'static str,
    /// `{avg}` of `{scale}`.
    pub average_of: &'static str,
    /// Scale 1–`{scale}`.
    pub scale_name: &'static str,
    /// Heading of a distribution chart: `{group}`.
    pub distribution_of: &'static str,
    pub everything: &'static str,
    pub rating_header: &'static str,
    pub responses_header: &'static str,
    pub share_header: &'static str,
    pub average_header: &'static str,
    pub scale_header: &'static str,
    pub distribution_header: &'static str,
    pub trend_heading: &'static str,
    /// Average and count per `{bucket}`.
    pub trend_title: &'static str,
    /// `{first}`, `{last}`, `{n}` responses.
    pub trend_desc: &'static str,
    pub day: &'static str,
    pub week: &'static str,
    pub month: &'static str,
    /// Week `{week}` `{year}`.
    pub week_label: &'static str,
    pub period_header: &'static str,
    pub legend_average: &'static str,
    pub legend_count: &'static str,
    pub numbers_as_table: &'static str,
    pub widgets_heading: &'static str,
    pub widget_header: &'static str,
    pub pages_heading: &'static str,
    pub page_header: &'static str,
    /// `{n}` more pages not listed.
    pub more_pages: &'static str,
    pub lowest_heading: &'static str,
    pub lowest_none: &'static str,
    pub comments_heading: &'static str,
    pub comments_none: &'static str,
    /// `{n}` comments hidden, threshold `{t}`.
    pub comments_hidden: &'static str,
    pub received_header: &'static str,
    pub comment_header: &'static str,
}

const NB: ResultsTexts = ResultsTexts {
    filters_heading: "Utvalg",
    from_label: "Fra og med dato",
    to_label: "Til og med dato",
    date_hint: "Skriv datoen som ÅÅÅÅ-MM-DD.",
    widget_label: "Widget-ID",
    widget_hint: "Tomt felt viser alle widgeter.",
    language_label: "Språk i svaret",
    all_languages: "Alle språk",
    include_suspicious: "Ta med svar som ser automatiske ut",
    apply: "Vis resultater",
    reset: "Nullstill utvalget",
    bad_date: "Datoen må skrives som ÅÅÅÅ-MM-DD, for eksempel 2026-03-01.",
    range_order: "Fra-datoen kan ikke være etter til-datoen.",
    summary_heading: "Oversikt",
    responses: "{n} svar",
    no_data: "Ingen svar i dette utvalget.",
    excluded: "Svar som ser automatiske ut (felle-feltet var fylt ut eller svaret kom på under 0,3 sekunder), holdt utenfor tallene: {n}.",
    included: "Svar som ser automatiske ut, tatt med i tallene: {n}.",
    threshold_note: "For å verne dem som svarte, vises gjennomsnitt, fordeling og kommentarer bare for grupper med minst {n} svar. Antallet vises alltid.",
    mixed_scales: "Svarene er gitt på både skala 1–3 og 1–5. Tallene vises for hver skala for seg: et gjennomsnitt regnes aldri på tvers av skalaer. Listen over sider med lavest gjennomsnitt sammenligner plasseringen på hver sides egen skala.",
    hidden: "Skjult (under {n} svar)",
    average_of: "{avg} av {scale}",
    scale_name: "Skala 1–{scale}",
    distribution_of: "Fordeling av vurderinger: {group}",
    everything: "alle svar",
    rating_header: "Vurdering",
    responses_header: "Svar",
    share_header: "Andel",
    average_header: "Gjennomsnitt",
    scale_header: "Skala",
    distribution_header: "Fordeling",
    trend_heading: "Utvikling over tid",
    trend_title: "Gjennomsnitt og antall svar per {bucket}",
    trend_desc: "Linjen viser gjennomsnittet (venstre akse), søylene antall svar (høyre akse), fra {first} til {last}, {n} svar i alt. Punkter med for få svar mangler i linjen. Tallene står i tabellen.",
    day: "dag",
    week: "uke",
    month: "måned",
    week_label: "uke {week} {year}",
    period_header: "Periode",
    legend_average: "Gjennomsnitt (venstre akse)",
    legend_count: "Antall svar (høyre akse)",
    numbers_as_table: "Tallene som tabell",
    widgets_heading: "Per widget",
    widget_header: "Widget",
    pages_heading: "Per side",
    page_header: "Side",
    more_pages: "{n} sider til er ikke listet. Avgrens utvalget for å se dem.",
    lowest_heading: "Sider med lavest gjennomsnitt",
    lowest_none: "Ingen sider har nok svar ennå.",
    comments_heading: "Siste kommentarer",
    comments_none: "Ingen kommentarer å vise.",
    comments_hidden: "Kommentarer som er skjult fordi siden eller widgeten har færre enn {t} svar i utvalget: {n}.",
    received_header: "Mottatt",
    comment_header: "Kommentar",
};

const NN: ResultsTexts = ResultsTexts {
    filters_heading: "Utval",
    from_label: "Frå og med dato",
    to_label: "Til og med dato",
    date_hint: "Skriv datoen som ÅÅÅÅ-MM-DD.",
    widget_label: "Widget-ID",
    widget_hint: "Tomt felt viser alle widgetar.",
    language_label: "Språk i svaret",
    all_languages: "Alle språk",
    include_suspicious: "Ta med svar som ser automatiske ut",
    apply: "Vis resultat",
    reset: "Nullstill utvalet",
    bad_date: "Datoen må skrivast som ÅÅÅÅ-MM-DD, til dømes 2026-03-01.",
    range_order: "Frå-datoen kan ikkje vere etter til-datoen.",
    summary_heading: "Oversikt",
    responses: "{n} svar",
    no_data: "Ingen svar i dette utvalet.",
    excluded: "Svar som ser automatiske ut (felle-feltet var fylt ut eller svaret kom på under 0,3 sekund), haldne utanfor tala: {n}.",
    included: "Svar som ser automatiske ut, tekne med i tala: {n}.",
    threshold_note: "For å verne dei som svarte, blir gjennomsnitt, fordeling og kommentarar berre viste for grupper med minst {n} svar. Talet på svar blir alltid vist.",
    mixed_scales: "Svara er gitt på både skala 1–3 og 1–5. Tala blir viste for kvar skala for seg: eit gjennomsnitt blir aldri rekna på tvers av skalaer. Lista over sider med lågast gjennomsnitt samanliknar plasseringa på kvar side sin eigen skala.",
    hidden: "Skjult (under {n} svar)",
    average_of: "{avg} av {scale}",
    scale_name: "Skala 1–{scale}",
    distribution_of: "Fordeling av vurderingar: {group}",
    everything: "alle svar",
    rating_header: "Vurdering",
    responses_header: "Svar",
    share_header: "Del",
    average_header: "Gjennomsnitt",
    scale_header: "Skala",
    distribution_header: "Fordeling",
    trend_heading: "Utvikling over tid",
    trend_title: "Gjennomsnitt og tal på svar per {bucket}",
    trend_desc: "Linja viser gjennomsnittet (venstre akse), søylene tal på svar (høgre akse), frå {first} til {last}, {n} svar i alt. Punkt med for få svar manglar i linja. Tala står i tabellen.",
    day: "dag",
    week: "veke",
    month: "månad",
    week_label: "veke {week} {year}",
    period_header: "Periode",
    legend_average: "Gjennomsnitt (venstre akse)",
    legend_count: "Tal på svar (høgre akse)",
    numbers_as_table: "Tala som tabell",
    widgets_heading: "Per widget",
    widget_header: "Widget",
    pages_heading: "Per side",
    page_header: "Side",
    more_pages: "{n} sider til er ikkje lista. Avgrens utvalet for å sjå dei.",
    lowest_heading: "Sider med lågast gjennomsnitt",
    lowest_none: "Ingen sider har nok svar enno.",
    comments_heading: "Siste kommentarar",
    comments_none: "Ingen kommentarar å vise.",
    comments_hidden: "Kommentarar som er skjulte fordi sida eller widgeten har færre enn {t} svar i utvalet: {n}.",
    received_header: "Motteke",
    comment_header: "Kommentar",
};

const SV: ResultsTexts = ResultsTexts {
    filters_heading: "Urval",
    from_label: "Från och med datum",
    to_label: "Till och med datum",
    date_hint: "Skriv datumet som ÅÅÅÅ-MM-DD.",
    widget_label: "Widget-id",
    widget_hint: "Tomt fält visar alla widgetar.",
    language_label: "Svarets språk",
    all_languages: "Alla språk",
    include_suspicious: "Ta med svar som verkar automatiska",
    apply: "Visa resultat",
    reset: "Återställ urvalet",
    bad_date: "Datumet ska skrivas som ÅÅÅÅ-MM-DD, till exempel 2026-03-01.",
    range_order: "Från-datumet kan inte vara efter till-datumet.",
    summary_heading: "Översikt",
    responses: "{n} svar",
    no_data: "Inga svar i detta urval.",
    excluded: "Svar som verkar automatiska (fällfältet var ifyllt eller svaret kom på under 0,3 sekunder), hållna utanför siffrorna: {n}.",
    included: "Svar som verkar automatiska, medräknade i siffrorna: {n}.",
    threshold_note: "För att skydda dem som svarade visas medelvärde, fördelning och kommentarer bara för grupper med minst {n} svar. Antalet visas alltid.",
    mixed_scales: "Svaren har getts på både skala 1–3 och 1–5. Siffrorna visas för varje skala för sig: ett medelvärde räknas aldrig över skalor. Listan över sidor med lägst medelvärde jämför placeringen på varje sidas egen skala.",
    hidden: "Dolt (under {n} svar)",
    average_of: "{avg} av {scale}",
    scale_name: "Skala 1–{scale}",
    distribution_of: "Fördelning av betyg: {group}",
    everything: "alla svar",
    rating_header: "Betyg",
    responses_header: "Svar",
    share_header: "Andel",
    average_header: "Medelvärde",
    scale_header: "Skala",
    distribution_header: "Fördelning",
    trend_heading: "Utveckling över tid",
    trend_title: "Medelvärde och antal svar per {bucket}",
    trend_desc: "Linjen visar medelvärdet (vänster axel), staplarna antalet svar (höger axel), från {first} till {last}, {n} svar totalt. Punkter med för få svar saknas i linjen. Siffrorna finns i tabellen.",
    day: "dag",
    week: "vecka",
    month: "månad",
    week_label: "vecka {week} {year}",
    period_header: "Period",
    legend_average: "Medelvärde (vänster axel)",
    legend_count: "Antal svar (höger axel)",
    numbers_as_table: "Siffrorna som tabell",
    widgets_heading: "Per widget",
    widget_header: "Widget",
    pages_heading: "Per sida",
    page_header: "Sida",
    more_pages: "{n} sidor till visas inte. Avgränsa urvalet för att se dem.",
    lowest_heading: "Sidor med lägst medelvärde",
    lowest_none: "Inga sidor har tillräckligt många svar ännu.",
    comments_heading: "Senaste kommentarer",
    comments_none: "Inga kommentarer att visa.",
    comments_hidden: "Kommentarer som är dolda eftersom sidan eller widgeten har färre än {t} svar i urvalet: {n}.",
    received_header: "Mottaget",
    comment_header: "Kommentar",
};

const EN: ResultsTexts = ResultsTexts {
    filters_heading: "Selection",
    from_label: "From date",
    to_label: "To date (inclusive)",
    date_hint: "Write the date as YYYY-MM-DD.",
    widget_label: "Widget id",
    widget_hint: "Leave empty for all widgets.",
    language_label: "Language of the response",
    all_languages: "All languages",
    include_suspicious: "Include responses that look automated",
    apply: "Show results",
    reset: "Reset the selection",
    bad_date: "Write the date as YYYY-MM-DD, for example 2026-03-01.",
    range_order: "The from date cannot be after the to date.",
    summary_heading: "Overview",
    responses: "{n} responses",
    no_data: "No responses in this selection.",
    excluded: "Responses that look automated (the trap field was filled in, or the answer came in under 0.3 seconds), left out of the figures: {n}.",
    included: "Responses that look automated, included in the figures: {n}.",
    threshold_note: "To protect the people who answered, averages, distributions and comments are shown only for groups with at least {n} responses. The count is always shown.",
    mixed_scales: "Responses were given on both the 1–3 and the 1–5 scale. Figures are shown for each scale separately: an average is never taken across scales. The list of pages with the lowest average compares each page's position on its own scale.",
    hidden: "Hidden (under {n} responses)",
    average_of: "{avg} of {scale}",
    scale_name: "Scale 1–{scale}",
    distribution_of: "Distribution of ratings: {group}",
    everything: "all responses",
    rating_header: "Rating",
    responses_header: "Responses",
    share_header: "Share",
    average_header: "Average",
    scale_header: "Scale",
    distribution_header: "Distribution",
    trend_heading: "Trend over time",
    trend_title: "Average and number of responses per {bucket}",
    trend_desc: "The line shows the average (left axis), the bars the number of responses (right axis), from {first} to {last}, {n} responses in all. Points with too few responses are missing from the line. The figures are in the table.",
    day: "day",
    week: "week",
    month: "month",
    week_label: "week {week} {year}",
    period_header: "Period",
    legend_average: "Average (left axis)",
    legend_count: "Responses (right axis)",
    numbers_as_table: "The figures as a table",
    widgets_heading: "Per widget",
    widget_header: "Widget",
    pages_heading: "Per page",
    page_header: "Page",
    more_pages: "{n} more pages are not listed. Narrow the selection to see them.",
    lowest_heading: "Pages with the lowest average",
    lowest_none: "No page has enough responses yet.",
    comments_heading: "Latest comments",
    comments_none: "No comments to show.",
    comments_hidden: "Comments hidden because their page or widget has fewer than {t} responses in the selection: {n}.",
    received_header: "Received",
    comment_header: "Comment",
};

/// The results page's texts in `lang`.
pub fn results(lang: Lang) -> &'static ResultsTexts {
    match lang {
        Lang::Nb => &NB,
        Lang::Nn => &NN,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// Texts of `/admin/exports`.
#[derive(Debug)]
pub struct ExportsTexts {
    pub intro: &'static str,
    pub feedback_heading: &'static str,
    pub cases_heading: &'static str,
    pub format_label: &'static str,
    pub csv_semicolon: &'static str,
    pub csv_comma: &'static str,
    pub json: &'static str,
    pub download: &'static str,
    pub council_label: &'static str,
    pub council_hint: &'static str,
    pub suspicious_label: &'static str,
    pub suspicious_all: &'static str,
    pub suspicious_none: &'static str,
    pub suspicious_only: &'static str,
    pub csv_note: &'static str,
    pub contact_note: &'static str,
}

const EXPORTS_NB: ExportsTexts = ExportsTexts {
    intro: "Last ned svar og saker for videre arbeid. Filene kan inneholde personopplysninger som noen har skrevet: lagre dem trygt og slett dem når du er ferdig.",
    feedback_heading: "Tilbakemeldinger",
    cases_heading: "Saker",
    format_label: "Filformat",
    csv_semicolon: "CSV for Excel (semikolon)",
    csv_comma: "CSV (komma)",
    json: "JSON",
    download: "Last ned",
    council_label: "Råd",
    council_hint: "Tomt felt tar med alle råd.",
    suspicious_label: "Svar som ser automatiske ut",
    suspicious_all: "Ta med alle",
    suspicious_none: "Utelat dem",
    suspicious_only: "Bare dem",
    csv_note: "CSV-filene er UTF-8 med byte order mark, slik at Excel viser æ, ø og å riktig. Celler som begynner med = + - @ eller tabulator får en apostrof foran, så de aldri blir formler.",
    contact_note: "Kontaktopplysninger er bare med for saker der personen har samtykket.",
};

const EXPORTS_NN: ExportsTexts = ExportsTexts {
    intro: "Last ned svar og saker for vidare arbeid. Filene kan innehalde personopplysningar som nokon har skrive: lagre dei trygt og slett dei når du er ferdig.",
    feedback_heading: "Tilbakemeldingar",
    cases_heading: "Saker",
    format_label: "Filformat",
    csv_semicolon: "CSV for Excel (semikolon)",
    csv_comma: "CSV (komma)",
    json: "JSON",
    download: "Last ned",
    council_label: "Råd",
    council_hint: "Tomt felt tek med alle råd.",
    suspicious_label: "Svar som ser automatiske ut",
    suspicious_all: "Ta med alle",
    suspicious_none: "Utelat dei",
    suspicious_only: "Berre dei",
    csv_note: "CSV-filene er UTF-8 med byte order mark, slik at Excel viser æ, ø og å rett. Celler som byrjar med = + - @ eller tabulator får ein apostrof framfor, så dei aldri blir formlar.",
    contact_note: "Kontaktopplysningar er berre med for saker der personen har samtykt.",
};

const EXPORTS_SV: ExportsTexts = ExportsTexts {
    intro: "Ladda ner svar och ärenden för vidare arbete. Filerna kan innehålla personuppgifter som någon har skrivit: förvara dem säkert och radera dem när du är klar.",
    feedback_heading: "Återkoppling",
    cases_heading: "Ärenden",
    format_label: "Filformat",
    csv_semicolon: "CSV för Excel (semikolon)",
    csv_comma: "CSV (komma)",
    json: "JSON",
    download: "Ladda ner",
    council_label: "Råd",
    council_hint: "Tomt fält tar med alla råd.",
    suspicious_label: "Svar som verkar automatiska",
    suspicious_all: "Ta med alla",
    suspicious_none: "Utelämna dem",
    suspicious_only: "Bara dem",
    csv_note: "CSV-filerna är UTF-8 med byte order mark, så att Excel visar å, ä och ö rätt. Celler som börjar med = + - @ eller tabb får en apostrof framför, så att de aldrig blir formler.",
    contact_note: "Kontaktuppgifter finns bara med för ärenden där personen har gett sitt samtycke.",
};

const EXPORTS_EN: ExportsTexts = ExportsTexts {
    intro: "Download responses and cases for further work. The files may hold personal data someone wrote: keep them safe and delete them when you are done.",
    feedback_heading: "Feedback",
    cases_heading: "Cases",
    format_label: "File format",
    csv_semicolon: "CSV for Excel (semicolon)",
    csv_comma: "CSV (comma)",
    json: "JSON",
    download: "Download",
    council_label: "Council",
    council_hint: "Leave empty for all councils.",
    suspicious_label: "Responses that look automated",
    suspicious_all: "Include all",
    suspicious_none: "Leave them out",
    suspicious_only: "Only those",
    csv_note: "The CSV files are UTF-8 with a byte order mark, so Excel shows æ, ø and å correctly. Cells that start with = + - @ or a tab get an apostrophe in front, so they never become formulas.",
    contact_note: "Contact details are included only for cases whose proposer consented.",
};

/// The exports page's texts in `lang`.
pub fn exports(lang: Lang) -> &'static ExportsTexts {
    match lang {
        Lang::Nb => &EXPORTS_NB,
        Lang::Nn => &EXPORTS_NN,
        Lang::Sv => &EXPORTS_SV,
        Lang::En => &EXPORTS_EN,
    }
}

/// A number with one decimal in the notation of `lang`: `3,4` in the Nordic languages, `3.4` in English.
/// Halves round up (2.25 → 2.3), as people round by hand, not to even as `format!` does.
pub fn decimal(lang: Lang, value: f64) -> String {
    let text = format!("{:.1}", (value * 10.0).round() / 10.0);
    if lang == Lang::En {
        text
    } else {
        text.replace('.', ",")
    }
}

/// A share as a whole percentage: `42 %` in the Nordic languages, `42%` in English.
pub fn percent(lang: Lang, part: u64, whole: u64) -> String {
    let p = (part * 100 + whole / 2).checked_div(whole).unwrap_or(0);
    if lang == Lang::En {
        format!("{p}%")
    } else {
        format!("{p}\u{a0}%")
    }
}

/// "12 svar" / "12 responses" (but "1 response"), with the thousands separator of `lang`.
pub fn responses(lang: Lang, n: u64) -> String {
    if lang == Lang::En && n == 1 {
        return "1 response".to_owned();
    }
    fill(results(lang).responses, &[("n", &number(lang, n as usize))])
}

/// "3,4 av 5" / "3.4 of 5".
pub fn average_of(lang: Lang, average: f64, scale: u8) -> String {
    fill(
        results(lang).average_of,
        &[
            ("avg", &decimal(lang, average)),
            ("scale", &scale.to_string()),
        ],
    )
}

/// "Skala 1–5".
pub fn scale_name(lang: Lang, scale: u8) -> String {
    fill(results(lang).scale_name, &[("scale", &scale.to_string())])
}

/// "Skjult (under 5 svar)".
pub fn hidden(lang: Lang, threshold: u32) -> String {
    fill(results(lang).hidden, &[("n", &threshold.to_string())])
}

/// The bucket's name in running text ("uke").
pub fn bucket_name(lang: Lang, bucket: Bucket) -> &'static str {
    let t = results(lang);
    match bucket {
        Bucket::Day => t.day,
        Bucket::Week => t.week,
        Bucket::Month => t.month,
    }
}

/// The label of the bucket starting on `start`: `2026-03-02`, `uke 10 2026`, `2026-03`.
pub fn bucket_label(lang: Lang, bucket: Bucket, start: i64) -> String {
    match bucket {
        Bucket::Day => iso_date(start),
        Bucket::Week => {
            let (year, week) = iso_week(start);
            fill(
                results(lang).week_label,
                &[("week", &week.to_string()), ("year", &year.to_string())],
            )
        }
        Bucket::Month => iso_date(start)[..7].to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::stats::days_from_civil;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(decimal(Lang::Nb, 3.45), "3,5");
        assert_eq!(decimal(Lang::En, 3.0), "3.0");
        assert_eq!(average_of(Lang::Sv, 2.25, 3), "2,3 av 3");
        assert_eq!(average_of(Lang::En, 4.0, 5), "4.0 of 5");
        assert_eq!(percent(Lang::Nn, 1, 3), "33\u{a0}%");
        assert_eq!(percent(Lang::En, 2, 3), "67%");
        assert_eq!(percent(Lang::En, 0, 0), "0%");
        assert_eq!(responses(Lang::Nb, 12_345), "12\u{a0}345 svar");
        assert_eq!(responses(Lang::En, 1_000), "1,000 responses");
        assert_eq!(responses(Lang::En, 1), "1 response");
        assert_eq!(responses(Lang::Nb, 1), "1 svar");
    }

    #[test]
    fn bucket_labels() {
        let day = days_from_civil(2026, 3, 2);
        assert_eq!(bucket_label(Lang::Nb, Bucket::Day, day), "2026-03-02");
        assert_eq!(bucket_label(Lang::Nb, Bucket::Week, day), "uke 10 2026");
        assert_eq!(bucket_label(Lang::Sv, Bucket::Week, day), "vecka 10 2026");
        assert_eq!(bucket_label(Lang::En, Bucket::Month, day), "2026-03");
    }

    #[test]
    fn every_language_has_its_own_texts() {
        for pick in [
            |l| results(l).threshold_note,
            |l| results(l).mixed_scales,
            |l| exports(l).intro,
            |l| exports(l).contact_note,
        ] as [fn(Lang) -> &'static str; 4]
        {
            let texts: Vec<&str> = Lang::ALL.iter().map(|&l| pick(l)).collect();
            for (i, a) in texts.iter().enumerate() {
                assert!(!a.is_empty());
                for b in &texts[i + 1..] {
                    assert_ne!(a, b, "two languages share a text");
                }
            }
        }
    }
}
