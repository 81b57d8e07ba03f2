//! The compact forms generated servers write their list data in: a list's
//! names ([`__list_fields!`](crate::__list_fields)), the [`Spec`](super::Spec)
//! of an arguments struct ([`__list_spec!`](crate::__list_spec)) and the
//! [`Record`](super::Record) impl of an item type
//! ([`__record!`](crate::__record)). Each expands to the plain items the
//! emitter used to spell out; only the generated text is shorter.

/// `const NAME: &[FieldSpec]`, one row per name:
///
/// - `("id" String 0)`: an orderable name in a column of its own name, read
///   from member 0 ([`FieldSpec::col`](crate::query::FieldSpec::col));
/// - `("status" Enum "UserStatus" ["active", "inactive"] 3)`: the same for
///   an enum;
/// - `{ F::new(..) }`: any other row, written out, with `F`, `K`, `S` and `O`
///   standing for `FieldSpec`, `Kind`, `Storage` and `Option`.
///
/// ```
/// admin_codegen_runtime::__list_fields!(USERS = [("email" String 1), ("role" Enum "Role" ["admin"] 2)]);
/// assert_eq!(USERS[1].kind, admin_codegen_runtime::query::Kind::Enum("Role", &["admin"]));
/// assert_eq!(USERS[0], admin_codegen_runtime::query::FieldSpec::col("email", admin_codegen_runtime::query::Kind::String, 1));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __list_fields {
    ($name:ident = [$($row:tt),* $(,)?]) => {
        #[doc(hidden)]
        const $name: &[$crate::query::FieldSpec] = &[$($crate::__list_fields!(@row $row)),*];
    };
    (@row ($n:literal Enum $e:literal [$($v:literal),* $(,)?] $m:literal)) => {
        $crate::query::FieldSpec::new(
            $n,
            $crate::query::Kind::Enum($e, &[$($v),*]),
            $crate::query::Storage::Column($n),
            true,
            ::core::option::Option::Some($m),
        )
    };
    (@row ($n:literal $k:ident $m:literal)) => {
        $crate::query::FieldSpec::col($n, $crate::query::Kind::$k, $m)
    };
    (@row {$($row:tt)*}) => {{
        #[allow(unused_imports)]
        use {
            ::core::option::Option as O,
            $crate::query::{FieldSpec as F, Kind as K, Storage as S},
        };
        $($row)*
    }};
}

/// `impl Spec for Args`: the list `"Type.field"` is filtered and ordered by
/// the names of a [`__list_fields!`](crate::__list_fields) table.
///
/// ```
/// # use admin_codegen_runtime::query::Spec;
/// admin_codegen_runtime::__list_fields!(USERS = [("email" String 1)]);
/// struct UserListArgs;
/// admin_codegen_runtime::__list_spec!(UserListArgs "Query.user_list" USERS);
/// assert_eq!(UserListArgs::SPEC.list, "Query.user_list");
/// assert_eq!(UserListArgs::SPEC.fields.len(), 1);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __list_spec {
    ($args:ident $list:literal $fields:ident) => {
        impl $crate::query::Spec for $args {
            const SPEC: &'static $crate::query::ListSpec = &$crate::query::ListSpec { list: $list, fields: $fields };
        }
    };
}

/// `impl Record for Type`: one arm per member position a list reads,
/// `position member`; `@enum` before a non-null enum member and `@enum_opt`
/// before a nullable one read its wire name.
///
/// ```
/// # use admin_codegen_runtime::query::{Cell, Record};
/// #[derive(Clone, Copy)]
/// enum Role { Admin }
/// impl Role { fn as_str(&self) -> &'static str { "admin" } }
/// struct User { id: i32, email: Option<String>, role: Role, former: Option<Role> }
/// admin_codegen_runtime::__record!(User { 0 id, 1 email, 2 @enum role, 3 @enum_opt former });
/// let u = User { id: 7, email: None, role: Role::Admin, former: Some(Role::Admin) };
/// assert_eq!(u.cell(0), Cell::Int(7));
/// assert_eq!(u.cell(1), Cell::Null);
/// assert_eq!(u.cell(2), Cell::Text("admin"));
/// assert_eq!(u.cell(3), Cell::Text("admin"));
/// assert_eq!(u.cell(9), Cell::Null);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! __record {
    ($ty:ident { $($m:literal $(@$how:ident)? $member:ident),* $(,)? }) => {
        impl $crate::query::Record for $ty {
            fn cell(&self, member: u16) -> $crate::query::Cell<'_> {
                match member {
                    $($m => $crate::__record!(@read self [$($how)?] $member),)*
                    _ => $crate::query::Cell::Null,
                }
            }
        }
    };
    (@read $s:ident [] $member:ident) => { $crate::query::ToCell::to_cell(&$s.$member) };
    (@read $s:ident [enum] $member:ident) => { $crate::query::Cell::Text($s.$member.as_str()) };
    (@read $s:ident [enum_opt] $member:ident) => {
        $crate::query::Cell::enumeration($s.$member.as_ref().map(|v| v.as_str()))
    };
}
