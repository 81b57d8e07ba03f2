//! A nullable input that distinguishes "absent" from "null" from a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A nullable GraphQL input value.
///
/// GraphQL treats an omitted input field differently from an explicit `null`
/// (the first keeps the server's default or the stored value, the second
/// clears it). Generated input types use `Maybe<T>` for every nullable field
/// with `#[serde(default, skip_serializing_if = "Maybe::is_absent")]`, so
/// `Absent` is left out of the JSON, `Null` is sent as `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Maybe<T> {
    /// Not sent at all.
    #[default]
    Absent,
    /// Sent as `null`.
    Null,
    /// Sent as a value.
    Value(T),
}

impl<T> Maybe<T> {
    /// Whether the value is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Maybe::Absent)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Maybe::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Maybe::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Maybe<T> {
    fn from(value: T) -> Self {
        Maybe::Value(value)
    }
}

impl<T> From<Option<T>> for Maybe<T> {
    /// `None` becomes an explicit `Null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Maybe::Null, Maybe::Value)
    }
}

impl<T: Serialize> Serialize for Maybe<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Maybe::Value(v) => v.serialize(serializer),
            // `Absent` is skipped by the field attribute; alone it is null.
            Maybe::Null | Maybe::Absent => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Maybe<T> {
    /// A present field is `Null` or a value; a missing one is `Absent` through `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Input {
        #[serde(default, skip_serializing_if = "Maybe::is_absent")]
        a: Maybe<i32>,
    }

    #[test]
    fn three_states_round_trip() {
        for (value, json) in [(Maybe::Absent, "{}"), (Maybe::Null, r#"{"a":null}"#), (Maybe::Value(3), r#"{"a":3}"#)] {
            let input = Input { a: value };
            assert_eq!(serde_json::to_string(&input).unwrap(), json);
            assert_eq!(serde_json::from_str::<Input>(json).unwrap(), input);
        }
    }
}
