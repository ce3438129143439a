//! Decline suggestions. Rule: the system only suggests a ground ("Van behandeling van een klacht
//! kan worden afgezien"); a person decides.

use crate::calendar::add_calendar_months;
use crate::complaint::{Complainant, Complaint, DeclineGround};
use crate::fold::fold_words;
use crate::ids::Reference;
use crate::procedure::ProcedureParameters;
use std::collections::BTreeSet;

/// A ground the facts point to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclineSuggestion {
    /// The conduct is dated more than the procedure's limit (one year) before receipt.
    ConductOverOneYearAgo,
    /// No name and no contact data at all.
    Anonymous,
    /// An earlier complaint by the same complainant with similar facts.
    SameComplaintAlreadyFiled {
        /// The earlier complaint.
        earlier: Reference,
    },
}

impl DeclineSuggestion {
    /// The ground it suggests.
    pub const fn ground(&self) -> DeclineGround {
        match self {
            Self::ConductOverOneYearAgo => DeclineGround::ConductOverOneYearAgo,
            Self::Anonymous => DeclineGround::Anonymous,
            Self::SameComplaintAlreadyFiled { .. } => DeclineGround::SameComplaintAlreadyFiled,
        }
    }
}

/// The grounds the facts of `candidate` point to, given the complaints received before it.
pub fn suggest_decline(
    candidate: &Complaint,
    earlier: &[Complaint],
    parameters: &ProcedureParameters,
) -> Vec<DeclineSuggestion> {
    let mut suggestions = Vec::new();
    // klachtenregeling: "meer dan één jaar is verstreken nadat het handelen ... heeft plaatsgevonden".
    if candidate.conduct_on.expose().is_some_and(|c| {
        add_calendar_months(c, parameters.decline_conduct_after.get()) < candidate.received_on
    }) {
        suggestions.push(DeclineSuggestion::ConductOverOneYearAgo);
    }
    // klachtenregeling: "Anonieme klachten hoeven niet in behandeling te worden genomen."
    if candidate.complainant.is_anonymous() {
        suggestions.push(DeclineSuggestion::Anonymous);
    }
    // klachtenregeling: "al eerder dezelfde klacht is ingediend geweest door dezelfde klager".
    let words = significant_words(candidate.facts.expose());
    for previous in earlier {
        if previous.id != candidate.id
            && previous.received_on <= candidate.received_on
            && same_complainant(&candidate.complainant, &previous.complainant)
            && similar(&words, &significant_words(previous.facts.expose()))
        {
            suggestions.push(DeclineSuggestion::SameComplaintAlreadyFiled {
                earlier: previous.reference,
            });
        }
    }
    suggestions
}

/// Same e-mail address, same phone number however written, or the same name after folding.
pub fn same_complainant(a: &Complainant, b: &Complainant) -> bool {
    let email = |c: &Complainant| c.email.expose().as_ref().map(|e| e.comparable());
    let phone = |c: &Complainant| c.phone.expose().as_ref().map(|p| p.comparable().to_owned());
    let name = |c: &Complainant| {
        c.name
            .expose()
            .as_deref()
            .map(fold_words)
            .filter(|n| !n.is_empty())
    };
    let same = |x: Option<String>, y: Option<String>| x.is_some() && x == y;
    same(email(a), email(b)) || same(phone(a), phone(b)) || same(name(a), name(b))
}

/// Words that carry meaning: four letters or more, not a common Dutch function word.
fn significant_words(text: &str) -> BTreeSet<String> {
    const COMMON: &[&str] = &[
        "deze", "dit", "dat", "die", "niet", "maar", "voor", "over", "naar", "heeft", "hebben",
        "werd", "worden", "wordt", "zijn", "was", "waren", "ook", "nog", "zich", "door", "bij",
        "met", "omdat", "want", "toen", "dan", "als", "mijn", "mij", "haar", "hun", "wij", "zij",
        "klacht", "graag", "ben", "had", "kan", "geen", "meer", "veel", "heel", "alle", "wel",
    ];
    fold_words(text)
        .split(' ')
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(w))
        .map(str::to_owned)
        .collect()
}

/// Similar facts: at least three shared significant words, making up at least half of the
/// shorter text's significant words.
fn similar(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let shorter = a.len().min(b.len());
    shared >= 3 && shared * 2 >= shorter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{complaint, d};
    use crate::ids::{ComplaintId, EmailAddress, PhoneNumber};
    use crate::sensitive::Sensitive;

    fn params() -> ProcedureParameters {
        ProcedureParameters::original()
    }

    /// klachtenregeling: "meer dan één jaar". Each row: conduct date, receipt date, suggested.
    #[test]
    fn conduct_more_than_a_year_before_receipt_is_suggested() {
        let rows = [
            ("2025-03-10", "2026-03-10", false), // exactly one year: not more
            ("2025-03-10", "2026-03-11", true),
            ("2024-02-29", "2025-02-28", false),
            ("2024-02-29", "2025-03-01", true),
            ("2026-01-01", "2026-03-10", false),
        ];
        for (conduct, received, suggested) in rows {
            let mut c = complaint(received);
            c.conduct_on = Sensitive::new(Some(d(conduct)));
            let found = suggest_decline(&c, &[], &params())
                .contains(&DeclineSuggestion::ConductOverOneYearAgo);
            assert_eq!(found, suggested, "conduct {conduct}, received {received}");
        }
        let mut unknown = complaint("2026-03-10");
        unknown.conduct_on = Sensitive::new(None);
        assert!(suggest_decline(&unknown, &[], &params()).is_empty());
    }

    #[test]
    fn a_complaint_without_name_or_contact_data_is_suggested_as_anonymous() {
        let mut c = complaint("2026-03-10");
        c.complainant = Complainant::default();
        assert_eq!(
            suggest_decline(&c, &[], &params()),
            vec![DeclineSuggestion::Anonymous]
        );
        c.complainant.phone = Sensitive::new(Some(PhoneNumber::parse("06-12345678").unwrap()));
        assert!(suggest_decline(&c, &[], &params()).is_empty());
        c.complainant = Complainant {
            name: Sensitive::new(Some("  ".into())),
            ..Complainant::default()
        };
        assert_eq!(
            suggest_decline(&c, &[], &params()),
            vec![DeclineSuggestion::Anonymous]
        );
    }

    #[test]
    fn an_earlier_similar_complaint_by_the_same_complainant_is_suggested_with_its_reference() {
        let mut earlier = complaint("2026-01-10");
        earlier.id = ComplaintId(1);
        earlier.reference = Reference::new(2026, 3).unwrap();
        earlier.facts = Sensitive::new(
            "De adviseur kwam de afspraak over het re-integratietraject twee keer niet na.".into(),
        );
        let mut now = complaint("2026-03-10");
        now.facts = Sensitive::new(
            "Weer kwam de adviseur de afspraak niet na; het re-integratietraject ligt stil.".into(),
        );

        // Same e-mail address written differently.
        now.complainant.name = Sensitive::new(Some("W. Kanarie".into()));
        now.complainant.phone = Sensitive::new(None);
        now.complainant.email = Sensitive::new(Some(
            EmailAddress::parse("Wietske.Kanarie@VOORBEELD.nl").unwrap(),
        ));
        let expected = vec![DeclineSuggestion::SameComplaintAlreadyFiled {
            earlier: earlier.reference,
        }];
        assert_eq!(
            suggest_decline(&now, std::slice::from_ref(&earlier), &params()),
            expected
        );
        assert_eq!(
            expected[0].ground(),
            DeclineGround::SameComplaintAlreadyFiled
        );

        // Same phone number in another form.
        now.complainant.email = Sensitive::new(None);
        now.complainant.phone =
            Sensitive::new(Some(PhoneNumber::parse("+31 6 1234 5678").unwrap()));
        assert_eq!(
            suggest_decline(&now, std::slice::from_ref(&earlier), &params()),
            expected
        );

        // Same name with other case and diacritics.
        now.complainant.phone = Sensitive::new(None);
        now.complainant.name = Sensitive::new(Some("WIETSKE KANARIË".into()));
        assert_eq!(
            suggest_decline(&now, std::slice::from_ref(&earlier), &params()),
            expected
        );

        // Another complainant: nothing.
        now.complainant.name = Sensitive::new(Some("Piet Puk".into()));
        assert!(suggest_decline(&now, std::slice::from_ref(&earlier), &params()).is_empty());

        // Same complainant, different facts: nothing.
        now.complainant.name = Sensitive::new(Some("Wietske Kanarie".into()));
        now.facts =
            Sensitive::new("De factuur van maart bevat een verkeerd bedrag voor de cursus.".into());
        assert!(suggest_decline(&now, std::slice::from_ref(&earlier), &params()).is_empty());

        // A later complaint is not "earlier", and a complaint is not its own duplicate.
        let mut later = earlier.clone();
        later.received_on = d("2026-04-01");
        assert!(suggest_decline(&now, &[later, now.clone()], &params()).is_empty());
    }
}
