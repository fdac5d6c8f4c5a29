//! A line chart of the field levels over time (three or more assessments), for `compare`.
//! Built from the helpers of [`super`]; every text is escaped with the HTML escaper.

use std::fmt::Write as _;

use super::{ChartText, GRID, INK, MUTED, n, open_svg};
use crate::report::escape::escape_html;

/// One line: a label (plain text) and the level in each assessment (None: no level).
#[derive(Debug, Clone)]
pub struct Line {
    /// The field's label, e.g. "4 Vorfälle".
    pub label: String,
    /// The level per assessment, oldest first.
    pub levels: Vec<Option<u8>>,
}

/// Colours of the lines, distinguishable in print and for common colour blindness (Okabe–Ito
/// and darker companions); after eight the dash pattern changes.
const PALETTE: [&str; 8] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8c564b",
];

/// The levels of each field over the assessments as lines, the assessments' labels on the x
/// axis. None for fewer than three assessments (a table shows two better).
pub fn level_lines(id: &str, x_labels: &[String], lines: &[Line], t: &ChartText) -> Option<String> {
    let k = x_labels.len();
    if k < 3 {
        return None;
    }
    let (left, plot_w, top, plot_h) = (48.0, 680.0, 20.0, 250.0);
    let legend_rows = lines.len().div_ceil(2);
    let h = top + plot_h + 44.0 + 18.0 * legend_rows as f64 + 8.0;
    let w = 800u32;
    let mut s = String::new();
    open_svg(&mut s, id, w, h.ceil() as u32, t);
    let y = |v: f64| top + plot_h * (5.0 - v) / 5.0;
    let x = |i: usize| left + plot_w * i as f64 / (k - 1) as f64;
    for lvl in 0..=5u8 {
        let yv = y(f64::from(lvl));
        let _ = write!(
            s,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\
             <text x=\"{3}\" y=\"{4}\" text-anchor=\"end\" fill=\"{MUTED}\" font-size=\"10\">{lvl}</text>",
            n(left),
            n(yv),
            n(left + plot_w),
            n(left - 8.0),
            n(yv + 4.0)
        );
    }
    for (i, label) in x_labels.iter().enumerate() {
        let anchor = if i == 0 {
            "start"
        } else if i + 1 == k {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>",
            n(x(i)),
            n(top + plot_h + 18.0),
            escape_html(&super::clip(label, 16))
        );
    }
    let m = lines.len();
    for (j, line) in lines.iter().enumerate() {
        let colour = PALETTE[j % PALETTE.len()];
        let dash = if j >= PALETTE.len() {
            " stroke-dasharray=\"6 3\""
        } else {
            ""
        };
        // Lines on the same level are drawn a little apart so that none hides another.
        let off = (j as f64 - (m as f64 - 1.0) / 2.0) * 2.0;
        let pts: Vec<Option<(f64, f64)>> = line
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| l.map(|l| (x(i), y(f64::from(l)) + off)))
            .collect();
        for seg in pts.windows(2) {
            if let [Some((x1, y1)), Some((x2, y2))] = seg {
                let _ = write!(
                    s,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
                    n(*x1),
                    n(*y1),
                    n(*x2),
                    n(*y2)
                );
            }
        }
        for (px, py) in pts.iter().flatten() {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{colour}\"/>",
                n(*px),
                n(*py)
            );
        }
        let lx = 20.0 + 390.0 * (j % 2) as f64;
        let ly = top + plot_h + 44.0 + 18.0 * (j / 2) as f64;
        let _ = write!(
            s,
            "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"{colour}\" stroke-width=\"3\"{dash}/>\
             <text x=\"{3}\" y=\"{4}\" fill=\"{INK}\">{5}</text>",
            n(lx),
            n(ly - 4.0),
            n(lx + 18.0),
            n(lx + 24.0),
            n(ly),
            escape_html(&super::clip(&line.label, 52))
        );
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText {
        ChartText {
            title: "T <b>".into(),
            desc: "D".into(),
            level: String::new(),
            target: String::new(),
            index: String::new(),
            below: String::new(),
        }
    }

    #[test]
    fn needs_three_assessments_and_escapes_labels() {
        let lines = vec![Line {
            label: "<script>x</script>".into(),
            levels: vec![Some(1), None, Some(3)],
        }];
        let two = ["a".to_owned(), "b".to_owned()];
        assert!(level_lines("c", &two, &lines, &text()).is_none());
        let three = ["2024".to_owned(), "<i>".to_owned(), "2026".to_owned()];
        let svg = level_lines("c", &three, &lines, &text()).unwrap();
        assert!(!svg.contains("<script") && !svg.contains("<i>") && !svg.contains("<b>"));
        assert!(svg.contains("&lt;script&gt;"));
        // No segment across the missing level, one dot per level.
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("stroke-width=\"2\"").count(), 0);
    }

    #[test]
    fn higher_levels_are_drawn_higher() {
        let lines = vec![Line {
            label: "f".into(),
            levels: vec![Some(0), Some(5), Some(5)],
        }];
        let l = ["1".to_owned(), "2".to_owned(), "3".to_owned()];
        let svg = level_lines("c", &l, &lines, &text()).unwrap();
        // y of level 0 is the bottom of the plot (270), of level 5 its top (20).
        assert!(svg.contains("<circle cx=\"48\" cy=\"270\""));
        assert!(svg.contains("<circle cx=\"388\" cy=\"20\""));
    }
}
