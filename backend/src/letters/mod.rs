//! The written promises of the procedure as letters: the acknowledgement, the request for a
//! supplement, the confirmation of what was agreed, the decision not to handle a complaint and
//! the closing letter. Rule: a letter is composed from the complaint as stored, its clocks and
//! the procedure version it rests on; once generated it is kept unchanged (PDF and hash) and
//! only marked as sent.

pub mod pdf;

use crate::config::Config;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use klachten_core::clocks::Deadlines;
use klachten_core::complaint::{Category, Complaint, DeclineGround, Status};
use klachten_core::procedure::ProcedureParameters;
use pdf::Block;
use sea_orm::{ConnectionTrait, DbErr};
use sha2::{Digest, Sha256};

/// The version of the letter texts below; stored with every letter.
pub const TEMPLATE_VERSION: &str = "2026-12-03";

/// The kinds of letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Ontvangstbevestiging.
    Acknowledgement,
    /// Verzoek tot aanvulling.
    SupplementRequest,
    /// Bevestiging gesprek en afspraken.
    ConversationConfirmation,
    /// Besluit niet in behandeling.
    DeclineDecision,
    /// Afsluitende brief.
    Closing,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Acknowledgement,
        Self::SupplementRequest,
        Self::ConversationConfirmation,
        Self::DeclineDecision,
        Self::Closing,
    ];

    /// The stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Acknowledgement => "ACKNOWLEDGEMENT",
            Self::SupplementRequest => "SUPPLEMENT_REQUEST",
            Self::ConversationConfirmation => "CONVERSATION_CONFIRMATION",
            Self::DeclineDecision => "DECLINE_DECISION",
            Self::Closing => "CLOSING",
        }
    }

    /// The kind for a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Its Dutch title.
    pub const fn title(self) -> &'static str {
        match self {
            Self::Acknowledgement => "Ontvangstbevestiging",
            Self::SupplementRequest => "Verzoek tot aanvulling",
            Self::ConversationConfirmation => "Bevestiging gesprek en afspraken",
            Self::DeclineDecision => "Besluit: klacht niet in behandeling",
            Self::Closing => "Afsluiting van uw klacht",
        }
    }
}

/// Why a letter cannot be made now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    /// The complaint is not in a state this letter belongs to.
    #[error("this letter belongs to a complaint that {0}")]
    NotNow(&'static str),
    /// A request for a supplement says what is missing.
    #[error("say what is missing from the complaint")]
    NoteRequired,
}

/// What a letter is composed from.
pub struct Facts<'a> {
    /// The complaint as stored.
    pub complaint: &'a Complaint,
    /// Its clocks today.
    pub deadlines: &'a Deadlines,
    /// Its procedure version's periods.
    pub parameters: &'a ProcedureParameters,
    /// That version's label, e.g. "1 juni 2022".
    pub procedure_label: &'a str,
    /// The latest conversation: when, and what was agreed.
    pub conversation: Option<(NaiveDate, String)>,
    /// Today.
    pub today: NaiveDate,
    /// For a request for a supplement: what is missing.
    pub note: Option<&'a str>,
}

const DAYS: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// A date in Dutch words: "maandag 18 mei 2026".
pub fn in_words(date: NaiveDate) -> String {
    let day = DAYS[date.weekday().num_days_from_monday() as usize % 7];
    let month = crate::dutch::MONTHS[date.month0() as usize % 12];
    format!("{day} {} {month} {}", date.day(), date.year())
}

/// A ground in plain Dutch, as the decision explains it.
const fn ground_text(ground: DeclineGround) -> &'static str {
    match ground {
        DeclineGround::ConductOverOneYearAgo => {
            "de gedraging waarover u klaagt heeft meer dan een jaar voor het indienen van uw klacht plaatsgevonden"
        }
        DeclineGround::SameComplaintAlreadyFiled => {
            "u heeft eerder een klacht over dezelfde gedraging ingediend, die volgens deze klachtenregeling is behandeld"
        }
        DeclineGround::IncompleteNotSupplemented => {
            "uw klacht was niet volledig en de ontbrekende gegevens zijn niet binnen de gestelde termijn aangevuld"
        }
        DeclineGround::Anonymous => "de klacht is zonder naam en adres ingediend",
    }
}

const CIVIL_COURT: &str = "Bent u het niet eens met de afhandeling van uw klacht, dan kunt u \
     zich wenden tot de burgerlijke rechter.";

const PRIVACY_REMEDY: &str = "Omdat uw klacht gaat over de verwerking van uw persoonsgegevens, \
     kunt u ook een klacht indienen bij de Autoriteit Persoonsgegevens \
     (www.autoriteitpersoonsgegevens.nl) of naar de rechter stappen.";

/// Composes `kind` for `facts`, or says why it does not fit the complaint now.
pub fn compose(kind: Kind, facts: &Facts<'_>, config: &Config) -> Result<Vec<Block>, LetterError> {
    let c = facts.complaint;
    let d = facts.deadlines;
    let p = facts.parameters;
    let reference = c.reference.to_string();
    let privacy = c.category == Category::PersonalData;
    let body: Vec<String> = match kind {
        Kind::Acknowledgement => {
            if c.acknowledged_on.is_none() {
                return Err(LetterError::NotNow("has been acknowledged"));
            }
            let mut text = vec![
                format!(
                    "Op {} hebben wij uw klacht ontvangen. Wij hebben haar geregistreerd onder \
                     kenmerk {reference}; wilt u dat kenmerk noemen als u ons schrijft?",
                    in_words(c.received_on)
                ),
                format!(
                    "Uw klacht wordt behandeld door onze onafhankelijke klachtenbehandelaar. Die \
                     neemt binnen {} werkdagen na ontvangst contact met u op, dus uiterlijk {}.",
                    p.first_contact.get(),
                    in_words(d.first_contact.due_on)
                ),
                format!(
                    "Wij streven ernaar uw klacht binnen {} werkdagen na ontvangst af te handelen, \
                     dus uiterlijk {}.",
                    p.resolution.get(),
                    in_words(d.resolution.due_on)
                ),
            ];
            if let Some(privacy_due) = &d.privacy_resolution {
                text.push(format!(
                    "Uw klacht gaat over de verwerking van persoonsgegevens. Wij vragen daarover \
                     advies aan onze Functionaris Gegevensbescherming en handelen uw klacht \
                     uiterlijk {} af.",
                    in_words(privacy_due.due_on)
                ));
            }
            text
        }
        Kind::SupplementRequest => {
            let waiting = c
                .open_suspension()
                .ok_or(LetterError::NotNow("waits for a supplement"))?;
            let note = facts
                .note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .ok_or(LetterError::NoteRequired)?;
            vec![
                "Wij hebben uw klacht ontvangen, maar zij is nog niet volledig.".to_owned(),
                format!("Wij missen nog: {note}"),
                format!(
                    "Wilt u de ontbrekende gegevens uiterlijk {} aan ons sturen, onder vermelding \
                     van kenmerk {reference}? Zolang wij op uw aanvulling wachten, staat de \
                     termijn voor de afhandeling stil.",
                    in_words(waiting.due_on)
                ),
                "Ontvangen wij de aanvulling niet op tijd, dan kunnen wij besluiten uw klacht \
                 niet in behandeling te nemen."
                    .to_owned(),
            ]
        }
        Kind::ConversationConfirmation => {
            let (held_on, agreements) = facts
                .conversation
                .clone()
                .ok_or(LetterError::NotNow("was discussed with the complainant"))?;
            vec![
                format!(
                    "Op {} hebben wij uw klacht met u besproken. Zoals toegezegd bevestigen wij \
                     hierbij schriftelijk wat wij met u hebben afgesproken:",
                    in_words(held_on)
                ),
                agreements,
                "Klopt dit niet met uw herinnering van het gesprek, laat het ons dan binnen \
                 vijf werkdagen weten."
                    .to_owned(),
            ]
        }
        Kind::DeclineDecision => {
            let ground = c
                .decline_ground
                .filter(|_| c.status == Status::Declined)
                .ok_or(LetterError::NotNow("was declined"))?;
            vec![
                format!(
                    "Wij hebben besloten uw klacht met kenmerk {reference} niet in behandeling te \
                     nemen, omdat {}.",
                    ground_text(ground)
                ),
                format!(
                    "Dit besluit berust op de klachtenregeling van {}.",
                    facts.procedure_label
                ),
                CIVIL_COURT.to_owned(),
            ]
        }
        Kind::Closing => {
            if c.status != Status::Resolved {
                return Err(LetterError::NotNow("was resolved"));
            }
            let mut text = vec![format!(
                "Hierbij sluiten wij de behandeling van uw klacht met kenmerk {reference} af."
            )];
            if let Some(outcome) = c.outcome.expose() {
                text.push(format!("De uitkomst: {outcome}"));
            }
            text.push(
                "Wij danken u voor uw klacht: zij helpt ons onze dienstverlening te verbeteren."
                    .to_owned(),
            );
            text.push(CIVIL_COURT.to_owned());
            if privacy {
                text.push(PRIVACY_REMEDY.to_owned());
            }
            text
        }
    };
    let complainant = &c.complainant;
    let mut address: Vec<String> = Vec::new();
    if let Some(name) = complainant.name.expose() {
        address.push(name.clone());
    }
    if let Some(street) = complainant.address.expose() {
        // An address typed on one line with commas, or on several lines.
        address.extend(
            street
                .split([',', '\n'])
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(str::to_owned),
        );
    }
    let salutation = complainant.name.expose().as_ref().map_or_else(
        || "Geachte heer, mevrouw,".to_owned(),
        |n| format!("Geachte {n},"),
    );
    let mut blocks = vec![
        Block::Heading(config.firm_name.clone()),
        Block::Lines(
            [config.firm_address.clone(), config.firm_contact.clone()]
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect(),
        ),
    ];
    if !address.is_empty() {
        blocks.push(Block::Lines(address));
    }
    blocks.push(Block::Lines(vec![
        format!("Datum: {}", in_words(facts.today)),
        format!("Kenmerk: {reference}"),
        format!("Betreft: {}", kind.title().to_lowercase()),
    ]));
    blocks.push(Block::Heading(kind.title().to_owned()));
    blocks.push(Block::Paragraph(salutation));
    blocks.extend(body.into_iter().map(Block::Paragraph));
    blocks.push(Block::Paragraph(format!(
        "Met vriendelijke groet,\n\n{}",
        config.firm_name
    )));
    blocks.push(Block::Lines(vec![format!(
        "Deze brief berust op de klachtenregeling van {} (briefversie {TEMPLATE_VERSION}).",
        facts.procedure_label
    )]));
    Ok(blocks)
}

pub use crate::db::letters::Meta;

/// Generates and stores `kind` (inside the caller's transaction); returns the stored letter.
pub async fn generate(
    db: &impl ConnectionTrait,
    config: &Config,
    kind: Kind,
    facts: &Facts<'_>,
    by: &str,
    now: DateTime<Utc>,
) -> Result<Result<Meta, LetterError>, DbErr> {
    let blocks = match compose(kind, facts, config) {
        Ok(blocks) => blocks,
        Err(e) => return Ok(Err(e)),
    };
    let title = format!("{} {}", kind.title(), facts.complaint.reference);
    let pdf = pdf::render(&title, &blocks, now)?;
    let hash = hex::encode(Sha256::digest(&pdf));
    let meta = Meta {
        id: crate::db::next(),
        complaint_id: facts.complaint.id,
        kind: kind.code().to_owned(),
        template_version: TEMPLATE_VERSION.to_owned(),
        procedure_label: facts.procedure_label.to_owned(),
        content_hash: hash,
        generated_at: now,
        generated_by: by.to_owned(),
        sent_on: None,
        sent_via: None,
    };
    Ok(Ok(crate::db::letters::insert(db, meta, pdf).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_dutch_words() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap_or_default();
        assert_eq!(in_words(d("2026-05-18")), "maandag 18 mei 2026");
        assert_eq!(in_words(d("2026-11-29")), "zondag 29 november 2026");
    }

    #[test]
    fn every_kind_has_a_stable_code() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
    }
}
