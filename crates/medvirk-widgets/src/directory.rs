//! The representative directory widget: fetches a directory, then search, filters and cards.
//!
//! Decisions live in `medvirk_core::directory`: the readers decide what is valid (and report
//! what they skipped), `SearchIndex` answers a keystroke, `widget::visible` decides which slice
//! of the results is rendered, `links::safe_link` builds every `href`, `texts` holds every
//! word. This module fetches (through `client`), keeps the view state as a `Reducible`, and
//! renders text nodes only: nothing from the backend is ever parsed as HTML. A load that fails
//! is a `medvirk-error` event on the element (network, HTTP status, or unreadable data).
//!
//! Speed with 10,000 memberships: the search runs synchronously on input (a few milliseconds),
//! only [`PAGE_SIZE`] rows are rendered, the filter selects are a child component that does not
//! re-render while someone types, and the result count is announced after a quiet period so a
//! screen reader is not flooded with one announcement per keystroke.

mod card;
mod filters;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use medvirk_core::directory::search::{Query, SearchIndex, SearchResults};
use medvirk_core::directory::widget::{Attrs, Config, ConfigError, Format, PAGE_SIZE, visible};
use medvirk_core::directory::{Date, Level, Role, texts, widget};
use medvirk_core::lang::{self, Lang};
#[cfg(feature = "mapping")]
use medvirk_core::mapping::Mapping;
use medvirk_core::smiley::Failure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::client;
use crate::hooks::OnEvent;
use medvirk_core::mapping::WidgetEvent;

/// The widget's stylesheet, adopted into the shadow root by the element layer.
pub const STYLE: &str = include_str!("directory.css");

/// How long typing must pause before the result count is announced.
pub const ANNOUNCE_AFTER: Duration = Duration::from_millis(700);

/// The element's attributes, as the element layer reads them.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct DirectoryProps {
    #[prop_or_default]
    pub src: Option<AttrValue>,
    #[prop_or_default]
    pub format: Option<AttrValue>,
    #[prop_or_default]
    pub council: Option<AttrValue>,
    #[prop_or_default]
    pub organisation: Option<AttrValue>,
    #[prop_or_default]
    pub level: Option<AttrValue>,
    #[prop_or_default]
    pub lang: Option<AttrValue>,
    /// `lang` of the closest ancestor outside the element, if any.
    #[prop_or_default]
    pub inherited_lang: Option<AttrValue>,
    /// navigator.languages in order.
    #[prop_or_default]
    pub browser_langs: Vec<AttrValue>,
    /// A checked read mapping for a foreign list (`<script slot="mapping">`).
    #[cfg(feature = "mapping")]
    #[prop_or_default]
    pub mapping: Option<Rc<Mapping>>,
    /// Why the page's mapping was refused, with its path; shown instead of the directory.
    #[prop_or_default]
    pub mapping_error: Option<AttrValue>,
    /// The element's listener: the directory only fires `medvirk-error`, when a load fails.
    #[prop_or_default]
    pub on_event: Option<OnEvent>,
}

/// `<medvirk-directory>`: checks the configuration, then loads and shows the directory.
#[function_component]
pub fn Directory(props: &DirectoryProps) -> Html {
    let lang = lang::negotiate(
        props.lang.as_deref(),
        props.inherited_lang.as_deref(),
        &props.browser_langs,
    );
    if let Some(message) = &props.mapping_error {
        // The element layer has already written it to the console, with the same path.
        return crate::hooks::mapping_error_box(message, lang, texts::config_heading(lang));
    }
    // A read mapping may name the URL itself; what it produces is our native format.
    #[cfg(feature = "mapping")]
    let read = props.mapping.as_ref().and_then(|m| m.read.as_ref());
    #[cfg(not(feature = "mapping"))]
    let read = None::<&medvirk_core::mapping::Read>;
    let parsed = Config::parse(Attrs {
        src: props
            .src
            .as_deref()
            .or_else(|| read.and_then(|r| r.url.as_deref())),
        format: props.format.as_deref().filter(|_| read.is_none()),
        council: props.council.as_deref(),
        organisation: props.organisation.as_deref(),
        level: props.level.as_deref(),
    });
    match parsed {
        Ok(config) => {
            // Another source or language is another index (names sort by language); new presets
            // start a fresh view of the same data.
            let key = format!(
                "{}\n{:?}\n{}\n{:?}\n{:?}\n{:?}",
                config.src,
                config.format,
                lang.tag(),
                config.council,
                config.organisation,
                config.level
            );
            let loader = LoaderProps {
                config: Rc::new(config),
                lang,
                on_event: props.on_event.clone(),
                #[cfg(feature = "mapping")]
                mapping: props.mapping.clone(),
            };
            html! { <Loader {key} ..loader /> }
        }
        Err(error) => html! { <ConfigErrorBox {error} {lang} /> },
    }
}

#[derive(Properties, PartialEq)]
struct ConfigErrorProps {
    error: ConfigError,
    lang: Lang,
}

/// A visible box for the webmaster, in the page's language, plus the same text in the console.
#[function_component]
fn ConfigErrorBox(props: &ConfigErrorProps) -> Html {
    let heading = texts::config_heading(props.lang);
    let message = texts::config_error(props.lang, &props.error);
    {
        let console_text = format!("<medvirk-directory>: {heading}. {message}");
        use_effect_with(props.error.clone(), move |_| {
            web_sys::console::error_1(&console_text.into());
        });
    }
    html! {
        <div class="config-error" part="config-error" lang={props.lang.tag()}>
            <p class="config-error-heading">{ heading }</p>
            <p>{ message }</p>
        </div>
    }
}

/// A loaded directory, ready for searching.
struct Loaded {
    index: SearchIndex,
    /// Records the reader had to leave out.
    skipped: usize,
    /// Cards and council heads built so far, by membership and organisation index.
    cards: card::Cache,
    heads: card::Cache,
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

#[derive(Clone)]
enum Load {
    Loading,
    Failed,
    Ready(Rc<Loaded>),
}

#[derive(Properties, PartialEq)]
struct LoaderProps {
    config: Rc<Config>,
    lang: Lang,
    on_event: Option<OnEvent>,
    #[cfg(feature = "mapping")]
    mapping: Option<Rc<Mapping>>,
}

/// Today in the visitor's time zone: terms end and "ends soon" on the visitor's calendar.
fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as u16,
        (d.get_month() + 1) as u8,
        d.get_date() as u8,
    )
    .unwrap_or(Date {
        year: 2000,
        month: 1,
        day: 1,
    })
}

/// Why a load failed: no (good) answer, or an answer that is not a directory.
enum LoadError {
    Fetch(Failure),
    Unreadable(String),
}

/// Reads the fetched text, reports what was left out in the console, and builds the index.
fn prepare(text: &str, format: Format, lang: Lang) -> Result<Loaded, LoadError> {
    let report = widget::read(text, format).map_err(|e| LoadError::Unreadable(e.to_string()))?;
    // The webmaster (not the visitor) fixes the data, so the reasons go to the console.
    for s in &report.skipped {
        web_sys::console::warn_1(&format!("<medvirk-directory>: {s}").into());
    }
    for d in &report.dropped {
        web_sys::console::warn_1(&format!("<medvirk-directory>: {d}").into());
    }
    Ok(Loaded {
        skipped: report.skipped.len(),
        index: SearchIndex::new(report.directory, lang, today()),
        cards: card::Cache::default(),
        heads: card::Cache::default(),
    })
}

/// Fetches a foreign list with the read mapping's headers and turns it into our native format.
/// A list that is not where the mapping says fails loudly in the console, like unreadable data.
#[cfg(feature = "mapping")]
async fn fetch_mapped(read: &medvirk_core::mapping::Read, src: &str) -> Result<String, LoadError> {
    let (status, text) = client::send_mapped(&read.request(src))
        .await
        .map_err(LoadError::Fetch)?;
    if !(200..300).contains(&status) {
        return Err(LoadError::Fetch(Failure::Status(status)));
    }
    read.to_native(&text)
        .map_err(|e| LoadError::Unreadable(format!("mapping: {e}")))
}

/// Fetches the directory (again, after "try again") and shows loading, failure or the view.
#[function_component]
fn Loader(props: &LoaderProps) -> Html {
    let load = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    {
        let load = load.clone();
        let config = Rc::clone(&props.config);
        let lang = props.lang;
        #[cfg(feature = "mapping")]
        let mapping = props.mapping.clone();
        let on_event = props.on_event.clone();
        use_effect_with(*attempt, move |_| {
            load.set(Load::Loading);
            yew::platform::spawn_local(async move {
                let native = |r: Result<String, Failure>| r.map_err(LoadError::Fetch);
                #[cfg(feature = "mapping")]
                let fetched = match mapping.as_ref().and_then(|m| m.read.as_ref()) {
                    Some(read) => fetch_mapped(read, &config.src).await,
                    None => native(client::get_text(&config.src).await),
                };
                #[cfg(not(feature = "mapping"))]
                let fetched = native(client::get_text(&config.src).await);
                let loaded = fetched.and_then(|text| prepare(&text, config.format, lang));
                let next = match loaded {
                    Ok(l) => Load::Ready(Rc::new(l)),
                    Err(e) => {
                        // The webmaster reads the console; the page hears `medvirk-error`.
                        let (console, event) = match e {
                            LoadError::Fetch(f) => {
                                let why = match f {
                                    Failure::Network => "no answer".to_string(),
                                    Failure::Status(s) => format!("HTTP status {s}"),
                                };
                                (
                                    format!("could not fetch {}: {why}", config.src),
                                    WidgetEvent::from_failure(f),
                                )
                            }
                            LoadError::Unreadable(why) => (
                                format!("the directory could not be read: {why}"),
                                WidgetEvent::unreadable(&why),
                            ),
                        };
                        let msg = format!("<medvirk-directory>: {console}");
                        web_sys::console::error_1(&msg.into());
                        if let Some(cb) = &on_event {
                            cb.emit(event);
                        }
                        Load::Failed
                    }
                };
                load.set(next);
            });
        });
    }
    let lang = props.lang;
    let t = texts::texts(lang);
    let status = match &*load {
        Load::Loading => html! { <p class="loading">{ t.loading }</p> },
        _ => html! {},
    };
    let body = match &*load {
        Load::Ready(data) => html! {
            <Browser data={Rc::clone(data)} config={Rc::clone(&props.config)} {lang} />
        },
        Load::Failed => {
            let onclick = {
                let attempt = attempt.clone();
                Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
            };
            html! {
                <div class="error" role="alert" part="error">
                    <p>{ t.load_failed }</p>
                    <button type="button" part="retry" {onclick}>{ t.retry }</button>
                </div>
            }
        }
        Load::Loading => html! {},
    };
    html! {
        <div class="directory" lang={lang.tag()} part="directory">
            <h2 id="md-heading" class="heading" part="heading">{ t.heading }</h2>
            <div role="status" class="load-status">{ status }</div>
            { body }
        </div>
    }
}

/// What the person has typed and chosen.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct View {
    text: String,
    council: Option<String>,
    organisation: Option<String>,
    level: Option<Level>,
    role: Option<Role>,
    include_past: bool,
    /// Rows rendered.
    limit: usize,
    /// The first row added by the last "show more", to move focus to.
    focus_row: Option<usize>,
}

/// Changes of the view.
pub(crate) enum ViewAction {
    Text(String),
    Council(String),
    Organisation(String),
    Level(String),
    Role(String),
    IncludePast(bool),
    More,
}

impl Reducible for View {
    type Action = ViewAction;

    fn reduce(self: Rc<Self>, action: ViewAction) -> Rc<Self> {
        let mut v = (*self).clone();
        let id = |s: String| (!s.is_empty()).then_some(s);
        // Any new search starts again at the first page.
        v.limit = PAGE_SIZE;
        v.focus_row = None;
        match action {
            ViewAction::Text(t) => v.text = t,
            ViewAction::Council(c) => v.council = id(c),
            ViewAction::Organisation(o) => v.organisation = id(o),
            ViewAction::Level(l) => v.level = Level::parse(&l),
            ViewAction::Role(r) => v.role = Role::parse(&r),
            ViewAction::IncludePast(p) => v.include_past = p,
            ViewAction::More => {
                v.focus_row = Some(self.limit);
                v.limit = self.limit + PAGE_SIZE;
            }
        }
        Rc::new(v)
    }
}

#[derive(Properties, PartialEq)]
struct CouncilHeadProps {
    data: Rc<Loaded>,
    /// Index into the directory's organisations.
    council: usize,
    lang: Lang,
}

/// A council's name, seats and vacancies: they do not depend on the query, so a council that
/// stays in the results is not re-rendered (nor its texts formatted again) on a keystroke.
/// Built as one detached subtree like a card (see `card::Card` for why), in a `<div>` because
/// Yew places one node per component here.
#[function_component]
fn CouncilHead(props: &CouncilHeadProps) -> Html {
    if let Some(head) = props.data.heads.get(props.council) {
        return Html::VRef(head.into());
    }
    let lang = props.lang;
    let index = &props.data.index;
    let council = &index.directory().organisations()[props.council];
    let seats = index.seats(props.council);
    let vacant = index.vacancies(props.council);
    let Some(b) = card::Builder::new() else {
        return html! {};
    };
    let head = b.element("div", None);
    b.child(&head, "h3", Some("council-name"), &council.name);
    if !seats.is_empty() {
        let list = b.append(&head, b.element("ul", Some("seats")));
        for s in seats.iter().filter(|s| s.seats > 0) {
            let line = format!(
                "{}: {}",
                texts::category_label(lang, s.category),
                texts::seats_filled(lang, s.filled, s.seats)
            );
            b.child(&list, "li", None, &line);
        }
    }
    if vacant > 0 {
        b.child(
            &head,
            "p",
            Some("vacant"),
            &texts::vacant_seats(lang, vacant),
        );
    }
    props.data.heads.put(props.council, &head);
    Html::VRef(head.into())
}

#[derive(Properties, PartialEq)]
struct BrowserProps {
    data: Rc<Loaded>,
    config: Rc<Config>,
    lang: Lang,
}

/// Search, filters, the announced count and the windowed, grouped list.
#[function_component]
fn Browser(props: &BrowserProps) -> Html {
    let lang = props.lang;
    let t = texts::texts(lang);
    let view = {
        let c = Rc::clone(&props.config);
        use_reducer(move || View {
            text: String::new(),
            council: c.council.clone(),
            organisation: c.organisation.clone(),
            level: c.level,
            role: None,
            include_past: false,
            limit: PAGE_SIZE,
            focus_row: None,
        })
    };
    let results: Rc<SearchResults> = {
        let data = Rc::clone(&props.data);
        let v = (*view).clone();
        let key = (
            v.text.clone(),
            v.council.clone(),
            v.organisation.clone(),
            v.level,
            v.role,
            v.include_past,
        );
        use_memo(key, move |_| {
            data.index.search(&Query {
                text: &v.text,
                council: v.council.as_deref(),
                organisation: v.organisation.as_deref(),
                level: v.level,
                role: v.role,
                status: None,
                include_past: v.include_past,
            })
        })
    };
    let count = results.count();
    let count_text = texts::result_count(lang, count);

    // The polite announcement follows the count only after typing pauses.
    let announced = use_state(String::new);
    let generation = use_mut_ref(|| Rc::new(Cell::new(0u32)));
    {
        let announced = announced.clone();
        let generation = Rc::clone(&generation.borrow());
        use_effect_with(count_text.clone(), move |text| {
            let mine = generation.get().wrapping_add(1);
            generation.set(mine);
            let text = text.clone();
            yew::platform::spawn_local(async move {
                yew::platform::time::sleep(ANNOUNCE_AFTER).await;
                if generation.get() == mine {
                    announced.set(text);
                }
            });
        });
    }

    // After "show more", focus goes to the first new card (marked `data-focus` by the card),
    // so keyboard and screen reader users continue where the list grew instead of after it.
    // Effects run after the new cards are in the DOM.
    let list_ref = use_node_ref();
    {
        let list_ref = list_ref.clone();
        use_effect_with(view.focus_row, move |row| {
            if row.is_some()
                && let Some(list) = list_ref.cast::<web_sys::Element>()
                && let Ok(Some(card)) = list.query_selector("[data-focus]")
                && let Ok(card) = card.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = card.focus();
            }
        });
    }

    let window = visible(&results, view.limit);
    let mut row = 0usize;
    let groups = window.groups.iter().map(|(gi, range)| {
        let g = &results.groups[*gi];
        let hits = &results.group_hits(g)[range.clone()];
        // Councils and cards are keyed by their index in the directory, and both are
        // components with comparable props: a keystroke that keeps a membership in the window
        // keeps its card (DOM and component) untouched, and only memberships that enter the
        // window are built. Over the bench's typing that is 1,104 cards built instead of 1,880
        // rows patched by position, and a patched row whose shape differed (another number of
        // contact lines, a flag) was rebuilt node by node anyway.
        let cards = hits.iter().map(|hit| {
            let focus = view.focus_row == Some(row);
            row += 1;
            html! {
                <card::Card key={hit.membership} data={Rc::clone(&props.data)} hit={*hit} {lang} {focus} />
            }
        });
        let cards: Html = cards.collect();
        if hits.is_empty() {
            row += 1;
        }
        html! {
            <div key={g.council} part="council">
                <CouncilHead data={Rc::clone(&props.data)} council={g.council} {lang} />
                if !hits.is_empty() {
                    <ul class="cards">{ cards }</ul>
                }
            </div>
        }
    });
    let groups: Html = groups.collect();
    let shown: usize = window.groups.iter().map(|(_, r)| r.len()).sum();

    let dispatcher = view.dispatcher();
    let oninput = {
        let d = dispatcher.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(ViewAction::Text(input.value()));
        })
    };
    let onmore = {
        let d = dispatcher.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(ViewAction::More))
    };
    let onlistclick = {
        let data = Rc::clone(&props.data);
        Callback::from(move |e: MouseEvent| card::vcard_click(&data, lang, &e))
    };
    let onprint = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let skipped = props.data.skipped;

    html! {
        <>
            if skipped > 0 {
                <p class="notice" part="notice">{ texts::records_not_shown(lang, skipped) }</p>
            }
            <div class="controls" part="controls">
                <div class="field search">
                    <label for="md-search">{ t.search_label }</label>
                    <input
                        id="md-search"
                        type="search"
                        part="search"
                        autocomplete="off"
                        spellcheck="false"
                        value={view.text.clone()}
                        {oninput}
                    />
                </div>
                <filters::Filters
                    data={Rc::clone(&props.data)}
                    {lang}
                    council={view.council.clone()}
                    organisation={view.organisation.clone()}
                    level={view.level}
                    role={view.role}
                    include_past={view.include_past}
                    dispatcher={dispatcher.clone()}
                />
                <button type="button" class="secondary print" part="print" onclick={onprint}>{ t.print }</button>
            </div>
            <p class="count" part="count">{ count_text }</p>
            <p class="sr-only" aria-live="polite" aria-atomic="true" part="announcement">{ (*announced).clone() }</p>
            if results.groups.is_empty() {
                <p class="empty" part="empty">{ t.no_results }</p>
            }
            <div class="groups" ref={list_ref} onclick={onlistclick}>{ groups }</div>
            if window.more {
                <div class="more">
                    <p class="showing">{ texts::showing(lang, shown, count) }</p>
                    <button type="button" part="more" onclick={onmore}>{ texts::show_more(lang) }</button>
                </div>
            }
        </>
    }
}
