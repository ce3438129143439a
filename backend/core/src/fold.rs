//! Folding text for comparison: lower case, diacritics removed, typographic punctuation made
//! plain, so that "Zoë", "ZOE" and "zoe" match, and "06 – 12" matches "06-12". Rule: folding is
//! for finding things; what is shown to people is always the original text.

/// Text folded for matching, with the byte range in the original text of each folded character.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded characters.
    pub chars: Vec<char>,
    /// For each folded character, the byte range of the original character it came from.
    pub origin: Vec<(usize, usize)>,
}

impl Folded {
    /// Folds `text`, remembering where each folded character came from.
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (start, c) in text.char_indices() {
            let end = start + c.len_utf8();
            fold_char(c, |f| {
                chars.push(f);
                origin.push((start, end));
            });
        }
        Self { chars, origin }
    }

    /// The byte range in the original text covered by folded characters `from..to`.
    pub fn original_range(&self, from: usize, to: usize) -> (usize, usize) {
        let start = self.origin.get(from).map_or(0, |r| r.0);
        let end = to
            .checked_sub(1)
            .and_then(|last| self.origin.get(last))
            .map_or(start, |r| r.1);
        (start, end)
    }
}

/// Folds a whole string (see the module rule).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// Folds and collapses every run of characters that are not letters or digits into one space:
/// the form in which names are compared ("J. van  der Berg," → "j van der berg").
pub fn fold_words(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Letters for U+00C0..=U+00FF; a space marks a character that is not a letter with a diacritic.
const LATIN_1: &str = "aaaaaaaceeeeiiiidnooooo ouuuuytsaaaaaaaceeeeiiiidnooooo ouuuuyty";
/// Letters for U+0100..=U+017F.
const LATIN_EXTENDED_A: &str = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii  jjkkkllllllllllnnnnnnnnnoooooo  rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn fold_char(c: char, mut push: impl FnMut(char)) {
    let code = u32::from(c);
    let table = match code {
        0xC0..=0xFF => Some((LATIN_1, 0xC0)),
        0x100..=0x17F => Some((LATIN_EXTENDED_A, 0x100)),
        _ => None,
    };
    if let Some((table, base)) = table {
        let index = usize::try_from(code - base).unwrap_or(usize::MAX);
        if let Some(letter) = table.as_bytes().get(index).copied().filter(|b| *b != b' ') {
            push(char::from(letter));
            // Ligatures and sharp s fold to two letters, as they are spelt out.
            match c {
                'Æ' | 'æ' => push('e'),
                'ß' => push('s'),
                _ => {}
            }
            return;
        }
        if matches!(c, 'Ĳ' | 'ĳ') {
            push('i');
            push('j');
            return;
        }
        if matches!(c, 'Œ' | 'œ') {
            push('o');
            push('e');
            return;
        }
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{B4}' => push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' => push('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => push('-'),
        '\u{A0}' | '\u{2007}' | '\u{202F}' | '\t' => push(' '),
        // Combining diacritical marks (a decomposed "e\u{301}") disappear.
        '\u{300}'..='\u{36F}' => {}
        _ if c.is_ascii() => push(c.to_ascii_lowercase()),
        _ => c.to_lowercase().for_each(&mut push),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn tables_cover_their_ranges() {
        assert_eq!(LATIN_1.len(), 0x100 - 0xC0);
        assert_eq!(LATIN_EXTENDED_A.len(), 0x180 - 0x100);
    }

    /// The hand-written tables agree with Unicode's own decomposition for every letter that
    /// decomposes into an ASCII letter plus marks.
    #[test]
    fn tables_agree_with_unicode_decomposition() {
        for code in 0xC0..0x180_u32 {
            let c = char::from_u32(code).unwrap();
            let base: String = c
                .to_string()
                .nfd()
                .filter(char::is_ascii_alphabetic)
                .collect();
            if base.len() == 1 {
                assert_eq!(
                    fold(&c.to_string()),
                    base.to_ascii_lowercase(),
                    "U+{code:04X} {c}"
                );
            }
        }
    }

    #[test]
    fn folding_removes_case_diacritics_and_typography() {
        assert_eq!(fold("Zoë Müller-Lüdenscheidt"), "zoe muller-ludenscheidt");
        assert_eq!(fold("ĲSSELMONDE Straße"), "ijsselmonde strasse");
        assert_eq!(fold("06 – 36 28 43 38"), "06 - 36 28 43 38");
        assert_eq!(fold("Anna’s"), "anna's");
        assert_eq!(fold("Rene\u{301}e"), "renee");
        assert_eq!(fold_words("  J. van  der Berg, "), "j van der berg");
    }

    #[test]
    fn folded_text_maps_back_to_the_original() {
        let text = "Zoë’s ĳs";
        let folded = Folded::new(text);
        let as_string: String = folded.chars.iter().collect();
        assert_eq!(as_string, "zoe's ijs");
        // "ij" (folded 6..8) came from the one character "ĳ".
        let (start, end) = folded.original_range(6, 8);
        assert_eq!(&text[start..end], "ĳ");
        let (start, end) = folded.original_range(0, 5);
        assert_eq!(&text[start..end], "Zoë’s");
    }
}
