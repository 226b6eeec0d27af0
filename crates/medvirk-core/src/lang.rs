//! The languages medvirk speaks and how a widget picks one.
//!
//! The order of preference is fixed by the product: the element's own `lang` attribute, then the
//! closest ancestor's `lang`, then the browser's languages in the person's order, then bokmål.
//! The browser glue only collects those strings; the decision is made here so it is tested natively.

/// A language with complete texts. Bokmål is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Nb,
    Nn,
    Sv,
    En,
}

impl Lang {
    /// Every supported language, default first.
    pub const ALL: [Lang; 4] = [Lang::Nb, Lang::Nn, Lang::Sv, Lang::En];

    /// The BCP 47 tag written into `lang` attributes and into payloads.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Nn => "nn",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// Reads a BCP 47 language tag such as `nb-NO`, `no-NN`, `sv-FI` or `en-GB`, ignoring case.
    ///
    /// Region and script subtags do not change the language we show (Finland-Swedish readers get
    /// the Swedish texts), so only the primary subtag counts, except for the macrolanguage `no`,
    /// where the second subtag says whether bokmål or nynorsk is meant (`no-NN`, legacy `no-nyn`).
    /// Plain `no` means bokmål, as browsers and CMSs use it that way. Underscores (`nb_NO`, as in
    /// POSIX locales some CMSs emit) are accepted as separators. Anything else is `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let mut subtags = tag.split(['-', '_']);
        let primary = subtags.next()?;
        let second = subtags.next();
        // Reject malformed tags ("en-", "nb--NO", "english") instead of guessing from a prefix.
        let well_formed = tag
            .split(['-', '_'])
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !well_formed {
            return None;
        }
        let is = |s: &str, want: &str| s.eq_ignore_ascii_case(want);
        if is(primary, "nb") {
            Some(Lang::Nb)
        } else if is(primary, "nn") {
            Some(Lang::Nn)
        } else if is(primary, "sv") {
            Some(Lang::Sv)
        } else if is(primary, "en") {
            Some(Lang::En)
        } else if is(primary, "no") {
            match second {
                Some(s) if is(s, "nn") || is(s, "nyn") => Some(Lang::Nn),
                _ => Some(Lang::Nb),
            }
        } else {
            None
        }
    }
}

/// Picks the language for a widget.
///
/// `own` is the element's `lang` attribute, `inherited` the `lang` of its closest ancestor that has
/// one, and `browser` the browser's preferred languages (`navigator.languages`) in order. A level
/// that is absent, empty or names a language we do not have falls through to the next level, so
/// `lang="de"` on the element inside a Swedish page still gives Swedish rather than bokmål.
pub fn negotiate(own: Option<&str>, inherited: Option<&str>, browser: &[impl AsRef<str>]) -> Lang {
    own.and_then(Lang::parse)
        .or_else(|| inherited.and_then(Lang::parse))
        .or_else(|| browser.iter().find_map(|b| Lang::parse(b.as_ref())))
        .unwrap_or_default()
}
