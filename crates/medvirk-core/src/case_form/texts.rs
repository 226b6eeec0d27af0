//! Every text the case form shows, in bokmål, nynorsk, svenska and English.
//!
//! Written as a good public-sector form speaks: say what to write and why it helps, one thing
//! per sentence, errors that say how to fix them (the GOV.UK and Digdir patterns). Compile-time
//! tables (a struct per language) rather than Fluent, which would double the bundle; a missing
//! text is a compile error, and a test checks that none is empty and that placeholders match.
//!
//! Placeholders: `{n}` (a count), `{max}` (a limit) and `{label}` (a field's short label).

use super::check::{CharCount, FieldError};
use super::{CaseForm, CaseStatus, Role};
use crate::lang::Lang;
use crate::pii::PiiKind;

/// The texts of one field: the label (a question), the guidance under it, and the short name
/// used in the review step, in error messages and in the Open311 description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldText {
    pub label: &'static str,
    pub hint: &'static str,
    pub short: &'static str,
}

/// All texts of the case form in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseTexts {
    // The form.
    pub heading: &'static str,
    pub intro: &'static str,
    pub required_marker: &'static str,
    pub optional_marker: &'static str,
    pub title: FieldText,
    pub why: FieldText,
    pub where_: FieldText,
    pub when: FieldText,
    pub solution: FieldText,
    /// The role question (a radio group's legend).
    pub role: FieldText,
    pub role_service_user: &'static str,
    pub role_relative: &'static str,
    pub role_user_organisation: &'static str,
    pub role_employee: &'static str,
    pub role_other: &'static str,
    pub organisation: FieldText,
    /// The anonymous-or-contact question (a radio group's legend).
    pub contact: FieldText,
    pub anonymous_option: &'static str,
    pub contact_option: &'static str,
    pub name: FieldText,
    pub email: FieldText,
    pub phone: FieldText,
    /// The consent checkbox; says what the contact details are used for.
    pub consent: &'static str,
    // The health-data warning shown before sending.
    pub health_heading: &'static str,
    pub health_intro: &'static str,
    pub health_no_names: &'static str,
    pub health_no_diagnoses: &'static str,
    pub health_no_id_numbers: &'static str,
    // Personal data found in a free-text field.
    pub pii_national_id: &'static str,
    pub pii_phone: &'static str,
    pub pii_email: &'static str,
    // The character counter.
    pub chars_remaining: &'static str,
    pub chars_remaining_one: &'static str,
    pub chars_too_many: &'static str,
    pub chars_too_many_one: &'static str,
    // Errors, as shown in the summary (linked to the field) and next to the field.
    pub error_summary_heading: &'static str,
    pub err_title_required: &'static str,
    pub err_why_required: &'static str,
    pub err_role_required: &'static str,
    pub err_too_long: &'static str,
    pub err_invalid_characters: &'static str,
    pub err_contact_missing: &'static str,
    pub err_invalid_email: &'static str,
    pub err_invalid_phone: &'static str,
    pub err_consent_required: &'static str,
    /// For errors the person cannot fix (configuration): tells them whom to tell.
    pub err_other: &'static str,
    // Review and sending.
    pub review_button: &'static str,
    pub review_heading: &'static str,
    pub review_intro: &'static str,
    pub change_link: &'static str,
    pub review_empty: &'static str,
    pub review_anonymous: &'static str,
    pub send_button: &'static str,
    pub back_button: &'static str,
    pub sending: &'static str,
    pub send_failed: &'static str,
    pub retry: &'static str,
    /// The case waits in the outbox on this device (offline, server down).
    pub queued: &'static str,
    /// Button that sends what waits in the outbox now.
    pub try_now: &'static str,
    // Receipt and next steps.
    pub receipt_heading: &'static str,
    pub receipt_code_label: &'static str,
    pub receipt_keep_code: &'static str,
    pub next_steps_heading: &'static str,
    pub next_steps: &'static str,
    pub status_link: &'static str,
    /// After the host page took the send over (cancelled `medvirk-submit`): no receipt from us.
    pub taken_over: &'static str,
    // Status lookup.
    pub status_heading: &'static str,
    pub status_code: FieldText,
    pub status_button: &'static str,
    pub status_not_found: &'static str,
    pub status_invalid_code: &'static str,
    pub status_failed: &'static str,
    pub status_current: &'static str,
    pub status_received_at: &'static str,
    pub status_updated_at: &'static str,
    pub status_meeting_date: &'static str,
    pub status_public_answer: &'static str,
    pub status_reason: &'static str,
    pub status_history: &'static str,
    pub status_received: &'static str,
    pub status_being_assessed: &'static str,
    pub status_on_agenda: &'static str,
    pub status_discussed: &'static str,
    pub status_decided: &'static str,
    pub status_closed: &'static str,
    pub status_not_taken_up: &'static str,
    // Drafts.
    pub draft_info: &'static str,
    pub draft_restored: &'static str,
    pub draft_clear: &'static str,
    pub draft_cleared: &'static str,
    /// Appended to an Open311 description that had to be cut to the 4000-character limit.
    pub truncated: &'static str,
}

/// The texts for `lang`.
pub fn texts(lang: Lang) -> &'static CaseTexts {
    match lang {
        Lang::Nb => &NB,
        Lang::Nn => &NN,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// Replaces `{name}` placeholders; plain `str::replace` is enough for three known names.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in vars {
        out = out.replace(name, value);
    }
    out
}

fn number(n: usize) -> String {
    let mut s = String::new();
    crate::json::write_u64(&mut s, n as u64);
    s
}

impl CaseTexts {
    /// The label of a role option.
    pub fn role_label(&self, role: Role) -> &'static str {
        match role {
            Role::ServiceUser => self.role_service_user,
            Role::Relative => self.role_relative,
            Role::UserOrganisation => self.role_user_organisation,
            Role::Employee => self.role_employee,
            Role::Other => self.role_other,
        }
    }

    /// The label of a lifecycle status.
    pub fn status_label(&self, status: CaseStatus) -> &'static str {
        match status {
            CaseStatus::Received => self.status_received,
            CaseStatus::BeingAssessed => self.status_being_assessed,
            CaseStatus::OnAgenda => self.status_on_agenda,
            CaseStatus::Discussed => self.status_discussed,
            CaseStatus::Decided => self.status_decided,
            CaseStatus::Closed => self.status_closed,
            CaseStatus::NotTakenUp => self.status_not_taken_up,
        }
    }

    /// The texts of the field at a wire path (`title`, `proposer.role`, `contact.email`, ...).
    pub fn field(&self, path: &str) -> Option<&FieldText> {
        Some(match path {
            "title" => &self.title,
            "why" => &self.why,
            "where" => &self.where_,
            "when" => &self.when,
            "solution" => &self.solution,
            "proposer.role" => &self.role,
            "proposer.organisation" => &self.organisation,
            "contact" | "contact.consent" => &self.contact,
            "contact.name" => &self.name,
            "contact.email" => &self.email,
            "contact.phone" => &self.phone,
            _ => return None,
        })
    }

    /// The message for an error from validation, for the summary and the field.
    pub fn error(&self, e: &FieldError) -> String {
        let label = self.field(e.field).map_or("", |f| f.short);
        let with_label = |t: &str| fill(t, &[("{label}", label)]);
        match (e.code, e.field) {
            ("required", "title") => self.err_title_required.into(),
            ("required", "why") => self.err_why_required.into(),
            ("required", "proposer.role") => self.err_role_required.into(),
            ("too_long", f) if !label.is_empty() => {
                let max = super::check::limit(f).map_or(0, |l| l.max_chars);
                fill(
                    self.err_too_long,
                    &[("{label}", label), ("{max}", &number(max))],
                )
            }
            ("invalid_characters", _) if !label.is_empty() => {
                with_label(self.err_invalid_characters)
            }
            ("contact_missing", _) => self.err_contact_missing.into(),
            ("invalid_email", _) => self.err_invalid_email.into(),
            ("invalid_phone", _) => self.err_invalid_phone.into(),
            ("consent_required", _) => self.err_consent_required.into(),
            _ => self.err_other.into(),
        }
    }

    /// The live counter under a field with a limit: characters left, or too many.
    pub fn counter(&self, c: CharCount) -> String {
        let (one, many, n) = if c.used > c.max {
            (self.chars_too_many_one, self.chars_too_many, c.over())
        } else {
            (
                self.chars_remaining_one,
                self.chars_remaining,
                c.remaining(),
            )
        };
        if n == 1 {
            one.into()
        } else {
            fill(many, &[("{n}", &number(n))])
        }
    }

    /// The warning for personal data found in a free-text field.
    pub fn pii_warning(&self, kind: PiiKind) -> &'static str {
        match kind {
            PiiKind::NationalId => self.pii_national_id,
            PiiKind::Phone => self.pii_phone,
            PiiKind::Email => self.pii_email,
        }
    }
}

/// One row of the review step: the field to link back to, its short label and what will be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    /// Wire path of the field the "change" link goes to.
    pub field: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// The review step's rows in form order. Empty optional fields are shown as "not filled in" so
/// the person sees they may still add them; contact shows "anonymous" or the details given.
pub fn review_rows(form: &CaseForm, t: &CaseTexts) -> Vec<ReviewRow> {
    let row = |field: &'static str, label: &'static str, value: &str| {
        let value = value.trim();
        ReviewRow {
            field,
            label,
            value: if value.is_empty() {
                t.review_empty
            } else {
                value
            }
            .to_owned(),
        }
    };
    let mut rows = vec![
        row("title", t.title.short, &form.title),
        row("why", t.why.short, &form.why),
        row("where", t.where_.short, &form.where_),
        row("when", t.when.short, &form.when),
        row("solution", t.solution.short, &form.solution),
        row(
            "proposer.role",
            t.role.short,
            form.role.map_or("", |r| t.role_label(r)),
        ),
        row(
            "proposer.organisation",
            t.organisation.short,
            &form.organisation,
        ),
    ];
    if form.wants_contact {
        rows.push(row("contact.name", t.name.short, &form.name));
        rows.push(row("contact.email", t.email.short, &form.email));
        rows.push(row("contact.phone", t.phone.short, &form.phone));
    } else {
        rows.push(row("contact", t.contact.short, t.review_anonymous));
    }
    rows
}

const fn f(label: &'static str, hint: &'static str, short: &'static str) -> FieldText {
    FieldText { label, hint, short }
}

static NB: CaseTexts = CaseTexts {
    heading: "Foreslå en sak for brukerrådet",
    intro: "Her kan du foreslå en sak som brukerrådet bør ta opp. Fortell hva som er problemet, og hva som kan gjøre det bedre. Du kan være anonym.",
    required_marker: "(må fylles ut)",
    optional_marker: "(valgfritt)",
    title: f(
        "Hva gjelder saken?",
        "Skriv en kort overskrift, for eksempel «Lang ventetid på time hos fysioterapeut».",
        "Tittel",
    ),
    why: f(
        "Hvorfor er dette et problem?",
        "Fortell hva som skjer, og hvem det går ut over. Skriv gjerne om egne erfaringer, men ikke om andres helse.",
        "Hvorfor",
    ),
    where_: f(
        "Hvor skjer det?",
        "Skriv hvilken tjeneste, avdeling eller enhet det gjelder, for eksempel «legevakten» eller «hjemmetjenesten i sone øst».",
        "Hvor",
    ),
    when: f(
        "Når skjer det?",
        "For eksempel «om kvelden og i helgene» eller «siden i høst». Det hjelper rådet å forstå hvor ofte det skjer.",
        "Når",
    ),
    solution: f(
        "Har du forslag til en løsning?",
        "Skriv hva du mener bør endres. Du trenger ikke ha et ferdig svar – det er rådets oppgave å finne ut av det.",
        "Forslag til løsning",
    ),
    role: f(
        "Hvem foreslår saken?",
        "Det hjelper rådet å forstå hvor saken kommer fra.",
        "Foreslått av",
    ),
    role_service_user: "Jeg bruker tjenesten",
    role_relative: "Jeg er pårørende",
    role_user_organisation: "Jeg representerer en brukerorganisasjon",
    role_employee: "Jeg er ansatt",
    role_other: "Annet",
    organisation: f(
        "Navn på organisasjonen",
        "Fyll ut hvis du foreslår saken på vegne av en organisasjon.",
        "Organisasjon",
    ),
    contact: f(
        "Vil du at vi skal kunne kontakte deg?",
        "Du kan sende saken anonymt. Da kan du følge den med kvitteringskoden, men rådet kan ikke stille deg spørsmål om saken.",
        "Kontaktinformasjon",
    ),
    anonymous_option: "Nei, send anonymt",
    contact_option: "Ja, jeg oppgir kontaktinformasjon",
    name: f("Navn", "Fornavn og etternavn.", "Navn"),
    email: f(
        "E-postadresse",
        "Oppgi e-postadresse, telefonnummer eller begge deler.",
        "E-post",
    ),
    phone: f(
        "Telefonnummer",
        "For eksempel 912 34 567 eller +46 70 123 45 67.",
        "Telefon",
    ),
    consent: "Jeg samtykker i at sekretariatet for brukerrådet bruker kontaktinformasjonen min til å stille spørsmål om saken og gi meg svar. Opplysningene vises ikke offentlig og brukes ikke til noe annet.",
    health_heading: "Ikke skriv helseopplysninger om andre",
    health_intro: "Saken blir lest av flere i brukerrådet. Beskriv situasjonen slik at ingen kan kjennes igjen:",
    health_no_names: "Ikke skriv navn på pasienter, brukere eller ansatte.",
    health_no_diagnoses: "Ikke skriv om andres diagnoser eller helsetilstand.",
    health_no_id_numbers: "Ikke skriv fødselsnummer eller andre personnummer.",
    pii_national_id: "Det ser ut som du har skrevet et fødselsnummer. Fjern det før du sender.",
    pii_phone: "Det ser ut som du har skrevet et telefonnummer. Hvis du vil bli kontaktet, bruk feltene for kontaktinformasjon i stedet.",
    pii_email: "Det ser ut som du har skrevet en e-postadresse. Hvis du vil bli kontaktet, bruk feltene for kontaktinformasjon i stedet.",
    chars_remaining: "Du har {n} tegn igjen",
    chars_remaining_one: "Du har 1 tegn igjen",
    chars_too_many: "Du har {n} tegn for mye",
    chars_too_many_one: "Du har 1 tegn for mye",
    error_summary_heading: "Det er noe du må rette",
    err_title_required: "Skriv hva saken gjelder",
    err_why_required: "Skriv hvorfor dette er et problem",
    err_role_required: "Velg hvem som foreslår saken",
    err_too_long: "«{label}» kan ha høyst {max} tegn",
    err_invalid_characters: "«{label}» inneholder tegn som ikke kan sendes. Prøv å skrive teksten på nytt i stedet for å lime den inn",
    err_contact_missing: "Skriv e-postadresse eller telefonnummer, eller velg å sende anonymt",
    err_invalid_email: "Skriv e-postadressen i riktig format, for eksempel navn@eksempel.no",
    err_invalid_phone: "Skriv et telefonnummer, for eksempel 912 34 567 eller +46 70 123 45 67",
    err_consent_required: "Kryss av for samtykke hvis vi skal kunne kontakte deg, eller velg å sende anonymt",
    err_other: "Noe er feil i oppsettet av skjemaet. Ta kontakt med dem som har publisert siden.",
    review_button: "Se over og send",
    review_heading: "Se over saken før du sender",
    review_intro: "Dette blir sendt til brukerrådet. Du kan endre alt før du sender.",
    change_link: "Endre",
    review_empty: "Ikke fylt ut",
    review_anonymous: "Anonymt",
    send_button: "Send saken",
    back_button: "Tilbake til skjemaet",
    sending: "Sender …",
    send_failed: "Saken ble ikke sendt. Sjekk internettforbindelsen og prøv igjen. Det du har skrevet, er tatt vare på.",
    retry: "Prøv igjen",
    queued: "Saken er lagret på denne enheten og blir sendt når forbindelsen er tilbake. Du får kvitteringen her når den er sendt.",
    try_now: "Prøv å sende nå",
    receipt_heading: "Saken er sendt",
    receipt_code_label: "Kvitteringskoden din",
    receipt_keep_code: "Skriv ned koden eller ta et skjermbilde. Du trenger den for å se hvordan det går med saken.",
    next_steps_heading: "Hva skjer nå?",
    next_steps: "Sekretariatet for brukerrådet går gjennom saken og avgjør om den skal settes på sakslisten til et møte. Du kan følge saken med kvitteringskoden. Hvis du har oppgitt kontaktinformasjon, kan vi ta kontakt hvis vi lurer på noe.",
    taken_over: "Denne nettsiden tok seg av innsendingen selv, så du får ingen kvitteringskode fra dette skjemaet. Sjekk siden for en bekreftelse.",
    status_link: "Se status for saken",
    status_heading: "Se status for en sak",
    status_code: f(
        "Kvitteringskode",
        "Koden står i kvitteringen, for eksempel BR-2026-0042.",
        "Kvitteringskode",
    ),
    status_button: "Vis status",
    status_not_found: "Vi fant ingen sak med denne koden. Sjekk at du har skrevet den riktig.",
    status_invalid_code: "Skriv koden slik den står i kvitteringen, for eksempel BR-2026-0042",
    status_failed: "Vi fikk ikke hentet statusen. Prøv igjen om litt.",
    status_current: "Status",
    status_received_at: "Mottatt",
    status_updated_at: "Sist endret",
    status_meeting_date: "Møtedato",
    status_public_answer: "Svar fra brukerrådet",
    status_reason: "Begrunnelse",
    status_history: "Saksgang",
    status_received: "Mottatt",
    status_being_assessed: "Blir vurdert",
    status_on_agenda: "Satt på sakslisten",
    status_discussed: "Behandlet i møte",
    status_decided: "Vedtak eller råd er gitt",
    status_closed: "Avsluttet",
    status_not_taken_up: "Ikke tatt opp",
    draft_info: "Det du skriver, lagres som et utkast på denne enheten i 30 dager, uten navn, e-post og telefon.",
    draft_restored: "Vi har hentet fram utkastet du begynte på. Navn, e-post og telefon lagres ikke, så de må du fylle ut på nytt hvis du vil bli kontaktet.",
    draft_clear: "Slett utkastet på denne enheten",
    draft_cleared: "Utkastet er slettet.",
    truncated: "[forkortet]",
};

static NN: CaseTexts = CaseTexts {
    heading: "Føreslå ei sak for brukarrådet",
    intro: "Her kan du føreslå ei sak som brukarrådet bør ta opp. Fortel kva som er problemet, og kva som kan gjere det betre. Du kan vere anonym.",
    required_marker: "(må fyllast ut)",
    optional_marker: "(valfritt)",
    title: f(
        "Kva gjeld saka?",
        "Skriv ei kort overskrift, til dømes «Lang ventetid på time hos fysioterapeut».",
        "Tittel",
    ),
    why: f(
        "Kvifor er dette eit problem?",
        "Fortel kva som skjer, og kven det går ut over. Skriv gjerne om eigne erfaringar, men ikkje om helsa til andre.",
        "Kvifor",
    ),
    where_: f(
        "Kvar skjer det?",
        "Skriv kva teneste, avdeling eller eining det gjeld, til dømes «legevakta» eller «heimetenesta i sone aust».",
        "Kvar",
    ),
    when: f(
        "Når skjer det?",
        "Til dømes «om kvelden og i helgane» eller «sidan i haust». Det hjelper rådet å forstå kor ofte det skjer.",
        "Når",
    ),
    solution: f(
        "Har du forslag til ei løysing?",
        "Skriv kva du meiner bør endrast. Du treng ikkje ha eit ferdig svar – det er oppgåva til rådet å finne ut av det.",
        "Forslag til løysing",
    ),
    role: f(
        "Kven føreslår saka?",
        "Det hjelper rådet å forstå kvar saka kjem frå.",
        "Føreslått av",
    ),
    role_service_user: "Eg brukar tenesta",
    role_relative: "Eg er pårørande",
    role_user_organisation: "Eg representerer ein brukarorganisasjon",
    role_employee: "Eg er tilsett",
    role_other: "Anna",
    organisation: f(
        "Namn på organisasjonen",
        "Fyll ut dersom du føreslår saka på vegner av ein organisasjon.",
        "Organisasjon",
    ),
    contact: f(
        "Vil du at vi skal kunne kontakte deg?",
        "Du kan sende saka anonymt. Då kan du følgje ho med kvitteringskoden, men rådet kan ikkje stille deg spørsmål om saka.",
        "Kontaktinformasjon",
    ),
    anonymous_option: "Nei, send anonymt",
    contact_option: "Ja, eg oppgir kontaktinformasjon",
    name: f("Namn", "Førenamn og etternamn.", "Namn"),
    email: f(
        "E-postadresse",
        "Oppgi e-postadresse, telefonnummer eller begge delar.",
        "E-post",
    ),
    phone: f(
        "Telefonnummer",
        "Til dømes 912 34 567 eller +46 70 123 45 67.",
        "Telefon",
    ),
    consent: "Eg samtykkjer i at sekretariatet for brukarrådet brukar kontaktinformasjonen min til å stille spørsmål om saka og gi meg svar. Opplysningane blir ikkje viste offentleg og blir ikkje brukte til noko anna.",
    health_heading: "Ikkje skriv helseopplysningar om andre",
    health_intro: "Saka blir lesen av fleire i brukarrådet. Beskriv situasjonen slik at ingen kan kjennast att:",
    health_no_names: "Ikkje skriv namn på pasientar, brukarar eller tilsette.",
    health_no_diagnoses: "Ikkje skriv om diagnosane eller helsetilstanden til andre.",
    health_no_id_numbers: "Ikkje skriv fødselsnummer eller andre personnummer.",
    pii_national_id: "Det ser ut som du har skrive eit fødselsnummer. Fjern det før du sender.",
    pii_phone: "Det ser ut som du har skrive eit telefonnummer. Viss du vil bli kontakta, bruk felta for kontaktinformasjon i staden.",
    pii_email: "Det ser ut som du har skrive ei e-postadresse. Viss du vil bli kontakta, bruk felta for kontaktinformasjon i staden.",
    chars_remaining: "Du har {n} teikn att",
    chars_remaining_one: "Du har 1 teikn att",
    chars_too_many: "Du har {n} teikn for mykje",
    chars_too_many_one: "Du har 1 teikn for mykje",
    error_summary_heading: "Det er noko du må rette",
    err_title_required: "Skriv kva saka gjeld",
    err_why_required: "Skriv kvifor dette er eit problem",
    err_role_required: "Vel kven som føreslår saka",
    err_too_long: "«{label}» kan ha høgst {max} teikn",
    err_invalid_characters: "«{label}» inneheld teikn som ikkje kan sendast. Prøv å skrive teksten på nytt i staden for å lime han inn",
    err_contact_missing: "Skriv e-postadresse eller telefonnummer, eller vel å sende anonymt",
    err_invalid_email: "Skriv e-postadressa i rett format, til dømes namn@eksempel.no",
    err_invalid_phone: "Skriv eit telefonnummer, til dømes 912 34 567 eller +46 70 123 45 67",
    err_consent_required: "Kryss av for samtykke dersom vi skal kunne kontakte deg, eller vel å sende anonymt",
    err_other: "Noko er feil i oppsettet av skjemaet. Ta kontakt med dei som har publisert sida.",
    review_button: "Sjå over og send",
    review_heading: "Sjå over saka før du sender",
    review_intro: "Dette blir sendt til brukarrådet. Du kan endre alt før du sender.",
    change_link: "Endre",
    review_empty: "Ikkje fylt ut",
    review_anonymous: "Anonymt",
    send_button: "Send saka",
    back_button: "Tilbake til skjemaet",
    sending: "Sender …",
    send_failed: "Saka vart ikkje send. Sjekk internettsambandet og prøv igjen. Det du har skrive, er teke vare på.",
    retry: "Prøv igjen",
    queued: "Saka er lagra på denne eininga og blir send når sambandet er tilbake. Du får kvitteringa her når ho er send.",
    try_now: "Prøv å sende no",
    receipt_heading: "Saka er send",
    receipt_code_label: "Kvitteringskoden din",
    receipt_keep_code: "Skriv ned koden eller ta eit skjermbilete. Du treng han for å sjå korleis det går med saka.",
    next_steps_heading: "Kva skjer no?",
    next_steps: "Sekretariatet for brukarrådet går gjennom saka og avgjer om ho skal setjast på sakslista til eit møte. Du kan følgje saka med kvitteringskoden. Viss du har oppgitt kontaktinformasjon, kan vi ta kontakt dersom vi lurer på noko.",
    taken_over: "Denne nettsida tok seg av innsendinga sjølv, så du får ingen kvitteringskode frå dette skjemaet. Sjå etter ei stadfesting på sida.",
    status_link: "Sjå status for saka",
    status_heading: "Sjå status for ei sak",
    status_code: f(
        "Kvitteringskode",
        "Koden står i kvitteringa, til dømes BR-2026-0042.",
        "Kvitteringskode",
    ),
    status_button: "Vis status",
    status_not_found: "Vi fann inga sak med denne koden. Sjekk at du har skrive han rett.",
    status_invalid_code: "Skriv koden slik han står i kvitteringa, til dømes BR-2026-0042",
    status_failed: "Vi fekk ikkje henta statusen. Prøv igjen om litt.",
    status_current: "Status",
    status_received_at: "Motteken",
    status_updated_at: "Sist endra",
    status_meeting_date: "Møtedato",
    status_public_answer: "Svar frå brukarrådet",
    status_reason: "Grunngiving",
    status_history: "Saksgang",
    status_received: "Motteken",
    status_being_assessed: "Blir vurdert",
    status_on_agenda: "Sett på sakslista",
    status_discussed: "Behandla i møte",
    status_decided: "Vedtak eller råd er gitt",
    status_closed: "Avslutta",
    status_not_taken_up: "Ikkje teken opp",
    draft_info: "Det du skriv, blir lagra som eit utkast på denne eininga i 30 dagar, utan namn, e-post og telefon.",
    draft_restored: "Vi har henta fram utkastet du byrja på. Namn, e-post og telefon blir ikkje lagra, så dei må du fylle ut på nytt viss du vil bli kontakta.",
    draft_clear: "Slett utkastet på denne eininga",
    draft_cleared: "Utkastet er sletta.",
    truncated: "[forkorta]",
};

static SV: CaseTexts = CaseTexts {
    heading: "Föreslå ett ärende till brukarrådet",
    intro: "Här kan du föreslå ett ärende som brukarrådet bör ta upp. Berätta vad problemet är och vad som skulle kunna göra det bättre. Du kan vara anonym.",
    required_marker: "(obligatoriskt)",
    optional_marker: "(frivilligt)",
    title: f(
        "Vad gäller ärendet?",
        "Skriv en kort rubrik, till exempel ”Lång väntetid på tid hos fysioterapeut”.",
        "Rubrik",
    ),
    why: f(
        "Varför är det här ett problem?",
        "Berätta vad som händer och vem det drabbar. Skriv gärna om dina egna erfarenheter, men inte om andras hälsa.",
        "Varför",
    ),
    where_: f(
        "Var händer det?",
        "Skriv vilken verksamhet, avdelning eller enhet det gäller, till exempel ”jourmottagningen” eller ”hemtjänsten i område öst”.",
        "Var",
    ),
    when: f(
        "När händer det?",
        "Till exempel ”på kvällar och helger” eller ”sedan i höstas”. Det hjälper rådet att förstå hur ofta det händer.",
        "När",
    ),
    solution: f(
        "Har du förslag på en lösning?",
        "Skriv vad du tycker borde ändras. Du behöver inte ha ett färdigt svar – det är rådets uppgift att ta reda på det.",
        "Förslag på lösning",
    ),
    role: f(
        "Vem föreslår ärendet?",
        "Det hjälper rådet att förstå var ärendet kommer ifrån.",
        "Föreslaget av",
    ),
    role_service_user: "Jag använder tjänsten",
    role_relative: "Jag är närstående",
    role_user_organisation: "Jag företräder en brukarorganisation",
    role_employee: "Jag är anställd",
    role_other: "Annat",
    organisation: f(
        "Organisationens namn",
        "Fyll i om du föreslår ärendet för en organisations räkning.",
        "Organisation",
    ),
    contact: f(
        "Vill du att vi ska kunna kontakta dig?",
        "Du kan skicka ärendet anonymt. Då kan du följa det med kvittokoden, men rådet kan inte ställa frågor till dig om ärendet.",
        "Kontaktuppgifter",
    ),
    anonymous_option: "Nej, skicka anonymt",
    contact_option: "Ja, jag lämnar kontaktuppgifter",
    name: f("Namn", "För- och efternamn.", "Namn"),
    email: f(
        "E-postadress",
        "Ange e-postadress, telefonnummer eller båda.",
        "E-post",
    ),
    phone: f(
        "Telefonnummer",
        "Till exempel 070-123 45 67 eller +47 912 34 567.",
        "Telefon",
    ),
    consent: "Jag samtycker till att brukarrådets sekretariat använder mina kontaktuppgifter för att ställa frågor om ärendet och ge mig svar. Uppgifterna visas inte offentligt och används inte till något annat.",
    health_heading: "Skriv inte hälsouppgifter om andra",
    health_intro: "Ärendet läses av flera personer i brukarrådet. Beskriv situationen så att ingen kan kännas igen:",
    health_no_names: "Skriv inte namn på patienter, brukare eller personal.",
    health_no_diagnoses: "Skriv inte om andras diagnoser eller hälsotillstånd.",
    health_no_id_numbers: "Skriv inte personnummer, samordningsnummer eller norska fødselsnummer.",
    pii_national_id: "Det ser ut som att du har skrivit ett personnummer. Ta bort det innan du skickar.",
    pii_phone: "Det ser ut som att du har skrivit ett telefonnummer. Om du vill bli kontaktad, använd fälten för kontaktuppgifter i stället.",
    pii_email: "Det ser ut som att du har skrivit en e-postadress. Om du vill bli kontaktad, använd fälten för kontaktuppgifter i stället.",
    chars_remaining: "Du har {n} tecken kvar",
    chars_remaining_one: "Du har 1 tecken kvar",
    chars_too_many: "Du har {n} tecken för mycket",
    chars_too_many_one: "Du har 1 tecken för mycket",
    error_summary_heading: "Något behöver rättas",
    err_title_required: "Skriv vad ärendet gäller",
    err_why_required: "Skriv varför det här är ett problem",
    err_role_required: "Välj vem som föreslår ärendet",
    err_too_long: "”{label}” får vara högst {max} tecken",
    err_invalid_characters: "”{label}” innehåller tecken som inte kan skickas. Försök att skriva texten på nytt i stället för att klistra in den",
    err_contact_missing: "Skriv e-postadress eller telefonnummer, eller välj att skicka anonymt",
    err_invalid_email: "Skriv e-postadressen i rätt format, till exempel namn@exempel.se",
    err_invalid_phone: "Skriv ett telefonnummer, till exempel 070-123 45 67 eller +47 912 34 567",
    err_consent_required: "Kryssa i rutan för samtycke om vi ska kunna kontakta dig, eller välj att skicka anonymt",
    err_other: "Något är fel i formulärets inställningar. Kontakta dem som har publicerat sidan.",
    review_button: "Granska och skicka",
    review_heading: "Granska ärendet innan du skickar",
    review_intro: "Det här skickas till brukarrådet. Du kan ändra allt innan du skickar.",
    change_link: "Ändra",
    review_empty: "Inte ifyllt",
    review_anonymous: "Anonymt",
    send_button: "Skicka ärendet",
    back_button: "Tillbaka till formuläret",
    sending: "Skickar …",
    send_failed: "Ärendet kunde inte skickas. Kontrollera internetanslutningen och försök igen. Det du har skrivit finns kvar.",
    retry: "Försök igen",
    queued: "Ärendet är sparat på den här enheten och skickas när anslutningen är tillbaka. Du får kvittot här när det har skickats.",
    try_now: "Försök skicka nu",
    receipt_heading: "Ärendet är skickat",
    receipt_code_label: "Din kvittokod",
    receipt_keep_code: "Skriv upp koden eller ta en skärmbild. Du behöver den för att se hur det går med ärendet.",
    next_steps_heading: "Vad händer nu?",
    next_steps: "Brukarrådets sekretariat går igenom ärendet och avgör om det ska tas upp på dagordningen för ett möte. Du kan följa ärendet med kvittokoden. Om du har lämnat kontaktuppgifter kan vi höra av oss om vi har frågor.",
    taken_over: "Den här webbplatsen skickade ärendet själv, så du får ingen kvittokod från det här formuläret. Titta efter en bekräftelse på sidan.",
    status_link: "Se status för ärendet",
    status_heading: "Se status för ett ärende",
    status_code: f(
        "Kvittokod",
        "Koden finns i kvittot, till exempel BR-2026-0042.",
        "Kvittokod",
    ),
    status_button: "Visa status",
    status_not_found: "Vi hittade inget ärende med den koden. Kontrollera att du har skrivit den rätt.",
    status_invalid_code: "Skriv koden som den står i kvittot, till exempel BR-2026-0042",
    status_failed: "Vi kunde inte hämta statusen. Försök igen om en stund.",
    status_current: "Status",
    status_received_at: "Mottaget",
    status_updated_at: "Senast ändrat",
    status_meeting_date: "Mötesdatum",
    status_public_answer: "Svar från brukarrådet",
    status_reason: "Motivering",
    status_history: "Handläggning",
    status_received: "Mottaget",
    status_being_assessed: "Bedöms",
    status_on_agenda: "Uppsatt på dagordningen",
    status_discussed: "Behandlat på möte",
    status_decided: "Beslut eller råd har lämnats",
    status_closed: "Avslutat",
    status_not_taken_up: "Tas inte upp",
    draft_info: "Det du skriver sparas som ett utkast på den här enheten i 30 dagar, utan namn, e-post och telefon.",
    draft_restored: "Vi har hämtat utkastet som du påbörjade. Namn, e-post och telefon sparas inte, så dem behöver du fylla i igen om du vill bli kontaktad.",
    draft_clear: "Radera utkastet på den här enheten",
    draft_cleared: "Utkastet är raderat.",
    truncated: "[förkortat]",
};

static EN: CaseTexts = CaseTexts {
    heading: "Propose a case for the user council",
    intro: "Use this form to propose a case the user council should take up. Tell us what the problem is and what could make it better. You can stay anonymous.",
    required_marker: "(required)",
    optional_marker: "(optional)",
    title: f(
        "What is the case about?",
        "Write a short heading, for example ‘Long wait for a physiotherapy appointment’.",
        "Title",
    ),
    why: f(
        "Why is this a problem?",
        "Tell us what happens and who it affects. You are welcome to describe your own experience, but not other people’s health.",
        "Why",
    ),
    where_: f(
        "Where does it happen?",
        "Name the service, department or unit, for example ‘the out-of-hours clinic’ or ‘home care in the east district’.",
        "Where",
    ),
    when: f(
        "When does it happen?",
        "For example ‘in the evenings and at weekends’ or ‘since the autumn’. This helps the council understand how often it happens.",
        "When",
    ),
    solution: f(
        "Do you have a suggested solution?",
        "Say what you think should change. You do not need a finished answer – working that out is the council’s job.",
        "Suggested solution",
    ),
    role: f(
        "Who is proposing the case?",
        "This helps the council understand where the case comes from.",
        "Proposed by",
    ),
    role_service_user: "I use the service",
    role_relative: "I am a relative or carer",
    role_user_organisation: "I represent a user organisation",
    role_employee: "I am an employee",
    role_other: "Other",
    organisation: f(
        "Name of the organisation",
        "Fill this in if you are proposing the case on behalf of an organisation.",
        "Organisation",
    ),
    contact: f(
        "Can we contact you?",
        "You can send the case anonymously. You can then follow it with the receipt code, but the council cannot ask you questions about it.",
        "Contact details",
    ),
    anonymous_option: "No, send anonymously",
    contact_option: "Yes, I will give my contact details",
    name: f("Name", "First name and surname.", "Name"),
    email: f(
        "Email address",
        "Give an email address, a phone number or both.",
        "Email",
    ),
    phone: f(
        "Phone number",
        "For example +47 912 34 567 or +46 70 123 45 67.",
        "Phone",
    ),
    consent: "I agree that the user council’s secretariat may use my contact details to ask me about the case and to give me an answer. They are not shown publicly and are not used for anything else.",
    health_heading: "Do not write health information about others",
    health_intro: "Several people on the user council will read the case. Describe the situation so that nobody can be recognised:",
    health_no_names: "Do not write the names of patients, service users or staff.",
    health_no_diagnoses: "Do not write about other people’s diagnoses or health.",
    health_no_id_numbers: "Do not write national identity numbers.",
    pii_national_id: "This looks like a national identity number. Remove it before you send.",
    pii_phone: "This looks like a phone number. If you want to be contacted, use the contact details fields instead.",
    pii_email: "This looks like an email address. If you want to be contacted, use the contact details fields instead.",
    chars_remaining: "You have {n} characters remaining",
    chars_remaining_one: "You have 1 character remaining",
    chars_too_many: "You have {n} characters too many",
    chars_too_many_one: "You have 1 character too many",
    error_summary_heading: "There is a problem",
    err_title_required: "Enter what the case is about",
    err_why_required: "Enter why this is a problem",
    err_role_required: "Select who is proposing the case",
    err_too_long: "‘{label}’ must be {max} characters or fewer",
    err_invalid_characters: "‘{label}’ contains characters that cannot be sent. Try typing the text again instead of pasting it",
    err_contact_missing: "Enter an email address or a phone number, or choose to send anonymously",
    err_invalid_email: "Enter an email address in the correct format, like name@example.com",
    err_invalid_phone: "Enter a phone number, like +47 912 34 567 or +46 70 123 45 67",
    err_consent_required: "Tick the consent box if we may contact you, or choose to send anonymously",
    err_other: "Something is wrong with how this form is set up. Please contact whoever published this page.",
    review_button: "Review and send",
    review_heading: "Check your case before you send it",
    review_intro: "This is what will be sent to the user council. You can change anything before you send it.",
    change_link: "Change",
    review_empty: "Not filled in",
    review_anonymous: "Anonymous",
    send_button: "Send the case",
    back_button: "Back to the form",
    sending: "Sending…",
    send_failed: "The case was not sent. Check your internet connection and try again. What you wrote has been kept.",
    retry: "Try again",
    queued: "The case is saved on this device and will be sent when the connection is back. You will get the receipt here once it is sent.",
    try_now: "Try sending now",
    receipt_heading: "Your case has been sent",
    receipt_code_label: "Your receipt code",
    receipt_keep_code: "Write the code down or take a screenshot. You need it to see how your case is getting on.",
    next_steps_heading: "What happens next",
    next_steps: "The user council’s secretariat will look at your case and decide whether to put it on the agenda for a meeting. You can follow the case with your receipt code. If you gave contact details, we may get in touch if we have questions.",
    taken_over: "This website handled the sending itself, so this form has no receipt code for you. Look for a confirmation on the page.",
    status_link: "Check the status of your case",
    status_heading: "Check the status of a case",
    status_code: f(
        "Receipt code",
        "You will find the code on your receipt, for example BR-2026-0042.",
        "Receipt code",
    ),
    status_button: "Show status",
    status_not_found: "We could not find a case with this code. Check that you have typed it correctly.",
    status_invalid_code: "Enter the code as it appears on your receipt, like BR-2026-0042",
    status_failed: "We could not get the status. Please try again shortly.",
    status_current: "Status",
    status_received_at: "Received",
    status_updated_at: "Last updated",
    status_meeting_date: "Meeting date",
    status_public_answer: "Answer from the user council",
    status_reason: "Reason",
    status_history: "Case history",
    status_received: "Received",
    status_being_assessed: "Being assessed",
    status_on_agenda: "On the agenda",
    status_discussed: "Discussed at a meeting",
    status_decided: "Decision or advice given",
    status_closed: "Closed",
    status_not_taken_up: "Not taken up",
    draft_info: "What you write is saved as a draft on this device for 30 days, without your name, email or phone number.",
    draft_restored: "We have restored the draft you started. Your name, email and phone number are not saved, so fill them in again if you want to be contacted.",
    draft_clear: "Delete the draft on this device",
    draft_cleared: "The draft has been deleted.",
    truncated: "[shortened]",
};
