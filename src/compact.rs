//! The compact binary form in which build.rs embeds the checked built-in set and every run reads
//! it back (src/builtin.rs): a serde format made for decoding fast. It is not self-describing;
//! the Rust types drive the decoding. Two parts: a byte stream with the structure (varint
//! numbers, lengths, struct fields as their index in the struct, 0xFF after the last) and one
//! string with every text in the order it is read, so that a run checks UTF-8 once for all texts
//! (the string is embedded with `include_str!`, checked by the compiler) and takes each text as a
//! slice. Not human-readable: an `Sp<T>` is the pair (value, place), so places survive.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};

/// What went wrong encoding or decoding (only on a bug: the set was checked when it was built).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for Error {}
impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}
impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Marks the end of a struct's fields (a field index is below it).
const END: u8 = 0xFF;

/// Encodes `value`: the structure bytes and the texts.
pub fn to_parts<T: Serialize + ?Sized>(value: &T) -> Result<(Vec<u8>, String), Error> {
    let mut s = Ser {
        bin: Vec::new(),
        strs: String::new(),
    };
    value.serialize(&mut s)?;
    Ok((s.bin, s.strs))
}

/// Decodes a value from its structure bytes and texts, as written by [`to_parts`].
pub fn from_parts<'de, T: de::Deserialize<'de>>(
    bin: &'de [u8],
    strs: &'de str,
) -> Result<T, Error> {
    let mut d = De {
        bin,
        pos: 0,
        strs,
        spos: 0,
    };
    let v = T::deserialize(&mut d)?;
    if d.pos != bin.len() || d.spos != strs.len() {
        return Err(Error("trailing data".into()));
    }
    Ok(v)
}

// ---------------------------------------------------------------- encoding

struct Ser {
    bin: Vec<u8>,
    strs: String,
}

impl Ser {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bin.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.bin.push(v as u8);
    }
    fn signed(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    fn len(&mut self, len: Option<usize>) -> Result<(), Error> {
        let n = len.ok_or_else(|| Error("a sequence or map without a known length".into()))?;
        self.varint(n as u64);
        Ok(())
    }
}

/// A struct being encoded: fields are written as their index, counted over written and skipped
/// fields alike (serde's derive calls `skip_field` for `skip_serializing_if`).
struct StructSer<'a> {
    ser: &'a mut Ser,
    index: u8,
}

impl<'a> ser::Serializer for &'a mut Ser {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = &'a mut Ser;
    type SerializeTuple = &'a mut Ser;
    type SerializeTupleStruct = &'a mut Ser;
    type SerializeTupleVariant = &'a mut Ser;
    type SerializeMap = &'a mut Ser;
    type SerializeStruct = StructSer<'a>;
    type SerializeStructVariant = StructSer<'a>;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.bin.push(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.varint(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.varint(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.bin.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.bin.extend_from_slice(&v.to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.varint(u32::from(v).into());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.varint(v.len() as u64);
        self.strs.push_str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.varint(v.len() as u64);
        self.bin.extend_from_slice(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.bin.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.bin.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, i: u32, _: &'static str) -> Result<(), Error> {
        self.varint(i.into());
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
        i: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.varint(i.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Error> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Error> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.varint(i.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Error> {
        self.len(len)?;
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<StructSer<'a>, Error> {
        Ok(StructSer {
            ser: self,
            index: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<StructSer<'a>, Error> {
        self.varint(i.into());
        Ok(StructSer {
            ser: self,
            index: 0,
        })
    }
}

macro_rules! seq_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for &mut Ser {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}
seq_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Ser {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl StructSer<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if self.index == END {
            return Err(Error("a struct with more than 254 fields".into()));
        }
        self.ser.bin.push(self.index);
        self.index += 1;
        value.serialize(&mut *self.ser)
    }
}

macro_rules! struct_like {
    ($($trait:ident),*) => {$(
        impl ser::$trait for StructSer<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                _: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(value)
            }
            fn skip_field(&mut self, _: &'static str) -> Result<(), Error> {
                self.index += 1;
                Ok(())
            }
            fn end(self) -> Result<(), Error> {
                self.ser.bin.push(END);
                Ok(())
            }
        }
    )*};
}
struct_like!(SerializeStruct, SerializeStructVariant);

// ---------------------------------------------------------------- decoding

struct De<'de> {
    bin: &'de [u8],
    pos: usize,
    strs: &'de str,
    spos: usize,
}

impl<'de> De<'de> {
    fn byte(&mut self) -> Result<u8, Error> {
        let b = *self
            .bin
            .get(self.pos)
            .ok_or_else(|| Error("unexpected end".into()))?;
        self.pos += 1;
        Ok(b)
    }
    /// A varint; most (places, lengths, field numbers) are one byte.
    #[inline]
    fn varint(&mut self) -> Result<u64, Error> {
        match self.bin.get(self.pos) {
            Some(&b) if b < 0x80 => {
                self.pos += 1;
                Ok(b.into())
            }
            _ => self.long_varint(),
        }
    }
    fn long_varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift > 63 {
                return Err(Error("varint too long".into()));
            }
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    fn signed(&mut self) -> Result<i64, Error> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    fn usize(&mut self) -> Result<usize, Error> {
        usize::try_from(self.varint()?).map_err(|_| Error("length too large".into()))
    }
    fn take(&mut self, n: usize) -> Result<&'de [u8], Error> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bin.len());
        let end = end.ok_or_else(|| Error("unexpected end".into()))?;
        let s = &self.bin[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn str(&mut self) -> Result<&'de str, Error> {
        let n = self.usize()?;
        let end = self.spos.checked_add(n);
        let s = end
            .and_then(|e| self.strs.get(self.spos..e))
            .ok_or_else(|| Error("text out of range".into()))?;
        self.spos += n;
        Ok(s)
    }
    fn narrow<T: TryFrom<u64>>(&mut self) -> Result<T, Error> {
        T::try_from(self.varint()?).map_err(|_| Error("number out of range".into()))
    }
    fn narrow_signed<T: TryFrom<i64>>(&mut self) -> Result<T, Error> {
        T::try_from(self.signed()?).map_err(|_| Error("number out of range".into()))
    }
}

/// A sequence or map of known length, or the fields of a tuple.
struct Counted<'a, 'de> {
    de: &'a mut De<'de>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Counted<'_, 'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> de::MapAccess<'de> for Counted<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// The fields of a struct: each key is the field's index, up to [`END`].
struct Fields<'a, 'de> {
    de: &'a mut De<'de>,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let i = self.de.byte()?;
        if i == END {
            return Ok(None);
        }
        seed.deserialize(u64::from(i).into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
    }
}

impl<'de> de::EnumAccess<'de> for &mut De<'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let i = self.varint()?;
        let v = seed.deserialize(i.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut De<'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Counted {
            de: self,
            left: len,
        })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(Fields { de: self })
    }
}

impl<'de> de::Deserializer<'de> for &mut De<'de> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        false
    }
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error("the compact form is not self-describing".into()))
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error("the compact form cannot skip a value".into()))
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            0 => visitor.visit_bool(false),
            1 => visitor.visit_bool(true),
            _ => Err(Error("not a bool".into())),
        }
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i8(self.narrow_signed()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i16(self.narrow_signed()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i32(self.narrow_signed()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u8(self.narrow()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u16(self.narrow()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u32(self.narrow()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.varint()?)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let b = self.take(4)?;
        visitor.visit_f32(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| Error("f64".into()))?;
        visitor.visit_f64(f64::from_le_bytes(b))
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let c = char::from_u32(self.narrow()?).ok_or_else(|| Error("not a char".into()))?;
        visitor.visit_char(c)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let n = self.usize()?;
        visitor.visit_borrowed_bytes(self.take(n)?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.byte()? {
            0 => visitor.visit_none(),
            1 => visitor.visit_some(self),
            _ => Err(Error("not an option".into())),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let left = self.usize()?;
        visitor.visit_seq(Counted { de: self, left })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Counted {
            de: self,
            left: len,
        })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_seq(Counted {
            de: self,
            left: len,
        })
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let left = self.usize()?;
        visitor.visit_map(Counted { de: self, left })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(Fields { de: self })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(self.varint()?)
    }
}

// ---------------------------------------------------------------- decoding without serde

/// A value read straight from the compact form, without serde's visitors: the same bytes as
/// [`from_parts`] reads, decoded by hand-written code (the model's impls are in src/builtin.rs).
/// Every run decodes the built-in set, so this path is kept lean: no visitor per value, exact
/// capacities, a struct's fields matched by their index.
pub trait Decode<'de>: Sized {
    /// Reads one value.
    fn decode(r: &mut Reader<'de>) -> Result<Self, Error>;
}

/// The cursor [`Decode`] reads from.
pub struct Reader<'de>(De<'de>);

/// Decodes a value with [`Decode`] from its structure bytes and texts, as written by
/// [`to_parts`].
pub fn decode_parts<'de, T: Decode<'de>>(bin: &'de [u8], strs: &'de str) -> Result<T, Error> {
    let mut r = Reader(De {
        bin,
        pos: 0,
        strs,
        spos: 0,
    });
    let v = T::decode(&mut r)?;
    if r.0.pos != bin.len() || r.0.spos != strs.len() {
        return Err(Error("trailing data".into()));
    }
    Ok(v)
}

impl<'de> Reader<'de> {
    /// A varint (lengths, unsigned numbers, enum variants).
    #[inline]
    pub fn varint(&mut self) -> Result<u64, Error> {
        self.0.varint()
    }
    /// The next text, a slice of the texts.
    #[inline]
    pub fn str(&mut self) -> Result<&'de str, Error> {
        self.0.str()
    }
    /// A length, bounded by the bytes left (every element takes at least one), so that a
    /// damaged length cannot reserve huge memory.
    #[inline]
    pub fn count(&mut self) -> Result<usize, Error> {
        let n = self.0.usize()?;
        let left = self.0.bin.len() - self.0.pos;
        if n > left {
            return Err(Error("length out of range".into()));
        }
        Ok(n)
    }
    /// `N` bytes written with their length (`serialize_bytes`).
    #[inline]
    pub fn bytes<const N: usize>(&mut self) -> Result<&'de [u8; N], Error> {
        let d = &mut self.0;
        match d.bin.get(d.pos..d.pos + 1 + N) {
            Some([n, rest @ ..]) if usize::from(*n) == N => {
                d.pos += 1 + N;
                rest.try_into().map_err(|_| Error("bytes".into()))
            }
            _ => Err(Error(format!("{N} bytes expected at byte {}", d.pos))),
        }
    }
    /// The index of a struct's next field, or `None` after its last.
    #[inline]
    pub fn field(&mut self) -> Result<Option<u8>, Error> {
        let i = self.0.byte()?;
        Ok((i != END).then_some(i))
    }
    /// The error for a damaged value of type `what`.
    pub fn damaged(&self, what: &str) -> Error {
        Error(format!("{what}: damaged at byte {}", self.0.pos))
    }
}

impl Decode<'_> for bool {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        match r.0.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Error("not a bool".into())),
        }
    }
}

macro_rules! decode_unsigned {
    ($($t:ty),*) => {$(
        impl Decode<'_> for $t {
            #[inline]
            fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
                r.0.narrow()
            }
        }
    )*};
}
decode_unsigned!(u8, u16, u32, u64, usize);

impl Decode<'_> for i64 {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.0.signed()
    }
}

impl Decode<'_> for f64 {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        let b: [u8; 8] = r.0.take(8)?.try_into().map_err(|_| Error("f64".into()))?;
        Ok(f64::from_le_bytes(b))
    }
}

impl Decode<'_> for String {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.str().map(str::to_owned)
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Option<T> {
    #[inline]
    fn decode(r: &mut Reader<'de>) -> Result<Self, Error> {
        match r.0.byte()? {
            0 => Ok(None),
            1 => T::decode(r).map(Some),
            _ => Err(Error("not an option".into())),
        }
    }
}

impl<'de, T: Decode<'de>> Decode<'de> for Vec<T> {
    fn decode(r: &mut Reader<'de>) -> Result<Self, Error> {
        let n = r.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::decode(r)?);
        }
        Ok(v)
    }
}

impl<'de, K: Decode<'de> + Ord, V: Decode<'de>> Decode<'de> for std::collections::BTreeMap<K, V> {
    fn decode(r: &mut Reader<'de>) -> Result<Self, Error> {
        let n = r.count()?;
        let mut m = std::collections::BTreeMap::new();
        for _ in 0..n {
            let k = K::decode(r)?;
            m.insert(k, V::decode(r)?);
        }
        Ok(m)
    }
}

impl<'de, A: Decode<'de>, B: Decode<'de>> Decode<'de> for (A, B) {
    #[inline]
    fn decode(r: &mut Reader<'de>) -> Result<Self, Error> {
        Ok((A::decode(r)?, B::decode(r)?))
    }
}

impl<'de, A: Decode<'de>, B: Decode<'de>, C: Decode<'de>> Decode<'de> for (A, B, C) {
    fn decode(r: &mut Reader<'de>) -> Result<Self, Error> {
        Ok((A::decode(r)?, B::decode(r)?, C::decode(r)?))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Kind {
        Plain,
        Tagged(i32),
        Pair(u8, String),
        Named { a: bool },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        n: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maybe: Option<String>,
        neg: i64,
        ratio: f64,
        texts: BTreeMap<String, String>,
        kinds: Vec<Kind>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        empty: Vec<u8>,
        last: (char, u64),
    }

    fn sample(maybe: Option<&str>) -> Sample {
        Sample {
            n: 300,
            maybe: maybe.map(str::to_owned),
            neg: -70_000,
            ratio: 0.8,
            texts: [("de", "Grüße ✓"), ("en", "")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            kinds: vec![
                Kind::Plain,
                Kind::Tagged(-1),
                Kind::Pair(5, "x".into()),
                Kind::Named { a: true },
            ],
            empty: vec![],
            last: ('ß', u64::MAX),
        }
    }

    /// Every kind of value comes back as it was, with skipped fields in the middle of a struct.
    #[test]
    fn round_trip() {
        for maybe in [None, Some("da")] {
            let v = sample(maybe);
            let (bin, strs) = to_parts(&v).expect("encode");
            let back: Sample = from_parts(&bin, &strs).expect("decode");
            assert_eq!(back, v);
        }
    }

    /// A struct decoded by hand, the way src/builtin.rs decodes the model.
    #[derive(Debug, PartialEq, Default, Serialize, Deserialize)]
    struct Plain {
        n: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maybe: Option<String>,
        neg: i64,
        ratio: f64,
        flag: bool,
        texts: BTreeMap<String, String>,
        list: Vec<(u8, String)>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        empty: Vec<u64>,
        last: (usize, Option<u16>, String),
    }

    impl Decode<'_> for Plain {
        fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
            let mut p = Plain::default();
            while let Some(i) = r.field()? {
                match i {
                    0 => p.n = Decode::decode(r)?,
                    1 => p.maybe = Decode::decode(r)?,
                    2 => p.neg = Decode::decode(r)?,
                    3 => p.ratio = Decode::decode(r)?,
                    4 => p.flag = Decode::decode(r)?,
                    5 => p.texts = Decode::decode(r)?,
                    6 => p.list = Decode::decode(r)?,
                    7 => p.empty = Decode::decode(r)?,
                    8 => p.last = Decode::decode(r)?,
                    _ => return Err(r.damaged("Plain")),
                }
            }
            Ok(p)
        }
    }

    fn plain(maybe: Option<&str>) -> Plain {
        Plain {
            n: 70_000,
            maybe: maybe.map(str::to_owned),
            neg: -70_000,
            ratio: 0.8,
            flag: true,
            texts: [("de", "Grüße ✓"), ("en", "")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            list: vec![(0, "a".into()), (255, String::new())],
            empty: vec![],
            last: (usize::MAX, Some(7), "z".into()),
        }
    }

    /// The hand-written decoder reads what the serde encoder wrote, as the serde decoder does.
    #[test]
    fn decode_agrees_with_serde() {
        for maybe in [None, Some("da")] {
            let v = plain(maybe);
            let (bin, strs) = to_parts(&v).expect("encode");
            let by_serde: Plain = from_parts(&bin, &strs).expect("serde decode");
            let by_hand: Plain = decode_parts(&bin, &strs).expect("decode");
            assert_eq!(by_hand, v);
            assert_eq!(by_serde, v);
        }
        let (bin, strs) = to_parts(&plain(Some("da"))).expect("encode");
        for cut in 0..bin.len() {
            assert!(decode_parts::<Plain>(&bin[..cut], &strs).is_err());
        }
        assert!(decode_parts::<Plain>(&bin, &strs[..strs.len() - 1]).is_err());
        let mut extra = bin.clone();
        extra.push(0);
        assert!(decode_parts::<Plain>(&extra, &strs).is_err());
    }

    /// Damaged input is an error, never a panic.
    #[test]
    fn damaged_input_is_an_error() {
        let (bin, strs) = to_parts(&sample(Some("da"))).expect("encode");
        for cut in 0..bin.len() {
            assert!(from_parts::<Sample>(&bin[..cut], &strs).is_err());
        }
        assert!(from_parts::<Sample>(&bin, &strs[..strs.len() - 1]).is_err());
        let mut extra = bin.clone();
        extra.push(0);
        assert!(from_parts::<Sample>(&extra, &strs).is_err());
    }
}
