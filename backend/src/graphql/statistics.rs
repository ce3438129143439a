//! Statistics and the annual report through the API. Rule: every staff member sees the
//! figures with the small-count rule applied; directors see exact figures unless they ask for
//! the anonymised form (to print or share); the annual report is always anonymised.

use super::context::{require_caller, require_user, state};
use super::types::{Category, Channel, Date, DeclineGround};
use crate::error::ApiError;
use async_graphql::{Context, Enum, Object, SimpleObject};
use base64::Engine as _;
use klachten_core::actor::Capability;
use klachten_core::integration::Scope;
use klachten_core::statistics::{self as core, Cell};

/// How long a period is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// Maand.
    Month,
    /// Kwartaal.
    Quarter,
    /// Jaar.
    Year,
}

/// A count of complaints: in anonymised figures a count of 1 to 4 is withheld.
#[derive(SimpleObject, Debug, Clone)]
pub struct Count {
    /// The count; `null` when withheld.
    pub value: Option<i32>,
    /// As to show it: the number, or "< 5".
    pub display: String,
    /// Withheld by the small-count rule.
    pub suppressed: bool,
}

impl From<Cell> for Count {
    fn from(c: Cell) -> Self {
        Self {
            value: c.value().map(|v| i32::try_from(v).unwrap_or(i32::MAX)),
            display: c.display(),
            suppressed: c.suppressed,
        }
    }
}

/// Complaints per channel.
#[derive(SimpleObject, Debug, Clone)]
pub struct ChannelCount {
    /// Kanaal.
    pub channel: Channel,
    /// How many.
    pub count: Count,
}

/// Complaints per category.
#[derive(SimpleObject, Debug, Clone)]
pub struct CategoryCount {
    /// Categorie.
    pub category: Category,
    /// How many.
    pub count: Count,
}

/// Declined complaints per ground.
#[derive(SimpleObject, Debug, Clone)]
pub struct GroundCount {
    /// Grond.
    pub ground: DeclineGround,
    /// How many.
    pub count: Count,
}

/// Whether a clock was kept.
#[derive(SimpleObject, Debug, Clone)]
pub struct OnTime {
    /// Kept.
    pub met: Count,
    /// Not kept.
    pub late: Count,
    /// Percentage kept of those decided (one decimal); `null` when none were decided or too
    /// few to show.
    pub share: Option<f64>,
}

impl From<core::OnTime> for OnTime {
    fn from(o: core::OnTime) -> Self {
        Self {
            met: o.met.into(),
            late: o.late.into(),
            share: o.share,
        }
    }
}

/// Handling time (doorlooptijd) in working days of the complaints closed.
#[derive(SimpleObject, Debug, Clone)]
pub struct HandlingTime {
    /// How many closed complaints it is measured over.
    pub closed: Count,
    /// Median; `null` when none or too few.
    pub median: Option<f64>,
    /// 90th percentile; `null` likewise.
    pub p90: Option<i32>,
}

/// The figures of a period.
#[derive(SimpleObject, Debug, Clone)]
pub struct Figures {
    /// Ontvangen.
    pub received: Count,
    /// Per kanaal.
    pub by_channel: Vec<ChannelCount>,
    /// Per categorie.
    pub by_category: Vec<CategoryCount>,
    /// Niet in behandeling genomen.
    pub declined: Count,
    /// Niet in behandeling, per grond.
    pub declined_by_ground: Vec<GroundCount>,
    /// Ingetrokken.
    pub withdrawn: Count,
    /// Afgehandeld.
    pub resolved: Count,
    /// Nog in behandeling.
    pub open: Count,
    /// Ontvangstbevestiging binnen 5 werkdagen.
    pub acknowledgement: OnTime,
    /// Contact binnen 7 werkdagen.
    pub first_contact: OnTime,
    /// Afhandeling binnen 30 werkdagen.
    pub resolution: OnTime,
    /// Privacyklachten binnen een maand.
    pub privacy_resolution: OnTime,
    /// Doorlooptijd in werkdagen.
    pub handling_time: HandlingTime,
}

impl From<core::Figures> for Figures {
    fn from(f: core::Figures) -> Self {
        Self {
            received: f.received.into(),
            by_channel: f
                .by_channel
                .into_iter()
                .map(|(c, n)| ChannelCount {
                    channel: c.into(),
                    count: n.into(),
                })
                .collect(),
            by_category: f
                .by_category
                .into_iter()
                .map(|(c, n)| CategoryCount {
                    category: c.into(),
                    count: n.into(),
                })
                .collect(),
            declined: f.declined.into(),
            declined_by_ground: f
                .declined_by_ground
                .into_iter()
                .map(|(g, n)| GroundCount {
                    ground: g.into(),
                    count: n.into(),
                })
                .collect(),
            withdrawn: f.withdrawn.into(),
            resolved: f.resolved.into(),
            open: f.open.into(),
            acknowledgement: f.acknowledgement.into(),
            first_contact: f.first_contact.into(),
            resolution: f.resolution.into(),
            privacy_resolution: f.privacy_resolution.into(),
            handling_time: HandlingTime {
                closed: f.handling_time.closed.into(),
                median: f.handling_time.median,
                p90: f
                    .handling_time
                    .p90
                    .map(|p| i32::try_from(p).unwrap_or(i32::MAX)),
            },
        }
    }
}

/// One period with its figures.
#[derive(SimpleObject, Debug, Clone)]
pub struct PeriodFigures {
    /// "2026-03", "2026-K1" or "2026".
    pub label: String,
    /// Its first day.
    pub start: Date,
    /// Its last day.
    pub end: Date,
    /// The figures of the complaints received in it.
    pub figures: Figures,
}

/// Statistics per period.
#[derive(SimpleObject, Debug, Clone)]
pub struct Statistics {
    /// Whether the small-count rule was applied.
    pub anonymised: bool,
    /// The procedure version the figures are limited to, if any.
    pub procedure_version: Option<String>,
    /// Each period, oldest first.
    pub periods: Vec<PeriodFigures>,
    /// Over all periods together.
    pub total: Figures,
    /// Measures and proposals not yet done or dropped (today).
    pub open_measures: i32,
    /// Of those, past their due date.
    pub late_measures: i32,
}

/// Statistics queries.
#[derive(Default)]
pub struct StatisticsQuery;

#[Object]
impl StatisticsQuery {
    /// Figures per month, quarter or year for the complaints received from `from` to `to`
    /// (inclusive, at most 120 periods), optionally for one procedure version (its label).
    /// Directors see exact counts unless `anonymised` is true; everyone else sees counts of 1
    /// to 4 as "< 5".
    async fn statistics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The first day of the range (YYYY-MM-DD).")] from: Date,
        #[graphql(desc = "The last day of the range (YYYY-MM-DD).")] to: Date,
        #[graphql(desc = "Per month, quarter or year.")] granularity: Granularity,
        #[graphql(desc = "Only complaints under this procedure version (its label).")]
        procedure_version: Option<String>,
        #[graphql(desc = "Directors: apply the small-count rule (\"< 5\") as others see it.")]
        anonymised: Option<bool>,
    ) -> async_graphql::Result<Statistics> {
        let caller = require_caller(ctx, Scope::ReadStatistics)?;
        let state = state(ctx);
        let granularity = match granularity {
            Granularity::Month => core::Granularity::Month,
            Granularity::Quarter => core::Granularity::Quarter,
            Granularity::Year => core::Granularity::Year,
        };
        let periods = core::periods(from.0, to.0, granularity).ok_or_else(|| {
            ApiError::validation(format!(
                "`to` must not be before `from`, and the range may hold at most {} periods",
                core::MAX_PERIODS
            ))
        })?;
        let director = caller
            .user()
            .is_some_and(|u| Capability::ExactFigures.held_by(&u.roles));
        let anonymised = !director || anonymised.unwrap_or(false);
        let today = state.clock.today();
        let report = crate::statistics::report(
            &state.db,
            periods,
            procedure_version.as_deref(),
            anonymised,
            today,
        )
        .await
        .map_err(ApiError::from)?;
        let (open, late) = crate::statistics::open_measures(&state.db, today)
            .await
            .map_err(ApiError::from)?;
        Ok(Statistics {
            anonymised,
            procedure_version,
            periods: report
                .periods
                .into_iter()
                .map(|(p, f)| PeriodFigures {
                    label: p.label,
                    start: Date(p.start),
                    end: Date(p.end.pred_opt().unwrap_or(p.end)),
                    figures: f.into(),
                })
                .collect(),
            total: report.total.into(),
            open_measures: i32::try_from(open).unwrap_or(i32::MAX),
            late_measures: i32::try_from(late).unwrap_or(i32::MAX),
        })
    }

    /// The annual report (jaarverslag) as PDF, base64-encoded (directors): the figures against
    /// the year before, per quarter and month, and the measures taken; anonymised. Audited as an
    /// export.
    async fn annual_report_pdf(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year (jaar), e.g. 2026.")] year: i32,
    ) -> async_graphql::Result<String> {
        let user = require_user(ctx)?;
        let pdf = crate::services::statistics::annual_report(state(ctx), user, year).await?;
        Ok(base64::engine::general_purpose::STANDARD.encode(pdf))
    }
}
