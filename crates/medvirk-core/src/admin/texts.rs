//! Texts of the admin area's frame (sign-in, navigation, common words) in bokmål, nynorsk, svenska and English.
//!
//! Each page module of the admin area keeps its own texts next to it; these are the ones every
//! page shares. A struct per language (not a key lookup) lets the compiler check that no language
//! lacks a text.

use crate::lang::Lang;

/// The shared texts of the admin area.
#[derive(Debug)]
pub struct Shell {
    pub product: &'static str,
    pub admin_area: &'static str,
    pub skip_to_content: &'static str,
    pub main_nav: &'static str,
    pub nav_results: &'static str,
    pub nav_cases: &'static str,
    pub nav_directory: &'static str,
    pub nav_exports: &'static str,
    pub language: &'static str,
    pub sign_in_heading: &'static str,
    pub sign_in_intro: &'static str,
    pub token_label: &'static str,
    pub token_hint: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub wrong_token: &'static str,
    pub no_token_configured: &'static str,
    pub too_many_attempts: &'static str,
    pub session_expired: &'static str,
    pub forbidden_origin: &'static str,
    pub not_found: &'static str,
    pub error_heading: &'static str,
    /// Under lists of times: which clock they follow (`crate::time_zone`).
    pub times_local: &'static str,
}

const NB: Shell = Shell {
    product: "medvirk",
    admin_area: "Administrasjon",
    skip_to_content: "Hopp til hovedinnholdet",
    main_nav: "Hovedmeny",
    nav_results: "Resultater",
    nav_cases: "Saker",
    nav_directory: "Representanter",
    nav_exports: "Eksport",
    language: "Språk",
    sign_in_heading: "Logg inn",
    sign_in_intro: "Logg inn med administrasjonsnøkkelen din for å se resultater, behandle saker og oppdatere representantlisten.",
    token_label: "Administrasjonsnøkkel",
    token_hint: "Nøkkelen står i MEDVIRK_ADMIN_TOKEN på serveren, eller den ble laget med «medvirk-server token create».",
    sign_in: "Logg inn",
    sign_out: "Logg ut",
    wrong_token: "Nøkkelen stemmer ikke. Sjekk at du har kopiert hele nøkkelen, uten mellomrom.",
    no_token_configured: "Administrasjon er slått av: serveren har ingen administrasjonsnøkkel. Sett MEDVIRK_ADMIN_TOKEN eller lag en nøkkel med «medvirk-server token create».",
    too_many_attempts: "For mange mislykkede forsøk. Vent et minutt og prøv igjen.",
    session_expired: "Økten din er utløpt. Logg inn på nytt.",
    forbidden_origin: "Forespørselen kom ikke fra administrasjonssidene og ble avvist.",
    not_found: "Siden finnes ikke.",
    error_heading: "Noe gikk galt",
    times_local: "Tidspunktene er i norsk og svensk tid.",
};

const NN: Shell = Shell {
    product: "medvirk",
    admin_area: "Administrasjon",
    skip_to_content: "Hopp til hovudinnhaldet",
    main_nav: "Hovudmeny",
    nav_results: "Resultat",
    nav_cases: "Saker",
    nav_directory: "Representantar",
    nav_exports: "Eksport",
    language: "Språk",
    sign_in_heading: "Logg inn",
    sign_in_intro: "Logg inn med administrasjonsnøkkelen din for å sjå resultat, behandle saker og oppdatere representantlista.",
    token_label: "Administrasjonsnøkkel",
    token_hint: "Nøkkelen står i MEDVIRK_ADMIN_TOKEN på serveren, eller han vart laga med «medvirk-server token create».",
    sign_in: "Logg inn",
    sign_out: "Logg ut",
    wrong_token: "Nøkkelen stemmer ikkje. Sjekk at du har kopiert heile nøkkelen, utan mellomrom.",
    no_token_configured: "Administrasjon er slått av: serveren har ingen administrasjonsnøkkel. Set MEDVIRK_ADMIN_TOKEN eller lag ein nøkkel med «medvirk-server token create».",
    too_many_attempts: "For mange mislukka forsøk. Vent eit minutt og prøv igjen.",
    session_expired: "Økta di har gått ut. Logg inn på nytt.",
    forbidden_origin: "Førespurnaden kom ikkje frå administrasjonssidene og vart avvist.",
    not_found: "Sida finst ikkje.",
    error_heading: "Noko gjekk gale",
    times_local: "Tidspunkta er i norsk og svensk tid.",
};

const SV: Shell = Shell {
    product: "medvirk",
    admin_area: "Administration",
    skip_to_content: "Hoppa till huvudinnehållet",
    main_nav: "Huvudmeny",
    nav_results: "Resultat",
    nav_cases: "Ärenden",
    nav_directory: "Representanter",
    nav_exports: "Export",
    language: "Språk",
    sign_in_heading: "Logga in",
    sign_in_intro: "Logga in med din administrationsnyckel för att se resultat, hantera ärenden och uppdatera representantlistan.",
    token_label: "Administrationsnyckel",
    token_hint: "Nyckeln finns i MEDVIRK_ADMIN_TOKEN på servern, eller så skapades den med ”medvirk-server token create”.",
    sign_in: "Logga in",
    sign_out: "Logga ut",
    wrong_token: "Nyckeln stämmer inte. Kontrollera att du har kopierat hela nyckeln, utan mellanslag.",
    no_token_configured: "Administrationen är avstängd: servern har ingen administrationsnyckel. Ange MEDVIRK_ADMIN_TOKEN eller skapa en nyckel med ”medvirk-server token create”.",
    too_many_attempts: "För många misslyckade försök. Vänta en minut och försök igen.",
    session_expired: "Din session har gått ut. Logga in igen.",
    forbidden_origin: "Begäran kom inte från administrationssidorna och avvisades.",
    not_found: "Sidan finns inte.",
    error_heading: "Något gick fel",
    times_local: "Tiderna anges i svensk och norsk tid.",
};

const EN: Shell = Shell {
    product: "medvirk",
    admin_area: "Administration",
    skip_to_content: "Skip to main content",
    main_nav: "Main menu",
    nav_results: "Results",
    nav_cases: "Cases",
    nav_directory: "Representatives",
    nav_exports: "Exports",
    language: "Language",
    sign_in_heading: "Sign in",
    sign_in_intro: "Sign in with your admin token to see results, handle cases and update the list of representatives.",
    token_label: "Admin token",
    token_hint: "The token is in MEDVIRK_ADMIN_TOKEN on the server, or it was made with “medvirk-server token create”.",
    sign_in: "Sign in",
    sign_out: "Sign out",
    wrong_token: "That token is not right. Check that you copied all of it, without spaces.",
    no_token_configured: "The admin area is off: the server has no admin token. Set MEDVIRK_ADMIN_TOKEN or make a token with “medvirk-server token create”.",
    too_many_attempts: "Too many failed attempts. Wait a minute and try again.",
    session_expired: "Your session has ended. Please sign in again.",
    forbidden_origin: "The request did not come from the admin pages and was refused.",
    not_found: "There is no such page.",
    error_heading: "Something went wrong",
    times_local: "Times are in Norwegian and Swedish time.",
};

/// The shared texts in `lang`.
pub fn shell(lang: Lang) -> &'static Shell {
    match lang {
        Lang::Nb => &NB,
        Lang::Nn => &NN,
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// The name of each language in itself, for the language switcher.
pub fn endonym(lang: Lang) -> &'static str {
    match lang {
        Lang::Nb => "Bokmål",
        Lang::Nn => "Nynorsk",
        Lang::Sv => "Svenska",
        Lang::En => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_sign_in_texts() {
        let wrong: Vec<_> = Lang::ALL.iter().map(|&l| shell(l).wrong_token).collect();
        for (i, a) in wrong.iter().enumerate() {
            assert!(!a.is_empty());
            for b in &wrong[i + 1..] {
                assert_ne!(a, b, "two languages share a text");
            }
        }
    }
}
