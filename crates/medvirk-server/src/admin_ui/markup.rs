//! Markup pieces every admin page shares: error summary, field intro and error, notices, table heads, times.
//!
//! They carry the accessibility rules in one place (labels before controls, errors linked to
//! their fields and not told by colour alone, `scope="col"` on every column header), so a page
//! cannot get them subtly different.

use medvirk_core::html::escape;
use medvirk_core::time_zone;
use time::OffsetDateTime;

/// A GOV.UK-style error summary: a titled alert that links each message to its field. It takes
/// focus when the page loads, so a screen reader starts at what went wrong.
pub(crate) fn error_summary(title: &str, errors: &[(&str, String)]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\" autofocus>\n\
         <h2 id=\"error-summary-title\">{}</h2>\n<ul>\n",
        escape(title)
    );
    for (field, message) in errors {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            escape(field),
            escape(message)
        ));
    }
    out.push_str("</ul>\n</div>\n");
    out
}

/// The message under a field, with a hidden prefix so it is not told by colour alone.
pub(crate) fn field_error(id: &str, prefix: &str, message: &str) -> String {
    format!(
        "<p class=\"field-error\" id=\"{}-error\"><span class=\"visually-hidden\">{} </span>{}</p>\n",
        escape(id),
        escape(prefix),
        escape(message)
    )
}

/// What stands before a form control: its label, its hint and its error message, in the order a
/// sighted reader meets them. The ids are the ones [`described`] points the control at.
pub(crate) fn field_intro(
    id: &str,
    label: &str,
    hint: Option<&str>,
    error: Option<(&str, &str)>,
) -> String {
    let mut out = format!("<label for=\"{id}\">{}</label>\n", escape(label));
    if let Some(hint) = hint {
        out.push_str(&format!(
            "<p class=\"hint\" id=\"{id}-hint\">{}</p>\n",
            escape(hint)
        ));
    }
    if let Some((prefix, message)) = error {
        out.push_str(&field_error(id, prefix, message));
    }
    out
}

/// `aria-describedby` and `aria-invalid` for a field with a hint and maybe an error.
pub(crate) fn described(id: &str, hint: bool, error: bool) -> String {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    let mut out = String::new();
    if !ids.is_empty() {
        out.push_str(&format!(" aria-describedby=\"{}\"", escape(&ids.join(" "))));
    }
    if error {
        out.push_str(" aria-invalid=\"true\"");
    }
    out
}

/// A notice that something changed under the person's feet; an alert, so it is read at once.
pub(crate) fn alert_notice(text: &str) -> String {
    format!("<p class=\"notice\" role=\"alert\">{}</p>\n", escape(text))
}

/// The message that a change was stored; a polite status, read after what is being read.
pub(crate) fn ok_status(text: &str) -> String {
    format!("<p class=\"ok\" role=\"status\">{}</p>\n", escape(text))
}

/// One column header of a data table; numbers are right-aligned by the `num` class.
#[derive(Clone, Copy)]
pub(crate) enum Col<'a> {
    Text(&'a str),
    Num(&'a str),
}

/// A data table's header row and the opening of its body. Every column header has
/// `scope="col"`, so a screen reader names the column of each cell.
pub(crate) fn thead(cols: &[Col]) -> String {
    let mut out = String::from("<thead><tr>");
    for col in cols {
        match col {
            Col::Text(label) => out.push_str(&format!("<th scope=\"col\">{}</th>", escape(label))),
            Col::Num(label) => out.push_str(&format!(
                "<th scope=\"col\" class=\"num\">{}</th>",
                escape(label)
            )),
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    out
}

/// A time as the admin reads it (Norwegian/Swedish time, to the minute) inside a
/// machine-readable `<time>` that carries the offset.
pub(crate) fn when(t: OffsetDateTime) -> String {
    let unix = t.unix_timestamp();
    format!(
        "<time datetime=\"{}\">{}</time>",
        time_zone::local_datetime(unix),
        time_zone::local_minute(unix)
    )
}

/// A value for a URL query, percent-encoded.
pub(crate) fn query_value(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}
