use super::*;
use crate::fold::fold;
use proptest::prelude::*;

fn context() -> RedactionContext {
    let mut c = RedactionContext::new();
    c.add_name("Wietske Kanarie", Placeholder::Complainant);
    c.add_name("Zoë van der Vinkenslag", Placeholder::Employee);
    c.add_name("Jan-Willem Jansen", Placeholder::Employee);
    c.add_address("Vogelkooistraat 12, 5232 AG 's-Hertogenbosch");
    c
}

/// Each row: input, redacted output.
#[test]
fn fixed_cases_of_names_and_identifiers() {
    let rows = [
        ("Wietske Kanarie belde.", "[klager] belde."),
        ("WIETSKE KANARIE belde.", "[klager] belde."),
        ("Mevrouw Kanarie belde", "Mevrouw [klager] belde"),
        ("wietske belde", "[klager] belde"),
        ("Kanaries auto", "[klager] auto"),
        ("Wietske's dossier", "[klager] dossier"),
        ("Zoe van der Vinkenslag", "[medewerker]"),
        ("ZOË zei", "[medewerker] zei"),
        ("de heer Van der Vinkenslag", "de heer [medewerker]"),
        ("Vinkenslags reactie", "[medewerker] reactie"),
        ("Jan-Willem zei", "[medewerker] zei"),
        ("Jansen’s collega", "[medewerker] collega"),
        ("Jan en Willem", "[medewerker] en [medewerker]"),
        ("mail wietske.kanarie@voorbeeld.nl of", "mail [e-mail] of"),
        ("(Info@PerspectiefPlus.nl).", "([e-mail])."),
        ("bel 06-12345678.", "bel [telefoon]."),
        (
            "bel 0612345678 of 06 1234 5678",
            "bel [telefoon] of [telefoon]",
        ),
        (
            "bel +31 6 1234 5678 of +31612345678",
            "bel [telefoon] of [telefoon]",
        ),
        (
            "bel 020-123 4567 of (020) 123 45 67",
            "bel [telefoon] of [telefoon]",
        ),
        (
            "bel 06 – 36 28 43 38 of 0031 6 12345678",
            "bel [telefoon] of [telefoon]",
        ),
        ("+31 (0)6 12345678", "[telefoon]"),
        (
            "postcode 5232 AG en 5232ag",
            "postcode [postcode] en [postcode]",
        ),
        ("woont op Vogelkooistraat 12", "woont op [adres]"),
        ("woont aan de vogelkooistraat", "woont aan de [adres]"),
        ("Bruistensingel 400 te Den Bosch", "[adres] te Den Bosch"),
        ("Kerkstraat 12a, Dorpsweg 3-II", "[adres], [adres]"),
        (
            "IBAN NL91 ABNA 0417 1643 00 en NL91ABNA0417164300",
            "IBAN [iban] en [iban]",
        ),
        ("BSN 111222333 en 1112.22.333", "BSN [bsn] en [bsn]"),
    ];
    let context = context();
    for (input, expected) in rows {
        assert_eq!(redact(input, &context), expected, "{input}");
    }
}

#[test]
fn ordinary_text_is_left_alone() {
    let rows = [
        "In 2025 en 2026 is de klacht besproken op 12 maart.",
        "Het gesprek duurde 45 minuten; 3 afspraken gemaakt.",
        "Klachtnummer KL-2026-0042 is afgehandeld binnen 30 werkdagen.",
        "De weg naar huis 3 keer gebeld.",
        "Bedrag 123456789 euro", // fails the eleven-test
        "Nummer 1234 ab",        // a spaced postcode is written in capitals
        "NL91 ABNA 1417 1643 01 is geen geldig rekeningnummer",
        "Jansenkade is een straatnaam zonder nummer",
    ];
    let context = context();
    for input in rows {
        assert_eq!(redact(input, &context), input);
    }
}

#[test]
fn the_eleven_test_and_the_iban_check_are_right() {
    assert!(eleven_test(&[1, 1, 1, 2, 2, 2, 3, 3, 3]));
    assert!(!eleven_test(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert!(!eleven_test(&[0; 9]));
    assert!(iban_checksum_ok(
        &"nl91abna0417164300".chars().collect::<Vec<_>>()
    ));
    assert!(iban_checksum_ok(
        &"de89370400440532013000".chars().collect::<Vec<_>>()
    ));
    assert!(!iban_checksum_ok(
        &"nl91abna0417164301".chars().collect::<Vec<_>>()
    ));
}

#[test]
fn placeholders_are_stable() {
    let all = [
        Placeholder::Complainant,
        Placeholder::Employee,
        Placeholder::Email,
        Placeholder::Phone,
        Placeholder::Address,
        Placeholder::Postcode,
        Placeholder::Iban,
        Placeholder::Bsn,
    ];
    let texts: Vec<_> = all.iter().map(|p| p.text()).collect();
    assert_eq!(
        texts,
        [
            "[klager]",
            "[medewerker]",
            "[e-mail]",
            "[telefoon]",
            "[adres]",
            "[postcode]",
            "[iban]",
            "[bsn]"
        ]
    );
}

#[test]
fn a_complaint_context_covers_complainant_concerned_address_and_staff() {
    let complaint = crate::fixtures::complaint("2026-04-24");
    let context = RedactionContext::for_complaint(&complaint, &["Bram Boekhouder".to_owned()]);
    let out = redact(
        "Wietske Kanarie (Vogelkooistraat 12) klaagt over Zoë Vinkenslag; Bram keek mee.",
        &context,
    );
    assert_eq!(
        out,
        "[klager] ([adres]) klaagt over [medewerker]; [medewerker] keek mee."
    );
}

const FILLER: &[&str] = &[
    "de",
    "klacht",
    "over",
    "het",
    "gesprek",
    "was",
    "niet",
    "goed",
    "verlopen",
    "volgens",
    "zij",
    "heeft",
    "gebeld",
    "met",
    "adviseur",
    "en",
    "wil",
    "excuses",
    "omdat",
    "afspraak",
    "vergeten",
    "werd",
    "brief",
    "ontvangen",
    "maar",
    "geen",
    "reactie",
    "op",
    "mail",
    "traject",
];

const FIRST_NAMES: &[&str] = &[
    "Wietske", "Zoë", "Sören", "Anouk", "Bram", "Mehmet", "Fleur", "Joris", "Ilse", "Daan",
];
const LAST_NAMES: &[&str] = &[
    "Kanarie",
    "Vinkenslag",
    "Müller",
    "de Vries",
    "van der Meulen",
    "Öztürk",
    "Bakker",
    "Jansen",
    "Visser",
    "ten Brink",
];

fn variants(first: &str, last: &str) -> Vec<String> {
    let surname = last.rsplit(' ').next().unwrap_or(last);
    vec![
        format!("{first} {last}"),
        format!("{first} {last}").to_uppercase(),
        format!("{first} {last}").to_lowercase(),
        first.to_owned(),
        surname.to_owned(),
        format!("{surname}s"),
        format!("{first}'s"),
        format!("{first}’s"),
        fold(first),
        fold(&format!("{first} {last}")),
        last.to_owned(),
    ]
}

fn phone_forms(n: u32) -> Vec<String> {
    let s = format!("{n:08}");
    vec![
        format!("06-{s}"),
        format!("06{s}"),
        format!("06 {} {}", &s[..4], &s[4..]),
        format!("+31 6 {} {}", &s[..4], &s[4..]),
        format!("+316{s}"),
        format!("0031 6 {s}"),
        format!("020-{} {}", &s[1..4], &s[4..]),
        format!("(010) {} {} {}", &s[1..4], &s[4..6], &s[6..]),
    ]
}

fn bsn_from(seed: u32) -> String {
    // Find a nine-digit number passing the eleven-test near the seed.
    let mut n = 100_000_000 + seed % 800_000_000;
    loop {
        let digits: Vec<u32> = format!("{n:09}")
            .chars()
            .map(|c| c.to_digit(10).unwrap())
            .collect();
        if eleven_test(&digits) {
            return format!("{n:09}");
        }
        n += 1;
    }
}

fn iban_from(seed: u64) -> String {
    let account = format!("{:010}", seed % 10_000_000_000);
    for check in 2..=98 {
        let iban = format!("NL{check:02}ABNA{account}");
        if iban_checksum_ok(&iban.to_lowercase().chars().collect::<Vec<_>>()) {
            return iban;
        }
    }
    unreachable!("one check digit pair always fits")
}

fn survives(output: &str, identifier: &str) -> bool {
    let out = fold_words(output);
    let id = fold_words(identifier);
    format!(" {out} ").contains(&format!(" {id} "))
}

fn digits_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Planted names in any of their forms never survive redaction.
    #[test]
    fn planted_names_never_survive(
        first in 0..FIRST_NAMES.len(),
        last in 0..LAST_NAMES.len(),
        variant in 0_usize..11,
        words in prop::collection::vec(0..FILLER.len(), 0..30),
        at in 0_usize..30,
        punctuation in prop::sample::select(vec![" ", ", ", ". ", " (", ") ", ": ", "\n", " \"", "; "]),
    ) {
        let (first, last) = (FIRST_NAMES[first], LAST_NAMES[last]);
        let planted = &variants(first, last)[variant];
        let mut text: Vec<String> = words.iter().map(|w| FILLER[*w].to_owned()).collect();
        text.insert(at.min(text.len()), format!("{punctuation}{planted}{punctuation}"));
        let text = text.join(" ");
        let mut context = RedactionContext::new();
        context.add_name(&format!("{first} {last}"), Placeholder::Complainant);
        let out = redact(&text, &context);
        let surname = last.rsplit(' ').next().unwrap_or(last);
        prop_assert!(!survives(&out, first), "{} -> {}", text, out);
        prop_assert!(!survives(&out, surname), "{} -> {}", text, out);
    }

    /// Planted e-mail addresses, phone numbers, postcodes, IBANs and BSNs never survive.
    #[test]
    fn planted_identifiers_never_survive(
        kind in 0_usize..5,
        n in 0_u32..100_000_000,
        variant in 0_usize..8,
        words in prop::collection::vec(0..FILLER.len(), 0..30),
        at in 0_usize..30,
        punctuation in prop::sample::select(vec![" ", ", ", ". ", " (", ") ", ": ", "\n", "; "]),
    ) {
        let planted = match kind {
            0 => format!("{}.{}@voorbeeld{}.nl", FILLER[n as usize % FILLER.len()], n, n % 7),
            1 => phone_forms(n)[variant].clone(),
            2 => format!("{}{}{}", 1000 + n % 9000, if variant % 2 == 0 { " " } else { "" }, ["AB", "ZZ", "KL", "XY"][variant % 4]),
            3 => {
                let iban = iban_from(u64::from(n) * 7919);
                if variant % 2 == 0 { iban } else {
                    iban.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
                }
            }
            _ => {
                let bsn = bsn_from(n);
                if variant % 2 == 0 { bsn } else { format!("{}.{}.{}", &bsn[..4], &bsn[4..6], &bsn[6..]) }
            }
        };
        let mut text: Vec<String> = words.iter().map(|w| FILLER[*w].to_owned()).collect();
        text.insert(at.min(text.len()), format!("{punctuation}{planted}{punctuation}"));
        let text = text.join(" ");
        let out = redact(&text, &RedactionContext::new());
        prop_assert!(!out.contains(&planted), "{} -> {}", text, out);
        // No digit of the identifier is left anywhere (the filler has none).
        prop_assert!(digits_only(&out).is_empty() || kind == 0, "{} -> {}", text, out);
        if kind == 0 {
            prop_assert!(!out.contains('@'), "{} -> {}", text, out);
        }
    }

    /// Redaction never panics and never grows identifiers back, whatever the input.
    #[test]
    fn redaction_of_arbitrary_text_is_total(text in "\\PC{0,200}") {
        let out = redact(&text, &context());
        prop_assert!(!survives(&out, "Kanarie"));
    }
}
