//! The built-in report templates, compiled once when the binary is built (build.rs parses
//! reports/*.hbs with handlebars itself, see src/report/precompile.rs) and rendered here from the
//! report model without parsing anything at run time. The renderer follows handlebars' rules
//! for the subset the templates use (paths with `../` and `@root`, `@index`/`@first`/`@last`,
//! `if`/`unless` with `includeZero`, `each` with `else`, `or`, `len`, partials, escaping, strict
//! mode), so the output is byte for byte what handlebars renders from the same templates
//! (tests/cli/report.rs compares both on the example, the fixtures and generated assessments). Whatever it does not know
//! at run time (a missing value, which strict handlebars refuses) it hands back as
//! [`Unsupported`], and the caller renders with handlebars instead.
//!
//! The model is first serialised (serde, as handlebars would see it) into a compact tree whose
//! texts live in one buffer, so rendering borrows and never copies or clones it.

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::TemplateFormat;

/// A node of a compiled template.
pub(super) enum N {
    /// Text as it stands (whitespace control already applied).
    Raw(&'static str),
    /// `{{path}}`, `{{len path}}` (escaped) or `{{{path}}}` (not escaped).
    Out { e: E, escape: bool },
    /// `{{#if c}}` (positive) or `{{#unless c}}`, with `{{else}}`.
    If {
        c: C,
        zero: bool,
        positive: bool,
        then: &'static [N],
        other: &'static [N],
    },
    /// `{{#each p}}`, with `{{else}}` when `other` is set.
    Each {
        p: P,
        body: &'static [N],
        other: Option<&'static [N]>,
    },
    /// `{{> name}}`.
    Partial(&'static [N]),
}

/// What an output node writes.
pub(super) enum E {
    Path(P),
    Len(P),
}

/// The condition of `if`/`unless`.
pub(super) enum C {
    Path(P),
    Or(&'static [P]),
}

/// A path: a local variable of the block `level` up, or names from the current block's value,
/// from the block `up` levels up, or from the root.
pub(super) enum P {
    Local {
        level: usize,
        name: &'static str,
    },
    Rel {
        up: usize,
        root: bool,
        /// Each name with its slot (`SLOTS`): where it was found last time.
        names: &'static [(&'static str, usize)],
    },
}

include!(concat!(env!("OUT_DIR"), "/report_templates.rs"));

/// Why the compiled renderer declined: the caller renders with handlebars, which gives the
/// exact output or error.
#[derive(Debug)]
pub(super) struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not renderable by the compiled templates")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

/// Renders the built-in template of `format` from `data` (the report model).
pub(super) fn render<T: Serialize>(
    data: &T,
    format: TemplateFormat,
) -> Result<String, Unsupported> {
    // All texts of a report, less than its JSON (the example's: 210 KB): mostly one allocation.
    let mut text = String::with_capacity(1 << 18);
    let root = data.serialize(Ser { text: &mut text })?;
    let (nodes, escape): (&[N], fn(&mut String, &str)) = match format {
        TemplateFormat::Md => (REPORT_MD, super::escape::markdown_into),
        TemplateFormat::Html => (REPORT_HTML, super::escape::html_into),
    };
    let mut r = Renderer {
        text: &text,
        root: &root,
        escape,
        hints: vec![std::cell::Cell::new(0); SLOTS],
        stack: vec![Frame {
            base: Some(&root),
            locals: Locals::default(),
        }],
        out: String::with_capacity(1 << 18),
    };
    r.nodes(nodes)?;
    Ok(r.out)
}

// ---------------------------------------------------------------------------------------------
// The data tree.

/// A value as serde_json would hold it; texts are ranges of the tree's buffer.
#[derive(Debug)]
enum V {
    Null,
    Bool(bool),
    /// A number: its value (for truthiness) and its text as serde_json writes it.
    Num(f64, u32, u32),
    Str(u32, u32),
    Arr(Vec<V>),
    /// Fields in serialisation order (keys as ranges), and whether that order is sorted by key
    /// (a map such as the labels: looked up by binary search); `each` visits them sorted, as
    /// serde_json's map does.
    Obj(Vec<(u32, u32, V)>, bool),
}

/// `s` appended to the buffer: its range. Past 4 GiB of text the tree declines (handlebars then
/// renders).
fn span(text: &mut String, s: &str) -> Result<(u32, u32), Unsupported> {
    let a = u32::try_from(text.len()).map_err(|_| Unsupported)?;
    text.push_str(s);
    let b = u32::try_from(text.len()).map_err(|_| Unsupported)?;
    Ok((a, b))
}

struct Ser<'t> {
    text: &'t mut String,
}

impl<'t> Ser<'t> {
    /// An integer: its digits, and its value as the nearest double (what parsing those digits
    /// gives: both round to nearest, ties to even).
    fn int(self, v: impl std::fmt::Display + Into<i128>) -> Result<V, Unsupported> {
        use std::fmt::Write;
        let start = self.text.len();
        let _ = write!(self.text, "{v}");
        let f = v.into() as f64;
        let a = u32::try_from(start).map_err(|_| Unsupported)?;
        let b = u32::try_from(self.text.len()).map_err(|_| Unsupported)?;
        Ok(V::Num(f, a, b))
    }
}

impl<'t> ser::Serializer for Ser<'t> {
    type Ok = V;
    type Error = Unsupported;
    type SerializeSeq = Seq<'t>;
    type SerializeTuple = Seq<'t>;
    type SerializeTupleStruct = Seq<'t>;
    type SerializeTupleVariant = Impossible<V, Unsupported>;
    type SerializeMap = Map<'t>;
    type SerializeStruct = Map<'t>;
    type SerializeStructVariant = Impossible<V, Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<V, Unsupported> {
        Ok(V::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<V, Unsupported> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<V, Unsupported> {
        // As serde_json: within the 64-bit range a number, else refused.
        if let Ok(u) = u64::try_from(v) {
            self.int(u)
        } else if let Ok(i) = i64::try_from(v) {
            self.int(i)
        } else {
            Err(Unsupported)
        }
    }
    fn serialize_u128(self, v: u128) -> Result<V, Unsupported> {
        match u64::try_from(v) {
            Ok(u) => self.int(u),
            Err(_) => Err(Unsupported),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<V, Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<V, Unsupported> {
        // serde_json keeps a non-finite number as null.
        match serde_json::Number::from_f64(v) {
            Some(n) => {
                let (a, b) = span(self.text, &n.to_string())?;
                Ok(V::Num(v, a, b))
            }
            None => Ok(V::Null),
        }
    }
    fn serialize_char(self, v: char) -> Result<V, Unsupported> {
        let (a, b) = span(self.text, v.encode_utf8(&mut [0; 4]))?;
        Ok(V::Str(a, b))
    }
    fn serialize_str(self, v: &str) -> Result<V, Unsupported> {
        let (a, b) = span(self.text, v)?;
        Ok(V::Str(a, b))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<V, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<V, Unsupported> {
        Ok(V::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<V, Unsupported> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<V, Unsupported> {
        Ok(V::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<V, Unsupported> {
        Ok(V::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<V, Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<V, Unsupported> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<V, Unsupported> {
        let (a, b) = span(self.text, variant)?;
        let inner = v.serialize(Ser { text: self.text })?;
        Ok(V::Obj(vec![(a, b, inner)], true))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'t>, Unsupported> {
        Ok(Seq {
            text: self.text,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'t>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'t>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'t>, Unsupported> {
        Ok(Map {
            text: self.text,
            fields: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'t>, Unsupported> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

struct Seq<'t> {
    text: &'t mut String,
    items: Vec<V>,
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = V;
    type Error = Unsupported;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Unsupported> {
        self.items.push(v.serialize(Ser { text: self.text })?);
        Ok(())
    }
    fn end(self) -> Result<V, Unsupported> {
        Ok(V::Arr(self.items))
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = V;
    type Error = Unsupported;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<V, Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = V;
    type Error = Unsupported;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<V, Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

struct Map<'t> {
    text: &'t mut String,
    fields: Vec<(u32, u32, V)>,
    key: Option<(u32, u32)>,
}

impl Map<'_> {
    /// A map's entry (a struct's fields are unique and go in directly).
    fn insert(&mut self, a: u32, b: u32, v: V) {
        // A key given twice keeps the later value, as serde_json's map does.
        let k = &self.text[a as usize..b as usize];
        let text = &*self.text;
        if let Some(slot) = self
            .fields
            .iter_mut()
            .find(|(x, y, _)| &text[*x as usize..*y as usize] == k)
        {
            slot.2 = v;
        } else {
            self.fields.push((a, b, v));
        }
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = V;
    type Error = Unsupported;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Unsupported> {
        match k.serialize(Ser { text: self.text })? {
            V::Str(a, b) => {
                self.key = Some((a, b));
                Ok(())
            }
            _ => Err(Unsupported),
        }
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Unsupported> {
        let (a, b) = self.key.take().ok_or(Unsupported)?;
        let v = v.serialize(Ser { text: self.text })?;
        self.insert(a, b, v);
        Ok(())
    }
    fn end(self) -> Result<V, Unsupported> {
        let text = &*self.text;
        let key = |f: &(u32, u32, V)| &text[f.0 as usize..f.1 as usize];
        let sorted = self.fields.is_sorted_by(|x, y| key(x) < key(y));
        Ok(V::Obj(self.fields, sorted))
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = V;
    type Error = Unsupported;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Unsupported> {
        let (a, b) = span(self.text, key)?;
        let v = v.serialize(Ser { text: self.text })?;
        self.fields.push((a, b, v));
        Ok(())
    }
    fn end(self) -> Result<V, Unsupported> {
        let text = &*self.text;
        let key = |f: &(u32, u32, V)| &text[f.0 as usize..f.1 as usize];
        let sorted = self.fields.is_sorted_by(|x, y| key(x) < key(y));
        Ok(V::Obj(self.fields, sorted))
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering.

/// The local variables of an `each` block.
#[derive(Clone, Copy, Default)]
struct Locals<'a> {
    index: Option<usize>,
    first: bool,
    last: bool,
    key: Option<&'a str>,
}

/// A block context as handlebars keeps it: the value paths resolve against, and the locals.
struct Frame<'a> {
    base: Option<&'a V>,
    locals: Locals<'a>,
}

/// A resolved value: from the tree, or a local variable.
#[derive(Clone, Copy)]
enum Val<'a> {
    Missing,
    Tree(&'a V),
    Index(usize),
    Flag(bool),
    Key(&'a str),
}

struct Renderer<'a> {
    text: &'a str,
    root: &'a V,
    escape: fn(&mut String, &str),
    /// Per name of a path, the position in its object where it was found last.
    hints: Vec<std::cell::Cell<u32>>,
    /// Innermost block last.
    stack: Vec<Frame<'a>>,
    out: String,
}

impl<'a> Renderer<'a> {
    fn str(&self, a: u32, b: u32) -> &'a str {
        &self.text[a as usize..b as usize]
    }

    /// The block `level` levels out from the innermost.
    fn frame(&self, level: usize) -> Option<&Frame<'a>> {
        self.stack
            .len()
            .checked_sub(level + 1)
            .map(|i| &self.stack[i])
    }

    fn resolve(&self, p: &P) -> Result<Val<'a>, Unsupported> {
        match p {
            P::Local { level, name } => {
                let Some(f) = self.frame(*level) else {
                    return Ok(Val::Missing);
                };
                let l = f.locals;
                Ok(match (*name, l.index) {
                    (_, None) => Val::Missing,
                    ("index", Some(i)) => Val::Index(i),
                    ("first", Some(_)) => Val::Flag(l.first),
                    ("last", Some(_)) => Val::Flag(l.last),
                    ("key", _) => l.key.map_or(Val::Missing, Val::Key),
                    _ => Val::Missing,
                })
            }
            P::Rel { up, root, names } => {
                let base = if *up > 0 {
                    // handlebars: the block `up` levels out, else the innermost.
                    self.frame(*up)
                        .or_else(|| self.frame(0))
                        .and_then(|f| f.base)
                } else if *root {
                    Some(self.root)
                } else {
                    self.frame(0).and_then(|f| f.base)
                };
                let mut v = base;
                for (n, slot) in *names {
                    v = match v {
                        Some(V::Arr(items)) => {
                            let i: usize = n.parse().map_err(|_| Unsupported)?;
                            items.get(i)
                        }
                        Some(V::Obj(fields, sorted)) => self.field(fields, *sorted, n, *slot),
                        _ => None,
                    };
                }
                Ok(v.map_or(Val::Missing, Val::Tree))
            }
        }
    }

    /// The field `n` of an object: first where this name was found last time, else by search.
    fn field(
        &self,
        fields: &'a [(u32, u32, V)],
        sorted: bool,
        n: &str,
        slot: usize,
    ) -> Option<&'a V> {
        let hint = &self.hints[slot];
        if let Some((a, b, x)) = fields.get(hint.get() as usize)
            && self.str(*a, *b) == n
        {
            return Some(x);
        }
        let at = if sorted {
            fields
                .binary_search_by(|(a, b, _)| self.str(*a, *b).cmp(n))
                .ok()
        } else {
            fields.iter().position(|(a, b, _)| self.str(*a, *b) == n)
        }?;
        hint.set(at as u32);
        Some(&fields[at].2)
    }

    fn truthy(&self, v: Val<'a>, zero: bool) -> bool {
        match v {
            Val::Missing => false,
            Val::Index(i) => zero || i != 0,
            Val::Flag(b) => b,
            Val::Key(s) => !s.is_empty(),
            Val::Tree(t) => match t {
                V::Null => false,
                V::Bool(b) => *b,
                V::Num(f, _, _) => {
                    if zero {
                        !f.is_nan()
                    } else {
                        f.is_normal()
                    }
                }
                V::Str(a, b) => a != b,
                V::Arr(items) => !items.is_empty(),
                V::Obj(fields, _) => !fields.is_empty(),
            },
        }
    }

    /// handlebars' `JsonRender`.
    fn render_value(&self, v: &V, out: &mut String) {
        match v {
            V::Null => {}
            V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            V::Num(_, a, b) | V::Str(a, b) => out.push_str(self.str(*a, *b)),
            V::Arr(items) => {
                out.push('[');
                for (i, x) in items.iter().enumerate() {
                    self.render_value(x, out);
                    if i + 1 < items.len() {
                        out.push_str(", ");
                    }
                }
                out.push(']');
            }
            V::Obj(..) => out.push_str("[object]"),
        }
    }

    fn write(&mut self, s: &str, escape: bool) {
        if escape {
            (self.escape)(&mut self.out, s);
        } else {
            self.out.push_str(s);
        }
    }

    fn nodes(&mut self, nodes: &'static [N]) -> Result<(), Unsupported> {
        for n in nodes {
            match n {
                N::Raw(s) => self.out.push_str(s),
                N::Out { e, escape } => match e {
                    E::Path(p) => match self.resolve(p)? {
                        // Strict mode: handlebars refuses a missing value.
                        Val::Missing => return Err(Unsupported),
                        Val::Tree(V::Str(a, b)) => {
                            let s = self.str(*a, *b);
                            self.write(s, *escape);
                        }
                        Val::Tree(v) => {
                            let mut s = String::new();
                            self.render_value(v, &mut s);
                            self.write(&s, *escape);
                        }
                        Val::Index(i) => self.write(&i.to_string(), *escape),
                        Val::Flag(b) => self.write(if b { "true" } else { "false" }, *escape),
                        Val::Key(k) => self.write(k, *escape),
                    },
                    E::Len(p) => {
                        let len = match self.resolve(p)? {
                            Val::Missing => return Err(Unsupported),
                            Val::Tree(V::Arr(items)) => items.len(),
                            Val::Tree(V::Obj(fields, _)) => fields.len(),
                            Val::Tree(V::Str(a, b)) => (b - a) as usize,
                            Val::Key(k) => k.len(),
                            _ => 0,
                        };
                        self.write(&len.to_string(), *escape);
                    }
                },
                N::If {
                    c,
                    zero,
                    positive,
                    then,
                    other,
                } => {
                    let value = match c {
                        C::Path(p) => {
                            let v = self.resolve(p)?;
                            self.truthy(v, *zero)
                        }
                        C::Or(ps) => {
                            let mut any = false;
                            for p in *ps {
                                let v = self.resolve(p)?;
                                any |= self.truthy(v, false);
                            }
                            // `or` gives a boolean; `includeZero` does not change it.
                            any
                        }
                    };
                    self.nodes(if value == *positive { then } else { other })?;
                }
                N::Each { p, body, other } => self.each(p, body, *other)?,
                N::Partial(nodes) => {
                    // handlebars pushes a block with the current value and the locals.
                    let f = self.frame(0).ok_or(Unsupported)?;
                    let frame = Frame {
                        base: f.base,
                        locals: f.locals,
                    };
                    self.stack.push(frame);
                    self.nodes(nodes)?;
                    self.stack.pop();
                }
            }
        }
        Ok(())
    }

    fn each(
        &mut self,
        p: &P,
        body: &'static [N],
        other: Option<&'static [N]>,
    ) -> Result<(), Unsupported> {
        let v = self.resolve(p)?;
        match v {
            Val::Tree(V::Arr(items)) if !items.is_empty() || other.is_none() => {
                let len = items.len();
                for (i, item) in items.iter().enumerate() {
                    self.stack.push(Frame {
                        base: Some(item),
                        locals: Locals {
                            index: Some(i),
                            first: i == 0,
                            last: i + 1 == len,
                            key: None,
                        },
                    });
                    let r = self.nodes(body);
                    self.stack.pop();
                    r?;
                }
                Ok(())
            }
            Val::Tree(V::Obj(fields, is_sorted)) if !fields.is_empty() || other.is_none() => {
                let mut sorted: Vec<&(u32, u32, V)> = fields.iter().collect();
                if !is_sorted {
                    sorted.sort_by(|x, y| self.str(x.0, x.1).cmp(self.str(y.0, y.1)));
                }
                let len = sorted.len();
                for (i, (a, b, item)) in sorted.into_iter().enumerate() {
                    let key = self.str(*a, *b);
                    self.stack.push(Frame {
                        base: Some(item),
                        locals: Locals {
                            index: Some(i),
                            first: i == 0,
                            last: i + 1 == len,
                            key: Some(key),
                        },
                    });
                    let r = self.nodes(body);
                    self.stack.pop();
                    r?;
                }
                Ok(())
            }
            _ => match other {
                Some(o) => self.nodes(o),
                // Strict mode: handlebars refuses `each` over anything else.
                None => Err(Unsupported),
            },
        }
    }
}
