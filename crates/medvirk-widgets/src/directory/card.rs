//! One membership as a card: person, role, nominating organisation, term, flags, contact
//! links (built only by `links::safe_link`, in `widget::card`) and the vCard download.

use std::cell::RefCell;
use std::rc::Rc;

use medvirk_core::directory::search::Hit;
use medvirk_core::directory::texts;
use medvirk_core::directory::vcard::{vcard, vcard_file_name};
use medvirk_core::directory::widget::card;
use medvirk_core::lang::Lang;
use wasm_bindgen::{JsCast, UnwrapThrowExt};
use yew::prelude::*;

use super::Loaded;

#[derive(Properties, PartialEq)]
pub(super) struct CardProps {
    pub data: Rc<Loaded>,
    pub hit: Hit,
    pub lang: Lang,
    /// Whether this card takes focus (the first card added by "show more"): it is marked with
    /// `data-focus` and the list moves focus to it once it is in the DOM. A flag rather than a
    /// `NodeRef` from the parent (a fresh `NodeRef` never compares equal, which made every card
    /// re-render on every keystroke), and no hooks in the card: a node ref and an effect per
    /// card cost time on every keystroke that brings new cards.
    pub focus: bool,
}

/// One card. Its content is decided by `widget::card`; this only places finished strings.
///
/// The card's elements are built here with plain DOM calls into a detached `<li>` that Yew then
/// inserts once (`Html::VRef`), instead of as `html!` markup. Why: a keystroke can bring up to
/// `PAGE_SIZE` new cards, and a profile of the bench's typing showed most of a keystroke in
/// Yew building cards node by node (an element clone, one call per attribute and per text
/// node, each inserted into the live tree, plus Yew's bookkeeping per node, and the same walk
/// again to remove them). Here each element costs one create, one `textContent` and at most
/// one attribute, and the subtree joins the page in one insertion. Text is only ever set as
/// `textContent`, never parsed as HTML, and every `href` comes from `links::safe_link`.
/// The card stays a component with comparable props, so a card that stays in the window is
/// not rebuilt. The markup is small on purpose: label and value pairs sit directly in their
/// `<dl>` (a grid lays them out), elements carry their `part` name only (the stylesheet selects
/// on it; a class only marks a state), and the vCard button has no listener of its own (the
/// list handles its clicks, see [`vcard_click`]).
#[function_component]
pub(super) fn Card(props: &CardProps) -> Html {
    let lang = props.lang;
    let membership = props.hit.membership;
    if !props.focus
        && let Some(li) = props.data.cards.get(membership)
    {
        return Html::VRef(li.into());
    }
    let t = texts::texts(lang);
    let Some(c) = card(&props.data.index, &props.hit, lang) else {
        return html! {};
    };
    let Some(b) = Builder::new() else {
        return html! {};
    };
    let li = b.element("li", Some("card"));
    match (c.past, c.personal_deputy) {
        (false, false) => {}
        (true, false) => b.attr(&li, "class", "past"),
        (false, true) => b.attr(&li, "class", "personal-deputy"),
        (true, true) => b.attr(&li, "class", "past personal-deputy"),
    }
    if props.focus {
        // Only the card that is to take focus is focusable by script; the list focuses it
        // once it is in the DOM.
        b.attr(&li, "tabindex", "-1");
        b.attr(&li, "data-focus", "");
    }
    b.child(&li, "h4", Some("name"), c.name);
    b.child(&li, "p", Some("role"), &c.role);
    if let Some(d) = &c.deputy_for {
        b.child(&li, "p", None, d);
    }
    if c.on_behalf_of.is_some() || !c.term.is_empty() {
        let dl = b.append(&li, b.element("dl", None));
        if let Some(n) = c.on_behalf_of {
            b.child(&dl, "dt", None, t.on_behalf_of);
            b.child(&dl, "dd", Some("on-behalf-of"), n);
        }
        if !c.term.is_empty() {
            b.child(&dl, "dt", None, t.term);
            b.child(&dl, "dd", None, &c.term);
        }
    }
    if c.past {
        b.child(&li, "p", Some("past"), t.past);
    }
    if let Some(s) = &c.ends_soon {
        b.child(&li, "p", Some("ends-soon"), s);
    }
    if let Some(s) = &c.confirmed {
        b.child(&li, "p", Some("confirmed"), s);
    }
    if !c.contact.is_empty() {
        let dl = b.append(&li, b.element("dl", Some("contact")));
        for l in &c.contact {
            b.child(&dl, "dt", None, l.label);
            if let Some(href) = &l.href {
                let dd = b.append(&dl, b.element("dd", None));
                let a = b.child(&dd, "a", None, l.text);
                b.attr(&a, "href", href);
            } else {
                let dd = b.child(&dl, "dd", None, l.text);
                b.attr(&dd, "class", "address");
            }
        }
    }
    // No `type`: there is no form in the shadow root for it to submit.
    let button = b.child(&li, "button", Some("vcard"), &c.vcard);
    b.attr(&button, "value", &membership.to_string());
    if !props.focus {
        props.data.cards.put(membership, &li);
    }
    Html::VRef(li.into())
}

/// Most built subtrees a [`Cache`] keeps; when full it starts over.
const CACHE_MAX: usize = 400;

/// Built cards (or council heads) by index, for the next time they enter the window.
///
/// Why: typing and erasing bring the same windows back (every backspace returns to a window
/// seen a moment ago, and an empty query to the first page), and a card's content depends only
/// on the loaded directory, its language and its day, which a `Loaded` never changes. A
/// detached subtree is reused as it was; one node is never in two places, because a membership
/// (or council) has one card (or head) in the list at a time. The card that takes focus after
/// "show more" is built fresh and not kept, so its marker never sticks to a reused node.
/// Bounded so that paging through a large directory does not keep every card alive.
/// (A vector by index rather than a map: the map's code cost 0.7 KB brotli in the bundle.)
#[derive(Default)]
pub(super) struct Cache(RefCell<(Vec<Option<web_sys::Element>>, usize)>);

impl Cache {
    pub(super) fn get(&self, index: usize) -> Option<web_sys::Element> {
        self.0.borrow().0.get(index).cloned().flatten()
    }

    pub(super) fn put(&self, index: usize, el: &web_sys::Element) {
        let (slots, kept) = &mut *self.0.borrow_mut();
        if *kept >= CACHE_MAX {
            slots.clear();
            *kept = 0;
        }
        if slots.len() <= index {
            slots.resize(index + 1, None);
        }
        if slots[index].replace(el.clone()).is_none() {
            *kept += 1;
        }
    }
}

/// Builds elements outside the page, for a subtree Yew inserts whole (cards and council heads).
pub(super) struct Builder(web_sys::Document);

impl Builder {
    /// A builder for the page's document, if there is one.
    pub(super) fn new() -> Option<Self> {
        web_sys::window().and_then(|w| w.document()).map(Self)
    }

    /// A new element with its `part` name, if any.
    pub(super) fn element(&self, tag: &str, part: Option<&str>) -> web_sys::Element {
        // `createElement` only fails for an invalid tag name, and these are fixed ones.
        let el = self.0.create_element(tag).unwrap_throw();
        if let Some(part) = part {
            self.attr(&el, "part", part);
        }
        el
    }

    /// Setting an attribute only fails for an invalid name; these are fixed ones.
    pub(super) fn attr(&self, el: &web_sys::Element, name: &str, value: &str) {
        let _ = el.set_attribute(name, value);
    }

    pub(super) fn append(
        &self,
        parent: &web_sys::Element,
        child: web_sys::Element,
    ) -> web_sys::Element {
        let _ = parent.append_child(&child);
        child
    }

    /// Appends `<tag part=part>text</tag>` to `parent` and returns it.
    pub(super) fn child(
        &self,
        parent: &web_sys::Element,
        tag: &str,
        part: Option<&str>,
        text: &str,
    ) -> web_sys::Element {
        let el = self.element(tag, part);
        el.set_text_content(Some(text));
        self.append(parent, el)
    }
}

/// Handles a click anywhere in the list: when it was on a card's vCard button (whose `value`
/// is the membership's index in the directory), offers that person's vCard as a download.
/// One listener for the whole list instead of one per card: Yew registers every element's
/// listener in its own registry, which cost more per card than the button's other nodes.
pub(super) fn vcard_click(data: &Loaded, lang: Lang, event: &MouseEvent) {
    let Some(button) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("button[part~=vcard]").ok().flatten())
    else {
        return;
    };
    let index = &data.index;
    let dir = index.directory();
    let Some(membership) = button
        .get_attribute("value")
        .and_then(|v| v.parse::<usize>().ok())
        .and_then(|m| dir.memberships().get(m))
    else {
        return;
    };
    let person_id = membership.person_id.as_str();
    if let Some(card) = vcard(dir, person_id, lang, index.today())
        && let Some(person) = dir.person(person_id)
    {
        download(&card, &vcard_file_name(&person.name));
    }
}

/// Offers `text` as a file download: a Blob behind an object URL, clicked through a
/// temporary `<a download>`, and the URL released afterwards.
fn download(text: &str, file_name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/vcard;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(file_name);
        a.click();
    }
    // Revoked on the next turn: the download has started by then.
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::from_millis(1000)).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}
