//! Redaction of free text for anonymised views. Rule: everything shown in an anonymised view that
//! a person wrote passes [`redact`] first. It replaces, case- and accent-insensitively, the
//! names it is given (complainant, employee concerned, all staff; full, first, last, possessive),
//! the complainant's street, and every e-mail address, Dutch phone number, postcode, street
//! address with a house number, IBAN and BSN it recognises, by placeholders. Written without
//! regular expressions so the same code runs in the browser for a live preview.

use crate::complaint::Complaint;
use crate::fold::{Folded, fold_words};
use crate::ids::national_form;

/// What a replaced piece of text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// The complainant's name.
    Complainant,
    /// The name of the employee or third party concerned, or of any staff member.
    Employee,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A street address.
    Address,
    /// A postcode.
    Postcode,
    /// A bank account number.
    Iban,
    /// A citizen service number (burgerservicenummer).
    Bsn,
}

impl Placeholder {
    /// The text that replaces the original.
    pub const fn text(self) -> &'static str {
        match self {
            Self::Complainant => "[klager]",
            Self::Employee => "[medewerker]",
            Self::Email => "[e-mail]",
            Self::Phone => "[telefoon]",
            Self::Address => "[adres]",
            Self::Postcode => "[postcode]",
            Self::Iban => "[iban]",
            Self::Bsn => "[bsn]",
        }
    }
}

/// Name particles (tussenvoegsels) and titles that never count as a name on their own.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "t", "ten", "ter", "te", "in", "op", "la", "le", "du", "da",
    "di", "del", "della", "dos", "el", "al", "von", "zu", "vd", "v", "d", "dhr", "mevr", "mw",
    "mr", "mrs", "dr", "ir", "drs", "ing", "heer", "mevrouw", "meneer",
];

/// Word endings of Dutch street names; with a house number after them they are an address.
const STREET_ENDINGS: &[&str] = &[
    "straat",
    "laan",
    "weg",
    "plein",
    "singel",
    "gracht",
    "kade",
    "dijk",
    "dreef",
    "hof",
    "park",
    "pad",
    "steeg",
    "plantsoen",
    "markt",
    "dam",
    "wal",
    "ring",
    "baan",
    "veld",
    "erf",
    "haven",
    "boulevard",
    "allee",
    "passage",
    "hoven",
    "akker",
    "wetering",
    "vaart",
    "straatweg",
];

/// The names and places that belong to one complaint, plus the staff's names.
#[derive(Debug, Clone, Default)]
pub struct RedactionContext {
    /// Token sequences (folded words) and what they stand for, longest first.
    patterns: Vec<(Vec<String>, Placeholder)>,
}

impl RedactionContext {
    /// An empty context: only the patterns (e-mail, phone, …) are recognised.
    pub fn new() -> Self {
        Self::default()
    }

    /// The context for `complaint`: its complainant, the person concerned, the complainant's
    /// street, and every staff member's name.
    pub fn for_complaint(complaint: &Complaint, staff_names: &[String]) -> Self {
        let mut context = Self::new();
        if let Some(name) = complaint.complainant.name.expose() {
            context.add_name(name, Placeholder::Complainant);
        }
        if let Some(name) = complaint.concerning.expose() {
            context.add_name(name, Placeholder::Employee);
        }
        if let Some(address) = complaint.complainant.address.expose() {
            context.add_address(address);
        }
        for name in staff_names {
            context.add_name(name, Placeholder::Employee);
        }
        context
    }

    /// The context of text that belongs to no complaint: every staff member's name.
    pub fn for_staff(staff_names: &[String]) -> Self {
        let mut context = Self::new();
        for name in staff_names {
            context.add_name(name, Placeholder::Employee);
        }
        context
    }

    /// Adds a person's name: the full name, every part that is not a particle or an initial, and
    /// the surname with its particles ("van der Berg").
    pub fn add_name(&mut self, name: &str, placeholder: Placeholder) {
        let words: Vec<String> = fold_words(name)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            return;
        }
        self.push(words.clone(), placeholder);
        // A hyphenated part ("Jan-Willem") is a name of its own.
        for part in name.split_whitespace() {
            let tokens: Vec<String> = fold_words(part)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            if tokens.len() > 1 {
                self.push(tokens, placeholder);
            }
        }
        for word in &words {
            if word.chars().count() >= 2 && !PARTICLES.contains(&word.as_str()) {
                self.push(vec![word.clone()], placeholder);
            }
        }
        if let Some(first_particle) = words
            .iter()
            .skip(1)
            .position(|w| PARTICLES.contains(&w.as_str()))
        {
            self.push(words[first_particle + 1..].to_vec(), placeholder);
        }
    }

    /// Adds a street address: the street name with and without its house number.
    pub fn add_address(&mut self, address: &str) {
        let words: Vec<String> = fold_words(address)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let Some(number_at) = words
            .iter()
            .position(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        else {
            return;
        };
        let meaningful = words[..number_at]
            .iter()
            .any(|w| w.chars().count() >= 4 && !PARTICLES.contains(&w.as_str()));
        if meaningful {
            let mut with_number = words[..number_at].to_vec();
            with_number.push(words[number_at].clone());
            self.push(with_number, Placeholder::Address);
            self.push(words[..number_at].to_vec(), Placeholder::Address);
        }
    }

    fn push(&mut self, tokens: Vec<String>, placeholder: Placeholder) {
        if !self.patterns.iter().any(|(t, _)| *t == tokens) {
            self.patterns.push((tokens, placeholder));
            self.patterns
                .sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
    }
}

/// A piece of text to replace: folded character range and placeholder.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    placeholder: Placeholder,
}

/// Replaces every identifier of `context`, and every pattern-recognised identifier, in `text`.
pub fn redact(text: &str, context: &RedactionContext) -> String {
    let folded = Folded::new(text);
    let upper: Vec<bool> = folded
        .origin
        .iter()
        .map(|(s, e)| {
            text.get(*s..*e)
                .is_some_and(|c| c.chars().any(char::is_uppercase))
        })
        .collect();
    let scan = Scan {
        c: &folded.chars,
        upper: &upper,
    };
    let mut spans = Vec::new();
    scan.names(context, &mut spans);
    for i in 0..folded.chars.len() {
        if !scan.starts_word(i) && folded.chars[i] != '+' && folded.chars[i] != '(' {
            continue;
        }
        for found in [
            scan.phone(i),
            scan.postcode(i),
            scan.iban(i),
            scan.bsn(i),
            scan.street(i),
        ]
        .into_iter()
        .flatten()
        {
            spans.push(found);
        }
    }
    scan.emails(&mut spans);
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));

    let mut out = String::with_capacity(text.len());
    let mut copied_to = 0; // byte offset in `text`
    let mut covered_to = 0; // folded index
    for span in spans {
        if span.start < covered_to {
            continue;
        }
        let (start, end) = folded.original_range(span.start, span.end);
        out.push_str(text.get(copied_to..start).unwrap_or_default());
        out.push_str(span.placeholder.text());
        copied_to = end;
        covered_to = span.end;
    }
    out.push_str(text.get(copied_to..).unwrap_or_default());
    out
}

struct Scan<'a> {
    c: &'a [char],
    upper: &'a [bool],
}

impl Scan<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.c.get(i).copied()
    }

    fn is_word_char(&self, i: usize) -> bool {
        self.at(i).is_some_and(char::is_alphanumeric)
    }

    /// Whether a word starts at `i` (a letter or digit not preceded by one).
    fn starts_word(&self, i: usize) -> bool {
        self.is_word_char(i) && (i == 0 || !self.is_word_char(i - 1))
    }

    /// Whether `i` is just past the end of a word.
    fn ends_word(&self, i: usize) -> bool {
        !self.is_word_char(i)
    }

    /// The end of the run of word characters starting at `i`.
    fn word_end(&self, i: usize) -> usize {
        let mut j = i;
        while self.is_word_char(j) {
            j += 1;
        }
        j
    }

    fn word(&self, start: usize, end: usize) -> String {
        self.c.get(start..end).unwrap_or_default().iter().collect()
    }

    fn names(&self, context: &RedactionContext, spans: &mut Vec<Span>) {
        let mut words = Vec::new();
        let mut i = 0;
        while i < self.c.len() {
            if self.starts_word(i) {
                let end = self.word_end(i);
                words.push((i, end, self.word(i, end)));
                i = end;
            } else {
                i += 1;
            }
        }
        for (w, _) in words.iter().enumerate() {
            for (tokens, placeholder) in &context.patterns {
                if let Some(end) = self.match_name(&words, w, tokens) {
                    spans.push(Span {
                        start: words[w].0,
                        end,
                        placeholder: *placeholder,
                    });
                    break;
                }
            }
        }
    }

    /// Matches `tokens` against the words from `w` on; names are separated by white space or a
    /// hyphen and the last may carry a possessive ("Jansens", "Anna's", "Joris'").
    fn match_name(
        &self,
        words: &[(usize, usize, String)],
        w: usize,
        tokens: &[String],
    ) -> Option<usize> {
        let candidate = words.get(w..w + tokens.len())?;
        for (k, ((start, _, word), token)) in candidate.iter().zip(tokens).enumerate() {
            let last = k + 1 == tokens.len();
            let same = word == token || (last && word.strip_suffix('s') == Some(token.as_str()));
            if !same {
                return None;
            }
            if k > 0 {
                let previous_end = candidate[k - 1].1;
                let gap = self.c.get(previous_end..*start)?;
                if gap.is_empty()
                    || gap.len() > 3
                    || !gap.iter().all(|c| c.is_whitespace() || *c == '-')
                {
                    return None;
                }
            }
        }
        let end = candidate.last()?.1;
        // Possessive with an apostrophe.
        if self.at(end) == Some('\'') {
            if self.at(end + 1) == Some('s') && self.ends_word(end + 2) {
                return Some(end + 2);
            }
            if self.ends_word(end + 1) {
                return Some(end + 1);
            }
        }
        Some(end)
    }

    fn emails(&self, spans: &mut Vec<Span>) {
        let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
        let domain = |c: char| c.is_alphanumeric() || c == '.' || c == '-';
        for (at, _) in self.c.iter().enumerate().filter(|(_, c)| **c == '@') {
            let mut start = at;
            while start > 0 && self.at(start - 1).is_some_and(local) {
                start -= 1;
            }
            let mut end = at + 1;
            while self.at(end).is_some_and(domain) {
                end += 1;
            }
            while end > at + 1 && matches!(self.at(end - 1), Some('.' | '-')) {
                end -= 1;
            }
            let host = self.word(at + 1, end);
            let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
                !name.is_empty() && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
            });
            if start < at && tld_ok {
                spans.push(Span {
                    start,
                    end,
                    placeholder: Placeholder::Email,
                });
            }
        }
    }

    /// A Dutch (or international) phone number starting at `i`.
    fn phone(&self, i: usize) -> Option<Span> {
        if i > 0 && self.is_word_char(i - 1) {
            return None;
        }
        let first = self.at(i)?;
        if !(first == '+' || first == '(' || first.is_ascii_digit()) {
            return None;
        }
        let mut j = i;
        let mut digits = 0;
        let mut best = None;
        if first == '+' || first == '(' {
            j += 1;
        }
        loop {
            match self.at(j) {
                Some(c) if c.is_ascii_digit() => {
                    digits += 1;
                    j += 1;
                    if digits > 15 {
                        break;
                    }
                    let group_ends = !self.at(j).is_some_and(|c| c.is_ascii_digit());
                    let text = self.word(i, j);
                    if group_ends && self.ends_word(j) && national_form(&text).is_some() {
                        best = Some(j);
                    }
                }
                Some(c) if " -./()".contains(c) && digits > 0 => {
                    // At most three separator characters ("06 – 12"), then a digit again.
                    let mut k = j;
                    while k < j + 3 && self.at(k).is_some_and(|c| " -./()".contains(c)) {
                        k += 1;
                    }
                    if !self.at(k).is_some_and(|c| c.is_ascii_digit()) {
                        break;
                    }
                    j = k;
                }
                _ => break,
            }
        }
        // An opening bracket belongs to the number only when it closes inside it: "(020) 123 45 67",
        // not "(06-12345678, …)".
        best.map(|end| {
            let own_bracket = first != '(' || self.c.get(i..end).is_some_and(|s| s.contains(&')'));
            Span {
                start: if own_bracket { i } else { i + 1 },
                end,
                placeholder: Placeholder::Phone,
            }
        })
    }

    /// `1234 AB` (letters in capitals when spaced) or `1234AB`.
    fn postcode(&self, i: usize) -> Option<Span> {
        if !self.starts_word(i) {
            return None;
        }
        let digits = self.c.get(i..i + 4)?;
        if !digits.iter().all(char::is_ascii_digit) || digits[0] == '0' {
            return None;
        }
        let spaced = self.at(i + 4) == Some(' ');
        let l = if spaced { i + 5 } else { i + 4 };
        let letters = self.c.get(l..l + 2)?;
        let letters_ok = letters.iter().all(char::is_ascii_lowercase)
            && (!spaced
                || self
                    .upper
                    .get(l..l + 2)
                    .is_some_and(|u| u.iter().all(|x| *x)));
        (letters_ok && self.ends_word(l + 2)).then_some(Span {
            start: i,
            end: l + 2,
            placeholder: Placeholder::Postcode,
        })
    }

    /// An IBAN, grouped by four or not, that passes the mod-97 check.
    fn iban(&self, i: usize) -> Option<Span> {
        if !self.starts_word(i) {
            return None;
        }
        let head = self.c.get(i..i + 4)?;
        if !(head[0].is_ascii_lowercase()
            && head[1].is_ascii_lowercase()
            && head[2].is_ascii_digit()
            && head[3].is_ascii_digit())
        {
            return None;
        }
        let mut chars: Vec<char> = Vec::with_capacity(34);
        let mut j = i;
        let mut best = None;
        while chars.len() < 34 {
            match self.at(j) {
                Some(c) if c.is_ascii_alphanumeric() => {
                    chars.push(c);
                    j += 1;
                    if self.ends_word(j) && chars.len() >= 15 && iban_checksum_ok(&chars) {
                        best = Some(j);
                    }
                }
                Some(' ')
                    if self.at(j + 1).is_some_and(|c| c.is_ascii_alphanumeric())
                        && chars.len().is_multiple_of(4) =>
                {
                    j += 1
                }
                _ => break,
            }
        }
        best.map(|end| Span {
            start: i,
            end,
            placeholder: Placeholder::Iban,
        })
    }

    /// Nine digits (`123456782`, `1234.56.782`, `123 456 782`) that pass the eleven-test.
    fn bsn(&self, i: usize) -> Option<Span> {
        if !self.starts_word(i) {
            return None;
        }
        let mut digits = Vec::with_capacity(9);
        let mut j = i;
        while digits.len() < 9 {
            match self.at(j) {
                Some(c) if c.is_ascii_digit() => {
                    digits.push(c.to_digit(10).unwrap_or(0));
                    j += 1;
                }
                Some('.' | ' ')
                    if !digits.is_empty() && self.at(j + 1).is_some_and(|c| c.is_ascii_digit()) =>
                {
                    j += 1
                }
                _ => return None,
            }
        }
        (self.ends_word(j) && eleven_test(&digits)).then_some(Span {
            start: i,
            end: j,
            placeholder: Placeholder::Bsn,
        })
    }

    /// A word ending like a street name followed by a house number ("Kerkstraat 12a").
    fn street(&self, i: usize) -> Option<Span> {
        if !self.starts_word(i) || !self.at(i)?.is_alphabetic() {
            return None;
        }
        let end = self.word_end(i);
        let word = self.word(i, end);
        let street = STREET_ENDINGS
            .iter()
            .any(|s| word.len() > s.len() + 1 && word.ends_with(s));
        if !street || self.at(end) != Some(' ') || !self.at(end + 1)?.is_ascii_digit() {
            return None;
        }
        let mut j = end + 1;
        let mut digits = 0;
        while self.at(j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
            digits += 1;
        }
        if digits > 5 {
            return None;
        }
        // An addition: "12a", "12-2", "12 A" (capital), "12-II".
        let mut k = j;
        if matches!(self.at(k), Some('-')) {
            k += 1;
        }
        let addition_start = k;
        while k < addition_start + 3 && self.is_word_char(k) {
            k += 1;
        }
        if k > addition_start && self.ends_word(k) {
            j = k;
        }
        self.ends_word(j).then_some(Span {
            start: i,
            end: j,
            placeholder: Placeholder::Address,
        })
    }
}

/// The IBAN check: move the first four characters to the end, letters to numbers, mod 97 = 1.
fn iban_checksum_ok(chars: &[char]) -> bool {
    let rearranged = chars.iter().skip(4).chain(chars.iter().take(4));
    let mut remainder: u32 = 0;
    for c in rearranged {
        let Some(value) = c.to_digit(36) else {
            return false;
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// The BSN eleven-test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, and not zero.
fn eleven_test(digits: &[u32]) -> bool {
    if digits.len() != 9 || digits.iter().all(|d| *d == 0) {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(d, w)| i64::from(*d) * w)
        .sum();
    sum % 11 == 0
}

#[cfg(test)]
mod tests;
