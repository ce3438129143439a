//! What a letter can print. Rule: text that may end up in a letter or an agenda holds only
//! characters the letter font has a glyph for (Latin with all its extensions, so Turkish,
//! Polish and Vietnamese names; Greek; Cyrillic; common punctuation and symbols), line breaks and
//! tabs. Anything else is refused when it is typed, with what kind of character it is and where,
//! never the text itself: a letter that prints a box or `?` in a client's name is worse than a
//! request to write the name in Latin letters, as a passport does.
//!
//! The server's tests check that the font has a glyph for every character this module accepts.

use std::fmt;

/// The characters the letter font prints, as inclusive ranges of code points, in order. The
/// bidirectional controls and invisible characters are left out on purpose: they print nothing
/// and can make text read differently from what it holds.
pub const RANGES: [(u32, u32); 17] = [
    (0x0020, 0x007E), // Basic Latin
    (0x00A0, 0x0377), // Latin-1, Latin Extended A and B, IPA, modifiers, combining marks, Greek
    (0x037A, 0x037F),
    (0x0384, 0x038A),
    (0x038C, 0x038C),
    (0x038E, 0x03A1),
    (0x03A3, 0x03E1),
    (0x03F0, 0x052F), // Greek and Coptic, Cyrillic and its supplement
    (0x1E00, 0x1EFF), // Latin Extended Additional (Vietnamese)
    (0x2000, 0x200A), // spaces
    (0x2010, 0x2027), // dashes, quotes, bullets, the ellipsis
    (0x202F, 0x205F), // narrow no-break space, per mille, primes, more punctuation
    (0x2070, 0x2071), // superscripts
    (0x2074, 0x208E),
    (0x2090, 0x209C), // subscripts
    (0x20A0, 0x20BF), // currency signs, the euro
    (0x2100, 0x214F), // letterlike symbols (№, ™, ℃)
];

/// Whether the letter font prints `c` (line breaks and tabs count as printable: a line break is
/// kept, a tab becomes a space).
pub fn printable(c: char) -> bool {
    if matches!(c, '\n' | '\r' | '\t') {
        return true;
    }
    let code = u32::from(c);
    RANGES.iter().any(|&(from, to)| (from..=to).contains(&code))
}

/// The kind of a character a letter cannot print, named so a person knows what to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Arabic script (Arabic, Persian, Urdu names).
    Arabic,
    /// Hebrew script.
    Hebrew,
    /// Chinese, Japanese or Korean characters.
    EastAsian,
    /// An emoji or a pictograph.
    Emoji,
    /// An invisible or direction-changing control character.
    Control,
    /// Anything else the font lacks.
    Other,
}

impl Script {
    /// The kind of `c` (which [`printable`] refused).
    pub fn of(c: char) -> Self {
        match u32::from(c) {
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x0870..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFE => Self::Arabic,
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Self::Hebrew,
            0x1100..=0x11FF
            | 0x2E80..=0x9FFF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7FF
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF
            | 0x20000..=0x3FFFF => Self::EastAsian,
            0x2600..=0x27BF | 0x1F000..=0x1FAFF => Self::Emoji,
            0x0000..=0x001F
            | 0x007F..=0x009F
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x206F
            | 0xFEFF
            | 0xFFF0..=0xFFFF => Self::Control,
            _ => Self::Other,
        }
    }

    fn english(self) -> &'static str {
        match self {
            Self::Arabic => "Arabic script",
            Self::Hebrew => "Hebrew script",
            Self::EastAsian => "Chinese, Japanese or Korean characters",
            Self::Emoji => "an emoji or pictograph",
            Self::Control => "an invisible control character",
            Self::Other => "a character the letter font does not have",
        }
    }

    fn dutch(self) -> &'static str {
        match self {
            Self::Arabic => "Arabisch schrift",
            Self::Hebrew => "Hebreeuws schrift",
            Self::EastAsian => "Chinese, Japanse of Koreaanse tekens",
            Self::Emoji => "een emoji of pictogram",
            Self::Control => "een onzichtbaar stuurteken",
            Self::Other => "een teken dat het lettertype van de brieven niet heeft",
        }
    }
}

/// Text holds a character a letter cannot print: what kind, and at which character (counted
/// from 1), never the character itself (it may be part of a name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unprintable {
    /// The kind of character.
    pub script: Script,
    /// Its place in the text, counted in characters from 1.
    pub at: usize,
}

impl fmt::Display for Unprintable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "contains {} at character {}, which letters cannot print: write it in Latin letters \
             (as a passport does)",
            self.script.english(),
            self.at
        )
    }
}

impl Unprintable {
    /// The message in Dutch, a whole sentence.
    pub fn dutch(&self) -> String {
        format!(
            "De tekst bevat {} bij teken {}, dat brieven niet kunnen afdrukken. Schrijf het in \
             Latijnse letters, zoals in een paspoort.",
            self.script.dutch(),
            self.at
        )
    }
}

/// The first character of `text` a letter cannot print.
pub fn check(text: &str) -> Result<(), Unprintable> {
    match text.chars().enumerate().find(|(_, c)| !printable(*c)) {
        None => Ok(()),
        Some((i, c)) => Err(Unprintable {
            script: Script::of(c),
            at: i + 1,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_of_this_firms_clients_are_printable() {
        for name in [
            "Şükrü Yıldız",
            "Zoë IJsselmuiden",
            "Łukasz Wiśniewski",
            "Nguyễn Thị Ánh",
            "Ağaoğlu-Çelik",
            "Ðorđe Petrović",
            "Αθηνά Παπαδοπούλου",
            "Олена Шевченко",
            "Dorpsstraat 3\n9999 ZZ IJsselstein",
            "‘quotes’ “and” – dashes — € 12,50 … • № 5",
            // Vietnamese typed with combining marks rather than precomposed letters.
            "Nguye\u{302}\u{303}n",
        ] {
            assert_eq!(check(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn other_scripts_are_named_with_their_place() {
        let cases = [
            ("محمد", Script::Arabic, 1),
            ("Mohammed محمد", Script::Arabic, 10),
            ("דוד", Script::Hebrew, 1),
            ("王伟", Script::EastAsian, 1),
            ("김민준", Script::EastAsian, 1),
            ("Dank je 🙂", Script::Emoji, 9),
            ("a\u{202E}b", Script::Control, 2),
            ("a\u{200B}b", Script::Control, 2),
            ("x\u{0}", Script::Control, 2),
            ("ሰላም", Script::Other, 1),
        ];
        for (text, script, at) in cases {
            assert_eq!(check(text), Err(Unprintable { script, at }), "{text}");
        }
    }

    #[test]
    fn the_message_names_the_kind_and_place_but_not_the_text() {
        let e = check("Yusuf محمد").err().unwrap_or(Unprintable {
            script: Script::Other,
            at: 0,
        });
        assert!(e.to_string().contains("Arabic script at character 7"));
        assert!(e.dutch().contains("Arabisch schrift bij teken 7"));
        assert!(!e.to_string().contains('م') && !e.dutch().contains('م'));
    }

    #[test]
    fn the_ranges_are_ordered_and_apart() {
        for pair in RANGES.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
    }

    proptest! {
        #[test]
        fn text_built_from_printable_characters_passes(
            codes in proptest::collection::vec(0u32..0x2200, 0..40)
        ) {
            let text: String = codes
                .into_iter()
                .filter_map(char::from_u32)
                .filter(|c| printable(*c))
                .collect();
            prop_assert_eq!(check(&text), Ok(()));
        }

        #[test]
        fn a_refusal_points_at_a_character_printable_refuses(text in "\\PC{0,30}") {
            match check(&text) {
                Ok(()) => prop_assert!(text.chars().all(printable)),
                Err(e) => {
                    let c = text.chars().nth(e.at - 1);
                    prop_assert!(c.is_some_and(|c| !printable(c)));
                }
            }
        }
    }
}
