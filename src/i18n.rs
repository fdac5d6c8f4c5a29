//! Languages of the user interface: German and English, chosen by `--lang` or the locale.

use std::fmt;

use crate::model::Text;

/// A language of messages, tables and prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    /// Deutsch
    #[default]
    De,
    /// English
    En,
}

impl Lang {
    /// The language code used in checklist texts (`de`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The language the locale asks for: the first of LC_ALL, LC_MESSAGES and LANG that is
    /// set and non-empty decides; `de*` gives German, anything else English.
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(var).filter(|v| !v.is_empty()) {
                return if v.starts_with("de") {
                    Lang::De
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }

    /// Picks the German or the English text.
    pub fn pick<T>(self, de: T, en: T) -> T {
        match self {
            Lang::De => de,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Formats a message in the chosen language: `tr!(lang, "deutsch {x}", "english {x}")`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $de:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::i18n::Lang::De => format!($de $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
}

/// A bilingual text in `lang`, with the one language fallback ([`Text::get`]); "" when there
/// is none.
pub fn text_in(text: &Text, lang: Lang) -> &str {
    text.get(lang.code())
}

// Numbers as text: the one place that decides how a number looks in each language, so that
// `score`, `gate`, `explain`, `assess` and every report show the same figure the same way.
// Decimal separator: comma in German, point in English. Per cent: the number, a space, `%`
// in both languages (ISO 80000-1 style: `66 %`).

/// The decimal digits of a whole number, written into `buf` without allocating (the same in
/// every language: no grouping): for hot loops that build text byte by byte.
pub fn digits(n: u64, buf: &mut [u8; 20]) -> &str {
    let (mut at, mut m) = (buf.len(), n);
    loop {
        at -= 1;
        // m % 10 < 10: the cast cannot truncate.
        buf[at] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// A decimal as the scoring module shows it (`2.4`, `0.8`) in `lang`'s notation (`2,4`).
pub fn decimal_text(shown: &str, lang: Lang) -> String {
    match lang {
        Lang::De => shown.replace('.', ","),
        Lang::En => shown.to_owned(),
    }
}

/// A value with one decimal in `lang`'s notation (2.46 → `2.5` / `2,5`).
pub fn decimal(v: f64, lang: Lang) -> String {
    decimal_text(&format!("{v:.1}"), lang)
}

/// An index in tenths in `lang`'s notation (27 → `2.7` / `2,7`).
pub fn tenths_text(tenths: u32, lang: Lang) -> String {
    let sep = lang.pick(',', '.');
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

/// A percentage: `66 %` in both languages.
pub fn percent(p: u32, _lang: Lang) -> String {
    format!("{p} %")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_the_display_of_the_number() {
        for n in [0, 7, 10, 99, 4_294_967_295, u64::MAX] {
            assert_eq!(digits(n, &mut [0; 20]), n.to_string());
        }
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn locale_decides_language() {
        assert_eq!(Lang::from_locale(env(&[("LANG", "de_DE.UTF-8")])), Lang::De);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_GB.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "de_DE.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "de_AT.UTF-8")])),
            Lang::De
        );
    }

    #[test]
    fn tr_picks_language() {
        let n = 3;
        assert_eq!(tr!(Lang::De, "{n} Fehler", "{n} errors"), "3 Fehler");
        assert_eq!(tr!(Lang::En, "{n} Fehler", "{n} errors"), "3 errors");
    }

    #[test]
    fn numbers_follow_language() {
        assert_eq!(decimal(2.46, Lang::En), "2.5");
        assert_eq!(decimal(2.4, Lang::De), "2,4");
        assert_eq!(decimal_text("0.8", Lang::De), "0,8");
        assert_eq!(tenths_text(27, Lang::De), "2,7");
        assert_eq!(tenths_text(27, Lang::En), "2.7");
        assert_eq!(percent(80, Lang::De), "80 %");
        assert_eq!(percent(66, Lang::En), "66 %");
    }
}
