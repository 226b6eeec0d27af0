//! One membership as a card: person, role, council, nominating organisation, term, flags,
//! contact links (built only by `links::safe_link`) and the vCard download.

use std::rc::Rc;

use medvirk_core::directory::links::{LinkKind, safe_link};
use medvirk_core::directory::search::Hit;
use medvirk_core::directory::vcard::{vcard, vcard_file_name};
use medvirk_core::directory::{Role, Status, texts};
use medvirk_core::lang::Lang;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::Loaded;

#[derive(Properties, PartialEq)]
pub(super) struct CardProps {
    pub data: Rc<Loaded>,
    pub hit: Hit,
    pub lang: Lang,
    /// Whether this card takes focus (the first card added by "show more"). A flag rather than
    /// a `NodeRef` from the parent: a fresh `NodeRef` never compares equal, which made every
    /// card re-render on every keystroke.
    pub focus: bool,
}

/// A contact line: its label and either a link or plain text.
struct Line {
    label: &'static str,
    text: String,
    href: Option<String>,
}

#[function_component]
pub(super) fn Card(props: &CardProps) -> Html {
    let lang = props.lang;
    let t = texts::texts(lang);
    let node_ref = use_node_ref();
    {
        let node_ref = node_ref.clone();
        // Runs after the card is in the DOM, so a card that "show more" just added can take focus.
        use_effect_with(props.focus, move |focus| {
            if *focus && let Some(el) = node_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let index = &props.data.index;
    let dir = index.directory();
    let m = &dir.memberships()[props.hit.membership];
    let Some(person) = dir.person(&m.person_id) else {
        return html! {};
    };
    let council = dir.organisation(&m.council_id).map(|o| o.name.clone());
    let nominator = m
        .on_behalf_of
        .as_deref()
        .and_then(|id| dir.organisation(id))
        .map(|o| o.name.clone());
    let deputy_for = m
        .deputy_for
        .as_deref()
        .and_then(|id| dir.membership(id))
        .and_then(|d| dir.person(&d.person_id))
        .map(|p| p.name.clone());
    let term = texts::term_range(lang, m.start, m.end);

    let mut role = texts::role_label(lang, m.role).to_string();
    if m.status != Status::Appointed {
        role.push_str(" · ");
        role.push_str(texts::status_label(lang, m.status));
    }

    // Every href is rebuilt by the allowlist here, even though the reader validated the data:
    // the link is where backend text turns into something the browser acts on.
    let mut lines: Vec<Line> = Vec::new();
    let mut push = |label, raw: Option<&String>, kind: Option<LinkKind>| {
        if let Some(raw) = raw {
            let href = kind.and_then(|k| safe_link(raw, k));
            if kind.is_some() && href.is_none() {
                return;
            }
            if lines.iter().any(|l| l.text == *raw) {
                return;
            }
            lines.push(Line {
                label,
                text: raw.clone(),
                href,
            });
        }
    };
    push(t.email, m.contact.email.as_ref(), Some(LinkKind::Email));
    push(t.email, person.email.as_ref(), Some(LinkKind::Email));
    push(t.phone, m.contact.phone.as_ref(), Some(LinkKind::Phone));
    push(t.phone, person.phone.as_ref(), Some(LinkKind::Phone));
    push(t.website, m.contact.link.as_ref(), Some(LinkKind::Web));
    for l in &person.links {
        push(t.website, Some(l), Some(LinkKind::Web));
    }
    push(t.address, m.contact.address.as_ref(), None);
    push(t.address, person.address.as_ref(), None);

    let onvcard = {
        let data = Rc::clone(&props.data);
        let person_id = person.id.clone();
        let name = person.name.clone();
        Callback::from(move |_: MouseEvent| {
            let index = &data.index;
            if let Some(card) = vcard(index.directory(), &person_id, lang, index.today()) {
                download(&card, &vcard_file_name(&name));
            }
        })
    };

    let classes = classes!(
        "card",
        props.hit.past.then_some("past"),
        (m.role == Role::Deputy && deputy_for.is_some()).then_some("personal-deputy")
    );
    html! {
        <li class={classes} part="card" tabindex="-1" ref={node_ref}>
            <h4 class="name" part="name">{ person.name.clone() }</h4>
            <p class="role" part="role">{ role }</p>
            if let Some(name) = deputy_for {
                <p class="deputy-for">{ t.personal_deputy_for }{ " " }{ name }</p>
            }
            <dl class="facts">
                if let Some(c) = council {
                    <div>
                        <dt>{ texts::kind_label(lang, medvirk_core::directory::OrgKind::Council) }</dt>
                        <dd>{ c }</dd>
                    </div>
                }
                if let Some(n) = nominator {
                    <div>
                        <dt>{ t.on_behalf_of }</dt>
                        <dd part="on-behalf-of">{ n }</dd>
                    </div>
                }
                if !term.is_empty() {
                    <div>
                        <dt>{ t.term }</dt>
                        <dd>{ term }</dd>
                    </div>
                }
            </dl>
            if props.hit.past {
                <p class="flag past-flag" part="past">{ t.past }</p>
            }
            if props.hit.ends_soon && let Some(end) = m.end {
                <p class="flag soon" part="ends-soon">{ texts::term_ends(lang, end) }</p>
            }
            if let Some(d) = m.confirmed_on {
                <p class="confirmed" part="confirmed">{ texts::confirmed_on(lang, d) }</p>
            }
            if !lines.is_empty() {
                <dl class="contact" part="contact">
                    { for lines.into_iter().map(|l| html! {
                        <div>
                            <dt>{ l.label }</dt>
                            <dd>
                                if let Some(href) = l.href {
                                    <a {href}>{ l.text }</a>
                                } else {
                                    <span class="address">{ l.text }</span>
                                }
                            </dd>
                        </div>
                    }) }
                </dl>
            }
            <button type="button" class="secondary vcard" part="vcard" onclick={onvcard}>
                { texts::vcard_download(lang, &person.name) }
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
