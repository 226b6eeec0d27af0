//! One membership as a card: person, role, nominating organisation, term, flags, contact
//! links (built only by `links::safe_link`, in `widget::card`) and the vCard download.

use std::rc::Rc;

use medvirk_core::directory::search::Hit;
use medvirk_core::directory::texts;
use medvirk_core::directory::vcard::{vcard, vcard_file_name};
use medvirk_core::directory::widget::card;
use medvirk_core::lang::Lang;
use wasm_bindgen::JsCast;
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

/// One card. Its content is decided by `widget::card`; the markup is kept small because a
/// keystroke can bring up to `PAGE_SIZE` new cards into the page and every node counts: label
/// and value pairs sit directly in their `<dl>` (a grid lays them out), and each text is one
/// text node.
#[function_component]
pub(super) fn Card(props: &CardProps) -> Html {
    let lang = props.lang;
    let t = texts::texts(lang);
    let Some(c) = card(&props.data.index, &props.hit, lang) else {
        return html! {};
    };
    let onvcard = {
        let data = Rc::clone(&props.data);
        let person_id = c.person_id.to_string();
        Callback::from(move |_: MouseEvent| {
            let index = &data.index;
            let dir = index.directory();
            if let Some(card) = vcard(dir, &person_id, lang, index.today())
                && let Some(person) = dir.person(&person_id)
            {
                download(&card, &vcard_file_name(&person.name));
            }
        })
    };
    // Static class strings: no allocation per card.
    let class = match (c.past, c.personal_deputy) {
        (false, false) => "card",
        (true, false) => "card past",
        (false, true) => "card personal-deputy",
        (true, true) => "card past personal-deputy",
    };
    let has_facts = c.on_behalf_of.is_some() || !c.term.is_empty();
    html! {
        <li {class} part="card" tabindex="-1" data-focus={props.focus.then_some("")}>
            <h4 class="name" part="name">{ c.name }</h4>
            <p class="role" part="role">{ c.role }</p>
            if let Some(d) = c.deputy_for {
                <p class="deputy-for">{ d }</p>
            }
            if has_facts {
                <dl class="facts">
                    if let Some(n) = c.on_behalf_of {
                        <dt>{ t.on_behalf_of }</dt>
                        <dd part="on-behalf-of">{ n }</dd>
                    }
                    if !c.term.is_empty() {
                        <dt>{ t.term }</dt>
                        <dd>{ c.term }</dd>
                    }
                </dl>
            }
            if c.past {
                <p class="flag past-flag" part="past">{ t.past }</p>
            }
            if let Some(s) = c.ends_soon {
                <p class="flag soon" part="ends-soon">{ s }</p>
            }
            if let Some(s) = c.confirmed {
                <p class="confirmed" part="confirmed">{ s }</p>
            }
            if !c.contact.is_empty() {
                <dl class="contact" part="contact">
                    { for c.contact.into_iter().map(|l| html! {
                        <>
                            <dt>{ l.label }</dt>
                            if let Some(href) = l.href {
                                <dd><a {href}>{ l.text }</a></dd>
                            } else {
                                <dd class="address">{ l.text }</dd>
                            }
                        </>
                    }) }
                </dl>
            }
            <button type="button" class="secondary vcard" part="vcard" onclick={onvcard}>
                { c.vcard }
            </button>
        </li>
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
