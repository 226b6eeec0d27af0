//! The filter selects (council, organisation, level, role) and the "also past" toggle.
//!
//! A component of its own with comparable props, so that typing in the search field (which
//! changes none of these props) does not re-render hundreds of `<option>`s per keystroke.

use std::rc::Rc;

use medvirk_core::directory::{Level, OrgKind, Role, texts};
use medvirk_core::lang::Lang;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{Loaded, View, ViewAction};

#[derive(Properties, PartialEq)]
pub(super) struct FiltersProps {
    pub data: Rc<Loaded>,
    pub lang: Lang,
    pub council: Option<String>,
    pub organisation: Option<String>,
    pub level: Option<Level>,
    pub role: Option<Role>,
    pub include_past: bool,
    pub dispatcher: UseReducerDispatcher<View>,
}

/// One labelled select; `""` is the "all" option.
fn select(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    current: &str,
    options: Vec<(String, String)>,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <select {id} part="filter" {onchange}>
                <option value="" selected={current.is_empty()}>{ all }</option>
                { for options.into_iter().map(|(value, text)| {
                    let selected = value == current;
                    html! { <option {value} {selected}>{ text }</option> }
                }) }
            </select>
        </div>
    }
}

#[function_component]
pub(super) fn Filters(props: &FiltersProps) -> Html {
    let lang = props.lang;
    let t = texts::texts(lang);
    let dir = props.data.index.directory();
    let on = |make: fn(String) -> ViewAction| {
        let d = props.dispatcher.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            d.dispatch(make(s.value()));
        })
    };
    let councils = dir
        .councils()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    // Organisations that are not councils: the nominating user organisations and the public
    // bodies councils belong to, alphabetically.
    let mut orgs: Vec<(String, String)> = dir
        .organisations()
        .iter()
        .filter(|o| o.kind != OrgKind::Council)
        .map(|o| (o.id.clone(), o.name.clone()))
        .collect();
    orgs.sort_by_cached_key(|(_, name)| medvirk_core::directory::search::collation_key(name, lang));
    let levels = Level::ALL
        .iter()
        .map(|l| {
            (
                l.as_str().to_string(),
                texts::level_label(lang, *l).to_string(),
            )
        })
        .collect();
    let roles = Role::ALL
        .iter()
        .map(|r| {
            (
                r.as_str().to_string(),
                texts::role_label(lang, *r).to_string(),
            )
        })
        .collect();
    let onpast = {
        let d = props.dispatcher.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            d.dispatch(ViewAction::IncludePast(input.checked()));
        })
    };
    html! {
        <>
            { select("md-council", t.filter_council, t.filter_all,
                props.council.as_deref().unwrap_or(""), councils, on(ViewAction::Council)) }
            { select("md-organisation", t.filter_organisation, t.filter_all,
                props.organisation.as_deref().unwrap_or(""), orgs, on(ViewAction::Organisation)) }
            { select("md-level", t.filter_level, t.filter_all,
                props.level.map_or("", Level::as_str), levels, on(ViewAction::Level)) }
            { select("md-role", t.filter_role, t.filter_all,
                props.role.map_or("", Role::as_str), roles, on(ViewAction::Role)) }
            <div class="check">
                <input id="md-past" type="checkbox" part="show-past" checked={props.include_past} onchange={onpast} />
                <label for="md-past">{ t.show_past }</label>
            </div>
        </>
    }
}
