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
//!   instantiated), and `Deserialize` through a decoder taken from a table
//!   of its module's held types, which
//!   [`indirect_types!`](crate::indirect_types) writes (see [`Registered`]):
//!   the table's decoders are instantiated side by side, not one inside
//!   another. The chain of instantiations is then cut at every `Indirect`,
//!   which the IR places at most 12 levels apart, whatever the depth of the
//!   schema.
//!
//! Both sides cross the cut as a `serde_json::Value`: the held value is
//! serialized to one and that is serialized to the caller's serializer, and
//! the caller's input is read into one and the table's function decodes `T`
//! from it. Those functions are instantiated for every type reachable from
//! a held one, with a concrete deserializer (static dispatch): through a
//! type-erased one (`erased-serde`) every visitor type also brought its
//! vtable of some thirty `visit_*` functions. And they are instantiated
//! only where something decodes an `Indirect`: registered before `main`
//! (`inventory`, as until 2026-12), they were compiled into every crate
//! that included the types: GitHub 2019's types + server built in 15.2 s
//! clean then, 7.0 s now.
//! The cost is one intermediate value per `Indirect` crossed, which only
//! cycles and very deep nesting have.
//!
//! A type held but not declared does not decode:
//!
//! ```compile_fail,E0277
//! use admin_codegen_runtime::codegen as __rt;
//! #[derive(Debug, Clone, PartialEq, __rt::Serialize, __rt::Decode)]
//! #[serde(crate = "__rt::serde")]
//! struct Node {
//!     next: Option<__rt::Indirect<Node>>,
//! }
//! let _: Node = serde_json::from_str(r#"{"next": null}"#).unwrap();
//! ```
//!
//! while with its module's `indirect_types!(Node);` it does:
//!
//! ```
//! use admin_codegen_runtime::codegen as __rt;
//! #[derive(Debug, Clone, PartialEq, __rt::Serialize, __rt::Decode)]
//! #[serde(crate = "__rt::serde")]
//! struct Node {
//!     next: Option<__rt::Indirect<Node>>,
//! }
//! __rt::indirect_types!(Node);
//! let node: Node = serde_json::from_str(r#"{"next": {"next": null}}"#).unwrap();
//! assert!(node.next.is_some_and(|n| n.next.is_none()));
//! ```
//!
//! It derefs to `T` and implements what the generated types derive.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

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

impl<'de, T: Registered> Deserialize<'de> for Indirect<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Indirect<T>, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let value = (T::decoder::<()>().decode)(value).map_err(D::Error::custom)?;
        Ok(Indirect { value, _type: PhantomData })
    }
}

type Decode = fn(serde_json::Value) -> Result<Box<dyn Held>, serde_json::Error>;

/// The decoder of a type held behind [`Indirect`]: an entry of the table
/// [`indirect_types!`](crate::indirect_types) writes for a module.
pub struct IndirectType {
    decode: Decode,
}

impl IndirectType {
    /// The entry of `T`.
    pub const fn of<T: Holdable + DeserializeOwned>() -> IndirectType {
        IndirectType { decode: decode::<T> }
    }
}

fn decode<T: Holdable + DeserializeOwned>(value: serde_json::Value) -> Result<Box<dyn Held>, serde_json::Error> {
    Ok(Box::new(T::deserialize(value)?))
}

/// A type its module declared with [`indirect_types!`](crate::indirect_types),
/// so that [`Indirect`] can decode it.
///
/// `decoder` is generic (over nothing it uses) so that it, its module's
/// table and every decoder in that table are instantiated only in a crate
/// that decodes an `Indirect`: a server or client that never does, or a
/// crate that only compiles the types, pays for none of them. The table is
/// one function per module listing every held type's decoder, and each
/// type's `decoder` goes through it, so the decoders are instantiated side
/// by side from the table, never one inside another: the chain of
/// instantiations still stops at every `Indirect`.
pub trait Registered: Holdable + DeserializeOwned {
    /// This type's entry in its module's table.
    fn decoder<M>() -> &'static IndirectType;
}

/// Declares the types a generated module holds behind [`Indirect`], so that
/// they can be decoded there: `indirect_types!(User, Group);` at module
/// level, once per module, with every held type (a type held but not listed
/// is a compile error where it is decoded).
#[macro_export]
macro_rules! indirect_types {
    ($($t:ident),* $(,)?) => {
        /// The position of each held type in `__indirect_types`.
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code, clippy::upper_case_acronyms)]
        enum __IndirectIndex {
            $($t),*
        }
        /// The decoders of this module's held types, side by side; generic
        /// so that it is instantiated only where something decodes (see
        /// `Registered`).
        #[doc(hidden)]
        #[allow(clippy::extra_unused_type_parameters)]
        fn __indirect_types<M>() -> &'static [$crate::IndirectType] {
            const TABLE: &[$crate::IndirectType] = &[$($crate::IndirectType::of::<$t>()),*];
            TABLE
        }
        $(impl $crate::Registered for $t {
            fn decoder<M>() -> &'static $crate::IndirectType {
                &__indirect_types::<M>()[__IndirectIndex::$t as usize]
            }
        })*
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
