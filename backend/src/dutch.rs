//! The domain's words in Dutch, for what the server writes itself: agendas, exports and the
//! annual report.

use chrono::{Datelike, NaiveDate};
use klachten_core::complaint::{Category, Channel, DeclineGround, Status};
use klachten_core::measures::{MeasureKind, MeasureStatus};
use klachten_core::meetings::MeetingKind;
use klachten_core::policy::ClockOutcome;

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "maart 2026" for a `YYYY-MM` month, or the text itself when it is not one.
pub fn month(year_month: &str) -> String {
    let mut parts = year_month.split('-');
    match (
        parts.next(),
        parts.next().and_then(|m| m.parse::<usize>().ok()),
    ) {
        (Some(year), Some(m)) if (1..=12).contains(&m) => format!("{} {year}", MONTHS[m - 1]),
        _ => year_month.to_owned(),
    }
}

/// `dd-mm-jjjj`.
pub fn date(date: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", date.day(), date.month(), date.year())
}

/// Kanaal.
pub const fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Letter => "brief",
        Channel::Email => "e-mail",
        Channel::Phone => "telefoon",
        Channel::InPerson => "persoonlijk",
        Channel::WebForm => "webformulier",
    }
}

/// Categorie.
pub const fn category(c: Category) -> &'static str {
    match c {
        Category::Service => "dienstverlening",
        Category::Employee => "medewerker",
        Category::ThirdParty => "derde",
        Category::PersonalData => "persoonsgegevens",
    }
}

/// Status.
pub const fn status(s: Status) -> &'static str {
    match s {
        Status::Received => "ontvangen",
        Status::Acknowledged => "ontvangst bevestigd",
        Status::InTreatment => "in behandeling",
        Status::Discussed => "besproken",
        Status::AwaitingSupplement => "wacht op aanvulling",
        Status::Resolved => "afgehandeld",
        Status::Declined => "niet in behandeling genomen",
        Status::Withdrawn => "ingetrokken",
        Status::Purged => "geschoond",
    }
}

/// Grond van niet-behandeling, kort.
pub const fn ground(g: DeclineGround) -> &'static str {
    match g {
        DeclineGround::ConductOverOneYearAgo => "gedraging meer dan een jaar geleden",
        DeclineGround::SameComplaintAlreadyFiled => "dezelfde klacht al eerder ingediend",
        DeclineGround::IncompleteNotSupplemented => "niet aangevuld",
        DeclineGround::Anonymous => "anoniem",
    }
}

/// Termijnuitkomst.
pub const fn outcome(o: ClockOutcome) -> &'static str {
    match o {
        ClockOutcome::Pending => "loopt",
        ClockOutcome::Met => "op tijd",
        ClockOutcome::Late => "te laat",
        ClockOutcome::NotApplicable => "n.v.t.",
    }
}

/// Maatregel of verbetervoorstel.
pub const fn measure_kind(k: MeasureKind) -> &'static str {
    match k {
        MeasureKind::Measure => "maatregel",
        MeasureKind::ImprovementProposal => "verbetervoorstel",
    }
}

/// Status van een maatregel.
pub const fn measure_status(s: MeasureStatus) -> &'static str {
    match s {
        MeasureStatus::Proposed => "voorgesteld",
        MeasureStatus::Agreed => "afgesproken",
        MeasureStatus::InProgress => "in uitvoering",
        MeasureStatus::Done => "gereed",
        MeasureStatus::Dropped => "vervallen",
    }
}

/// Soort overleg.
pub const fn meeting_kind(k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::DirectorsMeeting => "directieoverleg",
        MeetingKind::OtherConsultation => "overleg",
    }
}

/// With a capital first letter.
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_dates_read_in_dutch() {
        assert_eq!(month("2026-03"), "maart 2026");
        assert_eq!(month("2026-13"), "2026-13");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap()),
            "04-05-2026"
        );
        assert_eq!(capital("één"), "Één");
    }
}
