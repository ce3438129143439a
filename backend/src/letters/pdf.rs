//! A plain A4 letter as PDF: Helvetica (a standard font every reader has, so nothing is
//! embedded), WinAnsi-encoded so Dutch diacritics come out right, text wrapped by the font's
//! widths, as many pages as it takes.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// One block of a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A line in bold.
    Heading(String),
    /// A paragraph, wrapped to the page.
    Paragraph(String),
    /// Lines kept as they are (an address).
    Lines(Vec<String>),
}

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN_X: f32 = 72.0;
const TOP: f32 = 780.0;
const BOTTOM: f32 = 72.0;
const SIZE: f32 = 10.5;
const LEADING: f32 = 15.0;

/// The width of a character in Helvetica, in thousandths of the font size (the standard
/// metrics; accented letters are as wide as their base letter, near enough for wrapping).
fn advance(c: char) -> u16 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // ' '..'/'
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // digits
        278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A..M
        722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N..Z
        278, 278, 278, 469, 556, 333, // '['..'`'
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a..m
        556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n..z
        334, 260, 334, 584, // '{'..'~'
    ];
    let base = klachten_core::fold::fold(&c.to_string());
    let folded = base.chars().next().unwrap_or(c);
    u32::from(folded)
        .checked_sub(32)
        .and_then(|i| ASCII.get(usize::try_from(i).ok()?))
        .copied()
        .unwrap_or(556)
}

fn text_width(text: &str, bold: bool) -> f32 {
    let units: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    // Helvetica-Bold runs about 5 % wider.
    let scale = if bold { 1.05 } else { 1.0 };
    f32::from(u16::try_from(units.min(60_000)).unwrap_or(u16::MAX)) * SIZE / 1000.0 * scale
}

/// WinAnsiEncoding: Latin-1 as is, the typographic quotes, dashes and the euro sign at their
/// Windows-1252 places, anything else as `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{a0}'..='\u{ff}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// Breaks `text` into lines no wider than the page allows.
fn wrap(text: &str, bold: bool) -> Vec<String> {
    let room = WIDTH - 2.0 * MARGIN_X;
    let mut lines = Vec::new();
    for paragraph_line in text.lines() {
        let mut line = String::new();
        for word in paragraph_line.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, bold) > room && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

/// Renders `blocks` as a PDF titled `title`.
pub fn render(title: &str, blocks: &[Block]) -> Vec<u8> {
    // Every line with its font, then paged.
    let mut lines: Vec<(bool, String)> = Vec::new();
    for block in blocks {
        match block {
            Block::Heading(text) => lines.extend(wrap(text, true).into_iter().map(|l| (true, l))),
            Block::Paragraph(text) => {
                lines.extend(wrap(text, false).into_iter().map(|l| (false, l)))
            }
            Block::Lines(texts) => lines.extend(texts.iter().map(|l| (false, l.clone()))),
        }
        lines.push((false, String::new()));
    }
    let per_page = usize::try_from(((TOP - BOTTOM) / LEADING) as u32)
        .unwrap_or(40)
        .max(1);
    let pages: Vec<&[(bool, String)]> = lines.chunks(per_page).collect();

    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first_page = 6;
    let page_ref = |i: usize| Ref::new(first_page + 2 * i32::try_from(i).unwrap_or(0));
    let content_ref = |i: usize| Ref::new(first_page + 1 + 2 * i32::try_from(i).unwrap_or(0));

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids((0..pages.len()).map(page_ref))
        .count(i32::try_from(pages.len()).unwrap_or(1));
    for (font, name) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(font)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info).title(TextStr(title));
    for (i, page_lines) in pages.iter().enumerate() {
        let mut page = pdf.page(page_ref(i));
        page.parent(tree)
            .media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT))
            .contents(content_ref(i));
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(b"F1"), regular);
        fonts.pair(Name(b"F2"), bold);
        fonts.finish();
        resources.finish();
        page.finish();
        let mut content = Content::new();
        content.begin_text();
        content.set_font(Name(b"F1"), SIZE);
        content.set_leading(LEADING);
        content.next_line(MARGIN_X, TOP);
        let mut current_bold = false;
        for (is_bold, line) in page_lines.iter() {
            if *is_bold != current_bold {
                content.set_font(Name(if *is_bold { b"F2" } else { b"F1" }), SIZE);
                current_bold = *is_bold;
            }
            content.show(Str(&win_ansi(line)));
            content.next_line_using_leading();
        }
        content.end_text();
        pdf.stream(content_ref(i), &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_letters_encode_to_their_win_ansi_bytes() {
        assert_eq!(win_ansi("Zoë één"), b"Zo\xeb \xe9\xe9n");
        assert_eq!(win_ansi("€ – ‘x’ ☃"), b"\x80 \x96 \x91x\x92 ?");
    }

    #[test]
    fn long_paragraphs_wrap_within_the_margins() {
        let text = "woord ".repeat(200);
        let lines = wrap(&text, false);
        assert!(lines.len() > 5);
        for line in &lines {
            assert!(text_width(line, false) <= WIDTH - 2.0 * MARGIN_X, "{line}");
        }
    }

    #[test]
    fn a_long_letter_runs_over_several_pages() {
        let blocks: Vec<Block> = (0..120)
            .map(|i| Block::Paragraph(format!("Alinea {i}.")))
            .collect();
        let pdf = render("Test", &blocks);
        assert!(pdf.starts_with(b"%PDF-"));
        // 240 lines (each paragraph and its blank line), 47 to a page.
        assert!(String::from_utf8_lossy(&pdf).contains("/Count 6"));
    }
}
