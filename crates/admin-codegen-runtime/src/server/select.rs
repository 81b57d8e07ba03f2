//! Serializing a resolver's result to only what the query selects.
//!
//! A resolver returns a whole generated struct; the dynamic schema then reads
//! each selected field from the serde form of it. Serializing every member of
//! a 30-field `User` to answer `{ user { email } }` was the largest single
//! cost of a small query, so results are serialized through [`Pruned`], which
//! skips the members of objects that the selection does not name.
//!
//! What is never pruned: objects of a type that has resolved fields (their
//! resolvers deserialize the whole parent), values under a field the schema
//! description does not know (a union member's field, reached through a
//! fragment), leaves (custom scalars such as JSON keep every member), and
//! `__typename` (interface and union values are typed by it).

use std::collections::{HashMap, HashSet};
use std::fmt;

use async_graphql::indexmap::IndexMap;
use async_graphql::{Name, SelectionField, Value};
use serde::ser::{self, Serialize};

use super::model::{KindDef, SchemaDef, named};

/// What [`Selection::of`] needs to know about the schema, built once.
#[derive(Debug, Default)]
pub(crate) struct Pruning {
    /// The named type of each object and interface field.
    field_types: HashMap<(&'static str, &'static str), &'static str>,
    /// Types whose values keep every member: objects with resolved fields,
    /// and interfaces and unions that such an object belongs to.
    keep_all: HashSet<&'static str>,
}

impl Pruning {
    /// `resolved` lists the types that have at least one registered resolver.
    pub(crate) fn new(def: &'static SchemaDef, resolved: &HashSet<&'static str>) -> Pruning {
        let mut p = Pruning::default();
        for t in &def.types {
            let name = t.name.as_str();
            match &t.kind {
                KindDef::Object { fields, implements } => {
                    for f in fields {
                        p.field_types.insert((name, f.name.as_str()), named(&f.ty));
                    }
                    if resolved.contains(name) {
                        p.keep_all.insert(name);
                        p.keep_all.extend(implements.iter().map(String::as_str));
                    }
                }
                KindDef::Interface { fields, .. } => {
                    for f in fields {
                        p.field_types.insert((name, f.name.as_str()), named(&f.ty));
                    }
                }
                _ => {}
            }
        }
        for t in &def.types {
            if let KindDef::Union { members } = &t.kind
                && members.iter().any(|m| resolved.contains(m.as_str()))
            {
                p.keep_all.insert(t.name.as_str());
            }
        }
        p
    }
}

/// The members to keep of the objects at one level of a result: each
/// selected field name with what to keep below it (`None`: everything).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Selection<'a> {
    keys: Vec<(&'a str, Option<Selection<'a>>)>,
}

impl<'a> Selection<'a> {
    /// What to keep of a value of type `ty` selected by `field`; `None` keeps everything.
    pub(crate) fn of(field: &SelectionField<'a>, ty: &str, p: &Pruning) -> Option<Selection<'a>> {
        if p.keep_all.contains(ty) {
            return None;
        }
        let mut sel = Selection::default();
        for sub in field.selection_set() {
            let name = sub.name();
            if name == "__typename" {
                continue;
            }
            let below = match p.field_types.get(&(ty, name)) {
                Some(child) if sub.selection_set().next().is_some() => Selection::of(&sub, child, p),
                _ => None,
            };
            sel.add(name, below);
        }
        Some(sel)
    }

    /// Adds a field, merging with an earlier selection of the same name
    /// (aliases, fragments): the union of both, or everything if either keeps everything.
    fn add(&mut self, name: &'a str, below: Option<Selection<'a>>) {
        match self.keys.iter_mut().find(|(k, _)| *k == name) {
            None => self.keys.push((name, below)),
            Some((_, existing)) => match (existing.as_mut(), below) {
                (Some(old), Some(new)) => {
                    for (k, b) in new.keys {
                        old.add(k, b);
                    }
                }
                _ => *existing = None,
            },
        }
    }

    /// Whether `key` is kept, and what to keep below it.
    fn get(&self, key: &str) -> Option<Option<&Selection<'a>>> {
        if key == "__typename" {
            return Some(None);
        }
        self.keys.iter().find(|(k, _)| *k == key).map(|(_, b)| b.as_ref())
    }
}

/// The serde form of `value`, keeping only what `sel` selects (everything when `None`).
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T, sel: Option<&Selection<'_>>) -> Result<Value, Error> {
    match sel {
        None => async_graphql::to_value(value).map_err(|e| Error(e.to_string())),
        Some(sel) => value.serialize(Pruned { sel }),
    }
}

/// A serialization error.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

/// Serializes to a [`Value`] like `async_graphql::to_value`, but drops the
/// struct members `sel` does not keep. Sequences, options and newtypes pass
/// the selection on to what they hold; everything else is serialized whole.
struct Pruned<'s, 'a> {
    sel: &'s Selection<'a>,
}

fn whole<T: Serialize + ?Sized>(v: &T) -> Result<Value, Error> {
    async_graphql::to_value(v).map_err(|e| Error(e.to_string()))
}

macro_rules! whole_scalars {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<Value, Error> { whole(&v) })*
    };
}

impl<'s, 'a> ser::Serializer for Pruned<'s, 'a> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Seq<'s, 'a>;
    type SerializeTuple = Whole;
    type SerializeTupleStruct = Whole;
    type SerializeTupleVariant = Whole;
    type SerializeMap = WholeMap;
    type SerializeStruct = Struct<'s, 'a>;
    type SerializeStructVariant = WholeMap;

    whole_scalars!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_f32: f32, serialize_f64: f64, serialize_char: char, serialize_str: &str, serialize_bytes: &[u8],
    );

    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Value, Error> {
        Ok(Value::String(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        Ok(Value::Object([(Name::new(variant), whole(value)?)].into_iter().collect()))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'s, 'a>, Error> {
        Ok(Seq { sel: self.sel, items: Vec::with_capacity(len.unwrap_or(0)) })
    }

    fn serialize_tuple(self, len: usize) -> Result<Whole, Error> {
        Ok(Whole { variant: None, items: Vec::with_capacity(len) })
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Whole, Error> {
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Whole, Error> {
        Ok(Whole { variant: Some(variant), items: Vec::with_capacity(len) })
    }

    fn serialize_map(self, _: Option<usize>) -> Result<WholeMap, Error> {
        Ok(WholeMap::default())
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Struct<'s, 'a>, Error> {
        Ok(Struct { sel: self.sel, map: IndexMap::with_capacity(len.min(self.sel.keys.len() + 1)) })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<WholeMap, Error> {
        Ok(WholeMap { variant: Some(variant), ..WholeMap::default() })
    }
}

/// A sequence whose items keep the same selection.
struct Seq<'s, 'a> {
    sel: &'s Selection<'a>,
    items: Vec<Value>,
}

impl ser::SerializeSeq for Seq<'_, '_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(Pruned { sel: self.sel })?);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(Value::List(self.items))
    }
}

/// An object keeping the selected members only.
struct Struct<'s, 'a> {
    sel: &'s Selection<'a>,
    map: IndexMap<Name, Value>,
}

impl ser::SerializeStruct for Struct<'_, '_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        if let Some(below) = self.sel.get(key) {
            self.map.insert(Name::new(key), to_value(value, below)?);
        }
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(Value::Object(self.map))
    }
}

/// Tuples (and tuple variants, wrapped in `{variant: [...]}`), serialized whole.
struct Whole {
    variant: Option<&'static str>,
    items: Vec<Value>,
}

impl Whole {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(whole(value)?);
        Ok(())
    }

    fn finish(self) -> Value {
        let list = Value::List(self.items);
        match self.variant {
            Some(v) => Value::Object([(Name::new(v), list)].into_iter().collect()),
            None => list,
        }
    }
}

/// The three tuple traits have the same shape; only the element method's name differs.
macro_rules! tuple_like {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Whole {
            type Ok = Value;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Result<Value, Error> {
                Ok(self.finish())
            }
        }
    )*};
}

tuple_like!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Maps (and struct variants, wrapped in `{variant: {...}}`), serialized whole.
#[derive(Default)]
struct WholeMap {
    variant: Option<&'static str>,
    key: Option<Name>,
    map: IndexMap<Name, Value>,
}

impl WholeMap {
    fn finish(self) -> Value {
        let object = Value::Object(self.map);
        match self.variant {
            Some(v) => Value::Object([(Name::new(v), object)].into_iter().collect()),
            None => object,
        }
    }
}

impl ser::SerializeMap for WholeMap {
    type Ok = Value;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(match whole(key)? {
            Value::String(s) => Name::new(s),
            Value::Number(n) => Name::new(n.to_string()),
            Value::Boolean(b) => Name::new(b.to_string()),
            _ => return Err(Error("a map key must be a string, a number or a boolean".into())),
        });
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| Error("a map value without a key".into()))?;
        self.map.insert(key, whole(value)?);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for WholeMap {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.map.insert(Name::new(key), whole(value)?);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Inner {
        a: i32,
        b: Option<String>,
    }

    #[derive(serde::Serialize)]
    struct Outer {
        name: String,
        inner: Option<Inner>,
        list: Vec<Inner>,
        json: serde_json::Value,
        #[serde(rename = "__typename")]
        typename: &'static str,
    }

    fn sel<'a>(keys: Vec<(&'a str, Option<Selection<'a>>)>) -> Selection<'a> {
        Selection { keys }
    }

    #[test]
    fn keeps_only_selected_members_at_every_level() {
        let v = Outer {
            name: "n".into(),
            inner: Some(Inner { a: 1, b: Some("x".into()) }),
            list: vec![Inner { a: 2, b: None }, Inner { a: 3, b: Some("y".into()) }],
            json: serde_json::json!({"k": [1, {"z": true}]}),
            typename: "Outer",
        };
        let s =
            sel(vec![("inner", Some(sel(vec![("b", None)]))), ("list", Some(sel(vec![("a", None)]))), ("json", None)]);
        let out = to_value(&v, Some(&s)).unwrap();
        assert_eq!(
            out.into_json().unwrap(),
            serde_json::json!({
                "inner": {"b": "x"},
                "list": [{"a": 2}, {"a": 3}],
                "json": {"k": [1, {"z": true}]},
                "__typename": "Outer",
            })
        );
        // Without a selection, the same as async-graphql's own serializer.
        assert_eq!(to_value(&v, None).unwrap(), async_graphql::to_value(&v).unwrap());
    }

    #[test]
    fn merging_keeps_the_union_and_everything_wins() {
        let mut s = sel(vec![("inner", Some(sel(vec![("a", None)])))]);
        s.add("inner", Some(sel(vec![("b", None)])));
        assert_eq!(s, sel(vec![("inner", Some(sel(vec![("a", None), ("b", None)])))]));
        s.add("inner", None);
        assert_eq!(s, sel(vec![("inner", None)]));
    }
}
