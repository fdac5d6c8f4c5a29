//! Reading two assessment files of the same set for the commands that put them side by side
//! (`agree`, `report --audit`; meant for `compare` too): each is read and checked against the
//! active set exactly as `score` does, both must name the same set id, and different
//! organisations or set versions are warned about.

use std::path::Path;

use super::context::{Ctx, Failure};
use crate::assessment::{self, AssessmentFile, FileError, ReadFile};
use crate::diag::Findings;
use crate::i18n::Lang;
use crate::model::ChecklistSet;
use crate::scoring::ScoreResult;
use crate::tr;

/// One of the two files, read, checked and scored.
pub struct Loaded {
    /// The name used in messages.
    pub name: String,
    /// The parsed file.
    pub file: AssessmentFile,
    /// Its score against the active set (as `score` computes it).
    pub score: ScoreResult,
}

/// Two files of the same set, and the set.
pub struct Pair {
    /// The active set.
    pub set: ChecklistSet,
    /// The first file (A).
    pub a: Loaded,
    /// The second file (B).
    pub b: Loaded,
}

/// Reads and parses one file (no check yet).
fn parse_one(ctx: &Ctx, path: &Path) -> Result<(String, (ReadFile, Findings)), Failure> {
    let name = path.display().to_string();
    let r = assessment::read_for_check(path, ctx.lang).map_err(|e| failure(e, &name, ctx.lang))?;
    Ok((name, r))
}

/// Why a file cannot be compared, as a failure.
fn failure(e: FileError<Failure>, name: &str, lang: Lang) -> Failure {
    match e {
        FileError::Unusable(m) => Failure::Usage(m),
        FileError::Unreadable(f) => Failure::Findings(f, String::new()),
        FileError::Invalid(f) => Failure::Findings(
            f,
            tr!(
                lang,
                "{name}: Die Bewertungsdatei ist ungültig; es wurde nichts verglichen.",
                "{name}: the assessment file is invalid; nothing was compared."
            ),
        ),
        FileError::Set(e) => e,
    }
}

/// Checks a parsed file against the set exactly as `score` does and scores it.
fn check_one(
    ctx: &mut Ctx,
    set: &ChecklistSet,
    (name, r): (String, (ReadFile, Findings)),
) -> Result<Loaded, Failure> {
    let lang = ctx.lang;
    let c =
        assessment::check_read(r, &name, set, lang, false).map_err(|e| failure(e, &name, lang))?;
    let score = super::score::score_checked(ctx, set, &c, None);
    Ok(Loaded {
        name,
        file: c.file,
        score,
    })
}

/// Reads both files, checks each against the active set and scores it. Both must name the
/// same set id (usage error naming both ids otherwise); a different organisation or set version
/// is a warning on stderr (unless `--quiet`).
pub fn read_pair(ctx: &mut Ctx, a: &Path, b: &Path) -> Result<Pair, Failure> {
    let lang = ctx.lang;
    let pa = parse_one(ctx, a)?;
    let pb = parse_one(ctx, b)?;
    // The two files against each other first: a different set id is named with both ids.
    let (sa, sb) = (&pa.1.0.file.set, &pb.1.0.file.set);
    if sa.id.value != sb.id.value {
        return Err(Failure::Usage(tr!(
            lang,
            "{} gehört zum Set `{}`, {} zum Set `{}`: nur Bewertungen desselben Sets lassen sich vergleichen.",
            "{} belongs to the set `{}`, {} to the set `{}`: only assessments of the same set can be compared.",
            pa.0,
            sa.id.value,
            pb.0,
            sb.id.value
        )));
    }
    let set = ctx.load_set()?;
    let a = check_one(ctx, &set, pa)?;
    let b = check_one(ctx, &set, pb)?;
    let (sa, sb) = (&a.file.set, &b.file.set);
    if !ctx.quiet {
        if sa.version.value != sb.version.value {
            ctx.note(&tr!(
                lang,
                "Warnung: {} nennt Set-Version {}, {} Version {}; beide werden mit dem aktiven Set {} berechnet.",
                "warning: {} names set version {}, {} version {}; both are scored with the active set {}.",
                a.name,
                sa.version.value,
                b.name,
                sb.version.value,
                set.manifest.version.value
            ));
        }
        if a.file.organisation.value != b.file.organisation.value {
            ctx.note(&tr!(
                lang,
                "Warnung: verschiedene Organisationen: „{}“ ({}) und „{}“ ({}).",
                "warning: different organisations: “{}” ({}) and “{}” ({}).",
                a.file.organisation.value,
                a.name,
                b.file.organisation.value,
                b.name
            ));
        }
    }
    Ok(Pair { set, a, b })
}
