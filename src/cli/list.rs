//! The `list` command: the fields of action of the active set, or the questions of one field,
//! as a table.

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::table::{new_table, render};
use crate::tr;

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Nur die Fragen dieses Handlungsfeldes, per Id oder Nummer (only this field's questions;
    /// its id or number)
    #[arg(long, value_name = "ID|NR")]
    pub field: Option<String>,
}

/// `cyberkompass list`.
pub fn run(ctx: &mut Ctx, a: ListArgs) -> CmdResult {
    let set = ctx.load_set()?;
    let lang = ctx.lang;
    let l = lang.code();
    let mut t = new_table(ctx.table_target());
    match a.field {
        None => {
            t.set_header(vec![
                "Nr.".to_owned(),
                "ID".to_owned(),
                tr!(lang, "Handlungsfeld", "Field of action"),
                tr!(lang, "Fragen", "Questions"),
                tr!(lang, "Gewicht", "Weight"),
            ]);
            for f in &set.fields {
                t.add_row(vec![
                    f.number.to_string(),
                    f.id.value.clone(),
                    f.title.get(l).to_owned(),
                    f.questions.len().to_string(),
                    f.weight.to_string(),
                ]);
            }
        }
        Some(id) => {
            let Some(f) = set.field_by_id_or_number(&id) else {
                let ids: Vec<&str> = set.fields.iter().map(|f| f.id.as_str()).collect();
                let hint = crate::diag::did_you_mean(&id, ids.iter().copied())
                    .map(|s| tr!(lang, " Meinten Sie `{s}`?", " Did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        tr!(
                            lang,
                            " Felder: {}",
                            " Fields: {}",
                            crate::diag::list_some(ids.iter().copied())
                        )
                    });
                return Err(Failure::Usage(tr!(
                    lang,
                    "unbekanntes Handlungsfeld `{id}`.{hint}",
                    "unknown field `{id}`.{hint}"
                )));
            };
            t.set_header(vec![
                "ID".to_owned(),
                tr!(lang, "Frage", "Question"),
                tr!(lang, "Gewicht", "Weight"),
                tr!(lang, "Kritisch", "Critical"),
            ]);
            for q in f.questions.iter() {
                t.add_row(vec![
                    q.id.value.clone(),
                    q.text.get(l).to_owned(),
                    q.weight.to_string(),
                    if q.critical {
                        tr!(lang, "ja", "yes")
                    } else {
                        String::new()
                    },
                ]);
            }
        }
    }
    ctx.print(&render(&t));
    ctx.discard((set, t));
    Ok(Outcome::Done)
}
