//! SVG charts of the HTML report, drawn from plain numbers: a radar of level against target
//! per field, bars per field, and one bar chart of the question ratings of a field. Every
//! text that goes into a chart is escaped with the HTML escaper of [`super::escape`] (the
//! charts are SVG inside the HTML report); the result is safe markup for the templates.

use std::fmt::Write as _;

use super::escape::Html;
#[cfg(test)]
use super::escape::escape_html;

mod lines;
pub use lines::{Line, level_lines};

/// One field as the overview charts see it.
#[derive(Debug, Clone)]
pub struct FieldPoint {
    /// Short label (e.g. "4 Vorfälle"), plain text.
    pub label: String,
    /// Achieved maturity level 0–5; None when no question of the field is rated yet (drawn
    /// apart from level 0, never at the centre).
    pub level: Option<u8>,
    /// Index 0.0–5.0; None when no question is rated.
    pub index: Option<f64>,
    /// Target level 0–5 of the profile.
    pub target: u8,
    /// Figures are provisional (not every question answered).
    pub provisional: bool,
}

/// The texts a chart shows, in the report's language; plain text.
#[derive(Debug, Clone)]
pub struct ChartText {
    /// Title of the chart (the SVG `<title>`).
    pub title: String,
    /// Longer description (the SVG `<desc>`).
    pub desc: String,
    /// Legend entry of the achieved level.
    pub level: String,
    /// Legend entry of the target.
    pub target: String,
    /// Legend entry of the index (bars only).
    pub index: String,
    /// Legend entry of ratings below target (question bars only).
    pub below: String,
    /// What a field without any rating is called (legend of the radar, text in the bars).
    pub not_rated: String,
}

/// One question as the field chart sees it.
#[derive(Debug, Clone)]
pub struct QuestionBar {
    /// The question id (e.g. `INC-01`).
    pub id: String,
    /// The rating 0–5, or None.
    pub rating: Option<u8>,
    /// What to show instead of a bar when there is no rating (`n/a`, `–`).
    pub missing: String,
    /// The question is critical (marked with an asterisk).
    pub critical: bool,
}

const FONT: &str = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\"";
const INK: &str = "#1f2933";
const GRID: &str = "#c5ccd3";
const LEVEL: &str = "#1d5fa8";
const TARGET: &str = "#b3261e";
const MUTED: &str = "#52606d";
const BELOW: &str = "#c8553d";

/// A number in SVG coordinates as [`n`] writes it: its digits on the stack, no String.
pub(crate) enum Num {
    /// The text is `buf[at..]` (ASCII digits, point, sign).
    Short { buf: [u8; 20], at: u8 },
    /// A value too large for the integer path.
    Long(String),
}

impl Num {
    /// The text.
    fn text(&self) -> &str {
        match self {
            Num::Short { buf, at } => {
                std::str::from_utf8(&buf[usize::from(*at)..]).unwrap_or_default()
            }
            Num::Long(s) => s,
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl PartialEq<&str> for Num {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

impl std::fmt::Debug for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.text())
    }
}

/// Numbers in SVG coordinates: at most two decimals, no trailing zeros, never `-0`.
fn n(v: f64) -> Num {
    let k = (v * 100.0).round();
    // Hundredths as an integer: the same text as `{:.2}` of k / 100 below (that double is off
    // k / 100 by far less than half a hundredth), without float formatting.
    if k.abs() < 1e15 {
        let k = k as i64;
        let (int, frac) = (k.unsigned_abs() / 100, k.unsigned_abs() % 100);
        // Digits from the right: up to 15 of the integer part, a point, two decimals, a sign.
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        let mut put = |d: u8| {
            at -= 1;
            buf[at] = d;
        };
        if frac != 0 {
            if frac % 10 != 0 {
                put(b'0' + (frac % 10) as u8);
            }
            put(b'0' + (frac / 10) as u8);
            put(b'.');
        }
        let mut i = int;
        loop {
            put(b'0' + (i % 10) as u8);
            i /= 10;
            if i == 0 {
                break;
            }
        }
        if k < 0 {
            put(b'-');
        }
        // at ≤ 20: the cast cannot truncate.
        return Num::Short { buf, at: at as u8 };
    }
    Num::Long(n_slow(v))
}

/// [`n`] through float formatting, for values too large for the integer path.
fn n_slow(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_owned()
}

fn open_svg(out: &mut String, id: &str, w: u32, h: u32, t: &ChartText) {
    let id = Html(id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-labelledby=\"{id}-t {id}-d\" class=\"chart\" {FONT} font-size=\"12\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        Html(&t.title),
        Html(&t.desc)
    );
}

/// Truncates a label to `max` characters, with an ellipsis.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t = t.trim_end().to_owned();
        t.push('…');
        t
    }
}

/// Splits a label into at most two lines of at most `max` characters at a space, as evenly
/// as possible; what does not fit is cut with an ellipsis.
fn wrap2(s: &str, max: usize) -> Vec<String> {
    let len = |x: &str| x.chars().count();
    if len(s) <= max {
        return vec![s.to_owned()];
    }
    let spaces: Vec<usize> = s.match_indices(' ').map(|(i, _)| i).collect();
    // The most even split where both lines fit.
    let even = spaces
        .iter()
        .filter(|&&i| len(&s[..i]) <= max && len(&s[i + 1..]) <= max)
        .min_by_key(|&&i| len(&s[..i]).abs_diff(len(&s[i + 1..])));
    if let Some(&i) = even {
        return vec![s[..i].to_owned(), s[i + 1..].to_owned()];
    }
    // Otherwise the longest first line, the rest cut; one cut line when the first would be a
    // stub such as the field number with a long word behind it.
    match spaces.iter().rev().find(|&&i| len(&s[..i]) <= max) {
        Some(&i) if len(&s[..i]) >= 4 => vec![s[..i].to_owned(), clip(&s[i + 1..], max)],
        _ => vec![clip(s, max)],
    }
}

/// Splits a label into at most `max_lines` lines of about `max` characters at spaces (word
/// by word; a short first word such as a field number stays with the next one; a single
/// word longer than `max` is kept whole, never cut); only what exceeds `max_lines` is cut
/// with an ellipsis.
fn wrap_lines(s: &str, max: usize, max_lines: usize) -> Vec<String> {
    let len = |x: &str| x.chars().count();
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        if cur.is_empty() {
            cur.push_str(w);
        } else if len(&cur) + 1 + len(w) <= max || (lines.is_empty() && len(&cur) < 4) {
            cur.push(' ');
            cur.push_str(w);
        } else {
            lines.push(std::mem::take(&mut cur));
            cur.push_str(w);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(clip(&rest, max));
    }
    lines
}

/// A radar (spider) chart of level and target per field. None for fewer than three fields,
/// where a radar has no area; the bar chart shows the same figures.
pub fn radar(id: &str, fields: &[FieldPoint], t: &ChartText) -> Option<String> {
    let k = fields.len();
    if k < 3 {
        return None;
    }
    let (w, h) = (800u32, 490u32);
    let (cx, cy, r) = (400.0, 226.0, 170.0);
    let mut s = String::new();
    open_svg(&mut s, id, w, h, t);
    let angle =
        |i: usize| -std::f64::consts::FRAC_PI_2 + (i as f64) * std::f64::consts::TAU / k as f64;
    let point = |i: usize, v: f64| {
        let a = angle(i);
        (cx + r * v / 5.0 * a.cos(), cy + r * v / 5.0 * a.sin())
    };
    // Rings 1–5 and their labels.
    for ring in 1..=5u8 {
        let pts: Vec<String> = (0..k)
            .map(|i| {
                let (x, y) = point(i, f64::from(ring));
                format!("{},{}", n(x), n(y))
            })
            .collect();
        let _ = write!(
            s,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
            pts.join(" ")
        );
        let (_, y) = point(0, f64::from(ring));
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"{MUTED}\" font-size=\"10\">{ring}</text>",
            n(cx + 4.0),
            n(y + 11.0)
        );
    }
    // Spokes and field labels.
    for (i, f) in fields.iter().enumerate() {
        let (x, y) = point(i, 5.0);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
            n(cx),
            n(cy),
            n(x),
            n(y)
        );
        let (lx, ly) = point(i, 5.55);
        let c = angle(i).cos();
        let anchor = if c > 0.2 {
            "start"
        } else if c < -0.2 {
            "end"
        } else {
            "middle"
        };
        let star = if f.provisional { " *" } else { "" };
        let lines = wrap_lines(&format!("{}{star}", f.label), 24, 3);
        let sn = angle(i).sin();
        // Labels above the centre grow upwards, below it downwards, beside it around the spoke.
        let extra = 14.0 * (lines.len() as f64 - 1.0);
        let dy = if sn > 0.5 {
            10.0
        } else if sn < -0.5 {
            -2.0 - extra
        } else {
            4.0 - extra / 2.0
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\">",
            n(lx),
            n(ly + dy)
        );
        for (j, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                n(lx),
                if j == 0 { "0" } else { "14" },
                Html(line)
            );
        }
        s.push_str("</text>");
    }
    let poly = |vals: Vec<f64>| -> String {
        vals.iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = point(i, *v);
                format!("{},{}", n(x), n(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let target = poly(fields.iter().map(|f| f64::from(f.target.min(5))).collect());
    // The level polygon joins the rated fields only: a field without a rating is not level 0
    // and is not pulled to the centre; its spoke is drawn dashed with a hollow mark instead.
    let level: Vec<String> = fields
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            f.level.map(|l| {
                let (x, y) = point(i, f64::from(l.min(5)));
                format!("{},{}", n(x), n(y))
            })
        })
        .collect();
    if !level.is_empty() {
        let _ = write!(
            s,
            "<polygon points=\"{}\" fill=\"{LEVEL}\" fill-opacity=\"0.22\" stroke=\"{LEVEL}\" stroke-width=\"2.5\"/>",
            level.join(" ")
        );
    }
    let _ = write!(
        s,
        "<polygon points=\"{target}\" fill=\"none\" stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
    );
    let mut unrated = false;
    for (i, f) in fields.iter().enumerate() {
        match f.level {
            Some(l) => {
                let (x, y) = point(i, f64::from(l.min(5)));
                let _ = write!(
                    s,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{LEVEL}\"/>",
                    n(x),
                    n(y)
                );
            }
            None => {
                unrated = true;
                let (x, y) = point(i, 5.0);
                let _ = write!(
                    s,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{MUTED}\" stroke-width=\"2\" stroke-dasharray=\"2 4\" class=\"not-rated\"/>\
                     <circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#fff\" stroke=\"{MUTED}\" stroke-width=\"2\"/>",
                    n(cx),
                    n(cy),
                    n(x),
                    n(y),
                    n(x),
                    n(y)
                );
            }
        }
    }
    legend(&mut s, 20.0, f64::from(h) - 16.0, t, false);
    if unrated {
        let (x, y) = (360.0, f64::from(h) - 16.0);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{MUTED}\" stroke-width=\"2\" stroke-dasharray=\"2 4\"/>\
             <circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#fff\" stroke=\"{MUTED}\" stroke-width=\"2\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
            n(x),
            n(y - 4.0),
            n(x + 20.0),
            n(y - 4.0),
            n(x + 20.0),
            n(y - 4.0),
            n(x + 32.0),
            n(y),
            Html(&t.not_rated)
        );
    }
    s.push_str("</svg>");
    Some(s)
}

fn legend(s: &mut String, x: f64, y: f64, t: &ChartText, with_index: bool) {
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{LEVEL}\" fill-opacity=\"0.7\"/>\
         <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>\
         <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\
         <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
        n(x),
        n(y - 9.0),
        n(x + 20.0),
        n(y),
        Html(&t.level),
        n(x + 170.0),
        n(y - 4.0),
        n(x + 196.0),
        n(y - 4.0),
        n(x + 202.0),
        n(y),
        Html(&t.target)
    );
    if with_index {
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"4\" fill=\"{INK}\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
            n(x + 340.0),
            n(y - 6.0),
            n(x + 360.0),
            n(y),
            Html(&t.index)
        );
    }
}

/// The vertical grid lines of levels 0–5 at `x(level)` from `y1` to `y2`, labelled at `label_y`.
fn level_grid(s: &mut String, x: impl Fn(f64) -> f64, y1: f64, y2: f64, label_y: f64) {
    for lvl in 0..=5u8 {
        let xv = x(f64::from(lvl));
        let _ = write!(
            s,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\
             <text x=\"{0}\" y=\"{3}\" text-anchor=\"middle\" fill=\"{MUTED}\" font-size=\"10\">{lvl}</text>",
            n(xv),
            n(y1),
            n(y2),
            n(label_y)
        );
    }
}

/// Horizontal bars per field: the level as a bar, the index as a thin bar inside it, the
/// target as a dashed mark.
pub fn bars(id: &str, fields: &[FieldPoint], t: &ChartText) -> String {
    let row = 30.0;
    let (left, width) = (260.0, 400.0);
    let top = 28.0;
    let h = top + row * fields.len() as f64 + 44.0;
    let w = 720u32;
    let mut s = String::new();
    open_svg(&mut s, id, w, h.ceil() as u32, t);
    let x = |v: f64| left + width * v / 5.0;
    level_grid(
        &mut s,
        x,
        top - 6.0,
        top + row * fields.len() as f64,
        top - 10.0,
    );
    for (i, f) in fields.iter().enumerate() {
        let y = top + row * i as f64;
        let star = if f.provisional { " *" } else { "" };
        let lines = wrap2(&format!("{}{star}", f.label), 36);
        let first = if lines.len() == 1 { y + 19.0 } else { y + 13.0 };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\">",
            n(left - 10.0),
            n(first)
        );
        for (j, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                n(left - 10.0),
                if j == 0 { "0" } else { "13" },
                Html(line)
            );
        }
        s.push_str("</text>");
        match f.level {
            Some(l) => {
                let lw = width * f64::from(l.min(5)) / 5.0;
                let _ = write!(
                    s,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{LEVEL}\" fill-opacity=\"0.7\"/>",
                    n(left),
                    n(y + 6.0),
                    n(lw)
                );
            }
            None => {
                // No rating is not level 0: a dashed outline with the words, no bar.
                let _ = write!(
                    s,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"none\" stroke=\"{MUTED}\" stroke-dasharray=\"3 3\" class=\"not-rated\"/>\
                     <text x=\"{}\" y=\"{}\" fill=\"{MUTED}\" font-style=\"italic\">{}</text>",
                    n(left),
                    n(y + 6.0),
                    n(width),
                    n(left + 8.0),
                    n(y + 19.0),
                    Html(&t.not_rated)
                );
            }
        }
        if let Some(ix) = f.index {
            let iw = width * ix.clamp(0.0, 5.0) / 5.0;
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"{INK}\"/>",
                n(left),
                n(y + 13.0),
                n(iw)
            );
        }
        let tx = x(f64::from(f.target.min(5)));
        let _ = write!(
            s,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{TARGET}\" stroke-width=\"2.5\" stroke-dasharray=\"4 3\"/>",
            n(tx),
            n(y + 2.0),
            n(y + 28.0)
        );
    }
    legend(&mut s, 20.0, h - 14.0, t, true);
    s.push_str("</svg>");
    s
}

/// The ratings of one field's questions as bars, with the field's target as a dashed line.
pub fn question_bars(id: &str, qs: &[QuestionBar], target: u8, t: &ChartText) -> String {
    let row = 20.0;
    let (left, width) = (80.0, 380.0);
    let top = 24.0;
    let h = top + row * qs.len() as f64 + 36.0;
    let w = 520u32;
    let mut s = String::new();
    open_svg(&mut s, id, w, h.ceil() as u32, t);
    let x = |v: f64| left + width * v / 5.0;
    level_grid(&mut s, x, top - 4.0, top + row * qs.len() as f64, top - 8.0);
    for (i, q) in qs.iter().enumerate() {
        let y = top + row * i as f64;
        let star = if q.critical { "*" } else { "" };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\" font-size=\"11\">{}{star}</text>",
            n(left - 8.0),
            n(y + 14.0),
            Html(&q.id)
        );
        match q.rating {
            Some(r) => {
                let bw = width * f64::from(r.min(5)) / 5.0;
                let fill = if r >= target { LEVEL } else { BELOW };
                let _ = write!(
                    s,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"13\" fill=\"{fill}\" fill-opacity=\"0.8\"/>\
                     <text x=\"{}\" y=\"{}\" fill=\"{INK}\" font-size=\"11\">{r}</text>",
                    n(left),
                    n(y + 4.0),
                    n(bw),
                    n(left + bw + 4.0),
                    n(y + 14.0)
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" fill=\"{MUTED}\" font-size=\"11\" font-style=\"italic\">{}</text>",
                    n(left + 4.0),
                    n(y + 14.0),
                    Html(&q.missing)
                );
            }
        }
    }
    let tx = x(f64::from(target.min(5)));
    let _ = write!(
        s,
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
        n(tx),
        n(top - 2.0),
        n(top + row * qs.len() as f64 + 2.0)
    );
    let ly = h - 10.0;
    let _ = write!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{LEVEL}\" fill-opacity=\"0.8\"/>\
         <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>\
         <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\
         <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>\
         <rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{BELOW}\" fill-opacity=\"0.8\"/>\
         <text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
        n(left - 70.0),
        n(ly - 9.0),
        n(left - 50.0),
        n(ly),
        Html(&t.level),
        n(left + 250.0),
        n(ly - 4.0),
        n(left + 276.0),
        n(ly - 4.0),
        n(left + 282.0),
        n(ly),
        Html(&t.target),
        n(left + 70.0),
        n(ly - 9.0),
        n(left + 90.0),
        n(ly),
        Html(&t.below)
    );
    s.push_str("</svg>");
    s
}

/// One row of the stacked level bars: a label and the count per level 0–5 and without level.
#[derive(Debug, Clone)]
pub struct StackedRow {
    /// Label (e.g. "4 Vorfälle"), plain text.
    pub label: String,
    /// Counts at level 0–5.
    pub levels: [u64; 6],
    /// Count without a level.
    pub none: u64,
}

/// Colours of levels 0–5 (red to blue) and of "no level" (grey).
const LEVEL_COLOURS: [&str; 7] = [
    "#b3261e", "#d9822b", "#e6c229", "#8fbf5a", "#3c8d5a", "#1d5fa8", "#c5ccd3",
];

/// Horizontal bars per field, each split by the share of files at level 0, 1, … 5 and
/// without a level (100 % wide); `legend` holds the seven legend entries.
pub fn stacked_levels(
    id: &str,
    rows: &[StackedRow],
    legend: &[String; 7],
    t: &ChartText,
) -> String {
    let row = 30.0;
    let (left, width) = (260.0, 420.0);
    let top = 12.0;
    let h = top + row * rows.len() as f64 + 40.0;
    let mut s = String::new();
    open_svg(&mut s, id, 720, h.ceil() as u32, t);
    for (i, r) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            n(left - 10.0),
            n(y + 19.0),
            Html(&clip(&r.label, 36))
        );
        let total: u64 = r.levels.iter().sum::<u64>() + r.none;
        let mut x = left;
        for (k, c) in r.levels.iter().chain(std::iter::once(&r.none)).enumerate() {
            if *c == 0 || total == 0 {
                continue;
            }
            let w = width * *c as f64 / total as f64;
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{}\"><title>{}: {c}</title></rect>",
                n(x),
                n(y + 6.0),
                n(w),
                LEVEL_COLOURS[k],
                Html(&legend[k])
            );
            x += w;
        }
    }
    let ly = h - 16.0;
    for (k, name) in legend.iter().enumerate() {
        let lx = 20.0 + 98.0 * k as f64;
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"{INK}\">{}</text>",
            n(lx),
            n(ly - 10.0),
            LEVEL_COLOURS[k],
            n(lx + 16.0),
            n(ly),
            Html(&clip(name, 13))
        );
    }
    s.push_str("</svg>");
    s
}

/// One row of the heat map: a label and per question its id and the share below target
/// (whole percent; `None` when no file rated it with a target).
#[derive(Debug, Clone)]
pub struct HeatRow {
    /// Label of the row (a field), plain text.
    pub label: String,
    /// Per question: id and share below target in percent.
    pub cells: Vec<(String, Option<u32>)>,
}

/// A heat map of questions × share below target: one row per field, one cell per question,
/// the darker the more files fall short; the share is written in each cell.
pub fn heat_map(id: &str, rows: &[HeatRow], t: &ChartText) -> String {
    let (cell_w, cell_h) = (40.0, 34.0);
    let left = 200.0;
    let top = 8.0;
    let cols = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let w = (left + cell_w * cols as f64 + 10.0).max(400.0);
    let h = top + cell_h * rows.len() as f64 + 10.0;
    let mut s = String::new();
    open_svg(&mut s, id, w.ceil() as u32, h.ceil() as u32, t);
    for (i, r) in rows.iter().enumerate() {
        let y = top + cell_h * i as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            n(left - 8.0),
            n(y + 21.0),
            Html(&clip(&r.label, 28))
        );
        for (j, (q, share)) in r.cells.iter().enumerate() {
            let x = left + cell_w * j as f64;
            let (fill, opacity, ink) = match share {
                Some(p) => {
                    let o = f64::from((*p).min(100)) / 100.0;
                    (
                        BELOW,
                        0.08 + 0.92 * o,
                        if *p >= 50 { "#ffffff" } else { INK },
                    )
                }
                None => (GRID, 0.3, MUTED),
            };
            let label = share.map_or_else(|| "–".to_owned(), |p| format!("{p}"));
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" fill-opacity=\"{}\" stroke=\"#ffffff\"><title>{}: {}</title></rect>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\" fill=\"{MUTED}\">{}</text>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{ink}\">{}</text>",
                n(x),
                n(y),
                n(cell_w),
                n(cell_h),
                n(opacity),
                Html(q),
                Html(&label),
                n(x + cell_w / 2.0),
                n(y + 11.0),
                Html(q.rsplit('-').next().unwrap_or(q)),
                n(x + cell_w / 2.0),
                n(y + 27.0),
                Html(&label)
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_without_float_formatting_are_those_with_it() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![
            0.0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.015, 1.0, 10.0, 99.995,
        ];
        values.extend([
            123.456,
            -7.1,
            1e12 + 0.25,
            -1e12 - 0.75,
            1e13,
            2e13,
            f64::NAN,
        ]);
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let u = (x >> 11) as f64 / (1u64 << 53) as f64;
            values.push((u - 0.5) * 2000.0);
            values.push(((u - 0.5) * 200_000.0).round() / 200.0);
        }
        for v in values {
            assert_eq!(n(v).to_string(), n_slow(v), "{v:?}");
        }
    }

    fn text() -> ChartText {
        ChartText {
            title: "Reifegrad <b>".into(),
            desc: "a & b".into(),
            level: "Level".into(),
            target: "Target".into(),
            index: "Index".into(),
            below: "Below".into(),
            not_rated: "Not rated".into(),
        }
    }

    fn fields(k: usize) -> Vec<FieldPoint> {
        (0..k)
            .map(|i| FieldPoint {
                label: format!("{} <script>alert(1)</script>", i + 1),
                level: Some((i % 6) as u8),
                index: Some(i as f64 * 0.7),
                target: 3,
                provisional: i == 0,
            })
            .collect()
    }

    #[test]
    fn escapes_all_text() {
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href&#x3D;&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
        );
        let svg = radar("r", &fields(8), &text()).unwrap();
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("<title id=\"r-t\">Reifegrad &lt;b&gt;</title>"));
        assert!(svg.contains("<desc id=\"r-d\">a &amp; b</desc>"));
        let b = bars("b", &fields(8), &text());
        assert!(!b.contains("<script"));
        let q = question_bars(
            "q\"x",
            &[QuestionBar {
                id: "<i>".into(),
                rating: None,
                missing: "n/a <x>".into(),
                critical: true,
            }],
            3,
            &text(),
        );
        assert!(q.contains("aria-labelledby=\"q&quot;x-t q&quot;x-d\""));
        assert!(q.contains("&lt;i&gt;*") && q.contains("n/a &lt;x&gt;"));
    }

    #[test]
    fn labels_wrap_onto_two_lines() {
        assert_eq!(wrap2("kurz", 24), vec!["kurz"]);
        assert_eq!(
            wrap2("1 Informationsaustausch und Kooperation", 28),
            vec!["1 Informationsaustausch", "und Kooperation"]
        );
        assert_eq!(
            wrap2("7 Aufklärung der Bürgerinnen und Bürger", 36),
            vec!["7 Aufklärung der", "Bürgerinnen und Bürger"]
        );
        assert_eq!(
            wrap2("aaaa bbbbbbbbbbbbbbbb", 10),
            vec!["aaaa", "bbbbbbbbb…"]
        );
        assert_eq!(
            wrap2("2 Informationssicherheitsmanagement und Steuerung", 28),
            vec!["2 Informationssicherheitsma…"]
        );
        assert_eq!(
            wrap2("6 Sensibilisierung und Schulung der Beschäftigten", 28),
            vec!["6 Sensibilisierung und", "Schulung der Beschäftigten"]
        );
        assert_eq!(
            wrap2("2 Informationssicherheitsmanagement und Steuerung", 36),
            vec!["2 Informationssicherheitsmanagement", "und Steuerung"]
        );
        assert_eq!(
            wrap2("Donaudampfschifffahrtsgesellschaft", 10),
            vec!["Donaudamp…"]
        );
    }

    #[test]
    fn radar_needs_three_fields() {
        assert!(radar("r", &fields(2), &text()).is_none());
        assert!(radar("r", &fields(3), &text()).is_some());
    }

    #[test]
    fn numbers_are_compact_and_stable() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.006), "1.01");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(250.5), "250.5");
    }

    #[test]
    fn radar_points_follow_levels() {
        // Top spoke (field 1) at level 5 reaches the outer ring straight up from the centre.
        let f = vec![
            FieldPoint {
                label: "a".into(),
                level: Some(5),
                index: Some(5.0),
                target: 5,
                provisional: false,
            },
            FieldPoint {
                label: "b".into(),
                level: Some(0),
                index: Some(0.0),
                target: 0,
                provisional: false,
            },
            FieldPoint {
                label: "c".into(),
                level: Some(0),
                index: Some(0.0),
                target: 0,
                provisional: false,
            },
        ];
        let svg = radar("r", &f, &text()).unwrap();
        assert!(svg.contains("<circle cx=\"400\" cy=\"56\""));
        assert!(svg.contains("<circle cx=\"400\" cy=\"226\""));
    }

    #[test]
    fn bars_scale_with_level() {
        let svg = bars("b", &fields(1), &text());
        // Level 0: zero-width bar; target 3 at 260 + 400 * 3/5 = 500.
        assert!(svg.contains("width=\"0\" height=\"18\""));
        assert!(svg.contains("x1=\"500\""));
    }

    #[test]
    fn radar_labels_wrap_whole_words_onto_three_lines() {
        assert_eq!(
            wrap_lines("2 Informationssicherheitsmanagement und Steuerung", 24, 3),
            vec!["2 Informationssicherheitsmanagement", "und Steuerung"]
        );
        assert_eq!(
            wrap_lines("6 Sensibilisierung und Schulung der Beschäftigten", 24, 3),
            vec!["6 Sensibilisierung und", "Schulung der", "Beschäftigten"]
        );
        assert_eq!(
            wrap_lines("1 Informationsaustausch und Kooperation", 24, 3),
            vec!["1 Informationsaustausch", "und Kooperation"]
        );
        assert_eq!(
            wrap_lines("aaaaa bbbbb ccccc ddddd", 5, 2),
            vec!["aaaaa", "bbbb…"]
        );
    }

    #[test]
    fn unrated_field_is_not_drawn_as_level_0() {
        let mut f = fields(4);
        f[1].level = None;
        f[1].index = None;
        let svg = radar("r", &f, &text()).unwrap();
        assert!(svg.contains("class=\"not-rated\""));
        assert!(svg.contains(">Not rated</text>"));
        // Three rated points make the level polygon; the unrated one adds no vertex.
        let level_poly = svg
            .split("<polygon points=\"")
            .find(|p| p.contains("fill-opacity=\"0.22\""))
            .unwrap();
        let pts = level_poly.split('"').next().unwrap().split(' ').count();
        assert_eq!(pts, 3);
        let rated = radar("r", &fields(4), &text()).unwrap();
        assert!(!rated.contains("not-rated") && !rated.contains("Not rated"));
        let b = bars("b", &f, &text());
        assert_eq!(b.matches("class=\"not-rated\"").count(), 1);
    }
}
