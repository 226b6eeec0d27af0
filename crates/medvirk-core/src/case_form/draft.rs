//! Drafts: what the form may keep on the device while the person types, so a reload or a lost
//! tab loses nothing.
//!
//! A draft never holds name, e-mail or phone: local storage outlives the visit and is readable
//! by anyone using the same browser, such as a shared computer at a library or a ward. The
//! [`Draft`] type has no field for them, so no code path can store them. Consent is left out too:
//! it is given freshly, with the contact details in view, every time. Drafts expire after 30 days
//! (a half-written case that old is forgotten, and should not surprise the next person at a
//! shared machine) and are deleted by the widget after a successful send.
//!
//! Storage is the widget's business; this module turns a draft into a string and back, and
//! treats whatever it reads back as untrusted: another script on the same origin may have written
//! under the same key, an older version may have, or the data may be cut short.

use super::{CaseForm, Obj, Role};
use crate::json_value::{self, Value};

/// How long a draft is kept: 30 days in milliseconds.
pub const DRAFT_MAX_AGE_MS: u64 = 30 * 24 * 60 * 60 * 1000;

/// Marks a stored string as ours, so foreign data under the same key is never read as a draft.
const KIND: &str = "medvirk-case-draft";
const VERSION: u64 = 1;

/// The non-personal part of a form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// The council the form was for; a draft for another council's form is not restored.
    pub council: String,
    pub title: String,
    pub why: String,
    pub where_: String,
    pub when: String,
    pub solution: String,
    pub role: Option<Role>,
    pub organisation: String,
    /// Whether the person had chosen to be contacted (not the details themselves).
    pub wants_contact: bool,
}

/// The draft of `form` for the council `council`, leaving out every contact detail.
pub fn draft_from_form(form: &CaseForm, council: &str) -> Draft {
    Draft {
        council: council.to_owned(),
        title: form.title.clone(),
        why: form.why.clone(),
        where_: form.where_.clone(),
        when: form.when.clone(),
        solution: form.solution.clone(),
        role: form.role,
        organisation: form.organisation.clone(),
        wants_contact: form.wants_contact,
    }
}

/// Whether a draft saved at `saved_ms` is too old at `now_ms` (both Unix milliseconds).
///
/// A save time more than a day in the future is treated as expired too: it means a clock that
/// was wrong, and a draft with such a stamp would otherwise never expire.
pub fn is_expired(saved_ms: u64, now_ms: u64) -> bool {
    const DAY_MS: u64 = 24 * 60 * 60 * 1000;
    if saved_ms > now_ms.saturating_add(DAY_MS) {
        return true;
    }
    now_ms.saturating_sub(saved_ms) >= DRAFT_MAX_AGE_MS
}

impl Draft {
    /// Whether nothing worth keeping was typed; the widget then removes the stored draft
    /// instead of saving an empty one.
    pub fn is_empty(&self) -> bool {
        [
            &self.title,
            &self.why,
            &self.where_,
            &self.when,
            &self.solution,
            &self.organisation,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
            && self.role.is_none()
    }

    /// The stored form: a JSON object with a kind marker, a version and the save time.
    pub fn to_json(&self, saved_ms: u64) -> String {
        let mut out = String::with_capacity(
            160 + self.title.len() + self.why.len() + self.where_.len() + self.solution.len(),
        );
        let mut o = Obj::new(&mut out);
        o.str("kind", KIND);
        o.u64("v", VERSION);
        o.u64("savedAt", saved_ms);
        o.str("council", &self.council);
        o.str("title", &self.title);
        o.str("why", &self.why);
        o.str("where", &self.where_);
        o.str("when", &self.when);
        o.str("solution", &self.solution);
        o.opt_str("role", self.role.map(Role::wire));
        o.str("organisation", &self.organisation);
        o.bool("wantsContact", self.wants_contact);
        o.end();
        out
    }

    /// Reads a stored draft and its save time. Anything that is not exactly what
    /// [`Draft::to_json`] writes (another kind or version, a missing or mistyped member, an
    /// unknown role, cut-off JSON) is `None`; members we do not know are never read, so a
    /// stored string cannot smuggle contact details into the form.
    pub fn from_json(s: &str) -> Option<(Draft, u64)> {
        let v = json_value::parse(s).ok()?;
        if v.get("kind")?.as_str()? != KIND || v.get("v")?.as_u64()? != VERSION {
            return None;
        }
        let text = |key: &str| v.get(key)?.as_str().map(str::to_owned);
        let role = match v.get("role")? {
            Value::Null => None,
            r => Some(Role::from_wire(r.as_str()?)?),
        };
        let draft = Draft {
            council: text("council")?,
            title: text("title")?,
            why: text("why")?,
            where_: text("where")?,
            when: text("when")?,
            solution: text("solution")?,
            role,
            organisation: text("organisation")?,
            wants_contact: v.get("wantsContact")?.as_bool()?,
        };
        Some((draft, v.get("savedAt")?.as_u64()?))
    }

    /// Puts the draft's fields into `form`, leaving its contact details and consent alone.
    pub fn restore_into(&self, form: &mut CaseForm) {
        form.title.clone_from(&self.title);
        form.why.clone_from(&self.why);
        form.where_.clone_from(&self.where_);
        form.when.clone_from(&self.when);
        form.solution.clone_from(&self.solution);
        form.role = self.role;
        form.organisation.clone_from(&self.organisation);
        form.wants_contact = self.wants_contact;
    }
}

/// The draft to restore when the form for `council` opens at `now_ms`, or `None` when the stored
/// string is expired, foreign, corrupt, empty or for another council. The widget keys storage by
/// council, so on `None` it can delete the stored value: nobody else's draft lives under its key.
pub fn restorable(stored: &str, council: &str, now_ms: u64) -> Option<Draft> {
    let (draft, saved) = Draft::from_json(stored)?;
    (draft.council == council && !is_expired(saved, now_ms) && !draft.is_empty()).then_some(draft)
}
