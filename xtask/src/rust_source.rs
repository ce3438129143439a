//! A small lexer for Rust source, enough for the project's checks: identifiers, `::`,
//! punctuation and string literals (ordinary and raw, unescaped, with their line); comments and
//! character literals are skipped. Used by `check-modules` and by the tests' build script, which
//! reads the tests' GraphQL documents from their string literals.

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// An identifier or keyword (also a number).
    Ident(String),
    /// `::`.
    PathSep,
    /// Any other character that is not white space.
    Punct(char),
    /// A string literal's value, and the line it starts on (1-based).
    Str(String, usize),
}

/// The tokens of `source`.
pub fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let word_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(next, Some('#' | '"')) && !word_before {
            // A raw string: r"…" or r#"…"#, closed by a quote and as many hashes.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let open = i + 1 + hashes;
            if chars.get(open) != Some(&'"') {
                out.push(Token::Ident("r".to_owned()));
                i += 1;
                continue;
            }
            let start = line;
            let mut j = open + 1;
            let mut text = String::new();
            while j < chars.len() {
                let closes = chars[j] == '"'
                    && chars[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes;
                if closes {
                    break;
                }
                line += usize::from(chars[j] == '\n');
                text.push(chars[j]);
                j += 1;
            }
            out.push(Token::Str(text, start));
            i = j + 1 + hashes;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\''); a lifetime ('a) is left alone.
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c == '"' {
            let start = line;
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] != '\\' {
                    line += usize::from(chars[i] == '\n');
                    text.push(chars[i]);
                    i += 1;
                    continue;
                }
                match chars.get(i + 1) {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some('\n') => {
                        // A line continuation: the break and the next line's indent vanish.
                        i += 1;
                        while i < chars.len() && chars[i].is_whitespace() {
                            line += usize::from(chars[i] == '\n');
                            i += 1;
                        }
                        continue;
                    }
                    Some(other) => text.push(*other),
                    None => {}
                }
                i += 2;
            }
            i += 1;
            out.push(Token::Str(text, start));
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c == ':' && next == Some(':') {
            out.push(Token::PathSep);
            i += 2;
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Token::{self, Ident, PathSep, Punct, Str};
    use super::tokens;

    fn id(name: &str) -> Token {
        Ident(name.to_owned())
    }

    #[test]
    fn paths_strings_and_lines_are_read_and_comments_and_chars_skipped() {
        let source = "use crate::a; // crate::b\nlet s = \"x\\\"y\";\n/* crate::c\n */ let q = '\"';\n\
                      let r = r#\"say \"hi\"\"#; let l: &'a str = \"one \\\n    two\";";
        assert_eq!(
            tokens(source),
            [
                id("use"),
                id("crate"),
                PathSep,
                id("a"),
                Punct(';'),
                id("let"),
                id("s"),
                Punct('='),
                Str("x\"y".to_owned(), 2),
                Punct(';'),
                id("let"),
                id("q"),
                Punct('='),
                Punct(';'),
                id("let"),
                id("r"),
                Punct('='),
                Str("say \"hi\"".to_owned(), 5),
                Punct(';'),
                id("let"),
                id("l"),
                Punct(':'),
                Punct('&'),
                id("a"),
                id("str"),
                Punct('='),
                Str("one two".to_owned(), 5),
                Punct(';'),
            ]
        );
    }
}
