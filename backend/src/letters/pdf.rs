//! A4 letters and agendas as PDF/A-2u: Noto Sans embedded as a subset (so Şükrü Yıldız, Łukasz
//! Wiśniewski and Nguyễn Thị Ánh print as written, and their text can be copied and searched),
//! shaped with the font's own kerning, wrapped by the shaped widths, line breaks kept as entered,
//! as many pages as it takes. The output is deterministic: the same blocks give the same bytes,
//! so a letter's stored SHA-256 can be checked against a regenerated copy.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc};

use klachten_core::printable::printable;
use krilla::Document;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};

/// One block of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A line in bold.
    Heading(String),
    /// A paragraph, wrapped to the page; its line breaks are kept.
    Paragraph(String),
    /// Lines kept as they are (an address); a line break inside one starts another.
    Lines(Vec<String>),
}

/// A PDF could not be written (a fault of ours, never of the text: every character is printable
/// or replaced before it is drawn).
#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct PdfError(String);

impl From<PdfError> for sea_orm::DbErr {
    fn from(e: PdfError) -> Self {
        Self::Custom(e.to_string())
    }
}

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN_X: f32 = 72.0;
const TOP: f32 = 72.0;
const BOTTOM: f32 = 770.0;
const SIZE: f32 = 10.5;
const LEADING: f32 = 15.0;

static REGULAR: &[u8] = include_bytes!("../../fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/NotoSans-Bold.ttf");

/// A font both for drawing (krilla) and for measuring (the same shaper krilla uses).
struct Face {
    font: Font,
    shaper: rustybuzz::Face<'static>,
}

fn load(data: &'static [u8]) -> Option<Face> {
    Some(Face {
        font: Font::new(data.into(), 0)?,
        shaper: rustybuzz::Face::from_slice(data, 0)?,
    })
}

static FACES: LazyLock<Option<(Face, Face)>> =
    LazyLock::new(|| Some((load(REGULAR)?, load(BOLD)?)));

fn faces() -> Result<&'static (Face, Face), PdfError> {
    FACES
        .as_ref()
        .ok_or_else(|| PdfError("the letter font did not load".to_owned()))
}

impl Face {
    /// The width of `text` set in this face at [`SIZE`], in points.
    fn width(&self, text: &str) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 * SIZE / f32::from(self.shaper.units_per_em() as u16)
    }
}

/// What is drawn for `text`: tabs as spaces, carriage returns dropped, and any character the font
/// lacks (only text stored before input was checked can hold one) as `?`.
fn drawable(text: &str) -> String {
    text.chars()
        .filter(|c| *c != '\r')
        .map(|c| match c {
            '\t' => ' ',
            c if printable(c) => c,
            _ => '?',
        })
        .collect()
}

/// Breaks `text` into lines no wider than the page allows, keeping its own line breaks; a word
/// too long for a line (a web address) is broken where it reaches the margin.
fn wrap(face: &Face, text: &str) -> Vec<String> {
    let room = WIDTH - 2.0 * MARGIN_X;
    let mut lines = Vec::new();
    for paragraph_line in drawable(text).split('\n') {
        let mut line = String::new();
        for word in paragraph_line.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate) <= room {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if face.width(&line) > room && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// The date and time a PDF records as its creation (PDF/A requires one), in UTC.
fn pdf_date(at: DateTime<Utc>) -> krilla::metadata::DateTime {
    let small = |n: u32| u8::try_from(n).unwrap_or(0);
    krilla::metadata::DateTime::new(u16::try_from(at.year()).unwrap_or(2000))
        .month(small(at.month()))
        .day(small(at.day()))
        .hour(small(at.hour()))
        .minute(small(at.minute()))
        .second(small(at.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// Renders `blocks` as a PDF titled `title`, created at `created`.
pub fn render(title: &str, blocks: &[Block], created: DateTime<Utc>) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = faces()?;
    // Every line with its face, then paged.
    let mut lines: Vec<(&Face, String)> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(text) => lines.extend(wrap(bold, text).into_iter().map(|l| (bold, l))),
            Block::Paragraph(text) => {
                lines.extend(wrap(regular, text).into_iter().map(|l| (regular, l)))
            }
            Block::Lines(texts) => lines.extend(
                texts
                    .iter()
                    .flat_map(|t| {
                        drawable(t)
                            .split('\n')
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    })
                    .map(|l| (regular, l)),
            ),
        }
        lines.push((regular, String::new()));
    }
    let per_page = usize::try_from(((BOTTOM - TOP) / LEADING) as u32)
        .unwrap_or(40)
        .max(1);

    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_U)
        .finish()
        .map_err(|e| PdfError(format!("{e:?}")))?;
    let mut document = Document::new_with(krilla::SerializeSettings {
        configuration,
        ..krilla::SerializeSettings::default()
    });
    document.set_metadata(
        Metadata::new()
            .title(drawable(title))
            .language("nl".to_owned())
            .creator("Klachten".to_owned())
            .creation_date(pdf_date(created)),
    );
    let settings =
        PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| PdfError("page size".to_owned()))?;
    for page_lines in lines.chunks(per_page) {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut y = TOP;
        for (face, line) in page_lines {
            if !line.is_empty() {
                surface.draw_text(
                    Point::from_xy(MARGIN_X, y),
                    face.font.clone(),
                    SIZE,
                    line,
                    false,
                    TextDirection::Auto,
                );
            }
            y += LEADING;
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| PdfError(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular() -> &'static Face {
        match faces() {
            Ok((regular, _)) => regular,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_font_has_a_glyph_for_every_character_input_accepts() {
        let Ok((regular, bold)) = faces() else {
            panic!("the letter font did not load");
        };
        for (from, to) in klachten_core::printable::RANGES {
            for code in from..=to {
                let Some(c) = char::from_u32(code) else {
                    continue;
                };
                for face in [regular, bold] {
                    assert!(
                        face.shaper.glyph_index(c).is_some(),
                        "U+{code:04X} is accepted but has no glyph"
                    );
                }
            }
        }
    }

    #[test]
    fn long_paragraphs_wrap_within_the_margins() {
        let text = "woord ".repeat(200);
        let lines = wrap(regular(), &text);
        assert!(lines.len() > 5);
        for line in &lines {
            assert!(regular().width(line) <= WIDTH - 2.0 * MARGIN_X, "{line}");
        }
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_at_the_margin() {
        let address = format!("https://voorbeeld.nl/{}", "x".repeat(300));
        let lines = wrap(regular(), &address);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.concat(), address);
        for line in &lines {
            assert!(regular().width(line) <= WIDTH - 2.0 * MARGIN_X, "{line}");
        }
    }

    #[test]
    fn line_breaks_are_kept_and_tabs_become_spaces() {
        assert_eq!(
            wrap(regular(), "Dorpsstraat 3\r\n9999 ZZ\tIJsselstein\n\nPS"),
            ["Dorpsstraat 3", "9999 ZZ IJsselstein", "", "PS"]
        );
    }

    #[test]
    fn characters_the_font_lacks_are_drawn_as_a_question_mark() {
        assert_eq!(drawable("Yusuf محمد"), "Yusuf ????");
    }

    #[test]
    fn a_long_letter_runs_over_several_pages_and_renders_the_same_twice() {
        let blocks: Vec<Block> = (0..120)
            .map(|i| Block::Paragraph(format!("Alinea {i}: Şükrü Yıldız.")))
            .collect();
        let created = DateTime::<Utc>::default();
        let pdf = match render("Test", &blocks, created) {
            Ok(pdf) => pdf,
            Err(e) => panic!("{e}"),
        };
        assert!(pdf.starts_with(b"%PDF-"));
        // 240 lines (each paragraph and its blank line), 46 to a page.
        assert!(String::from_utf8_lossy(&pdf).contains("/Count 6"));
        assert_eq!(render("Test", &blocks, created).unwrap_or_default(), pdf);
    }
}
