//! Compile-time text tables for every widget in bokmål, nynorsk, svenska and English.
//!
//! Plain `&'static str` in structs rather than Fluent: a Fluent runtime doubles the bundle every
//! visitor downloads, and the widgets need only a handful of placeholders, which [`fill`] covers.
//! Placeholders are written `{name}`; each template's doc says which ones it takes.

use crate::lang::Lang;
use crate::pii::PiiKind;
use crate::smiley::{ConfigError, Scale};

/// Every visible and screen-reader text of the smiley widget in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct SmileyTexts {
    /// Default question; the `question` attribute replaces it.
    pub question: &'static str,
    /// Labels of the five smileys, worst first. They are the accessible names too.
    pub labels_5: [&'static str; 5],
    /// Labels of the three smileys, worst first.
    pub labels_3: [&'static str; 3],
    pub comment_label: &'static str,
    pub privacy_note: &'static str,
    /// Visible counter; `{n}` characters used of `{max}`.
    pub counter: &'static str,
    /// Announced near the limit; `{n}` characters left.
    pub remaining: &'static str,
    /// Announced and shown over the limit; `{n}` characters too many.
    pub over_limit: &'static str,
    /// Error when sending a too long comment; `{max}`.
    pub too_long: &'static str,
    pub send: &'static str,
    pub finish: &'static str,
    /// Status once the rating is stored.
    pub saved: &'static str,
    pub sending: &'static str,
    pub pii_heading: &'static str,
    pub pii_intro: &'static str,
    pub pii_national_id: &'static str,
    pub pii_phone: &'static str,
    pub pii_email: &'static str,
    pub pii_advice: &'static str,
    pub edit_comment: &'static str,
    pub send_anyway: &'static str,
    pub thanks: &'static str,
    pub error_network: &'static str,
    pub error_server: &'static str,
    /// The backend refused the payload; retrying would not help.
    pub error_rejected: &'static str,
    pub retry: &'static str,
    pub retrying: &'static str,
    /// The answer waits in the outbox on this device (offline, server down).
    pub queued: &'static str,
    /// Button that sends what waits in the outbox now.
    pub try_now: &'static str,
    pub dont_ask: &'static str,
    pub dismissed: &'static str,
    /// Heading of the inline box a webmaster sees when the element is misconfigured.
    pub config_heading: &'static str,
    pub config_missing_endpoint: &'static str,
    /// `{value}` is the attribute as written.
    pub config_invalid_endpoint: &'static str,
    /// `{value}`.
    pub config_invalid_widget_id: &'static str,
    /// `{value}`.
    pub config_invalid_scale: &'static str,
}

const NB: SmileyTexts = SmileyTexts {
    question: "Hva synes du om denne siden?",
    labels_5: ["Veldig dårlig", "Dårlig", "Middels", "Bra", "Veldig bra"],
    labels_3: ["Dårlig", "Middels", "Bra"],
    comment_label: "Vil du fortelle oss mer? (valgfritt)",
    privacy_note: "Ikke skriv personopplysninger som navn, fødselsnummer eller helseopplysninger.",
    counter: "{n} av {max} tegn",
    remaining: "Du har {n} tegn igjen.",
    over_limit: "Du har {n} tegn for mye.",
    too_long: "Kommentaren kan ha høyst {max} tegn. Kort den ned før du sender.",
    send: "Send kommentar",
    finish: "Ferdig uten kommentar",
    saved: "Svaret ditt er lagret. Du kan legge til en kommentar hvis du vil.",
    sending: "Sender …",
    pii_heading: "Kommentaren ser ut til å inneholde personopplysninger",
    pii_intro: "Vi fant noe som ligner på",
    pii_national_id: "et fødselsnummer eller D-nummer",
    pii_phone: "et telefonnummer",
    pii_email: "en e-postadresse",
    pii_advice: "Svarene skal være anonyme. Fjern personopplysningene før du sender, \
                 eller send likevel hvis du er sikker.",
    edit_comment: "Rediger kommentaren",
    send_anyway: "Send likevel",
    thanks: "Takk for tilbakemeldingen!",
    error_network: "Vi fikk ikke sendt svaret ditt. Sjekk internettforbindelsen og prøv igjen.",
    error_server: "Noe gikk galt hos oss, og svaret ditt ble ikke lagret. Prøv igjen om litt.",
    error_rejected: "Svaret ditt ble ikke tatt imot. Prøv å laste inn siden på nytt.",
    retry: "Prøv igjen",
    retrying: "Prøver igjen …",
    queued: "Svaret ditt er lagret på denne enheten og blir sendt når forbindelsen er tilbake.",
    try_now: "Prøv å sende nå",
    dont_ask: "Ikke spør meg igjen",
    dismissed: "Greit, vi spør deg ikke igjen under dette besøket.",
    config_heading: "Feil i oppsettet av tilbakemeldingsskjemaet",
    config_missing_endpoint: "Attributtet endpoint mangler. Legg til adressen svarene skal \
                              sendes til, for eksempel endpoint=\"https://kommune.no/api/v1/feedback\".",
    config_invalid_endpoint: "Attributtet endpoint har verdien «{value}», som ikke er en gyldig \
                              adresse. Bruk en full adresse som begynner med https:// (uten ? og #), \
                              eller en sti som begynner med /.",
    config_invalid_widget_id: "Attributtet widget-id har verdien «{value}». Bruk 1–64 tegn: \
                               bokstavene a–z og A–Z, sifre, punktum, bindestrek eller understrek.",
    config_invalid_scale: "Attributtet scale har verdien «{value}». Bruk scale=\"3\" eller \
                           scale=\"5\", eller fjern attributtet for å få fem smilefjes.",
};

const NN: SmileyTexts = SmileyTexts {
    question: "Kva synest du om denne sida?",
    labels_5: ["Svært dårleg", "Dårleg", "Middels", "Bra", "Svært bra"],
    labels_3: ["Dårleg", "Middels", "Bra"],
    comment_label: "Vil du fortelje oss meir? (valfritt)",
    privacy_note: "Ikkje skriv personopplysningar som namn, fødselsnummer eller helseopplysningar.",
    counter: "{n} av {max} teikn",
    remaining: "Du har {n} teikn att.",
    over_limit: "Du har {n} teikn for mykje.",
    too_long: "Kommentaren kan ha høgst {max} teikn. Kort han ned før du sender.",
    send: "Send kommentar",
    finish: "Ferdig utan kommentar",
    saved: "Svaret ditt er lagra. Du kan leggje til ein kommentar om du vil.",
    sending: "Sender …",
    pii_heading: "Kommentaren ser ut til å innehalde personopplysningar",
    pii_intro: "Vi fann noko som liknar på",
    pii_national_id: "eit fødselsnummer eller D-nummer",
    pii_phone: "eit telefonnummer",
    pii_email: "ei e-postadresse",
    pii_advice: "Svara skal vere anonyme. Fjern personopplysningane før du sender, \
                 eller send likevel om du er sikker.",
    edit_comment: "Endre kommentaren",
    send_anyway: "Send likevel",
    thanks: "Takk for tilbakemeldinga!",
    error_network: "Vi fekk ikkje sendt svaret ditt. Sjekk internettsambandet og prøv igjen.",
    error_server: "Noko gjekk gale hos oss, og svaret ditt vart ikkje lagra. Prøv igjen om litt.",
    error_rejected: "Svaret ditt vart ikkje teke imot. Prøv å laste inn sida på nytt.",
    retry: "Prøv igjen",
    retrying: "Prøver igjen …",
    queued: "Svaret ditt er lagra på denne eininga og blir sendt når sambandet er tilbake.",
    try_now: "Prøv å sende no",
    dont_ask: "Ikkje spør meg igjen",
    dismissed: "Greitt, vi spør deg ikkje igjen under dette besøket.",
    config_heading: "Feil i oppsettet av tilbakemeldingsskjemaet",
    config_missing_endpoint: "Attributtet endpoint manglar. Legg til adressa svara skal sendast \
                              til, til dømes endpoint=\"https://kommune.no/api/v1/feedback\".",
    config_invalid_endpoint: "Attributtet endpoint har verdien «{value}», som ikkje er ei gyldig \
                              adresse. Bruk ei full adresse som byrjar med https:// (utan ? og #), \
                              eller ein sti som byrjar med /.",
    config_invalid_widget_id: "Attributtet widget-id har verdien «{value}». Bruk 1–64 teikn: \
                               bokstavane a–z og A–Z, siffer, punktum, bindestrek eller understrek.",
    config_invalid_scale: "Attributtet scale har verdien «{value}». Bruk scale=\"3\" eller \
                           scale=\"5\", eller fjern attributtet for å få fem smilefjes.",
};

const SV: SmileyTexts = SmileyTexts {
    question: "Vad tycker du om den här sidan?",
    labels_5: [
        "Mycket dålig",
        "Dålig",
        "Varken bra eller dålig",
        "Bra",
        "Mycket bra",
    ],
    labels_3: ["Dålig", "Varken bra eller dålig", "Bra"],
    comment_label: "Vill du berätta mer? (frivilligt)",
    privacy_note: "Skriv inte personuppgifter som namn, personnummer eller uppgifter om hälsa.",
    counter: "{n} av {max} tecken",
    remaining: "Du har {n} tecken kvar.",
    over_limit: "Du har {n} tecken för mycket.",
    too_long: "Kommentaren får vara högst {max} tecken. Korta den innan du skickar.",
    send: "Skicka kommentar",
    finish: "Klar utan kommentar",
    saved: "Ditt svar är sparat. Du kan lägga till en kommentar om du vill.",
    sending: "Skickar …",
    pii_heading: "Kommentaren verkar innehålla personuppgifter",
    pii_intro: "Vi hittade något som liknar",
    pii_national_id: "ett personnummer eller samordningsnummer",
    pii_phone: "ett telefonnummer",
    pii_email: "en e-postadress",
    pii_advice: "Svaren ska vara anonyma. Ta bort personuppgifterna innan du skickar, \
                 eller skicka ändå om du är säker.",
    edit_comment: "Ändra kommentaren",
    send_anyway: "Skicka ändå",
    thanks: "Tack för din återkoppling!",
    error_network: "Vi kunde inte skicka ditt svar. Kontrollera internetanslutningen och försök igen.",
    error_server: "Något gick fel hos oss och ditt svar sparades inte. Försök igen om en stund.",
    error_rejected: "Ditt svar togs inte emot. Försök att ladda om sidan.",
    retry: "Försök igen",
    retrying: "Försöker igen …",
    queued: "Ditt svar är sparat på den här enheten och skickas när anslutningen är tillbaka.",
    try_now: "Försök skicka nu",
    dont_ask: "Fråga mig inte igen",
    dismissed: "Okej, vi frågar dig inte igen under det här besöket.",
    config_heading: "Fel i inställningarna för återkopplingsformuläret",
    config_missing_endpoint: "Attributet endpoint saknas. Lägg till adressen som svaren ska \
                              skickas till, till exempel endpoint=\"https://kommun.se/api/v1/feedback\".",
    config_invalid_endpoint: "Attributet endpoint har värdet ”{value}”, som inte är en giltig \
                              adress. Använd en fullständig adress som börjar med https:// (utan ? \
                              och #) eller en sökväg som börjar med /.",
    config_invalid_widget_id: "Attributet widget-id har värdet ”{value}”. Använd 1–64 tecken: \
                               bokstäverna a–z och A–Z, siffror, punkt, bindestreck eller understreck.",
    config_invalid_scale: "Attributet scale har värdet ”{value}”. Använd scale=\"3\" eller \
                           scale=\"5\", eller ta bort attributet för att få fem smileys.",
};

const EN: SmileyTexts = SmileyTexts {
    question: "What do you think of this page?",
    labels_5: [
        "Very bad",
        "Bad",
        "Neither good nor bad",
        "Good",
        "Very good",
    ],
    labels_3: ["Bad", "Neither good nor bad", "Good"],
    comment_label: "Would you like to tell us more? (optional)",
    privacy_note: "Do not write personal information such as names, national identity numbers \
                   or health information.",
    counter: "{n} of {max} characters",
    remaining: "You have {n} characters remaining.",
    over_limit: "You have {n} characters too many.",
    too_long: "The comment must be {max} characters or fewer. Shorten it before sending.",
    send: "Send comment",
    finish: "Finish without a comment",
    saved: "Your answer has been saved. You can add a comment if you like.",
    sending: "Sending…",
    pii_heading: "Your comment seems to contain personal information",
    pii_intro: "We found something that looks like",
    pii_national_id: "a national identity number (fødselsnummer, D number or personnummer)",
    pii_phone: "a phone number",
    pii_email: "an email address",
    pii_advice: "Answers are meant to be anonymous. Remove the personal information before \
                 sending, or send anyway if you are sure.",
    edit_comment: "Edit comment",
    send_anyway: "Send anyway",
    thanks: "Thank you for your feedback!",
    error_network: "We could not send your answer. Check your internet connection and try again.",
    error_server: "Something went wrong on our side and your answer was not saved. \
                   Please try again in a moment.",
    error_rejected: "Your answer was not accepted. Try reloading the page.",
    retry: "Try again",
    retrying: "Trying again…",
    queued: "Your answer is saved on this device and will be sent when the connection is back.",
    try_now: "Try sending now",
    dont_ask: "Don't ask me again",
    dismissed: "OK, we will not ask you again during this visit.",
    config_heading: "The feedback widget is not set up correctly",
    config_missing_endpoint: "The endpoint attribute is missing. Add the address answers are \
                              sent to, for example endpoint=\"https://example.org/api/v1/feedback\".",
    config_invalid_endpoint: "The endpoint attribute is \"{value}\", which is not a valid \
                              address. Use a full address starting with https:// (without ? and #) \
                              or a path starting with /.",
    config_invalid_widget_id: "The widget-id attribute is \"{value}\". Use 1–64 characters: \
                               the letters a–z and A–Z, digits, full stop, hyphen or underscore.",
    config_invalid_scale: "The scale attribute is \"{value}\". Use scale=\"3\" or scale=\"5\", \
                           or remove the attribute to get five smileys.",
};

/// The smiley texts in `lang`.
pub fn smiley(lang: Lang) -> &'static SmileyTexts {
    match lang {
        Lang::Nb => &NB,
        Lang::Nn => &NN,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

impl SmileyTexts {
    /// The labels of `scale`, worst first.
    pub fn labels(&self, scale: Scale) -> &[&'static str] {
        match scale {
            Scale::Three => &self.labels_3,
            Scale::Five => &self.labels_5,
        }
    }

    /// The label of rating `value` on `scale`, if it is on the scale.
    pub fn label(&self, scale: Scale, value: u8) -> Option<&'static str> {
        self.labels(scale)
            .get(usize::from(value).checked_sub(1)?)
            .copied()
    }

    /// What a personal-data finding looks like, for the warning's list.
    pub fn pii_kind(&self, kind: PiiKind) -> &'static str {
        match kind {
            PiiKind::NationalId => self.pii_national_id,
            PiiKind::Phone => self.pii_phone,
            PiiKind::Email => self.pii_email,
        }
    }

    /// The explanation of a configuration mistake, naming the attribute and how to fix it.
    pub fn config_error(&self, err: &ConfigError) -> String {
        match err {
            ConfigError::MissingEndpoint => self.config_missing_endpoint.to_string(),
            ConfigError::InvalidEndpoint(v) => fill(self.config_invalid_endpoint, &[("value", v)]),
            ConfigError::InvalidWidgetId(v) => fill(self.config_invalid_widget_id, &[("value", v)]),
            ConfigError::InvalidScale(v) => fill(self.config_invalid_scale, &[("value", v)]),
        }
    }
}

/// The visible counter, e.g. "12 av 1 000 tegn", or how far over the limit the text is.
pub fn counter(lang: Lang, chars: usize, max: usize) -> String {
    let t = smiley(lang);
    if chars > max {
        fill(t.over_limit, &[("n", &number(lang, chars - max))])
    } else {
        fill(
            t.counter,
            &[("n", &number(lang, chars)), ("max", &number(lang, max))],
        )
    }
}

/// The polite announcement for `remaining` characters (negative when over the limit).
pub fn remaining(lang: Lang, remaining: isize) -> String {
    let t = smiley(lang);
    let n = number(lang, remaining.unsigned_abs());
    if remaining < 0 {
        fill(t.over_limit, &[("n", &n)])
    } else {
        fill(t.remaining, &[("n", &n)])
    }
}

/// A whole number with the thousands separator of `lang`: a no-break space in the Nordic
/// languages ("1 000"), a comma in English ("1,000").
pub fn number(lang: Lang, n: usize) -> String {
    let sep = if lang == Lang::En { ',' } else { '\u{a0}' };
    // json's writer rather than to_string(), which would pull core::fmt into the wasm.
    let mut digits = String::new();
    crate::json::write_u64(&mut digits, n as u64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Replaces each `{key}` in `template` with its value; unknown placeholders stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| {
            let key = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (close, *v))
        }) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of a table, with its field name, so tests can walk them all.
    fn all(t: &SmileyTexts) -> Vec<(&'static str, &'static str)> {
        let mut v = vec![
            ("question", t.question),
            ("comment_label", t.comment_label),
            ("privacy_note", t.privacy_note),
            ("counter", t.counter),
            ("remaining", t.remaining),
            ("over_limit", t.over_limit),
            ("too_long", t.too_long),
            ("send", t.send),
            ("finish", t.finish),
            ("saved", t.saved),
            ("sending", t.sending),
            ("pii_heading", t.pii_heading),
            ("pii_intro", t.pii_intro),
            ("pii_national_id", t.pii_national_id),
            ("pii_phone", t.pii_phone),
            ("pii_email", t.pii_email),
            ("pii_advice", t.pii_advice),
            ("edit_comment", t.edit_comment),
            ("send_anyway", t.send_anyway),
            ("thanks", t.thanks),
            ("error_network", t.error_network),
            ("error_server", t.error_server),
            ("error_rejected", t.error_rejected),
            ("retry", t.retry),
            ("retrying", t.retrying),
            ("queued", t.queued),
            ("try_now", t.try_now),
            ("dont_ask", t.dont_ask),
            ("dismissed", t.dismissed),
            ("config_heading", t.config_heading),
            ("config_missing_endpoint", t.config_missing_endpoint),
            ("config_invalid_endpoint", t.config_invalid_endpoint),
            ("config_invalid_widget_id", t.config_invalid_widget_id),
            ("config_invalid_scale", t.config_invalid_scale),
        ];
        v.extend(t.labels_5.iter().map(|l| ("labels_5", *l)));
        v.extend(t.labels_3.iter().map(|l| ("labels_3", *l)));
        v
    }

    #[test]
    fn every_language_has_every_text() {
        for lang in Lang::ALL {
            for (field, text) in all(smiley(lang)) {
                assert!(!text.trim().is_empty(), "{lang:?}.{field} is empty");
                assert_eq!(text, text.trim(), "{lang:?}.{field} has stray whitespace");
                assert!(
                    !text.contains("  "),
                    "{lang:?}.{field} has a double space: {text:?}"
                );
            }
        }
    }

    #[test]
    fn no_two_languages_share_a_table() {
        for (i, a) in Lang::ALL.iter().enumerate() {
            for b in &Lang::ALL[i + 1..] {
                assert_ne!(
                    smiley(*a),
                    smiley(*b),
                    "{a:?} and {b:?} have the same table"
                );
                // Most texts must differ too: a table copied and half translated is caught here.
                let same = all(smiley(*a))
                    .iter()
                    .zip(all(smiley(*b)))
                    .filter(|(x, y)| x.1 == y.1)
                    .count();
                // Bokmål and nynorsk rightly share short words ("Bra", "Send likevel"), so the bar
                // is a third of the table.
                let total = all(smiley(*a)).len();
                assert!(
                    same * 3 <= total,
                    "{a:?} and {b:?} share {same} of {total} texts"
                );
            }
        }
    }

    #[test]
    fn templates_have_their_placeholders_and_no_others() {
        for lang in Lang::ALL {
            let t = smiley(lang);
            let expect: &[(&str, &[&str])] = &[
                ("counter", &["{n}", "{max}"]),
                ("remaining", &["{n}"]),
                ("over_limit", &["{n}"]),
                ("too_long", &["{max}"]),
                ("config_invalid_endpoint", &["{value}"]),
                ("config_invalid_widget_id", &["{value}"]),
                ("config_invalid_scale", &["{value}"]),
            ];
            for (field, text) in all(t) {
                let wanted = expect
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map_or(&[][..], |(_, p)| *p);
                for p in wanted {
                    assert!(text.contains(p), "{lang:?}.{field} lacks {p}");
                }
                let braces = text.matches('{').count();
                assert_eq!(
                    braces,
                    wanted.len(),
                    "{lang:?}.{field} has unexpected braces"
                );
            }
        }
    }

    #[test]
    fn labels_follow_the_scale() {
        let nb = smiley(Lang::Nb);
        assert_eq!(
            nb.labels(Scale::Five),
            ["Veldig dårlig", "Dårlig", "Middels", "Bra", "Veldig bra"]
        );
        assert_eq!(nb.label(Scale::Three, 1), Some("Dårlig"));
        assert_eq!(nb.label(Scale::Three, 4), None);
        assert_eq!(nb.label(Scale::Five, 0), None);
        assert_eq!(smiley(Lang::Sv).label(Scale::Five, 5), Some("Mycket bra"));
        for lang in Lang::ALL {
            let t = smiley(lang);
            // The 3-scale uses the worst, middle and best words of the 5-scale's inner steps.
            assert_eq!(
                t.labels_3,
                [t.labels_5[1], t.labels_5[2], t.labels_5[3]],
                "{lang:?}"
            );
        }
    }

    #[test]
    fn counters_and_numbers() {
        assert_eq!(counter(Lang::Nb, 12, 1000), "12 av 1\u{a0}000 tegn");
        assert_eq!(
            counter(Lang::Nn, 1000, 1000),
            "1\u{a0}000 av 1\u{a0}000 teikn"
        );
        assert_eq!(counter(Lang::Sv, 1003, 1000), "Du har 3 tecken för mycket.");
        assert_eq!(counter(Lang::En, 999, 1000), "999 of 1,000 characters");
        assert_eq!(remaining(Lang::Nb, 10), "Du har 10 tegn igjen.");
        assert_eq!(remaining(Lang::En, -2), "You have 2 characters too many.");
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::Nb, 0), "0");
        assert_eq!(number(Lang::Nb, 100), "100");
    }

    #[test]
    fn fill_replaces_known_keys_only() {
        assert_eq!(fill("{a} og {b}", &[("a", "x"), ("b", "{a}")]), "x og {a}");
        assert_eq!(fill("{ukjent} {", &[("a", "x")]), "{ukjent} {");
        assert_eq!(fill("ingen", &[]), "ingen");
    }

    #[test]
    fn config_errors_name_the_attribute_and_value() {
        for lang in Lang::ALL {
            let t = smiley(lang);
            for err in [
                ConfigError::MissingEndpoint,
                ConfigError::InvalidEndpoint("ftp://x".into()),
                ConfigError::InvalidWidgetId("a b".into()),
                ConfigError::InvalidScale("4".into()),
            ] {
                let text = t.config_error(&err);
                assert!(text.contains(err.attribute()), "{lang:?}: {text}");
                if let ConfigError::InvalidEndpoint(v)
                | ConfigError::InvalidWidgetId(v)
                | ConfigError::InvalidScale(v) = &err
                {
                    assert!(text.contains(v.as_str()), "{lang:?}: {text}");
                }
            }
        }
    }

    #[test]
    fn pii_kinds_have_texts() {
        let nb = smiley(Lang::Nb);
        assert_eq!(
            nb.pii_kind(PiiKind::NationalId),
            "et fødselsnummer eller D-nummer"
        );
        assert_eq!(smiley(Lang::Sv).pii_kind(PiiKind::Email), "en e-postadress");
    }
}
