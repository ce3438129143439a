//! Meetings: an agenda as every reader sees it, and its exports. Rule: the agenda is built from
//! the anonymised view of each complaint (`policy::anonymise`), whoever asks, and every free
//! text on it (measures, proposals, decisions, minutes, the title) passes the redactor with the
//! names of every complaint on the agenda and of all staff.

use crate::db::Rules;
use crate::db::complaints as store;
use crate::db::measures::{self, StoredMeasure};
use crate::db::meetings::{self as stored, AgendaItem};
use crate::db::users;
use crate::dutch;
use crate::letters::pdf::Block;
use chrono::NaiveDate;
use klachten_core::ids::{AgendaItemId, ComplaintId, MeasureId, MeetingId};
use klachten_core::measures::{self as core_measures, MeasureKind, MeasureStatus};
use klachten_core::meetings::{MeetingKind, MeetingStatus};
use klachten_core::policy::{self, AnonymisedComplaint, ClockOutcomes};
use klachten_core::redaction::{RedactionContext, redact};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A measure or proposal as an agenda shows it.
#[derive(Debug, Clone)]
pub struct MeasureLine {
    /// Its id.
    pub id: MeasureId,
    /// Measure or proposal.
    pub kind: MeasureKind,
    /// What is to be done, redacted; `None` until its redacted form was reviewed.
    pub description: Option<String>,
    /// The month it is due, `YYYY-MM`.
    pub due_month: String,
    /// Where it stands.
    pub status: MeasureStatus,
    /// Past due and not finished.
    pub late: bool,
    /// The reference of the complaint it comes from, if any.
    pub complaint_reference: Option<String>,
}

/// A complaint as an agenda shows it.
#[derive(Debug, Clone)]
pub struct ComplaintItem {
    /// The anonymised view.
    pub view: AnonymisedComplaint,
    /// Its measures and proposals.
    pub measures: Vec<MeasureLine>,
}

impl ComplaintItem {
    /// It has no reviewed summary: the agenda cannot be published.
    pub const fn summary_missing(&self) -> bool {
        self.view.summary.is_none()
    }
}

/// What an item is about.
#[derive(Debug, Clone)]
pub enum Subject {
    /// A complaint.
    Complaint(Box<ComplaintItem>),
    /// A measure or improvement proposal.
    Measure(MeasureLine),
}

/// One agenda item.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its id.
    pub id: AgendaItemId,
    /// Its place, from 1.
    pub number: usize,
    /// What it is about.
    pub subject: Subject,
    /// The decision as its readers see it: redacted, once a director reviewed that form.
    pub decision: Option<String>,
    /// The decision redacted, reviewed or not: for the directors, who review it.
    pub decision_redacted: Option<String>,
    /// Whether a director approved the redacted decision.
    pub decision_reviewed: bool,
    /// When it was taken.
    pub decided_on: Option<NaiveDate>,
    /// The measure the decision created or moved.
    pub decision_measure: Option<MeasureLine>,
}

/// A meeting with its agenda, as every reader sees it.
#[derive(Debug, Clone)]
pub struct Agenda {
    /// Its id.
    pub id: MeetingId,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: MeetingKind,
    /// Date.
    pub held_on: NaiveDate,
    /// Draft or published.
    pub status: MeetingStatus,
    /// The minutes as their readers see them: redacted, once a director reviewed that form.
    pub minutes: Option<String>,
    /// The minutes redacted, reviewed or not: for the directors, who review them.
    pub minutes_redacted: Option<String>,
    /// Whether a director approved the redacted minutes.
    pub minutes_reviewed: bool,
    /// The items in order.
    pub items: Vec<Item>,
}

impl Agenda {
    /// The references of complaints on the agenda without a reviewed summary.
    pub fn unsummarised(&self) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|i| match &i.subject {
                Subject::Complaint(c) if c.summary_missing() => Some(c.view.reference.to_string()),
                _ => None,
            })
            .collect()
    }
}

/// What every agenda needs and is the same for all of them: the procedure and calendar
/// versions and the staff's names. Load it once per request.
pub struct Shared {
    rules: Rules,
    staff_names: Vec<String>,
}

impl Shared {
    /// Loads the rules and the staff's names.
    pub async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self {
            rules: Rules::load(db).await?,
            staff_names: users::names(db).await?,
        })
    }
}

/// Everything an agenda needs besides its own rows.
struct Sources {
    complaints: HashMap<ComplaintId, store::Stored>,
    contexts: HashMap<ComplaintId, RedactionContext>,
    staff: RedactionContext,
    measures: HashMap<MeasureId, StoredMeasure>,
    by_complaint: HashMap<ComplaintId, Vec<MeasureId>>,
}

impl Sources {
    fn context(&self, complaint_id: Option<ComplaintId>) -> &RedactionContext {
        complaint_id
            .and_then(|id| self.contexts.get(&id))
            .unwrap_or(&self.staff)
    }

    fn line(&self, row: &StoredMeasure, today: NaiveDate) -> Result<MeasureLine, DbErr> {
        let measure = &row.measure;
        Ok(MeasureLine {
            id: row.id,
            kind: measure.kind,
            description: policy::released(
                || {
                    self.redact_all(&redact(
                        &measure.description,
                        self.context(row.complaint_id),
                    ))
                },
                row.description_reviewed,
            ),
            due_month: policy::YearMonth::of(measure.due_on).to_string(),
            status: measure.status,
            late: core_measures::is_late_by_month(measure, today),
            complaint_reference: row
                .complaint_id
                .and_then(|id| self.complaints.get(&id))
                .map(|s| s.complaint.reference.to_string()),
        })
    }

    /// Redacts `text` with every complaint's names, then the staff's.
    fn redact_all(&self, text: &str) -> String {
        let once = self
            .contexts
            .values()
            .fold(text.to_owned(), |text, context| redact(&text, context));
        redact(&once, &self.staff)
    }
}

async fn sources(
    db: &impl ConnectionTrait,
    items: &[AgendaItem],
    staff_names: &[String],
) -> Result<Sources, DbErr> {
    let measure_ids: Vec<MeasureId> = items
        .iter()
        .flat_map(|i| [i.measure_id, i.decision_measure_id])
        .flatten()
        .collect();
    let mut complaint_ids: Vec<ComplaintId> = items.iter().filter_map(|i| i.complaint_id).collect();
    let rows = measures::of_complaints_and_ids(db, &complaint_ids, &measure_ids).await?;
    complaint_ids.extend(rows.iter().filter_map(|r| r.complaint_id));
    complaint_ids.sort();
    complaint_ids.dedup();
    let hydrated = store::load_many(db, &complaint_ids).await?;
    let mut contexts = HashMap::new();
    let mut complaints = HashMap::new();
    for stored in hydrated {
        let id = stored.complaint.id;
        contexts.insert(
            id,
            RedactionContext::for_complaint(&stored.complaint, staff_names),
        );
        complaints.insert(id, stored);
    }
    let mut by_complaint: HashMap<ComplaintId, Vec<MeasureId>> = HashMap::new();
    for row in &rows {
        if let Some(c) = row.complaint_id {
            by_complaint.entry(c).or_default().push(row.id);
        }
    }
    Ok(Sources {
        complaints,
        contexts,
        staff: RedactionContext::for_staff(staff_names),
        measures: rows.into_iter().map(|r| (r.id, r)).collect(),
        by_complaint,
    })
}

/// The meeting `id` with its agenda as every reader sees it, or `None`.
pub async fn load(
    db: &impl ConnectionTrait,
    shared: &Shared,
    id: MeetingId,
    today: NaiveDate,
) -> Result<Option<Agenda>, DbErr> {
    let Some(meeting) = stored::find(db, id).await? else {
        return Ok(None);
    };
    let rows = stored::items_of(db, id).await?;
    let sources = sources(db, &rows, &shared.staff_names).await?;
    let mut items = Vec::new();
    for (number, row) in (1..).zip(&rows) {
        let subject = match (row.complaint_id, row.measure_id) {
            (Some(cid), _) => {
                let Some(stored) = sources.complaints.get(&cid) else {
                    continue;
                };
                let deadlines = shared
                    .rules
                    .deadlines_of(stored, &stored.complaint, today)?;
                let view = policy::anonymise(&stored.complaint, &deadlines, &shared.staff_names);
                let measures = sources
                    .by_complaint
                    .get(&cid)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| sources.measures.get(m))
                    .map(|m| sources.line(m, today))
                    .collect::<Result<Vec<_>, _>>()?;
                Subject::Complaint(Box::new(ComplaintItem { view, measures }))
            }
            (None, Some(mid)) => match sources.measures.get(&mid) {
                Some(m) => Subject::Measure(sources.line(m, today)?),
                None => continue,
            },
            (None, None) => continue,
        };
        let context = sources.context(row.complaint_id.or_else(|| {
            row.measure_id
                .and_then(|m| sources.measures.get(&m))
                .and_then(|m| m.complaint_id)
        }));
        let decision_redacted = row
            .decision
            .as_deref()
            .map(|d| sources.redact_all(&redact(d, context)));
        items.push(Item {
            id: row.id,
            number,
            subject,
            decision: decision_redacted.clone().filter(|_| row.decision_reviewed),
            decision_redacted,
            decision_reviewed: row.decision_reviewed,
            decided_on: row.decided_at.map(klachten_core::time::amsterdam_date),
            decision_measure: row
                .decision_measure_id
                .and_then(|m| sources.measures.get(&m))
                .map(|m| sources.line(m, today))
                .transpose()?,
        });
    }
    let minutes_redacted = meeting.minutes.as_deref().map(|m| sources.redact_all(m));
    Ok(Some(Agenda {
        id: meeting.id,
        title: sources.redact_all(&meeting.title),
        kind: meeting.kind,
        held_on: meeting.held_on,
        status: meeting.status,
        minutes: minutes_redacted
            .clone()
            .filter(|_| meeting.minutes_reviewed),
        minutes_redacted,
        minutes_reviewed: meeting.minutes_reviewed,
        items,
    }))
}

/// How `text` would read on the agenda of meeting `id`: redacted with the names of all its
/// complaints and all staff, as its decisions and minutes are. `None` when there is no such
/// meeting.
pub async fn preview(
    db: &impl ConnectionTrait,
    id: MeetingId,
    text: &str,
) -> Result<Option<String>, DbErr> {
    if stored::find(db, id).await?.is_none() {
        return Ok(None);
    }
    let rows = stored::items_of(db, id).await?;
    let staff_names = users::names(db).await?;
    let sources = sources(db, &rows, &staff_names).await?;
    Ok(Some(sources.redact_all(text)))
}

/// Before `complaint_id` is purged: its names are redacted in the stored decisions about it and
/// in the minutes of every meeting that discussed it, while they can still be recognised.
pub async fn redact_for_purge(
    db: &impl ConnectionTrait,
    complaint_id: ComplaintId,
    context: &RedactionContext,
) -> Result<(), DbErr> {
    // The items about it: the complaint itself, and its measures (on the agenda as items of
    // their own, or created or moved by a decision).
    let measure_ids = measures::ids_of_complaint(db, complaint_id).await?;
    let items = stored::items_about(db, complaint_id, &measure_ids).await?;
    let mut meeting_ids: Vec<MeetingId> = Vec::new();
    for item in items {
        meeting_ids.push(item.meeting_id);
        if let Some(decision) = &item.decision {
            // A decision nobody reviewed could still say who it was about: it goes.
            let kept = item.decision_reviewed.then(|| redact(decision, context));
            stored::set_decision_text(db, item.id, kept).await?;
        }
    }
    meeting_ids.sort();
    meeting_ids.dedup();
    for id in meeting_ids {
        if let Some(meeting) = stored::find(db, id).await? {
            let title = redact(&meeting.title, context);
            // Minutes nobody reviewed could say what the redactor cannot know: they go too.
            let minutes = meeting
                .minutes
                .as_deref()
                .filter(|_| meeting.minutes_reviewed)
                .map(|m| redact(m, context));
            stored::set_title_and_minutes(db, id, title, minutes).await?;
        }
    }
    Ok(())
}

fn clocks_line(c: &ClockOutcomes) -> String {
    let mut line = format!(
        "ontvangstbevestiging {}, contact {}, afhandeling {}",
        dutch::outcome(c.acknowledgement),
        dutch::outcome(c.first_contact),
        dutch::outcome(c.resolution)
    );
    if let Some(privacy) = c.privacy_resolution {
        let _ = write!(line, ", privacytermijn {}", dutch::outcome(privacy));
    }
    line
}

fn measure_text(m: &MeasureLine) -> String {
    format!(
        "{} ({}, {}, uiterlijk {}{}): {}",
        dutch::capital(dutch::measure_kind(m.kind)),
        m.complaint_reference.as_deref().unwrap_or("los voorstel"),
        dutch::measure_status(m.status),
        dutch::month(&m.due_month),
        if m.late { ", te laat" } else { "" },
        m.description
            .as_deref()
            .map_or_else(|| "(beschrijving nog niet nagelezen)".to_owned(), one_line)
    )
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an item says, as lines of text: its heading first.
fn item_lines(item: &Item) -> (String, Vec<String>) {
    let mut lines = Vec::new();
    let heading = match &item.subject {
        Subject::Complaint(c) => {
            let v = &c.view;
            lines.push(format!(
                "Categorie: {} · kanaal: {} · ontvangen: {} · status: {}",
                dutch::category(v.category),
                dutch::channel(v.channel),
                dutch::month(&format!(
                    "{:04}-{:02}",
                    v.received_month.year, v.received_month.month
                )),
                dutch::status(v.status)
            ));
            lines.push(format!("Termijnen: {}", clocks_line(&v.clocks)));
            if let Some(ground) = v.decline_ground {
                lines.push(format!("Grond: {}", dutch::ground(ground)));
            }
            lines.push(match &v.summary {
                Some(s) => format!("Samenvatting: {}", one_line(s)),
                None => "Samenvatting: nog niet beoordeeld".to_owned(),
            });
            if let Some(cause) = &v.root_cause {
                lines.push(match &cause.text {
                    Some(text) => format!("Oorzaak: {} — {}", cause.category, one_line(text)),
                    None => format!("Oorzaak: {}", cause.category),
                });
            }
            lines.extend(c.measures.iter().map(|m| format!("- {}", measure_text(m))));
            format!("{}. Klacht {}", item.number, v.reference)
        }
        Subject::Measure(m) => {
            lines.push(measure_text(m));
            format!(
                "{}. {}",
                item.number,
                dutch::capital(dutch::measure_kind(m.kind))
            )
        }
    };
    if let Some(decision) = &item.decision {
        lines.push(format!("Besluit: {}", one_line(decision)));
    }
    if let Some(m) = &item.decision_measure {
        lines.push(format!("Uit het besluit: {}", measure_text(m)));
    }
    (heading, lines)
}

fn header(agenda: &Agenda) -> String {
    format!(
        "{} op {}{}",
        dutch::capital(dutch::meeting_kind(agenda.kind)),
        dutch::date(agenda.held_on),
        match agenda.status {
            MeetingStatus::Draft => " (concept)",
            MeetingStatus::Published => "",
        }
    )
}

/// The agenda in Markdown, for the invitation mail.
pub fn markdown(agenda: &Agenda) -> String {
    let mut out = format!("# {}\n\n{}\n", one_line(&agenda.title), header(agenda));
    out.push_str("\nGeanonimiseerd: namen, contactgegevens en feiten staan niet op deze agenda.\n");
    for item in &agenda.items {
        let (heading, lines) = item_lines(item);
        let _ = write!(out, "\n## {heading}\n\n");
        for line in lines {
            // Measures are listed under the complaint they belong to.
            let _ = match line.strip_prefix("- ") {
                Some(sub) => writeln!(out, "  - {sub}"),
                None => writeln!(out, "- {line}"),
            };
        }
    }
    if let Some(minutes) = &agenda.minutes {
        let _ = write!(out, "\n## Notulen\n\n{}\n", minutes.trim());
    }
    out
}

/// The agenda as PDF blocks.
pub fn pdf(
    agenda: &Agenda,
    created: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, crate::letters::pdf::PdfError> {
    let mut blocks = vec![
        Block::Heading(one_line(&agenda.title)),
        Block::Lines(vec![
            header(agenda),
            "Geanonimiseerd: namen, contactgegevens en feiten staan niet op deze agenda."
                .to_owned(),
        ]),
    ];
    for item in &agenda.items {
        let (heading, lines) = item_lines(item);
        blocks.push(Block::Heading(heading));
        blocks.extend(lines.into_iter().map(Block::Paragraph));
    }
    if let Some(minutes) = &agenda.minutes {
        blocks.push(Block::Heading("Notulen".to_owned()));
        blocks.extend(
            minutes
                .split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(|p| Block::Paragraph(one_line(p))),
        );
    }
    crate::letters::pdf::render(&one_line(&agenda.title), &blocks, created)
}
