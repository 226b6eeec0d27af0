//! A compile-time CSS minifier for the stylesheets compiled into the widget bundle.
//!
//! Widget CSS is `include_str!`-ed into the wasm, so its comments and indentation are downloaded
//! by every visitor (about 1 KB brotli for the smiley). [`minify_css!`](crate::minify_css) strips
//! them while compiling, so the source stays commented and readable. It is deliberately
//! conservative: it drops comments, collapses whitespace, removes whitespace only next to
//! `{ } ; , >` and after `:`, and drops a `;` right before `}`. Strings are copied untouched.
//! Whitespace before `:` (`.a :hover`), around `+ - ~ ( )` (`calc(1px + 2px)`, `and (`) is kept,
//! since removing it there can change what the CSS means.

/// Minifies a CSS text at compile time into a `&'static str`:
/// `pub const STYLE: &str = medvirk_core::minify_css!(include_str!("x.css"));`
#[macro_export]
macro_rules! minify_css {
    ($css:expr) => {{
        const SOURCE: &str = $css;
        const LEN: usize = $crate::css::minified_len(SOURCE);
        const BYTES: [u8; LEN] = $crate::css::minify(SOURCE);
        match ::core::str::from_utf8(&BYTES) {
            Ok(css) => css,
            Err(_) => panic!("minified CSS is not UTF-8"),
        }
    }};
}

/// The length of `minify(css)`.
pub const fn minified_len(css: &str) -> usize {
    let mut out = [0u8; 0];
    run(css.as_bytes(), &mut out)
}

/// `css` without comments and needless whitespace; `N` must be [`minified_len`]`(css)`.
pub const fn minify<const N: usize>(css: &str) -> [u8; N] {
    let mut out = [0u8; N];
    let len = run(css.as_bytes(), &mut out);
    assert!(len == N, "minify: N must be minified_len(css)");
    out
}

/// Characters next to which whitespace never matters.
const fn tight(c: u8) -> bool {
    matches!(c, b'{' | b'}' | b';' | b',' | b'>')
}

/// Writes the minified `src` into `out` as far as it fits and returns the full minified length
/// (the length pass runs with an empty `out`, so nothing here reads back from it).
const fn run(src: &[u8], out: &mut [u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    // The last byte kept (a held-back `;` counts), `{` at the start so leading space goes.
    let mut prev = b'{';
    // Whitespace or a comment was skipped since `prev`.
    let mut space = false;
    // A `;` is held back until we know whether a `}` follows it.
    let mut semicolon = false;
    while i < src.len() {
        let c = src[i];
        if c == b'/' && i + 1 < src.len() && src[i + 1] == b'*' {
            i += 2;
            while i < src.len() && !(src[i] == b'*' && i + 1 < src.len() && src[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            space = true;
            continue;
        }
        if c.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if semicolon && c != b'}' {
            n = put(out, n, b';');
        }
        semicolon = false;
        if space && !tight(prev) && prev != b':' && !tight(c) {
            n = put(out, n, b' ');
        }
        space = false;
        prev = c;
        i += 1;
        if c == b';' {
            semicolon = true;
        } else if c == b'"' || c == b'\'' {
            // A string, copied as written up to its closing quote (escapes included).
            n = put(out, n, c);
            while i < src.len() && src[i] != c {
                if src[i] == b'\\' && i + 1 < src.len() {
                    n = put(out, n, src[i]);
                    i += 1;
                }
                n = put(out, n, src[i]);
                i += 1;
            }
            if i < src.len() {
                n = put(out, n, c);
                i += 1;
            }
        } else {
            n = put(out, n, c);
        }
    }
    if semicolon {
        n = put(out, n, b';');
    }
    n
}

/// Stores `c` at `n` when `out` is long enough and returns the next position.
const fn put(out: &mut [u8], n: usize, c: u8) -> usize {
    if n < out.len() {
        out[n] = c;
    }
    n + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(css: &str) -> String {
        let mut out = vec![0; css.len()];
        let n = run(css.as_bytes(), &mut out);
        assert_eq!(n, minified_len(css));
        out.truncate(n);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn drops_comments_and_needless_whitespace() {
        assert_eq!(
            min("/* head */\n.a,\n.b > p {\n  color: red;\n  margin: 0 0 1rem; /* why */\n}\n"),
            ".a,.b>p{color:red;margin:0 0 1rem}"
        );
        assert_eq!(min("a{b:c;}  d{e:f}"), "a{b:c}d{e:f}");
        assert_eq!(min("a{x:1};"), "a{x:1};");
    }

    #[test]
    fn keeps_whitespace_that_carries_meaning() {
        // Descendant pseudo-class, calc operators, media query `and (`, values.
        assert_eq!(min(".a :hover{}"), ".a :hover{}");
        assert_eq!(
            min("p{width:calc(100% - 2px + 1rem)}"),
            "p{width:calc(100% - 2px + 1rem)}"
        );
        assert_eq!(
            min("@media screen and (max-width: 30rem) {p{a:b}}"),
            "@media screen and (max-width:30rem){p{a:b}}"
        );
        assert_eq!(min("p{a:b/**/c}"), "p{a:b c}");
        assert_eq!(min(".a[x=\"1\"] .b ~ .c{}"), ".a[x=\"1\"] .b ~ .c{}");
    }

    #[test]
    fn strings_are_copied_untouched() {
        assert_eq!(
            min("p::after{content:\"a  /* b */ ;}\\\" c\"}"),
            "p::after{content:\"a  /* b */ ;}\\\" c\"}"
        );
        assert_eq!(min("p{content:'x  y'}"), "p{content:'x  y'}");
    }

    #[test]
    fn the_macro_minifies_at_compile_time_and_keeps_utf8() {
        const CSS: &str = crate::minify_css!("p  {  content: \"ø\" ;  } /* æ */");
        assert_eq!(CSS, "p{content:\"ø\"}");
    }
}
