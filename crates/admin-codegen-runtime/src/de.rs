//! What `#[derive(__rt::Decode)]` expands to calls: the generic half of a
//! generated struct's `Deserialize`, written once here instead of once per
//! struct (see `admin_codegen_macros::Decode`).
//!
//! A struct's impl is [`Object`]: its name, its wire field names, a table of
//! them sorted for lookup, and `visit`, which reads the map. [`object`] is
//! its `Deserialize::deserialize`; [`Keys`], [`next`], [`skip`] and [`take`]
//! are the steps of `visit`. An enum tagged by `__typename` is read whole
//! with [`tagged`], then its variant decoded from that value with
//! `operation::decode` (what client modules' selections use): every variant type is then decoded from a
//! `serde_json::Value`, the same concrete deserializer `Indirect` decodes
//! through, where serde's derive would instantiate each one again for its
//! private buffer type.
//!
//! The derive rejects what it does not handle at the offending tokens, so
//! that such a type keeps serde's derive; none of these compile:
//!
//! ```compile_fail
//! use admin_codegen_runtime::codegen as __rt;
//! #[derive(__rt::Decode)]
//! struct Flattened {
//!     #[serde(flatten)]
//!     page: __rt::OffsetPageRequest,
//! }
//! ```
//!
//! ```compile_fail
//! use admin_codegen_runtime::codegen as __rt;
//! #[derive(__rt::Decode)]
//! #[serde(deny_unknown_fields)]
//! struct Strict {
//!     id: String,
//! }
//! ```
//!
//! ```compile_fail
//! use admin_codegen_runtime::codegen as __rt;
//! #[derive(__rt::Decode)]
//! struct Tuple(String);
//! ```
//!
//! ```compile_fail
//! use admin_codegen_runtime::codegen as __rt;
//! #[derive(__rt::Decode)]
//! enum Untagged {
//!     A(String),
//! }
//! ```
//!
//! while the same types without those attributes do:
//!
//! ```
//! use admin_codegen_runtime::codegen as __rt;
//! #[derive(__rt::Decode)]
//! struct Plain {
//!     #[serde(rename = "pageInfo", default)]
//!     page_info: Option<i32>,
//! }
//! #[derive(__rt::Decode)]
//! #[serde(tag = "__typename")]
//! enum Tagged {
//!     Plain(Plain),
//! }
//! let t: Tagged = serde_json::from_str(r#"{"__typename": "Plain", "pageInfo": 2}"#).unwrap();
//! assert!(matches!(t, Tagged::Plain(Plain { page_info: Some(2) })));
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A generated struct, as its `Decode` derive describes it.
pub trait Object: Sized {
    /// The struct's Rust name, for messages.
    const NAME: &'static str;
    /// Its fields' wire names, in declaration order.
    const FIELDS: &'static [&'static str];
    /// The same names with their index in `FIELDS`, sorted by name.
    const KEYS: &'static [(&'static str, u16)];
    /// Reads the struct from a map.
    fn visit<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// `T`'s `Deserialize::deserialize`.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor::<T>(PhantomData))
}

/// The field indexes of a map's keys, in the order they come. Not generic
/// over the struct, so that its code is instantiated once per map type.
pub struct Keys(Key);

impl Keys {
    /// Before the first key of a `T`.
    pub fn of<T: Object>() -> Self {
        Keys(Key { fields: T::FIELDS, sorted: T::KEYS, expected: 0 })
    }

    /// The next key's field index (`u16::MAX` for a key the struct does not
    /// have), or `None` at the end of the map.
    pub fn next<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<Option<u16>, A::Error> {
        let index = map.next_key_seed(self.0)?;
        if let Some(i) = index {
            self.0.expected = usize::from(i).wrapping_add(1);
        }
        Ok(index)
    }
}

/// The index a key has among a struct's fields.
#[derive(Clone, Copy)]
struct Key {
    fields: &'static [&'static str],
    sorted: &'static [(&'static str, u16)],
    /// The field after the last one read: maps usually list fields in
    /// declaration order (a GraphQL response follows its selection), so it
    /// is tried before the sorted table.
    expected: usize,
}

/// The index of a key no field has.
const UNKNOWN: u16 = u16::MAX;

impl Key {
    fn find(&self, key: &str) -> u16 {
        if self.fields.get(self.expected).is_some_and(|&f| f == key) {
            // `expected` < `fields.len()` <= `u16::MAX` (the derive checks the count).
            return self.expected as u16;
        }
        match self.sorted.binary_search_by(|(name, _)| (*name).cmp(key)) {
            Ok(i) => self.sorted[i].1,
            Err(_) => UNKNOWN,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = u16;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<u16, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = u16;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<u16, E> {
        Ok(self.find(key))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<u16, E> {
        Ok(std::str::from_utf8(key).map_or(UNKNOWN, |key| self.find(key)))
    }

    /// A field by its index, as serde's derive accepts it.
    fn visit_u64<E: Error>(self, index: u64) -> Result<u16, E> {
        Ok(u16::try_from(index).ok().filter(|&i| usize::from(i) < self.fields.len()).unwrap_or(UNKNOWN))
    }
}

/// Reads the value of field `name` into its slot; a second value for the
/// same field is an error, as with serde's derive.
pub fn next<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of field `name`: what was read, or, when the map had none, what
/// `T` makes of a missing value (`None` for an `Option`, else a `missing
/// field` error), as with serde's derive.
pub fn take<'de, T: Deserialize<'de>, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(name, PhantomData)),
    }
}

/// The value of a field the map left out: `None` to an `Option`, a `missing
/// field` error to anything else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Reads an enum tagged by `tag` whole: the tag's value and the map.
/// Errors as serde's derive words them: the input is not a map, the map
/// has no tag, or the tag is not a string.
pub fn tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    tag: &'static str,
) -> Result<(String, serde_json::Value), D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    let Some(map) = value.as_object() else {
        return Err(D::Error::invalid_type(unexpected(&value), &format!("internally tagged enum {name}").as_str()));
    };
    match map.get(tag) {
        Some(serde_json::Value::String(t)) => Ok((t.clone(), value)),
        Some(other) => Err(D::Error::invalid_type(unexpected(other), &"variant identifier")),
        None => Err(D::Error::missing_field(tag)),
    }
}

fn unexpected(value: &serde_json::Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    use serde_json::Value;
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use crate::codegen as __rt;

    /// A struct as the types emitter writes one.
    #[derive(Debug, PartialEq, __rt::Decode)]
    #[serde(crate = "__rt::serde")]
    struct User {
        id: String,
        name: Option<String>,
        #[serde(rename = "pageInfo")]
        page_info: Option<i32>,
        r#type: Option<bool>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<String>,
        friends: Option<Vec<User>>,
    }

    /// The same struct with serde's derive, to compare against.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct SerdeUser {
        id: String,
        name: Option<String>,
        #[serde(rename = "pageInfo")]
        page_info: Option<i32>,
        r#type: Option<bool>,
        #[serde(default)]
        tags: Vec<String>,
        friends: Option<Vec<SerdeUser>>,
    }

    fn both(json: &str) -> (Result<User, String>, Result<SerdeUser, String>) {
        (
            serde_json::from_str::<User>(json).map_err(|e| e.to_string()),
            serde_json::from_str::<SerdeUser>(json).map_err(|e| e.to_string()),
        )
    }

    #[test]
    fn decodes_like_serdes_derive() {
        let json = r#"{"name": "Ann", "id": "u1", "pageInfo": 3, "type": true, "extra": {"a": [1]},
                        "tags": ["x"], "friends": [{"id": "u2"}]}"#;
        let (ours, serde) = both(json);
        let ours = ours.unwrap();
        assert_eq!(format!("{ours:?}").replace("User", "SerdeUser"), format!("{:?}", serde.unwrap()));
        assert_eq!(ours.friends.unwrap()[0].name, None);
    }

    #[derive(Debug, PartialEq, __rt::Decode)]
    #[serde(crate = "__rt::serde")]
    struct Group {
        id: String,
    }

    /// An interface as the types emitter writes one.
    #[derive(Debug, PartialEq, __rt::Decode)]
    #[serde(crate = "__rt::serde", tag = "__typename")]
    enum Node {
        User(User),
        #[serde(rename = "Team")]
        Group(Group),
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct SerdeGroup {
        id: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(tag = "__typename")]
    enum SerdeNode {
        #[serde(rename = "User")]
        SerdeUser(SerdeUser),
        #[serde(rename = "Team")]
        Group(SerdeGroup),
    }

    #[test]
    fn tagged_enums_decode_and_fail_like_serdes_derive() {
        let node: Node = serde_json::from_str(r#"{"id": "t1", "__typename": "Team"}"#).unwrap();
        assert_eq!(node, Node::Group(Group { id: "t1".into() }));
        let node: Node = serde_json::from_str(r#"{"__typename": "User", "id": "u1", "tags": ["a"]}"#).unwrap();
        assert!(matches!(node, Node::User(User { ref id, ref tags, .. }) if id == "u1" && tags == &["a"]));
        for json in [
            r#"{"id": "u1"}"#,
            r#"{"__typename": "Robot", "id": "r1"}"#,
            r#"{"__typename": 5}"#,
            r#"{"__typename": "User"}"#,
            r#""text""#,
        ] {
            let ours = serde_json::from_str::<Node>(json).unwrap_err().to_string();
            let serde = serde_json::from_str::<SerdeNode>(json).unwrap_err().to_string();
            // Both name what is wrong; serde's derive adds a position, which a decoded value no longer has.
            let position = |m: &str| m.split(" at line ").next().unwrap_or(m).replace("SerdeNode", "Node");
            assert_eq!(position(&ours), position(&serde), "{json}");
        }
        // Unlike serde's derive, a sequence is not a tagged enum.
        let err = serde_json::from_str::<Node>("[1]").unwrap_err().to_string();
        assert!(err.starts_with("invalid type: sequence, expected internally tagged enum Node"), "{err}");
    }

    /// Through async-graphql's value deserializer, as the server decodes
    /// parents and inputs.
    #[cfg(feature = "server")]
    #[test]
    fn decodes_graphql_values() {
        let value: async_graphql::Value =
            serde_json::from_str(r#"{"id": "u1", "pageInfo": 3, "tags": ["x"]}"#).unwrap();
        let user: User = async_graphql::from_value(value).unwrap();
        assert_eq!((user.id.as_str(), user.page_info, user.tags.len()), ("u1", Some(3), 1));
    }

    #[test]
    fn errors_like_serdes_derive() {
        for json in [
            r#"{"name": "Ann"}"#,
            r#"{"id": "u1", "id": "u2"}"#,
            r#"{"id": 5}"#,
            r#""text""#,
            r#"{"id": "u1", "friends": [{"name": "no id"}]}"#,
        ] {
            let (ours, serde) = both(json);
            let ours = ours.unwrap_err();
            assert_eq!(ours.replace("struct User", "struct SerdeUser"), serde.unwrap_err(), "{json}");
        }
        // Unlike serde's derive, a sequence is not a struct.
        let err = serde_json::from_str::<User>(r#"["u1"]"#).unwrap_err().to_string();
        assert!(err.starts_with("invalid type: sequence, expected struct User"), "{err}");
    }
}
