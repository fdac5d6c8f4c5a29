//! A seeded generator of realistic assessment files for tests and benchmarks (behind the
//! `testing` feature): organisations of several segments with plausible rating
//! distributions per field, notes, evidence, n/a with justifications, open questions and
//! actions with owners. Every user text carries a unique canary (`CANARY-…`) so tests can
//! prove that no such text reaches an aggregate.

use crate::assessment::{
    Action, ActionStatus, Answer, AssessmentFile, Method, MethodKind, Rating, SetRef, to_yaml,
};
use crate::model::{ChecklistSet, FORMAT_VERSION, Sp};

/// A small, fast, seeded random source (SplitMix64); the same seed gives the same files on
/// every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal (sum of three uniforms), mean 0, standard deviation about `sd`.
    pub fn normal(&mut self, sd: f64) -> f64 {
        (self.unit() + self.unit() + self.unit() - 1.5) * 2.0 * sd
    }
}

/// The segments the generator draws from, with their share in per mille and a bias of the
/// maturity (small municipalities lower, Land authorities higher).
pub const SEGMENT_MIX: [(&str, u64, f64); 5] = [
    ("Gemeinde < 10.000 EW", 700, -0.5),
    ("Gemeinde ≥ 10.000 EW", 180, 0.0),
    ("Landkreis", 60, 0.4),
    ("kreisfreie Stadt", 30, 0.5),
    ("Landesbehörde", 30, 0.7),
];

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Seed of the whole run.
    pub seed: u64,
    /// A fixed segment for every file (`Some(None)`: no `segment:`); `None`: drawn from
    /// [`SEGMENT_MIX`].
    pub segment: Option<Option<String>>,
    /// Share of provisional files (some questions open), 0–1.
    pub provisional: f64,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 1,
            segment: None,
            provisional: 0.1,
        }
    }
}

/// The organisation name of file `i` (1-based): `Gemeinde 0001`, …
pub fn org_name(i: u64) -> String {
    format!("Gemeinde {i:04}")
}

/// The canary text of kind `what` in file `i`, answer `q`: unique over a run.
pub fn canary(what: &str, i: u64, q: &str) -> String {
    format!("CANARY-{what}-{i:05}-{q}")
}

const FILLER: &str = "Umsetzung mit Fachamt und IT-Dienstleister abgestimmt; Nachweise in der E-Akte abgelegt, Wiedervorlage zum Jahresende.";

/// The assessment of organisation `i` (1-based) against `set`, as the parsed value.
pub fn assessment(set: &ChecklistSet, i: u64, o: &GenOptions) -> AssessmentFile {
    let mut rng = Rng::new(o.seed.wrapping_mul(1_000_003).wrapping_add(i));
    let segment = match &o.segment {
        Some(s) => s.clone(),
        None => {
            let mut x = rng.below(1000);
            let mut pick = SEGMENT_MIX[0].0;
            for (s, share, _) in SEGMENT_MIX {
                if x < share {
                    pick = s;
                    break;
                }
                x -= share;
            }
            Some(pick.to_owned())
        }
    };
    let bias = SEGMENT_MIX
        .iter()
        .find(|(s, _, _)| segment.as_deref() == Some(*s))
        .map_or(0.0, |x| x.2);
    let capability = 2.8 + bias + rng.normal(0.8);
    let provisional = rng.unit() < o.provisional;
    let open_share = if provisional {
        0.05 + 0.15 * rng.unit()
    } else {
        0.0
    };
    let m = &set.manifest;
    let mut answers = Vec::new();
    for (fi, f) in set.fields.iter().enumerate() {
        // Fields differ: some are commonly weaker (a fixed pattern per position).
        let field_offset = [0.3, 0.5, 0.0, -0.3, -0.6, -0.2, -0.8, 0.1][fi % 8] + rng.normal(0.5);
        for q in f.questions.iter() {
            let id = q.id.value.clone();
            if rng.unit() < open_share {
                continue;
            }
            let na = rng.unit() < 0.03;
            let r = (capability + field_offset + rng.normal(0.7)).round();
            let r = r.clamp(0.0, 5.0) as u8;
            let rating = if na {
                Rating::NotApplicable
            } else {
                Rating::Level(r)
            };
            let note = (rng.unit() < 0.45).then(|| {
                Sp::new(format!(
                    "{} {} {}",
                    canary("note", i, &id),
                    org_name(i),
                    &FILLER[..20 + rng.below(40) as usize]
                ))
            });
            let evidence = (rng.unit() < 0.25).then(|| {
                Sp::new(format!(
                    "{} Dienstanweisung IS-{:02}",
                    canary("evidence", i, &id),
                    rng.below(40)
                ))
            });
            let justification = na.then(|| {
                Sp::new(format!(
                    "{} trifft nicht zu",
                    canary("justification", i, &id)
                ))
            });
            let action = (!na && r < 3 && rng.unit() < 0.5).then(|| Action {
                owner: Some(Sp::new(canary("owner", i, &id))),
                due: Some(Sp::new(format!("2027-{:02}-15", 1 + rng.below(12)))),
                status: Sp::new(ActionStatus::Open),
                effort: None,
            });
            answers.push(Answer {
                id: Sp::new(id),
                rating: Sp::new(rating),
                justification,
                note,
                evidence,
                action,
                disputed: None,
            });
        }
    }
    let profile = ["basis", "standard", "standard", "standard", "messbar"][rng.below(5) as usize];
    let profile = if set.profile(profile).is_some() {
        profile.to_owned()
    } else {
        m.profiles
            .first()
            .map(|p| p.id.value.clone())
            .unwrap_or_default()
    };
    let day = 1 + rng.below(28);
    let month = 1 + rng.below(11);
    AssessmentFile {
        format: Sp::new(FORMAT_VERSION),
        classification: Some(Sp::new("TLP:AMBER".to_owned())),
        set: SetRef {
            id: Sp::new(m.id.value.clone()),
            version: Sp::new(m.version.value.clone()),
            sha256: Sp::new(set.sha256.clone()),
        },
        organisation: Sp::new(org_name(i)),
        assessor: Some(Sp::new(canary("assessor", i, "x"))),
        scope: Some(Sp::new(canary("scope", i, "x"))),
        segment: segment.map(Sp::new),
        method: Some(Method {
            kind: Sp::new(MethodKind::Interview),
            evidence_sighted: Sp::new(crate::assessment::Flag::Bool(true)),
            note: Some(Sp::new(canary("method", i, "x"))),
        }),
        profile: Sp::new(profile),
        created: Some(Sp::new(format!("2026-{month:02}-{day:02}"))),
        updated: Some(Sp::new(format!("2026-{:02}-{day:02}", month + 1))),
        position: None,
        answers,
        vanished: Vec::new(),
        signoffs: Vec::new(),
    }
}

/// The assessment of organisation `i` as the YAML text `assess` would write.
pub fn assessment_yaml(set: &ChecklistSet, i: u64, o: &GenOptions) -> String {
    to_yaml(&assessment(set, i, o))
}
