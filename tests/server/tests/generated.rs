//! A server generated from `schema/admin.graphql`: user code implements the
//! generated traits; the generated schema() and the runtime router serve it
//! over loopback; signed requests exercise it.

use std::sync::{Arc, Mutex};

use admin_codegen_runtime::page::offset_cursor;
use admin_codegen_runtime::server::{
    Keypair, MemoryKeypairStore, RequestContext, ResolverError, Role, ServiceOptions, router,
};
use serde_json::{Value, json};
use server_tests::admin::server::*;
use server_tests::admin::types::*;

type R<T> = Result<T, ResolverError>;

#[derive(Default)]
struct Api {
    users: Mutex<Vec<User>>,
}

// A full `User` includes the deprecated `is_active`; the generated field is `#[deprecated]`.
#[allow(deprecated)]
fn user(n: u128, email: &str, domain: &str) -> User {
    User {
        id: Some(format!("VXNlcjo{n}")),
        uuid: Some(uuid::Uuid::from_u128(n)),
        username: Some(email.split('@').next().unwrap().to_owned()),
        email: Some(email.to_owned()),
        need_password_change: Some(false),
        full_name: None,
        description: None,
        is_active: Some(true),
        status: Some(UserStatus::Active),
        status_info: None,
        created_at: Some("2024-01-02T03:04:05+00:00".parse().unwrap()),
        modified_at: None,
        domain_name: Some(domain.to_owned()),
        role: Some(UserRole::User),
        resource_policy: Some("default".into()),
        allowed_client_ip: None,
        totp_activated: Some(false),
        sudo_session_enabled: Some(false),
        main_access_key: None,
        groups: None,
    }
}

fn group(n: u128) -> Group {
    Group {
        id: Some(uuid::Uuid::from_u128(n)),
        name: Some(format!("group-{n}")),
        description: None,
        is_active: Some(true),
        created_at: None,
        modified_at: None,
        domain_name: Some("default".into()),
        total_resource_slots: Some(json!({"cpu": "4"}).into()),
        allowed_vfolder_hosts: None,
        integration_id: None,
        users: None,
    }
}

impl QueriesResolver for Api {
    async fn user(&self, ctx: &RequestContext, args: QueriesUserArgs) -> R<Option<User>> {
        let email = args.email.unwrap_or_else(|| ctx.principal.email.clone());
        Ok(self.users.lock().unwrap().iter().find(|u| u.email.as_deref() == Some(&email)).cloned())
    }
    async fn user_list(&self, _: &RequestContext, args: QueriesUserListArgs) -> R<Option<UserList>> {
        let users = self.users.lock().unwrap();
        let items = args.page.slice(&users, 100).iter().cloned().map(Some).collect::<Vec<_>>();
        Ok(Some(UserList { items, total_count: users.len() as i32 }))
    }
    async fn keypair(&self, _: &RequestContext, _: QueriesKeypairArgs) -> R<Option<KeyPair>> {
        Err(ResolverError::not_implemented("Queries.keypair"))
    }
    async fn keypair_list(&self, _: &RequestContext, _: QueriesKeypairListArgs) -> R<Option<KeyPairList>> {
        Ok(None)
    }
    async fn domain(&self, _: &RequestContext, _: QueriesDomainArgs) -> R<Option<Domain>> {
        Ok(None)
    }
    async fn domains(&self, _: &RequestContext, _: QueriesDomainsArgs) -> R<Option<Vec<Option<Domain>>>> {
        Ok(Some(vec![]))
    }
    async fn group(&self, _: &RequestContext, args: QueriesGroupArgs) -> R<Option<Group>> {
        Ok(Some(Group { id: Some(args.id), ..group(7) }))
    }
    async fn group_nodes(&self, _: &RequestContext, args: QueriesGroupNodesArgs) -> R<Option<GroupConnection>> {
        // The Relay arguments arrive as one `RelayPageRequest`; the runtime computes the window.
        let window = args.page.window(5, 10, 100)?;
        let edges = window
            .range
            .clone()
            .map(|i| {
                Some(GroupEdge {
                    node: Some(GroupNode {
                        id: format!("R3JvdXBOb2RlOj{i}"),
                        row_id: None,
                        name: Some(format!("g{i}")),
                        description: None,
                        is_active: None,
                        created_at: None,
                        domain_name: None,
                    }),
                    cursor: offset_cursor(i),
                })
            })
            .collect();
        Ok(Some(GroupConnection {
            page_info: PageInfo {
                has_next_page: window.has_next_page,
                has_previous_page: window.has_previous_page,
                start_cursor: (!window.range.is_empty()).then(|| offset_cursor(window.range.start)),
                end_cursor: (!window.range.is_empty()).then(|| offset_cursor(window.range.end - 1)),
            },
            edges,
            count: Some(5),
        }))
    }
    async fn compute_session(&self, _: &RequestContext, _: QueriesComputeSessionArgs) -> R<Option<ComputeSession>> {
        Ok(None)
    }
    async fn compute_session_list(
        &self,
        _: &RequestContext,
        args: QueriesComputeSessionListArgs,
    ) -> R<Option<ComputeSessionList>> {
        // Echo the enum argument back through the status field.
        let session = ComputeSession {
            id: Some("s1".into()),
            session_id: None,
            name: None,
            r#type: Some("INTERACTIVE".into()),
            image: None,
            domain_name: None,
            group_id: args.group_id,
            user_uuid: None,
            user_email: None,
            access_key: None,
            status: args.status,
            status_info: None,
            status_data: None,
            created_at: None,
            terminated_at: None,
            starts_at: None,
            occupied_slots: None,
            agent_ids: None,
            io_read_bytes: Some(5_000_000_000),
            num_queries: None,
        };
        Ok(Some(ComputeSessionList { items: vec![Some(session)], total_count: 1 }))
    }
    async fn agent_list(&self, _: &RequestContext, args: QueriesAgentListArgs) -> R<Option<AgentList>> {
        let agent = |s| Agent {
            id: Some("i-1".into()),
            status: s,
            status_changed: None,
            region: None,
            scaling_group: None,
            schedulable: None,
            available_slots: None,
            occupied_slots: None,
            addr: None,
            first_contact: None,
            lost_at: None,
            version: None,
            compute_plugins: None,
        };
        Ok(Some(AgentList { items: vec![Some(agent(args.status))], total_count: 1 }))
    }
    async fn principals(&self, _: &RequestContext, _: QueriesPrincipalsArgs) -> R<Option<Vec<Option<Principal>>>> {
        let u = self.users.lock().unwrap()[0].clone();
        Ok(Some(vec![Some(Principal::User(u)), Some(Principal::Group(group(9)))]))
    }
    async fn user_from_uuid(&self, _: &RequestContext, _: QueriesUserFromUuidArgs) -> R<Option<User>> {
        Ok(None)
    }
    async fn users(&self, _: &RequestContext, _: QueriesUsersArgs) -> R<Option<Vec<Option<User>>>> {
        Ok(Some(self.users.lock().unwrap().iter().cloned().map(Some).collect()))
    }
    async fn keypairs(&self, _: &RequestContext, _: QueriesKeypairsArgs) -> R<Option<Vec<Option<KeyPair>>>> {
        Ok(Some(Vec::new()))
    }
    async fn keypair_resource_policy(
        &self,
        _: &RequestContext,
        _: QueriesKeypairResourcePolicyArgs,
    ) -> R<Option<KeyPairResourcePolicy>> {
        Ok(None)
    }
    async fn keypair_resource_policies(&self, _: &RequestContext) -> R<Option<Vec<Option<KeyPairResourcePolicy>>>> {
        Ok(Some(Vec::new()))
    }
    async fn groups(&self, _: &RequestContext, _: QueriesGroupsArgs) -> R<Option<Vec<Option<Group>>>> {
        Ok(Some(vec![Some(group(9))]))
    }
    async fn groups_by_name(&self, _: &RequestContext, _: QueriesGroupsByNameArgs) -> R<Option<Vec<Option<Group>>>> {
        Ok(Some(Vec::new()))
    }
}

impl MutationsResolver for Api {
    async fn create_user(&self, ctx: &RequestContext, args: MutationsCreateUserArgs) -> R<Option<CreateUser>> {
        if ctx.principal.role != Role::Superadmin {
            return Ok(Some(CreateUser {
                ok: Some(false),
                msg: Some("no permission to execute create_user".into()),
                user: None,
            }));
        }
        let mut u = user(100, &args.email, &args.props.domain_name);
        u.full_name = args.props.full_name.into_option();
        self.users.lock().unwrap().push(u.clone());
        Ok(Some(CreateUser { ok: Some(true), msg: Some("success".into()), user: Some(u) }))
    }
    async fn modify_user(&self, _: &RequestContext, _: MutationsModifyUserArgs) -> R<Option<ModifyUser>> {
        Err(ResolverError::not_implemented("Mutations.modify_user"))
    }
    async fn delete_user(&self, _: &RequestContext, _: MutationsDeleteUserArgs) -> R<Option<DeleteUser>> {
        Ok(Some(DeleteUser { ok: Some(true), msg: None }))
    }
    async fn create_keypair(&self, _: &RequestContext, _: MutationsCreateKeypairArgs) -> R<Option<CreateKeyPair>> {
        Ok(None)
    }
    async fn modify_keypair(&self, _: &RequestContext, _: MutationsModifyKeypairArgs) -> R<Option<ModifyKeyPair>> {
        Ok(None)
    }
    async fn create_group(&self, _: &RequestContext, _: MutationsCreateGroupArgs) -> R<Option<CreateGroup>> {
        Ok(None)
    }
    async fn purge_user(&self, _: &RequestContext, _: MutationsPurgeUserArgs) -> R<Option<PurgeUser>> {
        Ok(None)
    }
    async fn delete_keypair(&self, _: &RequestContext, _: MutationsDeleteKeypairArgs) -> R<Option<DeleteKeyPair>> {
        Ok(None)
    }
    async fn create_keypair_resource_policy(
        &self,
        _: &RequestContext,
        _: MutationsCreateKeypairResourcePolicyArgs,
    ) -> R<Option<CreateKeyPairResourcePolicy>> {
        Ok(None)
    }
    async fn modify_keypair_resource_policy(
        &self,
        _: &RequestContext,
        _: MutationsModifyKeypairResourcePolicyArgs,
    ) -> R<Option<ModifyKeyPairResourcePolicy>> {
        Ok(None)
    }
    async fn delete_keypair_resource_policy(
        &self,
        _: &RequestContext,
        _: MutationsDeleteKeypairResourcePolicyArgs,
    ) -> R<Option<DeleteKeyPairResourcePolicy>> {
        Ok(None)
    }
    async fn modify_group(&self, _: &RequestContext, _: MutationsModifyGroupArgs) -> R<Option<ModifyGroup>> {
        Ok(None)
    }
    async fn delete_group(&self, _: &RequestContext, _: MutationsDeleteGroupArgs) -> R<Option<DeleteGroup>> {
        Ok(None)
    }
    async fn purge_group(&self, _: &RequestContext, _: MutationsPurgeGroupArgs) -> R<Option<PurgeGroup>> {
        Ok(None)
    }
    async fn create_domain(&self, _: &RequestContext, _: MutationsCreateDomainArgs) -> R<Option<CreateDomain>> {
        Ok(None)
    }
    async fn modify_domain(&self, _: &RequestContext, _: MutationsModifyDomainArgs) -> R<Option<ModifyDomain>> {
        Ok(None)
    }
    async fn delete_domain(&self, _: &RequestContext, _: MutationsDeleteDomainArgs) -> R<Option<DeleteDomain>> {
        Ok(None)
    }
    async fn purge_domain(&self, _: &RequestContext, _: MutationsPurgeDomainArgs) -> R<Option<PurgeDomain>> {
        Ok(None)
    }
}

impl GroupResolver for Api {
    async fn users(&self, _: &RequestContext, parent: Group, args: GroupUsersArgs) -> R<Option<Vec<Option<User>>>> {
        // The parent arrives as the typed struct; the default argument is applied.
        assert_eq!(args.limit, Some(100));
        let users = self.users.lock().unwrap();
        let mut u = users[0].clone();
        u.description = parent.name;
        Ok(Some(vec![Some(u)]))
    }
}

use server_tests::TEST_SECRET as SK;

struct Server {
    host: String,
    schema_sdl: String,
}

async fn start() -> Server {
    let api = Api::default();
    api.users.lock().unwrap().extend([user(1, "admin@lablup.com", "default"), user(2, "user@lablup.com", "default")]);
    let schema = schema(Arc::new(api)).finish().expect("the schema builds");
    let schema_sdl = schema.sdl();
    let kp = |ak: &str, email: &str, role| Keypair {
        is_admin: role == Role::Superadmin,
        ..server_tests::keypair(ak, email, role)
    };
    let store = MemoryKeypairStore::new([
        kp("AKADMIN", "admin@lablup.com", Role::Superadmin),
        kp("AKUSER", "user@lablup.com", Role::User),
    ]);
    Server { host: server_tests::serve(router(schema, store, ServiceOptions::default())).await, schema_sdl }
}

impl Server {
    async fn query(&self, access_key: &str, query: &str, variables: Value) -> Value {
        server_tests::signed_query(&self.host, access_key, SK, query, variables).await
    }
}

#[tokio::test]
async fn offset_list_and_the_callers_own_record() {
    let s = start().await;
    let body = s
        .query(
            "AKUSER",
            "{ user_list(limit: 1, offset: 1) { total_count items { email role status created_at } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body,
        json!({ "data": { "user_list": { "total_count": 2, "items": [
            { "email": "user@lablup.com", "role": "user", "status": "active", "created_at": "2024-01-02T03:04:05+00:00" }
        ] } } })
    );
    let body = s.query("AKUSER", "{ user { email } }", json!({})).await;
    assert_eq!(body["data"]["user"]["email"], "user@lablup.com", "{body}");
}

#[tokio::test]
async fn relay_connection_pages_until_has_next_page_is_false() {
    let s = start().await;
    let mut after: Option<String> = None;
    let mut names = Vec::new();
    loop {
        let body = s
            .query(
                "AKUSER",
                "query($after: String) { group_nodes(first: 2, after: $after) { count pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }",
                json!({ "after": after }),
            )
            .await;
        let conn = &body["data"]["group_nodes"];
        assert_eq!(conn["count"], 5, "{body}");
        names.extend(conn["edges"].as_array().unwrap().iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()));
        if conn["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(names, ["g0", "g1", "g2", "g3", "g4"]);

    // Backward from the end, Backend.AI's offset extension, and a bad cursor.
    let q = "query($last: Int, $before: String, $offset: Int, $after: String) { group_nodes(first: 2, last: $last, before: $before, offset: $offset, after: $after) { pageInfo { hasNextPage hasPreviousPage } edges { node { name } } } }";
    let names = |body: &Value| -> Vec<String> {
        let edges = body["data"]["group_nodes"]["edges"].as_array().cloned().unwrap_or_default();
        edges.iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()).collect()
    };
    let body = s.query("AKUSER", q, json!({ "offset": 3 })).await;
    assert_eq!(names(&body), ["g3", "g4"], "{body}");
    assert_eq!(body["data"]["group_nodes"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(body["data"]["group_nodes"]["pageInfo"]["hasPreviousPage"], true);
    let body = s.query("AKUSER", q, json!({ "last": 1, "before": offset_cursor(3) })).await;
    assert_eq!(names(&body), ["g1"], "first 2 keeps g0..g1 before g3, last 1 keeps g1: {body}");
    let body = s.query("AKUSER", q, json!({ "after": "not-a-cursor" })).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["path"], json!(["group_nodes"]), "{body}");
}

#[tokio::test]
async fn nested_resolver_gets_parent_and_default_arguments() {
    let s = start().await;
    let body = s
        .query(
            "AKUSER",
            "query($id: UUID!) { group(id: $id) { id name total_resource_slots users { email description } } }",
            json!({ "id": "2de2b969-1d04-48a6-af16-0bc8adb3c831" }),
        )
        .await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    let g = &body["data"]["group"];
    assert_eq!(g["id"], "2de2b969-1d04-48a6-af16-0bc8adb3c831");
    assert_eq!(g["total_resource_slots"], "{\"cpu\":\"4\"}", "JSONString travels as a string");
    assert_eq!(g["users"][0]["description"], "group-7", "the resolver saw its parent");
}

#[tokio::test]
async fn enums_unions_and_big_ints() {
    let s = start().await;
    // `agent_list` is `@privileged`: the superadmin's privileged keypair.
    let body = s.query("AKADMIN", "{ compute_session_list(limit: 10, offset: 0, status: RUNNING) { items { type status io_read_bytes } } agent_list(limit: 1, offset: 0) { items { status } } }", json!({})).await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["compute_session_list"]["items"][0],
        json!({ "type": "INTERACTIVE", "status": "RUNNING", "io_read_bytes": 5000000000u64 })
    );
    assert_eq!(body["data"]["agent_list"]["items"][0]["status"], "ALIVE", "the SDL default ALIVE reached the resolver");

    let body = s
        .query(
            "AKUSER",
            "query($g: UUID!) { principals(group_id: $g) { __typename ... on User { email } ... on Group { name } } }",
            json!({ "g": "2de2b969-1d04-48a6-af16-0bc8adb3c831" }),
        )
        .await;
    assert_eq!(
        body["data"]["principals"],
        json!([{ "__typename": "User", "email": "admin@lablup.com" }, { "__typename": "Group", "name": "group-9" }]),
        "{body}"
    );
}

#[tokio::test]
async fn invalid_scalars_and_resolver_errors_are_graphql_errors() {
    let s = start().await;
    let body = s.query("AKUSER", "{ group(id: \"not-a-uuid\") { name } }", json!({})).await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("id"), "names the argument: {body}");
    assert_eq!(body["data"], Value::Null);

    let body = s.query("AKUSER", "{ keypair { access_key } }", json!({})).await;
    assert_eq!(body["errors"][0]["message"], "Queries.keypair is not implemented");
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_IMPLEMENTED");
    assert_eq!(body["errors"][0]["path"], json!(["keypair"]));
}

#[tokio::test]
async fn mutation_payloads_with_input_objects() {
    let s = start().await;
    let q = "mutation($email: String!, $props: UserInput!) { create_user(email: $email, props: $props) { ok msg user { email full_name domain_name } } }";
    let props = json!({ "username": "kim", "password": "x", "need_password_change": false, "full_name": "Kim" });
    let body = s.query("AKADMIN", q, json!({ "email": "kim@lablup.com", "props": props })).await;
    assert_eq!(
        body["data"]["create_user"],
        json!({ "ok": true, "msg": "success", "user": { "email": "kim@lablup.com", "full_name": "Kim", "domain_name": "default" } }),
        "input defaults (domain_name = \"default\") applied: {body}"
    );
    let body = s.query("AKUSER", q, json!({ "email": "x@lablup.com", "props": props })).await;
    assert_eq!(body["data"]["create_user"]["ok"], false);
    assert_eq!(body["data"]["create_user"]["msg"], "no permission to execute create_user");
}

/// The SDL the running schema exports describes the same types, fields,
/// arguments, nullability and enum values as the input SDL.
#[tokio::test]
async fn served_schema_round_trips_the_input_sdl() {
    let s = start().await;
    let input = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/admin.graphql")).unwrap();
    // The access directives are admin-codegen's own, declared for the validation here as the parser declares them.
    let declarations: Vec<&str> = admin_codegen_parser::ACCESS_DIRECTIVES.iter().map(|(_, d)| *d).collect();
    let input = format!("{input}\n{}\n", declarations.join("\n"));
    let expected = apollo_compiler::Schema::parse_and_validate(input, "admin.graphql").unwrap();
    let served = apollo_compiler::Schema::parse(&s.schema_sdl, "served.graphql").unwrap();
    // Exactly the input, `PaginatedList.items: [Item]!` (implemented covariantly by every list) included.
    assert!(served.get_interface("PaginatedList").unwrap().fields.contains_key("items"));
    assert_eq!(compile_tests::expected_shape(&expected), compile_tests::sdl_shape(&served));
    // Descriptions and deprecations are served as declared.
    let user = served.get_object("User").unwrap();
    assert_eq!(user.description.as_deref(), Some("A user of the cluster."));
    let is_active = &user.fields["is_active"];
    assert_eq!(is_active.description.as_deref(), Some("Deprecated alias of `status`."));
    let reason = is_active.directives.get("deprecated").and_then(|d| d.specified_argument_by_name("reason"));
    assert_eq!(reason.and_then(|r| r.as_str()), Some("Deprecated since 20.09.0; use status."));
    assert!(served.get_enum("UserRole").unwrap().values["superadmin"].description.is_some());
    assert_eq!(
        served.get_interface("Node").unwrap().fields["id"].description.as_deref(),
        Some("The global ID of the object.")
    );
    assert!(served.get_union("Principal").unwrap().description.is_some());
    assert!(served.get_input_object("UserInput").unwrap().description.is_some());
    assert!(served.get_scalar("JSONString").unwrap().description.is_some());
}

/// Results are serialized to what the query selects (`server::select`); the
/// pruning must keep every member that aliases, fragments, nested data,
/// JSON scalars and nested resolvers (which get the whole parent) read.
#[tokio::test]
async fn pruned_results_keep_everything_the_query_reads() {
    let s = start().await;
    let q = "query($id: UUID!) {
        a: user_list(limit: 2, offset: 0) { items { email ...F } }
        b: user_list(limit: 1, offset: 0) { total_count items { role } }
        group(id: $id) { total_resource_slots ... on Group { name users { email x: role description } } }
        group_nodes(first: 1) { edges { node { id } } e: edges { cursor node { name } } }
    }
    fragment F on User { username status }";
    let body = s.query("AKADMIN", q, json!({ "id": uuid::Uuid::from_u128(9) })).await;
    assert_eq!(body["errors"], Value::Null, "{body}");
    assert_eq!(
        body["data"]["a"]["items"][1],
        json!({ "email": "user@lablup.com", "username": "user", "status": "active" })
    );
    assert_eq!(body["data"]["b"], json!({ "total_count": 2, "items": [{ "role": "user" }] }), "{body}");
    assert_eq!(body["data"]["group"]["total_resource_slots"], json!({"cpu": "4"}).to_string());
    assert_eq!(body["data"]["group"]["name"], "group-7");
    // The nested resolver got the whole parent (it copies the group's name into `description`).
    assert_eq!(
        body["data"]["group"]["users"],
        json!([{ "email": "admin@lablup.com", "x": "user", "description": "group-7" }])
    );
    assert_eq!(body["data"]["group_nodes"]["edges"], json!([{ "node": { "id": "R3JvdXBOb2RlOj0" } }]));
    assert_eq!(
        body["data"]["group_nodes"]["e"],
        json!([{ "cursor": offset_cursor(0), "node": { "name": "g0" } }]),
        "{body}"
    );
}
