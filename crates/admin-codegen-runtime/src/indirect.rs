//! [`Indirect`]: the pointer generated types hold a field behind when the IR
//! boxes it (a by-value cycle, or nesting deeper than the IR allows).
//!
//! A `Box<T>` would do for size, but not for rustc, in two ways.
//!
//! - **Trait and drop-check recursion.** To prove `Parent: Send`, or to work
//!   out what dropping a `Parent` may touch, rustc looks through `Box<T>` into
//!   `T` and through every field of `T`, recursively. A chain of 64 nested
//!   types overflows the default recursion limit (`overflow evaluating the
//!   requirement ...: Send`), and generated code cannot raise the limit of the
//!   crate that includes it. `Indirect<T>` keeps the value as a `Box<dyn
//!   Held>` (`Send + Sync`) and `T` only in a `PhantomData<fn() -> T>`, so both
//!   questions stop here. This is sound because the only way to make one,
//!   [`Indirect::new`], requires `T: Send + Sync`. No `unsafe` is involved.
//! - **Instantiation depth.** Serializing or decoding `T0` instantiates
//!   `Option<T1>`'s serde impls, then `T1`'s, and so on down the chain; the
//!   same generic function nested more than about 128 times is rustc's
//!   "reached the recursion limit while instantiating". So nothing here calls
//!   `T`'s impls directly. `Debug`, `Clone`, `PartialEq` and `Serialize` go
//!   through the `dyn Held` vtable (made where [`Indirect::new`] is
//!   instantiated), and `Deserialize` through a function found at run time by
//!   `TypeId` in a table every generated module fills with
//!   [`indirect_types!`](crate::indirect_types) (one `inventory` entry per
//!   boxed type, registered before `main`). The chain of instantiations is
//!   then cut at every `Indirect`, which the IR places at most 12 levels
//!   apart, whatever the depth of the schema.
//!
//! Both sides cross the cut as a `serde_json::Value`: the held value is
//! serialized to one and that is serialized to the caller's serializer, and
//! the caller's input is read into one and the registered function decodes
//! `T` from it. The table's functions are instantiated in the generated
//! crate, for every type reachable from a held one, so their deserializer is
//! a concrete type with static dispatch: through a type-erased one
//! (`erased-serde`) every visitor type also brought its vtable of some thirty
//! `visit_*` functions, which made the registration most of a large schema's
//! build (GitHub 2019's types module: 23 s clean, 9 s without it). The cost
//! is one intermediate value per `Indirect` crossed, which only cycles and
//! very deep nesting have.
//!
//! It derefs to `T` and implements what the generated types derive.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What an [`Indirect`] holds: the value, with the operations the generated
/// derives need, reached through the vtable.
trait Held: Any + Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
    fn clone_held(&self) -> Box<dyn Held>;
    fn eq_held(&self, other: &dyn Held) -> bool;
    fn fmt_held(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
}

/// What a type must have to be held: what the generated types derive.
pub trait Holdable: Clone + fmt::Debug + PartialEq + Serialize + Send + Sync + 'static {}

impl<T: Clone + fmt::Debug + PartialEq + Serialize + Send + Sync + 'static> Holdable for T {}

impl<T: Holdable> Held for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }

    fn clone_held(&self) -> Box<dyn Held> {
        Box::new(self.clone())
    }

    fn eq_held(&self, other: &dyn Held) -> bool {
        other.as_any().downcast_ref::<T>().is_some_and(|other| self == other)
    }

    fn fmt_held(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }

    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

/// A `T` on the heap, behind a pointer rustc's trait, drop-check and
/// instantiation recursion does not follow (see the module docs).
pub struct Indirect<T: 'static> {
    value: Box<dyn Held>,
    _type: PhantomData<fn() -> T>,
}

impl<T: Holdable> Indirect<T> {
    /// Moves `value` to the heap.
    pub fn new(value: T) -> Indirect<T> {
        Indirect { value: Box::new(value), _type: PhantomData }
    }
}

impl<T: 'static> Indirect<T> {
    /// The value, moved out.
    pub fn into_inner(self) -> T {
        match self.value.into_any().downcast::<T>() {
            Ok(value) => *value,
            Err(_) => unreachable!("an Indirect<T> holds a T: `new` and the decoder of T make it"),
        }
    }
}

impl<T: 'static> Deref for Indirect<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self.value.as_any().downcast_ref::<T>() {
            Some(value) => value,
            None => unreachable!("an Indirect<T> holds a T: `new` and the decoder of T make it"),
        }
    }
}

impl<T: 'static> DerefMut for Indirect<T> {
    fn deref_mut(&mut self) -> &mut T {
        match self.value.as_any_mut().downcast_mut::<T>() {
            Some(value) => value,
            None => unreachable!("an Indirect<T> holds a T: `new` and the decoder of T make it"),
        }
    }
}

impl<T: Holdable> From<T> for Indirect<T> {
    fn from(value: T) -> Indirect<T> {
        Indirect::new(value)
    }
}

impl<T: Clone + 'static> Clone for Indirect<T> {
    fn clone(&self) -> Indirect<T> {
        Indirect { value: self.value.clone_held(), _type: PhantomData }
    }
}

impl<T: fmt::Debug + 'static> fmt::Debug for Indirect<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt_held(f)
    }
}

impl<T: PartialEq + 'static> PartialEq for Indirect<T> {
    fn eq(&self, other: &Indirect<T>) -> bool {
        self.value.eq_held(&*other.value)
    }
}

impl<T: Holdable + Default> Default for Indirect<T> {
    fn default() -> Indirect<T> {
        Indirect::new(T::default())
    }
}

impl<T: Serialize + 'static> Serialize for Indirect<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.to_json().map_err(S::Error::custom)?.serialize(serializer)
    }
}

impl<'de, T: DeserializeOwned + 'static> Deserialize<'de> for Indirect<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Indirect<T>, D::Error> {
        let Some(ty) = IndirectType::find(TypeId::of::<T>()) else {
            return Err(D::Error::custom(format_args!(
                "{} cannot be decoded behind Indirect: its module did not register it with `indirect_types!`",
                std::any::type_name::<T>()
            )));
        };
        let value = serde_json::Value::deserialize(deserializer)?;
        let value = (ty.deserialize)(value).map_err(D::Error::custom)?;
        Ok(Indirect { value, _type: PhantomData })
    }
}

type Decode = fn(serde_json::Value) -> Result<Box<dyn Held>, serde_json::Error>;

/// A type that generated code holds behind [`Indirect`], with its decoder:
/// what [`indirect_types!`](crate::indirect_types) registers.
pub struct IndirectType {
    type_id: fn() -> TypeId,
    deserialize: Decode,
}

impl IndirectType {
    /// The entry of `T`.
    pub const fn of<T: Holdable + DeserializeOwned>() -> IndirectType {
        IndirectType { type_id: TypeId::of::<T>, deserialize: decode::<T> }
    }

    /// The registered entry of a type, from a table built on first use.
    fn find(id: TypeId) -> Option<&'static IndirectType> {
        static TABLE: OnceLock<HashMap<TypeId, &'static IndirectType>> = OnceLock::new();
        let table = TABLE.get_or_init(|| inventory::iter::<IndirectType>().map(|t| ((t.type_id)(), t)).collect());
        table.get(&id).copied()
    }
}

fn decode<T: Holdable + DeserializeOwned>(value: serde_json::Value) -> Result<Box<dyn Held>, serde_json::Error> {
    Ok(Box::new(T::deserialize(value)?))
}

inventory::collect!(IndirectType);

/// Registers the types a generated module holds behind [`Indirect`], so that
/// they can be decoded there: `indirect_types!(User, Group);` at module level.
#[macro_export]
macro_rules! indirect_types {
    ($($t:ty),* $(,)?) => {
        $($crate::__inventory::submit! { $crate::IndirectType::of::<$t>() })*
    };
}

#[cfg(test)]
mod tests {
    use super::Indirect;

    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    struct Node {
        name: String,
        next: Option<Indirect<Node>>,
    }

    crate::indirect_types!(Node);

    /// Like `Node`, but its module forgot to register it.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Unregistered {
        next: Option<Indirect<Unregistered>>,
    }

    #[test]
    fn an_unregistered_type_is_a_decoding_error_that_names_it() {
        let err = serde_json::from_value::<Unregistered>(serde_json::json!({"next": {"next": null}})).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("Unregistered cannot be decoded behind Indirect"), "{message}");
        // Serializing needs no registration.
        let value = Unregistered { next: Some(Indirect::new(Unregistered { next: None })) };
        assert_eq!(serde_json::to_value(&value).unwrap(), serde_json::json!({"next": {"next": null}}));
    }

    #[test]
    fn behaves_like_the_value() {
        let mut n = Node { name: "a".into(), next: Some(Indirect::new(Node { name: "b".into(), next: None })) };
        let json = serde_json::to_value(&n).unwrap();
        assert_eq!(json, serde_json::json!({"name": "a", "next": {"name": "b", "next": null}}));
        let back: Node = serde_json::from_value(json).unwrap();
        assert_eq!(back, n.clone());
        n.next.as_mut().unwrap().name.push('!');
        assert_eq!(n.next.as_ref().unwrap().name, "b!");
        assert_eq!(format!("{:?}", n.next.unwrap().into_inner()), r#"Node { name: "b!", next: None }"#);
        let send_sync = |_: &(dyn Send + Sync)| {};
        send_sync(&Indirect::new(1u8));
    }
}
