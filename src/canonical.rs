//! Canonical values only: numbers in the files must be written as plain YAML numbers in one
//! form (`3`, `0.8`), ratings as `0`–`5` or `n/a`. The YAML reader would also take `"3"`,
//! `' 3'`, `0x3`, `+3`, `N/A` or a tag such as `!!binary`; each of these is a finding that
//! names the place and the expected form, never a silent guess. The checks read the written
//! text of a value from its span in the source.

use crate::model::Loc;

/// The form a value must be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A whole number: decimal digits, no sign, no leading zero (`0`, `3`, `12`).
    Int,
    /// A decimal: `Int` optionally followed by `.` and digits (`1`, `0.8`, `0.6667`).
    Decimal,
    /// A rating: a digit `0`–`5` or `n/a`.
    Rating,
}

/// The text of the value at `loc` as written in `src`, and whether a tag (`!…`) stands
/// before it. None when the position is unknown (a value built in code).
pub fn written(src: &str, loc: Loc) -> Option<(&str, bool)> {
    let off = loc.offset?;
    let raw = src.get(off..off.checked_add(loc.len)?)?;
    let line_start = src[..off].rfind('\n').map_or(0, |i| i + 1);
    let before = src[line_start..off].trim_end();
    let tagged = before
        .rsplit([' ', '\t', '[', '{', ','])
        .next()
        .is_some_and(|tok| tok.starts_with('!'));
    Some((raw, tagged))
}

/// Whether `raw` is written in `form`.
pub fn is_canonical(raw: &str, form: Form) -> bool {
    let int = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    match form {
        Form::Int => int(raw),
        Form::Decimal => match raw.split_once('.') {
            None => int(raw),
            Some((i, f)) => int(i) && !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()),
        },
        Form::Rating => raw == "n/a" || (raw.len() == 1 && int(raw)),
    }
}

/// The written text when the value at `loc` is not in `form` (or carries a tag); None when
/// it is canonical or its position is unknown.
pub fn non_canonical(src: &str, loc: Loc, form: Form) -> Option<String> {
    let (raw, tagged) = written(src, loc)?;
    (tagged || !is_canonical(raw, form)).then(|| {
        if tagged {
            let line_start = src[..loc.offset.unwrap_or(0)]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let before = src[line_start..loc.offset.unwrap_or(0)].trim_end();
            let tag = before
                .rsplit([' ', '\t', '[', '{', ','])
                .next()
                .unwrap_or("");
            format!("{tag} {raw}")
        } else {
            raw.to_owned()
        }
    })
}

/// A decimal written in [`Form::Decimal`] as an exact count of ten-thousandths, or None when
/// it has more than four decimals (or is not a plain decimal).
pub fn permyriad(raw: &str) -> Option<u64> {
    if !is_canonical(raw, Form::Decimal) {
        return None;
    }
    let (i, f) = raw.split_once('.').unwrap_or((raw, ""));
    if f.len() > 4 || i.len() > 6 {
        return None;
    }
    let frac: u64 = format!("{f:0<4}").parse().ok()?;
    Some(i.parse::<u64>().ok()? * 10_000 + frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc_of(src: &str, needle: &str) -> Loc {
        let off = src.find(needle).unwrap();
        Loc {
            line: 1,
            column: 1,
            offset: Some(off),
            len: needle.len(),
        }
    }

    #[test]
    fn canonical_forms() {
        for ok in ["0", "3", "12"] {
            assert!(is_canonical(ok, Form::Int), "{ok}");
        }
        for bad in ["\"3\"", "' 3'", "0x3", "+3", "03", "3.0", "-1", "", "3 "] {
            assert!(!is_canonical(bad, Form::Int), "{bad}");
        }
        for ok in ["1", "0.8", "0.6667", "1.0"] {
            assert!(is_canonical(ok, Form::Decimal), "{ok}");
        }
        for bad in ["8e-1", ".8", "\"0.8\"", "+0.8", "0.", "00.8"] {
            assert!(!is_canonical(bad, Form::Decimal), "{bad}");
        }
        for ok in ["0", "5", "n/a"] {
            assert!(is_canonical(ok, Form::Rating), "{ok}");
        }
        for bad in ["N/A", "na", "\"n/a\"", "\"3\"", "03", "6x"] {
            assert!(!is_canonical(bad, Form::Rating), "{bad}");
        }
    }

    #[test]
    fn tags_are_seen() {
        let src = "a: !!int 3\n";
        assert_eq!(
            non_canonical(src, loc_of(src, "3"), Form::Int).as_deref(),
            Some("!!int 3")
        );
        let src = "a: 3\n";
        assert_eq!(non_canonical(src, loc_of(src, "3"), Form::Int), None);
        assert_eq!(non_canonical(src, Loc::default(), Form::Int), None);
    }

    #[test]
    fn permyriad_is_exact_to_four_decimals() {
        assert_eq!(permyriad("0.8"), Some(8000));
        assert_eq!(permyriad("1"), Some(10_000));
        assert_eq!(permyriad("0.6667"), Some(6667));
        assert_eq!(permyriad("0.0001"), Some(1));
        assert_eq!(permyriad("0.66666"), None);
        assert_eq!(permyriad("0.80004"), None);
        assert_eq!(permyriad("8e-1"), None);
    }
}
