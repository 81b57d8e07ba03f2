//! An Admin API server for `schema/admin.graphql`: the generated traits
//! implemented over an in-memory store, seeded with a superadmin, a domain
//! admin and two plain users (keypairs in `keypairs.toml`).
//!
//! The access rules of spec §9 are applied by hand in the resolvers below
//! (privileged fields, owner-scoped fields, mutation roles).

use std::sync::{Arc, Mutex};

use admin_codegen_runtime::page::{OffsetPageRequest, offset_cursor};
use admin_codegen_runtime::query;
use admin_codegen_runtime::server::{
    MemoryKeypairStore, Principal as Caller, RequestContext, ResolverError, Role, ServiceOptions, router,
};

/// The code generated from `schema/admin.graphql` (types and server).
pub mod admin {
    admin_codegen_runtime::include_generated!();
}

use admin::server::*;
use admin::types::*;

/// The seeded keypairs, as shipped in `keypairs.toml`.
pub const KEYPAIRS: &str = include_str!("../keypairs.toml");

type R<T> = Result<T, ResolverError>;

/// The example's data.
pub struct Store {
    users: Vec<User>,
    keypairs: Vec<KeyPair>,
    sessions: Vec<ComputeSession>,
    groups: Vec<GroupNode>,
}

/// The resolvers.
#[derive(Clone)]
pub struct ExampleApi {
    store: Arc<Mutex<Store>>,
}

#[allow(deprecated)] // a full `User` includes the deprecated `is_active`
fn user(email: &str, role: UserRole, domain: &str, uuid: &str) -> User {
    User {
        id: Some(format!("User:{email}")),
        uuid: uuid.parse().ok(),
        username: email.split('@').next().map(str::to_owned),
        email: Some(email.to_owned()),
        need_password_change: Some(false),
        full_name: None,
        description: None,
        is_active: Some(true),
        status: Some(UserStatus::Active),
        status_info: None,
        created_at: "2024-03-01T09:00:00+00:00".parse().ok(),
        modified_at: None,
        domain_name: Some(domain.to_owned()),
        role: Some(role),
        resource_policy: Some("default".into()),
        allowed_client_ip: None,
        totp_activated: Some(false),
        sudo_session_enabled: Some(false),
        groups: None,
    }
}

fn keypair(access_key: &str, email: &str, is_admin: bool) -> KeyPair {
    KeyPair {
        id: Some(format!("KeyPair:{access_key}")),
        user_id: Some(email.to_owned()),
        full_name: None,
        access_key: Some(access_key.to_owned()),
        secret_key: None,
        is_active: Some(true),
        is_admin: Some(is_admin),
        resource_policy: Some("default".into()),
        created_at: None,
        last_used: None,
        rate_limit: Some(1000),
        num_queries: Some(0),
        user: None,
        ssh_public_key: None,
        concurrency_used: Some(0),
    }
}

fn session(n: u32, access_key: &str, email: &str, domain: &str) -> ComputeSession {
    ComputeSession {
        id: Some(format!("session-{n}")),
        session_id: None,
        name: Some(format!("session-{n}")),
        r#type: Some("INTERACTIVE".into()),
        image: Some("cr.backend.ai/stable/python:3.11".into()),
        domain_name: Some(domain.to_owned()),
        group_id: None,
        user_uuid: None,
        user_email: Some(email.to_owned()),
        access_key: Some(access_key.to_owned()),
        status: Some(SessionStatus::Running),
        status_info: None,
        status_data: None,
        created_at: None,
        terminated_at: None,
        starts_at: None,
        occupied_slots: None,
        agent_ids: None,
        io_read_bytes: Some(0),
        num_queries: None,
    }
}

/// How many groups the example seeds: 25, alternating between the `default` and `research` domains.
pub const SEEDED_GROUPS: u32 = 25;

fn group_node(n: u32) -> GroupNode {
    GroupNode {
        id: format!("R3JvdXBOb2RlOg{n:04}"),
        row_id: None,
        name: Some(format!("project-{n:02}")),
        description: None,
        is_active: Some(true),
        created_at: None,
        domain_name: Some(if n % 2 == 1 { "default" } else { "research" }.to_owned()),
    }
}

impl ExampleApi {
    /// The seeded store: the four keypairs' owners, their keypairs and a session each.
    pub fn seeded() -> ExampleApi {
        let people = [
            (
                "AKIAIOSFODNN7EXAMPLE",
                "admin@lablup.com",
                UserRole::Superadmin,
                "default",
                "f38dea23-50fa-42a0-b5ae-338f5f4693f4",
            ),
            (
                "AKIADOMAINADMIN00001",
                "domain-admin@lablup.com",
                UserRole::Admin,
                "default",
                "5c1b7a8e-2f0d-4c3a-9f4e-6a7b8c9d0e11",
            ),
            (
                "AKIAUSER000000000001",
                "user1@lablup.com",
                UserRole::User,
                "default",
                "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4",
            ),
            (
                "AKIAUSER000000000002",
                "user2@lablup.com",
                UserRole::User,
                "research",
                "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            ),
        ];
        let store = Store {
            users: people.iter().map(|(_, e, r, d, u)| user(e, *r, d, u)).collect(),
            keypairs: people.iter().map(|(a, e, r, _, _)| keypair(a, e, *r == UserRole::Superadmin)).collect(),
            sessions: people.iter().enumerate().map(|(i, (a, e, _, d, _))| session(i as u32 + 1, a, e, d)).collect(),
            groups: (1..=SEEDED_GROUPS).map(group_node).collect(),
        };
        ExampleApi { store: Arc::new(Mutex::new(store)) }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The router serving the example: signed requests, seeded keypairs.
pub fn app(options: ServiceOptions) -> axum::Router {
    // Depth and complexity limits and no suggestions: applied by the generated `schema()`.
    let schema = schema(Arc::new(ExampleApi::seeded())).finish().expect("the generated schema builds");
    let store = MemoryKeypairStore::from_toml(KEYPAIRS).expect("keypairs.toml is valid");
    router(schema, store, options)
}

/// The domain a caller may query: spec §9's `domain_name` rule.
fn scoped_domain(caller: &Caller, requested: Option<String>) -> R<Option<String>> {
    match caller.role {
        Role::Superadmin => Ok(requested),
        Role::Admin | Role::User => match requested {
            Some(d) if d != caller.domain_name => Err(ResolverError::forbidden("you cannot query other domains")),
            _ => Ok(Some(caller.domain_name.clone())),
        },
        Role::Monitor => Err(ResolverError::forbidden("Unknown client role")),
    }
}

/// The owner a caller may query: spec §9's owner-argument rule (plain users are forced to themselves).
fn scoped_owner(caller: &Caller, requested: Option<String>, own: &str) -> R<Option<String>> {
    match caller.role {
        Role::Superadmin | Role::Admin => Ok(requested),
        Role::User => match requested {
            Some(o) if o != own => Err(ResolverError::forbidden("you can only query your own records")),
            _ => Ok(Some(own.to_owned())),
        },
        Role::Monitor => Err(ResolverError::forbidden("Unknown client role")),
    }
}

fn superadmin_only(caller: &Caller) -> R<()> {
    if caller.role == Role::Superadmin && caller.is_admin {
        Ok(())
    } else {
        Err(ResolverError::forbidden("superadmin privilege required"))
    }
}

fn matches(value: &Option<String>, filter: &Option<String>) -> bool {
    filter.as_ref().is_none_or(|f| value.as_ref() == Some(f))
}

/// The largest page the example serves (spec §6: servers cap the page size).
const MAX_PAGE: usize = 100;

fn page<T: Clone>(items: Vec<T>, request: OffsetPageRequest) -> (Vec<Option<T>>, i32) {
    let total = items.len() as i32;
    (request.slice(&items, MAX_PAGE).iter().cloned().map(Some).collect(), total)
}

fn can_mutate(caller: &Caller) -> bool {
    matches!(caller.role, Role::Superadmin | Role::Admin)
}

fn no_permission(field: &str) -> (Option<bool>, Option<String>) {
    (Some(false), Some(format!("no permission to execute {field}")))
}

impl QueriesResolver for ExampleApi {
    async fn user(&self, ctx: &RequestContext, args: QueriesUserArgs) -> R<Option<User>> {
        let domain = scoped_domain(&ctx.principal, args.domain_name)?;
        let email =
            scoped_owner(&ctx.principal, args.email, &ctx.principal.email)?.unwrap_or(ctx.principal.email.clone());
        Ok(self
            .store()
            .users
            .iter()
            .find(|u| u.email.as_deref() == Some(&email) && matches(&u.domain_name, &domain))
            .cloned())
    }

    async fn user_list(&self, ctx: &RequestContext, args: QueriesUserListArgs) -> R<Option<UserList>> {
        let domain = scoped_domain(&ctx.principal, args.domain_name)?;
        let email = scoped_owner(&ctx.principal, None, &ctx.principal.email)?;
        let users: Vec<User> = self
            .store()
            .users
            .iter()
            .filter(|u| matches(&u.domain_name, &domain) && matches(&u.email, &email))
            .cloned()
            .collect();
        let users = query::apply(users, args.filter.as_ref(), &args.order);
        let (items, total_count) = page(users, args.page);
        Ok(Some(UserList { items, total_count }))
    }

    async fn keypair(&self, ctx: &RequestContext, args: QueriesKeypairArgs) -> R<Option<KeyPair>> {
        let key = scoped_owner(&ctx.principal, args.access_key, &ctx.principal.access_key)?
            .unwrap_or(ctx.principal.access_key.clone());
        Ok(self.store().keypairs.iter().find(|k| k.access_key.as_deref() == Some(&key)).cloned())
    }

    async fn keypair_list(&self, ctx: &RequestContext, args: QueriesKeypairListArgs) -> R<Option<KeyPairList>> {
        scoped_domain(&ctx.principal, args.domain_name)?;
        let email = scoped_owner(&ctx.principal, args.email, &ctx.principal.email)?;
        let keys: Vec<KeyPair> =
            self.store().keypairs.iter().filter(|k| matches(&k.user_id, &email)).cloned().collect();
        let keys = query::apply(keys, args.filter.as_ref(), &args.order);
        let (items, total_count) = page(keys, args.page);
        Ok(Some(KeyPairList { items, total_count }))
    }

    async fn domain(&self, ctx: &RequestContext, args: QueriesDomainArgs) -> R<Option<Domain>> {
        let name = scoped_domain(&ctx.principal, args.name)?.unwrap_or(ctx.principal.domain_name.clone());
        Ok(Some(Domain {
            name: Some(name),
            description: None,
            is_active: Some(true),
            created_at: None,
            modified_at: None,
            total_resource_slots: Some(serde_json::json!({}).into()),
            allowed_vfolder_hosts: None,
            allowed_docker_registries: Some(vec![Some("cr.backend.ai".into())]),
            integration_id: None,
        }))
    }

    async fn domains(&self, ctx: &RequestContext, _: QueriesDomainsArgs) -> R<Option<Vec<Option<Domain>>>> {
        superadmin_only(&ctx.principal)?;
        let mut names: Vec<String> = self.store().users.iter().filter_map(|u| u.domain_name.clone()).collect();
        names.sort();
        names.dedup();
        let domain = |n: String| Domain {
            name: Some(n),
            description: None,
            is_active: Some(true),
            created_at: None,
            modified_at: None,
            total_resource_slots: None,
            allowed_vfolder_hosts: None,
            allowed_docker_registries: None,
            integration_id: None,
        };
        Ok(Some(names.into_iter().map(|n| Some(domain(n))).collect()))
    }

    async fn group(&self, _: &RequestContext, _: QueriesGroupArgs) -> R<Option<Group>> {
        Ok(None)
    }

    async fn group_nodes(&self, ctx: &RequestContext, args: QueriesGroupNodesArgs) -> R<Option<GroupConnection>> {
        let domain = scoped_domain(&ctx.principal, None)?;
        let groups: Vec<GroupNode> =
            self.store().groups.iter().filter(|g| matches(&g.domain_name, &domain)).cloned().collect();
        let groups = query::apply(groups, args.filter.as_ref(), &args.order);
        let window = args.page.window(groups.len(), 10, MAX_PAGE)?;
        let edges: Vec<Option<GroupEdge>> = window
            .range
            .clone()
            .map(|i| Some(GroupEdge { node: Some(groups[i].clone()), cursor: offset_cursor(i) }))
            .collect();
        let page_info = PageInfo {
            has_next_page: window.has_next_page,
            has_previous_page: window.has_previous_page,
            start_cursor: (!window.range.is_empty()).then(|| offset_cursor(window.range.start)),
            end_cursor: (!window.range.is_empty()).then(|| offset_cursor(window.range.end - 1)),
        };
        Ok(Some(GroupConnection { page_info, edges, count: Some(groups.len() as i32) }))
    }

    async fn compute_session(
        &self,
        ctx: &RequestContext,
        args: QueriesComputeSessionArgs,
    ) -> R<Option<ComputeSession>> {
        let key = scoped_owner(&ctx.principal, None, &ctx.principal.access_key)?;
        let wanted = args.id.to_string();
        Ok(self
            .store()
            .sessions
            .iter()
            .find(|s| s.id.as_deref() == Some(&wanted) && matches(&s.access_key, &key))
            .cloned())
    }

    async fn compute_session_list(
        &self,
        ctx: &RequestContext,
        args: QueriesComputeSessionListArgs,
    ) -> R<Option<ComputeSessionList>> {
        let domain = scoped_domain(&ctx.principal, args.domain_name)?;
        let key = scoped_owner(&ctx.principal, args.access_key, &ctx.principal.access_key)?;
        let sessions: Vec<ComputeSession> = self
            .store()
            .sessions
            .iter()
            .filter(|s| matches(&s.domain_name, &domain) && matches(&s.access_key, &key))
            .filter(|s| args.status.is_none_or(|st| s.status == Some(st)))
            .cloned()
            .collect();
        let sessions = query::apply(sessions, args.filter.as_ref(), &args.order);
        let (items, total_count) = page(sessions, args.page);
        Ok(Some(ComputeSessionList { items, total_count }))
    }

    async fn agent_list(&self, ctx: &RequestContext, _: QueriesAgentListArgs) -> R<Option<AgentList>> {
        superadmin_only(&ctx.principal)?;
        Ok(Some(AgentList { items: Vec::new(), total_count: 0 }))
    }

    async fn principals(&self, ctx: &RequestContext, _: QueriesPrincipalsArgs) -> R<Option<Vec<Option<Principal>>>> {
        let domain = scoped_domain(&ctx.principal, None)?;
        let store = self.store();
        let users = store.users.iter().filter(|u| matches(&u.domain_name, &domain)).map(|u| Principal::User(u.clone()));
        // The first two groups of the caller's domain, as `Group`s: the union has both members.
        let groups = store.groups.iter().filter(|g| matches(&g.domain_name, &domain)).take(2).map(|g| {
            Principal::Group(Group {
                id: Some(uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, g.id.as_bytes())),
                name: g.name.clone(),
                description: None,
                is_active: g.is_active,
                created_at: None,
                modified_at: None,
                domain_name: g.domain_name.clone(),
                total_resource_slots: None,
                allowed_vfolder_hosts: None,
                integration_id: None,
                users: None,
            })
        });
        Ok(Some(users.chain(groups).map(Some).collect()))
    }
}

impl MutationsResolver for ExampleApi {
    async fn create_user(&self, ctx: &RequestContext, args: MutationsCreateUserArgs) -> R<Option<CreateUser>> {
        if !can_mutate(&ctx.principal) || scoped_domain(&ctx.principal, Some(args.props.domain_name.clone())).is_err() {
            let (ok, msg) = no_permission("create_user");
            return Ok(Some(CreateUser { ok, msg, user: None }));
        }
        let role = args.props.role.as_ref().copied().unwrap_or(UserRole::User);
        let id = uuid::Uuid::from_u128(0xe0_0000 + self.store().users.len() as u128).to_string();
        let mut new = user(&args.email, role, &args.props.domain_name, &id);
        new.full_name = args.props.full_name.into_option();
        self.store().users.push(new.clone());
        Ok(Some(CreateUser { ok: Some(true), msg: Some("success".into()), user: Some(new) }))
    }

    async fn modify_user(&self, ctx: &RequestContext, args: MutationsModifyUserArgs) -> R<Option<ModifyUser>> {
        let mut store = self.store();
        let target = store.users.iter_mut().find(|u| u.email.as_deref() == Some(&args.email));
        match target {
            Some(u) if can_mutate(&ctx.principal) && scoped_domain(&ctx.principal, u.domain_name.clone()).is_ok() => {
                if let Some(name) = args.props.full_name.into_option() {
                    u.full_name = Some(name);
                }
                Ok(Some(ModifyUser { ok: Some(true), msg: Some("success".into()), user: Some(u.clone()) }))
            }
            _ => {
                let (ok, msg) = no_permission("modify_user");
                Ok(Some(ModifyUser { ok, msg, user: None }))
            }
        }
    }

    async fn delete_user(&self, ctx: &RequestContext, args: MutationsDeleteUserArgs) -> R<Option<DeleteUser>> {
        if ctx.principal.role != Role::Superadmin {
            let (ok, msg) = no_permission("delete_user");
            return Ok(Some(DeleteUser { ok, msg }));
        }
        let mut store = self.store();
        let before = store.users.len();
        store.users.retain(|u| u.email.as_deref() != Some(&args.email));
        let ok = store.users.len() < before;
        Ok(Some(DeleteUser { ok: Some(ok), msg: Some(if ok { "success" } else { "no such user" }.into()) }))
    }

    async fn create_keypair(&self, ctx: &RequestContext, _: MutationsCreateKeypairArgs) -> R<Option<CreateKeyPair>> {
        let (ok, msg) = if can_mutate(&ctx.principal) {
            (Some(false), Some("creating keypairs is not supported by the example".into()))
        } else {
            no_permission("create_keypair")
        };
        Ok(Some(CreateKeyPair { ok, msg, keypair: None }))
    }

    async fn modify_keypair(&self, ctx: &RequestContext, _: MutationsModifyKeypairArgs) -> R<Option<ModifyKeyPair>> {
        let (ok, msg) = if can_mutate(&ctx.principal) {
            (Some(false), Some("modifying keypairs is not supported by the example".into()))
        } else {
            no_permission("modify_keypair")
        };
        Ok(Some(ModifyKeyPair { ok, msg }))
    }

    async fn create_group(&self, ctx: &RequestContext, _: MutationsCreateGroupArgs) -> R<Option<CreateGroup>> {
        let (ok, msg) = if can_mutate(&ctx.principal) {
            (Some(false), Some("creating groups is not supported by the example".into()))
        } else {
            no_permission("create_group")
        };
        Ok(Some(CreateGroup { ok, msg, group: None }))
    }
}

impl GroupResolver for ExampleApi {
    async fn users(&self, ctx: &RequestContext, parent: Group, args: GroupUsersArgs) -> R<Option<Vec<Option<User>>>> {
        let domain = scoped_domain(&ctx.principal, parent.domain_name)?;
        let limit = args.limit.unwrap_or(100).clamp(0, 100) as usize;
        Ok(Some(
            self.store()
                .users
                .iter()
                .filter(|u| matches(&u.domain_name, &domain))
                .filter(|u| args.status.is_none_or(|s| u.status == Some(s)))
                .take(limit)
                .cloned()
                .map(Some)
                .collect(),
        ))
    }
}
