//! Deterministic synthetic schemas, for tests and benchmarks.
//!
//! [`synthesize`] writes an Admin-API-shaped SDL schema of about the number
//! of types asked for, plus client operation documents over it. Every unit
//! of [`TYPES_PER_UNIT`] types uses every kind of type (scalars, objects,
//! interfaces, an interface implementing an interface, unions, enums, input
//! objects), both pagination shapes (`*_list` offset lists and Relay
//! connections), `{ok, msg}` mutation payloads, nested lists, argument and
//! input-field defaults (scalar, enum, list and object literals), deprecated
//! fields and enum values, recursive types (across units and to themselves),
//! recursive inputs, descriptions with quotes and backslashes, Rust keywords
//! as field and enum value names, and pairs of names that collide after case
//! conversion (`fooBar`/`foo_bar`, `RUNNING`/`running`, `Thing1Meta`/`thing1_meta`).
//! A fixed preamble adds types named like Rust's prelude and keywords
//! (`Option`, `Result`, `Self`, `Box` and `box`).
//!
//! The same size always gives the same bytes.

use std::fmt::Write as _;

/// Types each unit adds.
pub const TYPES_PER_UNIT: usize = 14;

/// Types the preamble declares (scalars, interfaces, roots and the prelude-named types).
pub const PREAMBLE_TYPES: usize = 15;

/// A synthetic schema and operations over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synthetic {
    /// The SDL.
    pub sdl: String,
    /// Client operation documents (named operations and fragments) valid against `sdl`.
    pub operations: String,
    /// How many types `sdl` declares.
    pub types: usize,
    /// How many units it has.
    pub units: usize,
}

const PREAMBLE: &str = r#"schema { query: Query mutation: Mutation }

"""An object with a global ID."""
interface Node { id: ID! }
interface Item { id: ID }
interface PaginatedList { items: [Item]! total_count: Int! }

scalar UUID
scalar DateTime
"""JSON, as a string."""
scalar JSONString
scalar BigInt

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

"""Named like Rust's `Option`, with variant-named fields."""
type Option { Some: String None: Int }
type Result { Ok: Boolean Err: String }
"""Named like a Rust keyword, with keyword-named fields."""
type Self { self: Int super: String crate: Boolean type: ID }
type Box { value: Int }
"""Collides with `Box` after case conversion."""
type box { value: String }
"#;

/// A schema of about `types` types, and operations over it. The smallest is
/// one unit: `PREAMBLE_TYPES + TYPES_PER_UNIT` (29) types.
pub fn synthesize(types: usize) -> Synthetic {
    let units = (types.saturating_sub(PREAMBLE_TYPES) + TYPES_PER_UNIT / 2) / TYPES_PER_UNIT;
    let units = units.max(1);
    let mut sdl = String::with_capacity(2600 * units + PREAMBLE.len());
    sdl.push_str(PREAMBLE);
    let mut query = String::from(
        "\"\"\"Every query.\"\"\"\ntype Query {\n  boxes: [Box] prelude: Option result: Result self: Self\n",
    );
    let mut mutation = String::from("type Mutation {\n");
    let mut operations = String::new();
    for i in 0..units {
        unit(&mut sdl, i);
        let _ = write!(
            query,
            "  thing{i}(id: UUID!): Thing{i}\n\
             \x20 thing{i}_list(limit: Int!, offset: Int!, filter: Thing{i}Filter, order: Order{i} = ASC): Thing{i}List\n\
             \x20 \"\"\"Relay-paged things.\"\"\"\n\
             \x20 thing{i}_nodes(first: Int, after: String, last: Int, before: String): Thing{i}Connection\n\
             \x20 any{i}(type: String): [Any{i}]\n\
             \x20 named{i}: [Named{i}!]!\n"
        );
        let _ = write!(
            mutation,
            "  create_thing{i}(props: Thing{i}Input!): CreateThing{i}\n\
             \x20 delete_thing{i}(id: UUID!, force: Boolean = false): DeleteThing{i} @deprecated(reason: \"Use `create_thing{i}` with `is_active: false`.\")\n"
        );
        ops(&mut operations, i);
    }
    sdl.push_str(&query);
    sdl.push_str("}\n\n");
    sdl.push_str(&mutation);
    sdl.push_str("}\n");
    Synthetic { sdl, operations, types: PREAMBLE_TYPES + units * TYPES_PER_UNIT, units }
}

/// The 14 types of unit `i`.
fn unit(s: &mut String, i: usize) {
    let prev = i.saturating_sub(1);
    let _ = write!(
        s,
        r#"
"""Status of thing {i}."""
enum Status{i} {{
  PENDING
  RUNNING
  """Collides with `RUNNING` after case conversion."""
  running
  TERMINATED @deprecated(reason: "Deprecated since 24.03.0.")
  self
}}
enum Order{i} {{ ASC DESC }}
interface Named{i} implements Node {{ id: ID! name: String }}
"""Thing {i}: every scalar kind, keywords, "quoted" text, a \\ backslash and */ in docs."""
type Thing{i} implements Item & Node & Named{i} {{
  id: ID!
  row_id: UUID!
  name: String
  description: String
  status: Status{i}
  created_at: DateTime
  config: JSONString
  size: BigInt
  priority: Int!
  ratio: Float
  is_active: Boolean @deprecated(reason: "Use `status`.")
  type: String
  self: Int
  match: [String!]
  async: Boolean
  fooBar: Int
  foo_bar: Int
  matrix: [[Int!]]!
  grid: [[Thing{i}]]
  parent: Thing{prev}
  meta: thing{i}_meta
  children(limit: Int = 10, order: Order{i} = ASC, filter: Thing{i}Filter = {{name: "x", statuses: [PENDING, RUNNING]}}): [Thing{i}!]
}}
type thing{i}_meta {{ key: String! value: JSONString }}
type Thing{i}Meta {{ key: String tags: [String] }}
union Any{i} = Thing{i} | Thing{i}Meta | thing{i}_meta
type Thing{i}List implements PaginatedList {{ items: [Thing{i}]! total_count: Int! }}
type Thing{i}Edge {{ node: Thing{i} cursor: String! }}
type Thing{i}Connection {{ pageInfo: PageInfo! edges: [Thing{i}Edge]! count: Int }}
input Thing{i}Filter {{ name: String statuses: [Status{i}!] = [PENDING] nested: Thing{i}Filter }}
"""Fields of a new thing {i}."""
input Thing{i}Input {{
  name: String!
  description: String = "none"
  status: Status{i} = PENDING
  tags: [String!] = []
  config: JSONString = "{{}}"
  type: String
  ref: Int = 0
  filter: Thing{i}Filter = {{name: "default", nested: {{statuses: []}}}}
}}
type CreateThing{i} {{ ok: Boolean msg: String thing: Thing{i} }}
type DeleteThing{i} {{ ok: Boolean msg: String }}
"#
    );
}

/// The operations of unit `i`: fields of every kind, a fragment, aliases,
/// both page shapes, an abstract selection and a payload mutation.
fn ops(s: &mut String, i: usize) {
    let _ = write!(
        s,
        r#"
query GetThing{i}($id: UUID!) {{
  thing{i}(id: $id) {{ id row_id name type self match fooBar foo_bar matrix status created_at ...Thing{i}Extra kids: children(limit: 2) {{ id }} }}
}}
fragment Thing{i}Extra on Thing{i} {{ config size priority ratio meta {{ key value }} grid {{ id }} }}
query ListThing{i}($limit: Int!, $offset: Int!, $filter: Thing{i}Filter) {{
  thing{i}_list(limit: $limit, offset: $offset, filter: $filter) {{ total_count items {{ id name }} }}
}}
query NodesThing{i}($first: Int, $after: String) {{
  thing{i}_nodes(first: $first, after: $after) {{ pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ id }} }} }}
}}
query AnyThing{i} {{
  any{i} {{ ... on Thing{i} {{ name }} ... on Thing{i}Meta {{ key }} }}
  named{i} {{ id ... on Thing{i} {{ status }} }}
}}
mutation CreateThing{i}($props: Thing{i}Input!) {{ create_thing{i}(props: $props) {{ ok msg thing {{ id }} }} }}
"#
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_determinism() {
        for asked in [10, 100, 1000, 5000] {
            let s = synthesize(asked);
            let declared = s
                .sdl
                .lines()
                .filter(|l| {
                    ["type ", "interface ", "union ", "enum ", "input ", "scalar "].iter().any(|k| l.starts_with(k))
                })
                .count();
            assert_eq!(declared, s.types, "the count matches the SDL at {asked}");
            let smallest = PREAMBLE_TYPES + TYPES_PER_UNIT;
            assert!(s.types.abs_diff(asked.max(smallest)) <= TYPES_PER_UNIT / 2, "{asked} asked, {} made", s.types);
            assert_eq!(s, synthesize(asked));
        }
    }
}
