//! The generated types produce and accept exactly the wire JSON.

use admin_codegen_runtime::Maybe;
use compile_tests::default::types::*;
use serde_json::json;

#[test]
fn objects_decode_wire_names_and_scalars() {
    let user: User = serde_json::from_value(json!({
        "id": "VXNlcjox",
        "uuid": "f5b9d6a6-0f0e-4c1a-9b1e-6f3c9d2c1a01",
        "email": "admin@lablup.com",
        "role": "superadmin",
        "status": "before_verification",
        "created_at": "2020-02-16T15:47:28.997335+00:00",
        "modified_at": "2020-02-16T15:47:28",
        "groups": [{"id": "2de2b969-1d04-48a6-af16-0bc8adb3c831", "name": "default"}, null]
    }))
    .unwrap();
    assert_eq!(user.role, Some(UserRole::Superadmin));
    assert_eq!(user.status, Some(UserStatus::BeforeVerification));
    assert_eq!(user.uuid.unwrap().to_string(), "f5b9d6a6-0f0e-4c1a-9b1e-6f3c9d2c1a01");
    assert_eq!(user.modified_at.unwrap().to_string(), "2020-02-16T15:47:28+00:00");
    assert_eq!(user.groups.as_ref().unwrap().len(), 2);
    // Fields absent from the response are None.
    assert_eq!(user.full_name, None);
    // Serializing gives the wire names back.
    let back = serde_json::to_value(&user).unwrap();
    assert_eq!(back["role"], "superadmin");
    assert_eq!(back["status"], "before_verification");
}

#[test]
fn relay_names_and_keywords_map_to_rust_names() {
    let page: GroupConnection = serde_json::from_value(json!({
        "pageInfo": {"hasNextPage": true, "hasPreviousPage": false, "startCursor": "a", "endCursor": "b"},
        "edges": [{"node": {"id": "R3JvdXA6MQ==", "name": "g"}, "cursor": "a"}],
        "count": 7
    }))
    .unwrap();
    assert!(page.page_info.has_next_page);
    assert_eq!(page.page_info.end_cursor.as_deref(), Some("b"));
    assert_eq!(page.count, Some(7));
    let back = serde_json::to_value(&page).unwrap();
    assert_eq!(back["pageInfo"]["hasNextPage"], true);

    let session: ComputeSession =
        serde_json::from_value(json!({"type": "INTERACTIVE", "io_read_bytes": 5000000000u64})).unwrap();
    assert_eq!(session.r#type.as_deref(), Some("INTERACTIVE"));
    assert_eq!(session.io_read_bytes, Some(5_000_000_000));
}

#[test]
fn json_string_is_decoded_twice() {
    let domain: Domain = serde_json::from_value(json!({"total_resource_slots": "{\"cpu\": \"4\"}"})).unwrap();
    assert_eq!(domain.total_resource_slots.unwrap()["cpu"], "4");
    let bad = serde_json::from_value::<Domain>(json!({"total_resource_slots": "{cpu"}));
    assert!(bad.unwrap_err().to_string().contains("JSONString"));
}

#[test]
fn invalid_scalars_are_decode_errors() {
    assert!(serde_json::from_value::<User>(json!({"uuid": "not-a-uuid"})).is_err());
    assert!(serde_json::from_value::<User>(json!({"created_at": "yesterday"})).is_err());
    assert!(serde_json::from_value::<User>(json!({"role": "SUPERADMIN"})).is_err());
}

#[test]
fn interfaces_and_unions_are_tagged_by_typename() {
    let p: Principal = serde_json::from_value(json!({"__typename": "Group", "name": "g"})).unwrap();
    assert!(matches!(&p, Principal::Group(g) if g.name.as_deref() == Some("g")));
    assert_eq!(serde_json::to_value(&p).unwrap()["__typename"], "Group");
    let item: Item = serde_json::from_value(json!({"__typename": "Agent", "id": "i-1", "status": "ALIVE"})).unwrap();
    assert!(matches!(item, Item::Agent(a) if a.status == Some(AgentStatus::Alive)));
}

#[test]
fn inputs_distinguish_absent_null_and_value() {
    let props =
        ModifyUserInput { full_name: Maybe::Value("Kim".into()), description: Maybe::Null, ..Default::default() };
    assert_eq!(serde_json::to_value(&props).unwrap(), json!({"full_name": "Kim", "description": null}));
    let input = KeyPairInput {
        is_active: Maybe::Absent,
        is_admin: Maybe::Absent,
        resource_policy: "default".into(),
        rate_limit: 1000,
    };
    assert_eq!(serde_json::to_value(&input).unwrap(), json!({"resource_policy": "default", "rate_limit": 1000}));
}

#[test]
fn enums_know_their_wire_names() {
    assert_eq!(UserRole::Admin.as_str(), "admin");
    assert_eq!(SessionStatus::ALL.len(), 9);
    assert_eq!(AgentStatus::Lost.to_string(), "LOST");
}

#[test]
fn corpus_modules_are_compiled_or_skipped_with_a_reason() {
    if cfg!(corpus) {
        // The modules exist (this would not compile otherwise); spot-check one type.
        #[cfg(corpus)]
        {
            let q: compile_tests::backendai_24_09::types::UserList =
                serde_json::from_value(json!({"items": [], "total_count": 0})).unwrap();
            assert_eq!(q.total_count, 0);
            // The [access] overlay of examples/backendai reached the generated server.
            use admin_codegen_runtime::server::schema::{AccessDef, KindDef, OwnerValue};
            let schema = compile_tests::backendai_24_09::server::SCHEMA.def();
            let access = |ty: &str, field: &str| {
                let t = schema.types.iter().find(|t| t.name == ty).unwrap();
                let KindDef::Object { fields, .. } = &t.kind else { panic!("{ty} is an object") };
                fields.iter().find(|f| f.name == field).unwrap().access
            };
            assert!(matches!(access("Queries", "domains"), Some(AccessDef::Privileged)));
            assert!(matches!(
                access("Queries", "keypair"),
                Some(AccessDef::Scoped { owner: Some(("access_key", OwnerValue::AccessKey)), autofill: true, .. })
            ));
            assert!(matches!(access("Mutations", "create_user"), Some(AccessDef::Roles { payload: true, .. })));
            assert!(access("Queries", "image").is_none());
        }
    } else {
        println!("skipped: ../shared/corpus is absent, so the corpus schemas were not generated or compiled");
    }
}

#[test]
fn keywords_and_collisions_stay_apart_on_the_wire() {
    use compile_tests::fixtures::naming::types as n;
    let q: n::Query = serde_json::from_value(json!({
        "type": "t", "match": 1, "fooBar": "a", "foo_bar": "b", "FOO_BAR": "c", "_id": "i"
    }))
    .unwrap();
    assert_eq!(q.r#type.as_deref(), Some("t"));
    assert_eq!(
        (q.foo_bar.as_deref(), q.foo_bar_2.as_deref(), q.foo_bar_3.as_deref()),
        (Some("a"), Some("b"), Some("c"))
    );
    let back = serde_json::to_value(&q).unwrap();
    assert_eq!(
        (back["fooBar"].as_str(), back["foo_bar"].as_str(), back["FOO_BAR"].as_str()),
        (Some("a"), Some("b"), Some("c"))
    );
    assert_eq!(n::Case::Active2.as_str(), "ACTIVE");
    assert_eq!(serde_json::to_value(n::Case::Self_).unwrap(), "Self");
}

#[test]
fn recursive_types_are_boxed() {
    use compile_tests::fixtures::cycles::types as c;
    let u: c::User = serde_json::from_value(json!({
        "id": "1", "manager": {"id": "2", "manager": null}, "favourite": {"__typename": "Team", "id": "t"}
    }))
    .unwrap();
    assert_eq!(u.manager.unwrap().id, "2");
    assert!(matches!(u.favourite.as_deref(), Some(c::Node::Team(t)) if t.id == "t"));
    let f = c::Filter { not: Maybe::Value(c::Filter::default().into()), ..Default::default() };
    assert_eq!(serde_json::to_value(&f).unwrap(), json!({"not": {}}));
}

/// Every corpus schema is accepted by async-graphql's dynamic schema (with
/// the patched interface check, patches/README.md) as generated, and the SDL
/// it serves is the input's: every type, field, argument, default,
/// description and deprecation, interface fields included.
#[test]
fn corpus_servers_build_and_serve_exactly_the_sdl() {
    #[cfg(corpus)]
    {
        use admin_codegen_runtime::server::schema::{Resolvers, SchemaSource, build};
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/");
        let cases: [(&str, &'static SchemaSource); 3] = [
            ("backendai-24.03.0.graphql", &compile_tests::backendai_24_03::server::SCHEMA),
            ("backendai-24.09.0.graphql", &compile_tests::backendai_24_09::server::SCHEMA),
            ("github-2019.graphql", &compile_tests::github_2019::server::SCHEMA),
        ];
        for (file, def) in cases {
            let schema = build(def, Resolvers::default()).finish().unwrap_or_else(|e| panic!("{file}: {e:?}"));
            let text = std::fs::read_to_string(format!("{corpus}{file}")).unwrap();
            let input = apollo_compiler::Schema::parse_and_validate(text, file).unwrap();
            let served = apollo_compiler::Schema::parse(schema.sdl(), "served.graphql").unwrap();
            let (missing, extra) =
                compile_tests::shape_diff(&compile_tests::expected_shape(&input), &compile_tests::sdl_shape(&served));
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{file}: not served: {missing:#?}\nserved but not in the SDL: {extra:#?}"
            );
        }
    }
    #[cfg(not(corpus))]
    println!("skipped: ../shared/corpus is absent");
}

#[test]
fn client_responses_decode_selections_by_typename() {
    use compile_tests::fixtures::client::client::*;
    use compile_tests::fixtures::client::types::Color;
    let data = json!({
        "node": { "__typename": "Thing", "id": "t1", "color": "GREEN" },
        "named": [{ "__typename": "Part", "name": "p1" }, null],
        "search": [
            { "__typename": "Part", "name": "p2", "weight": 1.5 },
            { "__typename": "Thing", "id": "t2", "color": "RED", "matrix": [[1, null], null], "uuid": "6ba7b810-9dad-11d1-80b4-00c04fd430c8" }
        ]
    });
    let r: AbstractResponse = serde_json::from_value(data).unwrap();
    assert_eq!(r.node, Some(AbstractNode::Thing(AbstractNodeThing { id: "t1".into(), color: Color::Green })));
    let named = r.named.unwrap();
    assert_eq!(named[0].as_ref().unwrap().name.as_deref(), Some("p1"), "an interface without conditions is a struct");
    assert_eq!(named[1], None);
    match &r.search[..] {
        [AbstractSearch::Part(p), AbstractSearch::Thing(t)] => {
            assert_eq!(p.weight, Some(1.5));
            assert_eq!(t.matrix, Some(vec![Some(vec![Some(1), None]), None]));
            assert!(t.uuid.is_some());
        }
        other => panic!("{other:?}"),
    }
    // A type the document has no condition for decodes as `Other` with the common fields.
    let other: AbstractNode = serde_json::from_value(json!({ "__typename": "Gadget", "id": "g" })).unwrap();
    assert_eq!(other, AbstractNode::Other(AbstractNodeOther { id: "g".into() }));

    // Variables: absent and null are different on the wire; aliases decode under their key.
    let vars = CreateThingVariables { name: "n".into(), color: Maybe::Null, tags: Maybe::Absent };
    assert_eq!(serde_json::to_value(&vars).unwrap(), json!({ "name": "n", "color": null }));
    let created: CreateThingResponse =
        serde_json::from_value(json!({ "created": { "ok": false, "msg": "no", "thing": null } })).unwrap();
    assert_eq!(created.created.unwrap().ok, Some(false));
}

/// A union member named `Other` keeps its name; the fallback variant is `Other2`.
#[test]
fn a_member_named_other_does_not_collide_with_the_fallback() {
    use compile_tests::fixtures::client_other::client::*;
    let found: Vec<Option<SearchSearch>> = serde_json::from_value(json!([
        { "__typename": "Other", "id": "1", "note": "a type called Other" },
        { "__typename": "Thing", "id": "2", "name": "thing" },
        { "__typename": "Part", "id": "3" },
    ]))
    .unwrap();
    assert!(matches!(&found[0], Some(SearchSearch::Other(o)) if o.note.as_deref() == Some("a type called Other")));
    assert!(matches!(&found[1], Some(SearchSearch::Thing(t)) if t.name.as_deref() == Some("thing")));
    assert!(matches!(&found[2], Some(SearchSearch::Other2(p)) if p._typename == "Part"), "{:?}", found[2]);
}
