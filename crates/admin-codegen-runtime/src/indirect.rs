//! [`Indirect`]: the pointer generated types hold a field behind when the IR
//! boxes it (a by-value cycle, or nesting deeper than the IR allows).
//!
//! A `Box<T>` would do for size, but not for rustc: to prove `Parent: Send`,
//! or to work out what dropping a `Parent` may touch (drop check), rustc looks
//! through `Box<T>` into `T`, and through every field of `T`, recursively. A
//! chain of 64 nested types overflows its default recursion limit
//! (`overflow evaluating the requirement ...: Send`, `overflow while adding
//! drop-check rules`), and generated code cannot raise the limit of the crate
//! that includes it. `Indirect<T>` keeps the value as a
//! `Box<dyn Any + Send + Sync>` and `T` only in a `PhantomData<fn() -> T>`,
//! so both questions stop here: it is `Send`, `Sync` and trivially dropped
//! whatever `T` is, which is sound because the only way to make one,
//! [`Indirect::new`], requires `T: Send + Sync`. No `unsafe` is involved.
//!
//! It derefs to `T`, and implements what the generated types derive (`Debug`,
//! `Clone`, `PartialEq`, serde) by delegating to `T`.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A `T` on the heap, behind a pointer rustc's trait and drop-check
/// recursion does not follow (see the module docs).
pub struct Indirect<T: 'static> {
    value: Box<dyn Any + Send + Sync>,
    _type: PhantomData<fn() -> T>,
}

impl<T: Send + Sync + 'static> Indirect<T> {
    /// Moves `value` to the heap.
    pub fn new(value: T) -> Indirect<T> {
        Indirect { value: Box::new(value), _type: PhantomData }
    }

    /// The value, moved out.
    pub fn into_inner(self) -> T {
        match self.value.downcast::<T>() {
            Ok(value) => *value,
            Err(_) => unreachable!("an Indirect<T> holds a T: `new` is its only constructor"),
        }
    }
}

impl<T: 'static> Deref for Indirect<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self.value.downcast_ref::<T>() {
            Some(value) => value,
            None => unreachable!("an Indirect<T> holds a T: `new` is its only constructor"),
        }
    }
}

impl<T: 'static> DerefMut for Indirect<T> {
    fn deref_mut(&mut self) -> &mut T {
        match self.value.downcast_mut::<T>() {
            Some(value) => value,
            None => unreachable!("an Indirect<T> holds a T: `new` is its only constructor"),
        }
    }
}

impl<T: Send + Sync + 'static> From<T> for Indirect<T> {
    fn from(value: T) -> Indirect<T> {
        Indirect::new(value)
    }
}

impl<T: Clone + Send + Sync + 'static> Clone for Indirect<T> {
    fn clone(&self) -> Indirect<T> {
        Indirect::new(T::clone(self))
    }
}

impl<T: fmt::Debug + 'static> fmt::Debug for Indirect<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::fmt(self, f)
    }
}

impl<T: PartialEq + 'static> PartialEq for Indirect<T> {
    fn eq(&self, other: &Indirect<T>) -> bool {
        T::eq(self, other)
    }
}

impl<T: Default + Send + Sync + 'static> Default for Indirect<T> {
    fn default() -> Indirect<T> {
        Indirect::new(T::default())
    }
}

impl<T: Serialize + 'static> Serialize for Indirect<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        T::serialize(self, serializer)
    }
}

impl<'de, T: Deserialize<'de> + Send + Sync + 'static> Deserialize<'de> for Indirect<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Indirect<T>, D::Error> {
        T::deserialize(deserializer).map(Indirect::new)
    }
}

#[cfg(test)]
mod tests {
    use super::Indirect;

    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    struct Node {
        name: String,
        next: Option<Indirect<Node>>,
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
