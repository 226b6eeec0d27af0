//! HTML escaping for server-rendered pages (the admin area): text and attribute values, nothing else.
//!
//! The admin pages show what members of the public typed, so every piece of stored text goes
//! through [`escape`] before it meets markup. One function for text and double-quoted attribute
//! values keeps the rule simple: there is no "safe" variant to pick by mistake.

/// `s` with `& < > " '` replaced by character references, safe in text and in `"…"` attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` escaped as by [`escape`].
fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_quotes_become_references() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }

    #[test]
    fn nordic_letters_and_plain_text_pass_unchanged() {
        assert_eq!(
            escape("Blåbærsyltetøy på Ørland"),
            "Blåbærsyltetøy på Ørland"
        );
        assert_eq!(escape(""), "");
    }
}
