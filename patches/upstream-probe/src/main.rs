//! Builds, with upstream async-graphql, the two schemas our patch exists for
//! (patches/README.md), and says for each whether upstream accepts it as
//! GraphQL does. Exit status 0: upstream still has both bugs (keep the
//! patch); 1: upstream accepts at least one (drop that part of the patch).

use async_graphql::dynamic::*;

fn field(name: &str, ty: TypeRef) -> Field {
    Field::new(name, ty, |_| FieldFuture::new(async { Ok(None::<FieldValue>) }))
}

/// `PaginatedList.items: [Item]!` implemented by `UserList.items: [User]!`,
/// and `Node.id: ID` implemented by `User.id: ID!`.
fn covariant() -> Result<Schema, SchemaError> {
    Schema::build("Query", None, None)
        .register(Object::new("Query").field(field("users", TypeRef::named("UserList"))))
        .register(Interface::new("Item").field(InterfaceField::new("id", TypeRef::named(TypeRef::ID))))
        .register(Interface::new("PaginatedList").field(InterfaceField::new("items", TypeRef::named_list_nn("Item"))))
        .register(Object::new("User").implement("Item").field(field("id", TypeRef::named_nn(TypeRef::ID))))
        .register(Object::new("UserList").implement("PaginatedList").field(field("items", TypeRef::named_list_nn("User"))))
        .finish()
}

/// `interface Named implements Node`: the exported SDL must say so.
fn interface_implements() -> Result<bool, SchemaError> {
    let schema = Schema::build("Query", None, None)
        .register(Object::new("Query").field(field("thing", TypeRef::named("Thing"))))
        .register(Interface::new("Node").field(InterfaceField::new("id", TypeRef::named_nn(TypeRef::ID))))
        .register(
            Interface::new("Named")
                .implement("Node")
                .field(InterfaceField::new("id", TypeRef::named_nn(TypeRef::ID))),
        )
        .register(
            Object::new("Thing").implement("Node").implement("Named").field(field("id", TypeRef::named_nn(TypeRef::ID))),
        )
        .finish()?;
    Ok(schema.sdl().contains("interface Named implements Node"))
}

fn main() {
    let mut fixed = false;
    match covariant() {
        Ok(_) => {
            println!("upstream accepts covariant and narrowed interface fields: drop the check.rs part of the patch");
            fixed = true;
        }
        Err(e) => println!("upstream still rejects covariant interface fields ({}): keep the patch", e.0),
    }
    match interface_implements() {
        Ok(true) => {
            println!("upstream exports `interface Named implements Node`: drop the interface.rs part of the patch");
            fixed = true;
        }
        Ok(false) => println!("upstream still leaves `implements` off interfaces in the SDL: keep the patch"),
        Err(e) => println!("the interface-implements probe did not build upstream ({}): look into it", e.0),
    }
    std::process::exit(i32::from(fixed));
}
