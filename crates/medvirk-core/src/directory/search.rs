//! Search as you type over the directory: Nordic-aware folding and a precomputed index.
//!
//! # Folding decisions
//! - Case never matters (Latin, Greek and Cyrillic letters are lowercased; ß folds to `ss`).
//! - A query word typed **without** Nordic letters matches loosely: every diacritic is ignored
//!   on both sides, so `ost` finds Øst and Öst, `sorensen` finds Sørensen, `jose` finds José,
//!   `maret ande` finds Máret Ánde, and Sámi letters fold to their base (č→c, đ→d, ŋ→n, š→s,
//!   ŧ→t, ž→z). Æ and Ä fold to `a`, Ø and Ö to `o`, Å to `a`.
//! - People without a Nordic keyboard write Å as `aa`, Æ as `ae` and Ø as `oe`, so a query word
//!   containing those pairs also matches with the pair contracted: `aasen` finds Åsen (and
//!   Aasen), `saether` finds Sæther, `oedegaard` finds Ødegård. Only the *query* is contracted,
//!   never the names, so typing `el` still finds Michael; and only words of three or more
//!   letters, so `ae` alone does not turn into `a` and match nearly everyone.
//! - A query word typed **with** å, æ, ø, ä or ö is taken at its word: those letters then
//!   match only themselves, because in Norwegian and Swedish they are letters of their own, not
//!   decorated a and o. `Øst` finds Øst but not Ost. Two exceptions follow the languages: ø and
//!   ö are the same letter (as are æ and ä), so `Björn` finds Bjørn; and the old spellings
//!   `aa`, `ae`, `oe` in names count as å, æ, ø, so `Åsen` finds Aasen. Other diacritics
//!   (é, ü, č) stay loose in such a word. A mixed word such as `østardal` for Øst-Årdal does not
//!   match; typing without diacritics always does.
//! - Query words are split at whitespace and must **all** match (AND), each in any of the
//!   searched texts: the person's names (name, other names, sort name), the council, the
//!   council's parent organisation and the nominating organisation.
//!
//! # Speed
//! [`SearchIndex::new`] folds every text once into two large strings (loose and strict forms)
//! with entity boundaries, and precomputes display order, seat counts and term flags for the
//! `today` it is given. A keystroke then scans each folded string once per query word (a
//! substring search that jumps to the next person after a hit), ORs per-entity bit masks, and
//! walks the memberships in display order with integer checks. It allocates a few vectors per
//! query and no strings beyond the folded query.

use std::ops::Range;

use super::{
    Category, Date, Directory, ENDS_SOON_DAYS, Level, Membership, OrgKind, Role, SeatStatus, Status,
};
use crate::lang::Lang;

/// Most query words considered; more are ignored (they would only narrow the result further).
pub const MAX_QUERY_WORDS: usize = 16;
/// Longest query considered, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 256;

/// Lowercases the letters we fold: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic.
/// Written out instead of `char::to_lowercase` to keep Unicode case tables out of the bundle.
fn lower(c: char) -> char {
    let u = c as u32;
    let l = match u {
        0x41..=0x5a => u + 0x20,
        0xc0..=0xde if u != 0xd7 => u + 0x20,
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17e if u % 2 == 1 => u + 1,
        0x130 => 'i' as u32,
        0x178 => 0xff,
        0x386 => 0x3ac,
        0x388..=0x38a => u + 0x25,
        0x38c => 0x3cc,
        0x38e | 0x38f => u + 0x3f,
        0x391..=0x3a9 if u != 0x3a2 => u + 0x20,
        0x400..=0x40f => u + 0x50,
        0x410..=0x42f => u + 0x20,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// Appends the loose form of one (lowercased) character: diacritics removed.
fn push_base(out: &mut String, c: char) {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'æ' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        'ά' => "α",
        'έ' => "ε",
        'ή' => "η",
        'ί' | 'ϊ' | 'ΐ' => "ι",
        'ό' => "ο",
        'ύ' | 'ϋ' | 'ΰ' => "υ",
        'ώ' => "ω",
        'ς' => "σ",
        'ё' => "е",
        // Combining marks (names stored decomposed, as macOS does) carry no letter of their own.
        '\u{300}'..='\u{36f}' => "",
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// The loose (diacritic-insensitive) folded form of `s`; see the module docs.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

/// Appends the loose folded form of `s` to `out`.
pub fn fold_into(out: &mut String, s: &str) {
    for c in s.chars() {
        push_base(out, lower(c));
    }
}

/// Whether a character is one of the Nordic letters that make a query word strict.
fn is_nordic_letter(c: char) -> bool {
    matches!(lower(c), 'å' | 'æ' | 'ø' | 'ä' | 'ö')
}

/// Appends the strict folded form of `s`: like [`fold_into`] but keeping å, æ (= ä) and
/// ø (= ö), and reading the old spellings aa, ae, oe as å, æ, ø.
pub(crate) fn fold_strict_into(out: &mut String, s: &str) {
    for c in s.chars() {
        let c = lower(c);
        let unified = match c {
            'å' => 'å',
            'æ' | 'ä' => 'æ',
            'ø' | 'ö' => 'ø',
            // A decomposed å, ä or ö: a base letter followed by its combining mark.
            '\u{30a}' | '\u{308}' => {
                let joined = match (out.chars().last(), c) {
                    (Some('a'), '\u{30a}') => 'å',
                    (Some('a'), _) => 'æ',
                    (Some('o'), '\u{308}') => 'ø',
                    _ => continue,
                };
                out.pop();
                out.push(joined);
                continue;
            }
            'a' | 'e' => {
                let joined = match (out.chars().last(), c) {
                    (Some('a'), 'a') => Some('å'),
                    (Some('a'), 'e') => Some('æ'),
                    (Some('o'), 'e') => Some('ø'),
                    _ => None,
                };
                if let Some(j) = joined {
                    out.pop();
                    out.push(j);
                    continue;
                }
                c
            }
            c => {
                push_base(out, c);
                continue;
            }
        };
        out.push(unified);
    }
}

/// The query-side contraction of `aa`, `ae` → `a` and `oe` → `o` in a loose folded word.
fn contract(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if matches!((c, chars.peek()), ('a', Some('a' | 'e')) | ('o', Some('e'))) {
            chars.next();
        }
    }
    out
}

/// One folded query word: strict, or loose with an optional contracted alternative.
#[derive(Debug)]
enum Word {
    Loose(String, Option<String>),
    Strict(String),
}

/// Splits and folds a query into at most [`MAX_QUERY_WORDS`] words.
fn query_words(text: &str) -> Vec<Word> {
    let mut end = text.len().min(MAX_QUERY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut words: Vec<Word> = Vec::new();
    for raw in text[..end].split_whitespace().take(MAX_QUERY_WORDS) {
        let w = if raw.chars().any(is_nordic_letter) {
            let mut s = String::new();
            fold_strict_into(&mut s, raw);
            Word::Strict(s)
        } else {
            let s = fold(raw);
            // Two-letter words are left alone: `ae` read as `a` would match nearly everyone.
            let alt = (s.chars().count() >= 3)
                .then(|| contract(&s))
                .filter(|a| *a != s);
            Word::Loose(s, alt)
        };
        let empty = match &w {
            Word::Loose(s, _) | Word::Strict(s) => s.is_empty(),
        };
        if !empty {
            words.push(w);
        }
    }
    words
}

/// Folded texts of many entities in one string, each followed by a `\n` (never in a query
/// word, so no match can span two entities).
#[derive(Clone, Debug, Default)]
struct Haystack {
    text: String,
    /// `ends[i]` is the byte offset just past entity `i`'s separator.
    ends: Vec<u32>,
}

impl Haystack {
    fn finish_entity(&mut self) {
        self.text.push('\n');
        self.ends.push(self.text.len() as u32);
    }

    /// Sets `bit` in `masks[i]` for every entity `i` whose text contains `needle`.
    ///
    /// A plain scan for the needle's first byte, then a comparison: query words are short, and
    /// `str::find` from every restart point set up a two-way searcher each time, which in the
    /// browser (no SIMD) cost more than the scan itself. Byte matching is exact for UTF-8: a
    /// needle's first byte never matches in the middle of a character.
    fn mark(&self, needle: &str, masks: &mut [u32], bit: u32) {
        let hay = self.text.as_bytes();
        let Some((&first, rest)) = needle.as_bytes().split_first() else {
            return;
        };
        let mut pos = 0;
        let mut entity = 0;
        while let Some(i) = hay[pos..].iter().position(|&b| b == first) {
            let at = pos + i;
            if !hay[at + 1..].starts_with(rest) {
                pos = at + 1;
                continue;
            }
            // Hits come in order, so the owning entity is found by walking forward.
            while self.ends[entity] as usize <= at {
                entity += 1;
            }
            masks[entity] |= bit;
            // One hit per entity is enough: continue at the next entity.
            pos = self.ends[entity] as usize;
            if pos >= hay.len() {
                break;
            }
        }
    }
}

/// Per-membership facts the keystroke loop needs, as small integers.
#[derive(Clone, Copy, Debug)]
struct Row {
    person: u32,
    council: u32,
    /// The council's parent organisation, or `NONE`.
    council_parent: u32,
    /// The nominating organisation, or `NONE`.
    nominator: u32,
    role: Role,
    status: Status,
    level: Option<Level>,
    past: bool,
    ends_soon: bool,
}

const NONE: u32 = u32::MAX;

/// What to search for. `Default` is everything current, unfiltered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query<'a> {
    /// What the person typed.
    pub text: &'a str,
    /// Only this council (organisation id).
    pub council: Option<&'a str>,
    /// Only memberships nominated by this organisation or one of its branches, or on a
    /// council that belongs to it (organisation id).
    pub organisation: Option<&'a str>,
    /// Only councils at this level (their own, or inherited from the nearest parent).
    pub level: Option<Level>,
    pub role: Option<Role>,
    pub status: Option<Status>,
    /// Also show ended memberships (status ended or end date before today).
    pub include_past: bool,
}

/// One membership in the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`Directory::memberships`].
    pub membership: usize,
    pub past: bool,
    /// The term ends within [`ENDS_SOON_DAYS`] days.
    pub ends_soon: bool,
}

/// The hits of one council, a range of [`SearchResults::hits`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Index into [`Directory::organisations`].
    pub council: usize,
    pub hits: Range<usize>,
}

/// The records a membership refers to (see [`SearchIndex::parties`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Parties<'a> {
    pub person: Option<&'a super::Person>,
    pub nominator: Option<&'a super::Organisation>,
}

/// Search results in display order: councils in source order, and within a council leaders,
/// deputy leaders, members (each followed by their personal deputies), other deputies, then
/// past memberships; names in the index language's alphabetical order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Councils with hits; with an empty query and no role or status filter, also the
    /// councils that pass the filters but have nobody listed (to show their vacant seats).
    pub groups: Vec<Group>,
}

impl SearchResults {
    /// Number of memberships found (what the widget announces).
    pub fn count(&self) -> usize {
        self.hits.len()
    }

    /// The hits of one group.
    pub fn group_hits(&self, g: &Group) -> &[Hit] {
        &self.hits[g.hits.clone()]
    }
}

/// A directory prepared for fast searching on a given day, in a given language's order.
#[derive(Clone, Debug)]
pub struct SearchIndex {
    dir: Directory,
    today: Date,
    persons_loose: Haystack,
    persons_strict: Haystack,
    orgs_loose: Haystack,
    orgs_strict: Haystack,
    rows: Vec<Row>,
    /// Membership indexes in display order.
    order: Vec<u32>,
    /// Seat status per organisation index (empty for non-councils).
    seats: Vec<Vec<SeatStatus>>,
}

/// A sort key that puts the language's own letters where its alphabet has them: æ ø å after
/// z in Norwegian, å ä ö after z in Swedish (as `{`, `|`, `}`, which follow `z` in ASCII).
pub fn collation_key(s: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = lower(c);
        let mapped = match (lang, c) {
            (Lang::Nb | Lang::Nn, 'æ' | 'ä') | (Lang::Sv, 'å') => '{',
            (Lang::Nb | Lang::Nn, 'ø' | 'ö') | (Lang::Sv, 'ä' | 'æ') => '|',
            (Lang::Nb | Lang::Nn, 'å') | (Lang::Sv, 'ö' | 'ø') => '}',
            _ => {
                push_base(&mut out, c);
                continue;
            }
        };
        out.push(mapped);
    }
    out
}

/// Seat status of one council from its memberships on `today`.
pub(crate) fn seat_status<'a>(
    declared: &[super::SeatCount],
    memberships: impl Iterator<Item = &'a Membership>,
    today: Date,
) -> Vec<SeatStatus> {
    let mut out: Vec<SeatStatus> = Vec::new();
    let slot = |out: &mut Vec<SeatStatus>, category: Category| -> usize {
        out.iter()
            .position(|o| o.category == category)
            .unwrap_or_else(|| {
                out.push(SeatStatus {
                    category,
                    seats: 0,
                    filled: 0,
                    pending: 0,
                });
                out.len() - 1
            })
    };
    for s in declared {
        let i = slot(&mut out, s.category);
        out[i].seats += s.seats;
    }
    // A membership without a category fills the council's only category when it declares
    // exactly one (the common "N seats" case, as EveryPolitician's `seats`); otherwise "other".
    let default = match out.as_slice() {
        [only] => only.category,
        _ => Category::Other,
    };
    for m in memberships {
        if m.role == Role::Deputy || m.is_past(today) {
            continue;
        }
        let i = slot(&mut out, m.category.unwrap_or(default));
        match m.status {
            Status::Appointed => out[i].filled += 1,
            Status::Nominated | Status::Recommended => out[i].pending += 1,
            Status::Ended => {}
        }
    }
    out
}

impl SearchIndex {
    /// Prepares `dir` for searching; `today` decides past memberships, "ends soon" flags and
    /// seat counts, and `lang` the alphabetical order of names.
    pub fn new(dir: Directory, lang: Lang, today: Date) -> SearchIndex {
        let mut persons_loose = Haystack::default();
        let mut persons_strict = Haystack::default();
        for p in dir.persons() {
            let names = core::iter::once(&p.name)
                .chain(&p.other_names)
                .chain(p.sort_name.as_ref());
            for n in names {
                fold_into(&mut persons_loose.text, n);
                persons_loose.text.push('\t');
                fold_strict_into(&mut persons_strict.text, n);
                persons_strict.text.push('\t');
            }
            persons_loose.finish_entity();
            persons_strict.finish_entity();
        }
        let mut orgs_loose = Haystack::default();
        let mut orgs_strict = Haystack::default();
        for o in dir.organisations() {
            fold_into(&mut orgs_loose.text, &o.name);
            fold_strict_into(&mut orgs_strict.text, &o.name);
            orgs_loose.finish_entity();
            orgs_strict.finish_entity();
        }

        let org_ix = |id: Option<&str>| {
            id.and_then(|id| dir.organisation_index(id))
                .map_or(NONE, |i| i as u32)
        };
        let rows: Vec<Row> = dir
            .memberships()
            .iter()
            .map(|m| {
                let council = dir.organisation(&m.council_id);
                Row {
                    person: dir.person_index(&m.person_id).map_or(NONE, |i| i as u32),
                    council: org_ix(Some(&m.council_id)),
                    council_parent: org_ix(council.and_then(|c| c.parent_id.as_deref())),
                    nominator: org_ix(m.on_behalf_of.as_deref()),
                    role: m.role,
                    status: m.status,
                    level: dir.effective_level(&m.council_id),
                    past: m.is_past(today),
                    ends_soon: m.ends_within(today, ENDS_SOON_DAYS),
                }
            })
            .collect();

        // Display order: by council (source order), past last, role, then name; personal
        // deputies right after the member they stand in for.
        let keys: Vec<String> = dir
            .persons()
            .iter()
            .map(|p| collation_key(p.sort_name.as_deref().unwrap_or(&p.name), lang))
            .collect();
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        let sort_key = |i: &u32| {
            let r = &rows[*i as usize];
            (r.council, r.past, r.role, keys.get(r.person as usize), *i)
        };
        order.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        let order = place_personal_deputies(&dir, &rows, order);

        let mut by_council: Vec<Vec<&Membership>> = vec![Vec::new(); dir.organisations().len()];
        for (m, r) in dir.memberships().iter().zip(&rows) {
            if let Some(list) = by_council.get_mut(r.council as usize) {
                list.push(m);
            }
        }
        let seats = dir
            .organisations()
            .iter()
            .zip(by_council)
            .map(|(o, ms)| {
                if o.kind == OrgKind::Council {
                    seat_status(&o.seats, ms.into_iter(), today)
                } else {
                    Vec::new()
                }
            })
            .collect();

        SearchIndex {
            dir,
            today,
            persons_loose,
            persons_strict,
            orgs_loose,
            orgs_strict,
            rows,
            order,
            seats,
        }
    }

    pub fn directory(&self) -> &Directory {
        &self.dir
    }

    /// The day the index was built for.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The person and nominating organisation of the membership at index
    /// `membership`, resolved when the index was built (no lookups by id per card).
    pub fn parties(&self, membership: usize) -> Parties<'_> {
        let orgs = self.dir.organisations();
        let org = |i: u32| orgs.get(i as usize);
        match self.rows.get(membership) {
            Some(r) => Parties {
                person: self.dir.persons().get(r.person as usize),
                nominator: org(r.nominator),
            },
            None => Parties::default(),
        }
    }

    /// Seats per category of the council at organisation index `council` (empty for other
    /// organisations).
    pub fn seats(&self, council: usize) -> &[SeatStatus] {
        self.seats.get(council).map_or(&[], Vec::as_slice)
    }

    /// Vacant seats on the council at organisation index `council`.
    pub fn vacancies(&self, council: usize) -> u32 {
        self.seats(council).iter().map(SeatStatus::vacant).sum()
    }

    /// Runs a query. See the module docs for how text matches.
    pub fn search(&self, q: &Query<'_>) -> SearchResults {
        let mut out = SearchResults::default();
        let n_orgs = self.dir.organisations().len();
        // Filters naming records that do not exist find nothing: a mistyped preset on the
        // element should show an empty list, not silently everything.
        let council = match q.council {
            Some(id) => match self.dir.organisation_index(id) {
                Some(i) => i as u32,
                None => return out,
            },
            None => NONE,
        };
        let org_ok: Option<Vec<bool>> = match q.organisation {
            Some(id) => {
                let Some(target) = self.dir.organisation_index(id) else {
                    return out;
                };
                let target = &self.dir.organisations()[target].id;
                Some(
                    self.dir
                        .organisations()
                        .iter()
                        .map(|o| self.dir.ancestors(&o.id).any(|a| &a.id == target))
                        .collect(),
                )
            }
            None => None,
        };
        let org_passes = |i: u32| {
            org_ok
                .as_ref()
                .is_none_or(|ok| ok.get(i as usize) == Some(&true))
        };

        let words = query_words(q.text);
        let all: u32 = if words.is_empty() {
            0
        } else {
            (1u64 << words.len()).wrapping_sub(1) as u32
        };
        let mut person_masks = vec![
            0u32;
            if words.is_empty() {
                0
            } else {
                self.dir.persons().len()
            }
        ];
        let mut org_masks = vec![0u32; if words.is_empty() { 0 } else { n_orgs }];
        for (w, word) in words.iter().enumerate() {
            let bit = 1u32 << w;
            match word {
                Word::Loose(s, alt) => {
                    for needle in core::iter::once(s).chain(alt) {
                        self.persons_loose.mark(needle, &mut person_masks, bit);
                        self.orgs_loose.mark(needle, &mut org_masks, bit);
                    }
                }
                Word::Strict(s) => {
                    self.persons_strict.mark(s, &mut person_masks, bit);
                    self.orgs_strict.mark(s, &mut org_masks, bit);
                }
            }
        }
        let org_mask = |i: u32| org_masks.get(i as usize).copied().unwrap_or(0);

        let mut group_start = 0;
        let mut current: Option<u32> = None;
        for &mi in &self.order {
            let r = &self.rows[mi as usize];
            let pass = (q.include_past || !r.past)
                && (council == NONE || r.council == council)
                && q.level.is_none_or(|l| r.level == Some(l))
                && q.role.is_none_or(|x| r.role == x)
                && q.status.is_none_or(|x| r.status == x)
                && (org_ok.is_none()
                    || org_passes(r.nominator)
                    || org_passes(r.council)
                    || org_passes(r.council_parent))
                && (all == 0 || {
                    let m = person_masks.get(r.person as usize).copied().unwrap_or(0)
                        | org_mask(r.council)
                        | org_mask(r.council_parent)
                        | org_mask(r.nominator);
                    m & all == all
                });
            if !pass {
                continue;
            }
            if current != Some(r.council) {
                if let Some(c) = current {
                    out.groups.push(Group {
                        council: c as usize,
                        hits: group_start..out.hits.len(),
                    });
                }
                current = Some(r.council);
                group_start = out.hits.len();
            }
            out.hits.push(Hit {
                membership: mi as usize,
                past: r.past,
                ends_soon: r.ends_soon,
            });
        }
        if let Some(c) = current {
            out.groups.push(Group {
                council: c as usize,
                hits: group_start..out.hits.len(),
            });
        }

        // With nothing typed, councils nobody sits on still matter: they show vacant seats.
        if words.is_empty() && q.role.is_none() && q.status.is_none() {
            let mut groups = Vec::with_capacity(out.groups.len());
            let mut listed = out.groups.drain(..).peekable();
            for (i, o) in self.dir.organisations().iter().enumerate() {
                if listed.peek().is_some_and(|g| g.council == i) {
                    groups.extend(listed.next());
                    continue;
                }
                let shown = o.kind == OrgKind::Council
                    && (council == NONE || council as usize == i)
                    && q.level
                        .is_none_or(|l| self.dir.effective_level(&o.id) == Some(l))
                    && (org_ok.is_none() || org_passes(i as u32));
                if shown {
                    let at = out.hits.len();
                    groups.push(Group {
                        council: i,
                        hits: at..at,
                    });
                }
            }
            groups.extend(listed);
            out.groups = groups;
        }
        out
    }
}

/// Moves each personal deputy to just after the member it stands in for, when both are in
/// the same council and both current or both past. Others keep their place.
fn place_personal_deputies(dir: &Directory, rows: &[Row], order: Vec<u32>) -> Vec<u32> {
    let ms = dir.memberships();
    let target = |i: u32| -> Option<u32> {
        let m = &ms[i as usize];
        let t = dir.membership_index(m.deputy_for.as_deref()?)? as u32;
        let (r, tr) = (&rows[i as usize], &rows[t as usize]);
        (m.role == Role::Deputy
            && tr.role != Role::Deputy
            && r.council == tr.council
            && r.past == tr.past)
            .then_some(t)
    };
    let mut deputies: Vec<Vec<u32>> = vec![Vec::new(); ms.len()];
    let mut attached = vec![false; ms.len()];
    for &i in &order {
        if let Some(t) = target(i) {
            deputies[t as usize].push(i);
            attached[i as usize] = true;
        }
    }
    let mut out = Vec::with_capacity(order.len());
    for &i in &order {
        if attached[i as usize] {
            continue;
        }
        out.push(i);
        out.extend_from_slice(&deputies[i as usize]);
    }
    out
}
