//! The JSON report: the report model written as pretty JSON, byte for byte what
//! `serde_json::to_string_pretty` writes (two-space indent, the same escapes, floats by zmij),
//! into one pre-sized buffer and with a string escaper that skips eight bytes at a time.
//! serde_json's pretty serializer was most of `report --format json`'s own work; the tests
//! compare the two on reports and on arbitrary JSON values.

use std::fmt::Write as _;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Why a value could not be written (a map key that is not a string, a number or a char; an
/// error of the value's own `Serialize`).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `value` as pretty JSON, with `capacity` bytes reserved up front.
pub fn to_string_pretty<T: Serialize + ?Sized>(
    value: &T,
    capacity: usize,
) -> Result<String, Error> {
    let mut w = Writer {
        out: String::with_capacity(capacity),
        indent: 0,
    };
    value.serialize(&mut w)?;
    Ok(w.out)
}

/// The output and the current depth.
struct Writer {
    out: String,
    indent: usize,
}

impl Writer {
    fn newline_indent(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    /// Opens an object or array; `empty`: closes it right away (`{}`, `[]`).
    fn open(&mut self, open: char, close: char, empty: bool) -> Compound<'_> {
        self.out.push(open);
        if empty {
            self.out.push(close);
        } else {
            self.indent += 1;
        }
        Compound {
            w: self,
            close,
            state: if empty { State::Closed } else { State::First },
            variant: false,
        }
    }

    /// Before the `first` or a later element of an array or key of an object.
    fn element(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        self.newline_indent();
    }

    fn string(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    fn display(&mut self, v: impl std::fmt::Display) {
        let _ = write!(self.out, "{v}");
    }

    /// `{"variant": ` of an enum's newtype, tuple or struct variant; closed by [`Self::close_variant`].
    fn open_variant(&mut self, variant: &str) {
        self.out.push('{');
        self.indent += 1;
        self.newline_indent();
        self.string(variant);
        self.out.push_str(": ");
    }

    fn close_variant(&mut self) {
        self.indent -= 1;
        self.newline_indent();
        self.out.push('}');
    }
}

/// Escapes `s` as a JSON string (with its quotes), like serde_json: `"`, `\`, and the C0
/// controls (`\b \t \n \f \r`, else `\u00xx`); everything else as it is.
fn escape_into(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    escape_content_into(out, s);
    out.push('"');
}

/// Appends `s` escaped as the inside of a JSON string (see [`escape_into`]; also for
/// `ci::write_gitlab`, whose descriptions are several texts in one string).
pub(crate) fn escape_content_into(out: &mut String, s: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The byte offset of the first byte of `w` (little-endian) below 0x20, `"` or `\`. Each
    /// test may also flag bytes above a true hit (a borrow), never below one, so the lowest
    /// flagged byte is exact.
    fn first_special(w: u64) -> Option<usize> {
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        let m = (w.wrapping_sub(ONES * 0x20) & !w & HIGH)
            | zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')));
        (m != 0).then(|| (m.trailing_zeros() / 8) as usize)
    }
    /// The escape of the special byte `c` (constant texts: the copies are inlined).
    fn escape(out: &mut String, c: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let short = match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(c >> 4)]));
                out.push(char::from(HEX[usize::from(c & 0xf)]));
                return;
            }
        };
        out.push_str(short);
    }
    let b = s.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        // Eight bytes at a time; the last few padded with a byte that needs no escape, so that
        // short texts (keys, most values) take one test instead of a byte loop.
        let w = match b.get(i..i + 8) {
            Some(chunk) => u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
            None => {
                let mut last = [b'a'; 8];
                last[..b.len() - i].copy_from_slice(&b[i..]);
                u64::from_le_bytes(last)
            }
        };
        match first_special(w) {
            None => i += 8,
            Some(k) => {
                let at = i + k;
                out.push_str(&s[start..at]);
                escape(out, b[at]);
                i = at + 1;
                start = i;
            }
        }
    }
    out.push_str(&s[start..]);
}

/// Where an array or object is.
#[derive(PartialEq)]
enum State {
    /// Opened, nothing written yet.
    First,
    /// Something written.
    Rest,
    /// Already closed (empty).
    Closed,
}

/// An open array or object.
struct Compound<'a> {
    w: &'a mut Writer,
    close: char,
    state: State,
    /// Inside an enum variant's object (closed after the array or object itself).
    variant: bool,
}

impl Compound<'_> {
    fn element(&mut self) {
        self.w.element(self.state == State::First);
        self.state = State::Rest;
    }

    fn end(self) {
        match self.state {
            State::Closed => {}
            State::First => {
                self.w.indent -= 1;
                self.w.out.push(self.close);
            }
            State::Rest => {
                self.w.indent -= 1;
                self.w.newline_indent();
                self.w.out.push(self.close);
            }
        }
        if self.variant {
            self.w.close_variant();
        }
    }

    fn key(&mut self, key: &str) {
        self.element();
        self.w.string(key);
        self.w.out.push_str(": ");
    }
}

impl<'a> ser::Serializer for &'a mut Writer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.display(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if v.is_finite() {
            self.out.push_str(zmij::Buffer::new().format_finite(v));
        } else {
            self.out.push_str("null");
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if v.is_finite() {
            self.out.push_str(zmij::Buffer::new().format_finite(v));
        } else {
            self.out.push_str("null");
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut c = self.open('[', ']', v.is_empty());
        for b in v {
            c.element();
            c.w.display(b);
        }
        c.end();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('[', ']', len == Some(0)))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        let mut c = self.open('[', ']', len == 0);
        c.variant = true;
        Ok(c)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.open('{', '}', len == Some(0)))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant);
        let mut c = self.open('{', '}', len == 0);
        c.variant = true;
        Ok(c)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element();
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.element();
        key.serialize(KeyWriter(&mut *self.w))?;
        self.w.out.push_str(": ");
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key);
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self);
        Ok(())
    }
}

/// A map key: a string as it is; a number, bool or char as a string, like serde_json.
struct KeyWriter<'a>(&'a mut Writer);

impl KeyWriter<'_> {
    fn quoted(self, v: impl std::fmt::Display) -> Result<(), Error> {
        let _ = write!(self.0.out, "\"{v}\"");
        Ok(())
    }
}

fn key_error() -> Error {
    Error("key must be a string".to_owned())
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same<T: Serialize + ?Sized>(v: &T) {
        let ours = to_string_pretty(v, 0).expect("ours");
        let theirs = serde_json::to_string_pretty(v).expect("serde_json");
        assert_eq!(ours, theirs);
    }

    #[derive(Serialize)]
    enum Kind {
        Unit,
        Newtype(u8),
        Tuple(u8, String),
        Struct { a: Vec<u8>, b: Option<f64> },
        EmptyTuple(),
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Empty {}

    #[derive(Serialize)]
    struct Unit;

    #[test]
    fn same_as_serde_json_for_every_kind_of_value() {
        same(&Kind::Unit);
        same(&Kind::Newtype(3));
        same(&Kind::Tuple(1, "x".into()));
        same(&Kind::Struct {
            a: vec![],
            b: Some(2.5),
        });
        same(&Kind::Struct {
            a: vec![1, 2],
            b: None,
        });
        same(&Kind::EmptyTuple());
        same(&Kind::EmptyStruct {});
        same(&vec![Kind::Unit, Kind::Newtype(0)]);
        same(&Empty {});
        same(&Unit);
        same(&());
        same(&(1u8, 'ä', -3i64, u128::MAX, i128::MIN));
        same(&[f64::NAN, f64::INFINITY, 1e300, 3.0, 0.1, -0.0, 1e-7]);
        same(&[1.5f32, f32::NAN]);
        let mut m = std::collections::BTreeMap::new();
        m.insert(3u32, vec![Some(true), None]);
        m.insert(7u32, vec![]);
        same(&m);
        let mut c = std::collections::BTreeMap::new();
        c.insert('k', "v");
        same(&c);
        same(&serde_bytes_like(&[0, 255]));
        let all: String = (0u8..0x80).map(char::from).collect();
        same(&all);
        same(&format!("{all}äö – „x“ 🙂 \u{2028}\u{85}\u{7f}"));
    }

    /// A byte slice through `serialize_bytes`.
    fn serde_bytes_like(b: &[u8]) -> impl Serialize + '_ {
        struct Bytes<'a>(&'a [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        Bytes(b)
    }

    fn value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,40}".prop_map(Value::String),
            "[\\x00-\\x7f]{0,40}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map(".{0,12}", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any JSON value: byte for byte serde_json's pretty output.
        #[test]
        fn same_as_serde_json(v in value()) {
            prop_assert_eq!(
                to_string_pretty(&v, 16).expect("ours"),
                serde_json::to_string_pretty(&v).expect("serde_json")
            );
        }
    }
}
