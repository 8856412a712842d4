//! Text from Redis, SQLite or the user as it may reach a terminal: hostile characters written
//! visibly, and user input quoted and capped for error messages.

/// Whether a character must never reach a terminal as is: C0 and C1 controls and DEL (which
/// repaint or retitle it), bidi overrides and isolates (which reorder what is shown), and
/// zero-width characters and the BOM (which hide text).
pub fn is_hostile_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{061C}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Text from Redis or SQLite as it may be printed: every [`is_hostile_char`] written visibly
/// as Rust writes it (`\u{1b}`, `\u{202e}`); everything else as is. The one
/// escaping function for data shown to people; `--json` carries the value itself.
pub fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hostile_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Quotes user input for an error message, escaping control characters and capping its length,
/// so that hostile input cannot repaint the terminal or flood the log.
pub fn shown(s: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = s
        .chars()
        .take(MAX)
        .flat_map(|c| {
            if is_hostile_char(c) {
                escaped(c.encode_utf8(&mut [0; 4]))
                    .into_owned()
                    .chars()
                    .collect::<Vec<_>>()
            } else {
                c.escape_debug().collect()
            }
        })
        .collect();
    if s.chars().count() > MAX {
        out.push('…');
    }
    format!("\"{out}\"")
}

/// Like [`shown`], without the cap: for values the message is about, which must not be cut.
pub fn shown_full(s: &str) -> String {
    format!(
        "\"{}\"",
        s.chars().flat_map(char::escape_debug).collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escaped("Avengers · Screen 1"), "Avengers · Screen 1");
        assert_eq!(escaped("a\x1b[2J\x07b"), "a\\u{1b}[2J\\u{7}b");
        assert_eq!(
            escaped("x\u{202e}y\u{200b}\u{feff}\u{9b}"),
            "x\\u{202e}y\\u{200b}\\u{feff}\\u{9b}"
        );
        assert_eq!(escaped("\x7f\n"), "\\u{7f}\\u{a}");
        assert_eq!(shown("a\u{202e}\x1b\"q"), "\"a\\u{202e}\\u{1b}\\\"q\"");
    }

    #[test]
    fn shown_escapes() {
        assert_eq!(shown("a\u{1b}[2J"), "\"a\\u{1b}[2J\"");
    }
}
