//! An Admin API server for `schema/admin.graphql`: the generated traits
//! implemented over a real database (SQLite, a file or `:memory:`, or
//! PostgreSQL, through sqlx), with keypairs looked up in the same database
//! on every request (the runtime's `SqlKeypairStore`).
//!
//! Spec §9's access rules are the schema's directives (`@privileged`,
//! `@scoped`, `@allow`), applied by the generated server before a resolver
//! runs: a resolver sees `domain_name` and owner arguments already forced to
//! the caller's. What stays here is what depends on the data: a domain
//! admin may change only users, keypairs and groups of their own domain.

use std::sync::Arc;

use admin_codegen_runtime::page::offset_cursor;
use admin_codegen_runtime::query::{Filter, Order};
use admin_codegen_runtime::server::{
    Principal as Caller, RequestContext, ResolverError, Role, ServiceOptions, SqlKeypairStore, router,
};
use admin_codegen_runtime::{DateTime, Maybe};
use uuid::Uuid;

pub mod db;
mod rows;
mod seed;

pub use db::{Db, DbError};
pub use seed::{KEYPAIRS, SEEDED_GROUPS, keys};

use db::{Col, Row, Sql, Val};

/// The code generated from `schema/admin.graphql` (types and server).
pub mod admin {
    admin_codegen_runtime::include_generated!();
}

use admin::server::*;
use admin::types::*;

type R<T> = Result<T, ResolverError>;

/// The resolvers, over one database.
#[derive(Clone, Debug)]
pub struct ExampleApi {
    db: Db,
}

impl ExampleApi {
    /// Opens (and on first use creates, migrates and seeds) the database at
    /// `url`: a SQLite file path, `:memory:`, or a `postgres://` URL.
    pub async fn open(url: &str) -> Result<ExampleApi, DbError> {
        let db = Db::open(url).await?;
        seed::seed(&db).await?;
        Ok(ExampleApi { db })
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// The router serving the example over the database at `url` (see
/// [`ExampleApi::open`]): signed requests, keypairs from the `keypairs` table.
pub async fn app(options: ServiceOptions, url: &str) -> Result<axum::Router, DbError> {
    Ok(api_router(ExampleApi::open(url).await?, options))
}

/// The router serving `api`, with keypairs from its `keypairs` table.
pub fn api_router(api: ExampleApi, options: ServiceOptions) -> axum::Router {
    // Depth and complexity limits and no suggestions: applied by the generated `schema()`.
    let schema = schema(Arc::new(api.clone())).finish().expect("the generated schema builds");
    match api.db {
        Db::Sqlite(pool) => router(schema, SqlKeypairStore::sqlite(pool), options),
        Db::Postgres(pool) => router(schema, SqlKeypairStore::postgres(pool), options),
    }
}

/// [`app`] for tests: over a fresh in-memory SQLite database or, when the
/// environment variable `ADMIN_EXAMPLE_TEST_POSTGRES` names a PostgreSQL
/// server (`postgres://user@host:port/db`), over a fresh database created
/// on that server, so the same tests run on both (`.ci/run` does).
pub async fn test_app(options: ServiceOptions) -> axum::Router {
    let url = match std::env::var("ADMIN_EXAMPLE_TEST_POSTGRES") {
        Ok(server) => fresh_postgres_database(&server).await.unwrap_or_else(|e| panic!("{server}: {e}")),
        Err(_) => ":memory:".to_owned(),
    };
    app(options, &url).await.unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// Creates an empty database on the PostgreSQL server at `server`; returns its URL.
pub async fn fresh_postgres_database(server: &str) -> Result<String, DbError> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!("example_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(server).await?;
    // The name is ours (digits and underscores), not input.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&pool).await?;
    pool.close().await;
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

/// The largest page the example serves (spec §6: servers cap the page size).
const MAX_PAGE: i64 = 100;

/// One condition of a `WHERE`.
enum W<'a> {
    /// `col = value`, left out when the value is `None`.
    Eq(&'static str, Option<Val>),
    /// `before value after`: `"\"user\" IN (SELECT uuid FROM users WHERE domain_name = "`, v, `")"`.
    Around(&'static str, Val, &'static str),
    /// Literal SQL.
    Raw(&'static str),
    /// A checked `filter`.
    Filter(Option<&'a Filter>),
}

fn push_where(sql: &mut Sql, conds: &[W<'_>]) {
    let mut first = true;
    let mut and = |sql: &mut Sql| {
        sql.push(if first { " WHERE " } else { " AND " });
        first = false;
    };
    for c in conds {
        match c {
            W::Eq(_, None) | W::Filter(None) => {}
            W::Eq(col, Some(v)) => {
                and(sql);
                sql.push(&format!("\"{col}\" = ")).val(v);
            }
            W::Around(before, v, after) => {
                and(sql);
                sql.push(before).val(v).push(after);
            }
            W::Raw(text) => {
                and(sql);
                sql.push(text);
            }
            W::Filter(Some(f)) => {
                and(sql);
                sql.filter(f);
            }
        }
    }
}

/// An offset page request as `list`'s `(limit, offset)`.
fn offset_page(page: admin_codegen_runtime::OffsetPageRequest) -> Option<(i64, i64)> {
    Some((page.limit.into(), page.offset.into()))
}

fn text(v: Option<String>) -> Option<Val> {
    v.map(|s| Val::Text(Some(s)))
}

fn flag(v: Option<bool>) -> Option<Val> {
    v.map(|b| Val::Flag(Some(b)))
}

fn uuid(v: Option<Uuid>) -> Option<Val> {
    v.map(|u| Val::Uuid(Some(u)))
}

/// `is_super`: a superadmin (any keypair); the privileged-keypair rule is `@privileged`'s.
fn is_super(c: &Caller) -> bool {
    c.role == Role::Superadmin
}

/// Whether `c` may change things in `domain`.
fn may_manage(c: &Caller, domain: Option<&str>) -> bool {
    is_super(c) || (c.role == Role::Admin && domain == Some(c.domain_name.as_str()))
}

fn done() -> (Option<bool>, Option<String>) {
    (Some(true), Some("success".into()))
}

fn refused(msg: impl Into<String>) -> (Option<bool>, Option<String>) {
    (Some(false), Some(msg.into()))
}

fn no_permission(field: &str) -> (Option<bool>, Option<String>) {
    refused(format!("no permission to execute {field}"))
}

fn now() -> DateTime {
    let now = chrono::Utc::now();
    // Microseconds, as the runtime keeps them, so a value reads back as written.
    let micros = now.timestamp_micros();
    DateTime(chrono::DateTime::from_timestamp_micros(micros).unwrap_or(now).fixed_offset())
}

/// A fresh keypair: an `AKIA…` access key and a 40-character secret.
fn new_keypair() -> (String, String) {
    let a = Uuid::new_v4().simple().to_string().to_uppercase();
    let s = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    (format!("AKIA{}", &a[..16]), s[..40].to_owned())
}

/// A status filter as the reference takes it: text, `deleted` users only when asked for.
fn status_conds(status: Option<String>) -> R<W<'static>> {
    match status {
        None => Ok(W::Raw("\"status\" <> 'deleted'")),
        Some(s) => {
            let parsed: UserStatus = serde_json::from_value(serde_json::Value::String(s.to_lowercase()))
                .map_err(|_| ResolverError::bad_input(format!("unknown user status `{s}`")))?;
            Ok(W::Eq("status", Some(Val::text(parsed.as_str()))))
        }
    }
}

const IN_GROUP: &str = "\"uuid\" IN (SELECT \"user_id\" FROM association_groups_users WHERE \"group_id\" = ";
const OF_DOMAIN: &str = "\"user\" IN (SELECT \"uuid\" FROM users WHERE \"domain_name\" = ";

impl ExampleApi {
    /// Rows of `from` under `conds`, in `order` then insertion order, one
    /// page of them when `page` is `(limit, offset)`; with the total.
    async fn list<T>(
        &self,
        from: &str,
        cols: &[(&str, Col)],
        conds: &[W<'_>],
        order: &Order,
        page: Option<(i64, i64)>,
        map: fn(&Row) -> Result<T, DbError>,
    ) -> R<(Vec<T>, i64)> {
        let mut select = Sql::select(&self.db, cols, from);
        push_where(&mut select, conds);
        select.order_by(order, &["seq"]);
        let total = match page {
            Some((limit, offset)) => {
                select.push(" LIMIT ").int(Some(limit.clamp(0, MAX_PAGE))).push(" OFFSET ").int(Some(offset.max(0)));
                let mut count = self.db.sql(&format!("SELECT COUNT(*) AS n FROM {from}"));
                push_where(&mut count, conds);
                let row = count.fetch_one(&self.db).await?;
                row.map(|r| r.int("n")).transpose()?.flatten().unwrap_or(0)
            }
            None => -1,
        };
        let rows = select.fetch(&self.db).await?;
        let items = rows.iter().map(map).collect::<Result<Vec<T>, DbError>>()?;
        let total = if total < 0 { items.len() as i64 } else { total };
        Ok((items, total))
    }

    async fn one<T>(
        &self,
        from: &str,
        cols: &[(&str, Col)],
        conds: &[W<'_>],
        map: fn(&Row) -> Result<T, DbError>,
    ) -> R<Option<T>> {
        Ok(self.list(from, cols, conds, &Order::default(), None, map).await?.0.into_iter().next())
    }

    /// Fills each user's `groups`.
    async fn with_groups(&self, mut users: Vec<User>) -> R<Vec<User>> {
        if users.is_empty() {
            return Ok(users);
        }
        let from = "(SELECT a.user_id AS user_id, g.id AS group_id, g.name AS name, g.seq AS seq \
                    FROM association_groups_users AS a JOIN groups AS g ON g.id = a.group_id) AS m";
        let mut sql =
            Sql::select(&self.db, &[("user_id", Col::Uuid), ("group_id", Col::Uuid), ("name", Col::Plain)], from);
        sql.push(" WHERE \"user_id\" IN (");
        for (i, u) in users.iter().enumerate() {
            sql.push(if i > 0 { ", " } else { "" }).uuid(u.uuid);
        }
        sql.push(") ORDER BY \"seq\"");
        let rows = sql.fetch(&self.db).await?;
        for u in &mut users {
            let mut groups = Vec::new();
            for r in &rows {
                if r.uuid("user_id")? == u.uuid {
                    groups.push(Some(UserGroup { id: r.uuid("group_id")?, name: r.text("name")? }));
                }
            }
            u.groups = Some(groups);
        }
        Ok(users)
    }

    /// Fills each keypair's `projects`, `full_name` and `user_info` from its user.
    async fn with_owners(&self, mut keys: Vec<KeyPair>) -> R<Vec<KeyPair>> {
        for k in &mut keys {
            let Some(email) = k.user_id.clone() else { continue };
            let Some(user) = self.user_by_email(&email).await? else { continue };
            let groups = user.groups.unwrap_or_default();
            k.projects = Some(groups.into_iter().flatten().map(|g| g.name).collect());
            k.full_name = user.full_name.clone();
            k.user_info = Some(UserInfo { email: user.email, full_name: user.full_name });
        }
        Ok(keys)
    }

    async fn user_where(&self, conds: &[W<'_>]) -> R<Option<User>> {
        let found = self.one("users", rows::USER, conds, rows::user).await?;
        Ok(self.with_groups(found.into_iter().collect()).await?.into_iter().next())
    }

    async fn user_by_email(&self, email: &str) -> R<Option<User>> {
        self.user_where(&[W::Eq("email", text(Some(email.to_owned())))]).await
    }

    async fn keypair_by_key(&self, access_key: &str) -> R<Option<KeyPair>> {
        let conds = [W::Eq("access_key", text(Some(access_key.to_owned())))];
        let found = self.one("keypairs", rows::KEYPAIR, &conds, rows::keypair).await?;
        Ok(self.with_owners(found.into_iter().collect()).await?.into_iter().next())
    }

    async fn group_by_id(&self, id: Uuid) -> R<Option<Group>> {
        self.one("groups", rows::GROUP, &[W::Eq("id", uuid(Some(id)))], rows::group).await
    }

    async fn domain_exists(&self, name: &str) -> R<bool> {
        Ok(self
            .one("domains", rows::DOMAIN, &[W::Eq("name", text(Some(name.to_owned())))], rows::domain)
            .await?
            .is_some())
    }

    async fn policy_exists(&self, name: &str) -> R<bool> {
        let conds = [W::Eq("name", text(Some(name.to_owned())))];
        Ok(self.one("keypair_resource_policies", rows::POLICY, &conds, rows::policy).await?.is_some())
    }

    async fn run(&self, sql: Option<Sql>, conds: &[W<'_>]) -> R<u64> {
        let Some(mut sql) = sql else { return Ok(0) };
        push_where(&mut sql, conds);
        Ok(sql.execute(&self.db).await?)
    }
}

impl QueriesResolver for ExampleApi {
    async fn user(&self, _: &RequestContext, args: QueriesUserArgs) -> R<Option<User>> {
        self.user_where(&[W::Eq("email", text(args.email)), W::Eq("domain_name", text(args.domain_name))]).await
    }

    async fn user_from_uuid(&self, _: &RequestContext, args: QueriesUserFromUuidArgs) -> R<Option<User>> {
        let Some(id) = args.user_id else { return Ok(None) };
        let Ok(id) = id.parse::<Uuid>() else { return Err(ResolverError::bad_input(format!("`{id}` is not a UUID"))) };
        self.user_where(&[W::Eq("uuid", uuid(Some(id))), W::Eq("domain_name", text(args.domain_name))]).await
    }

    async fn users(&self, _: &RequestContext, args: QueriesUsersArgs) -> R<Option<Vec<Option<User>>>> {
        let conds = [
            W::Eq("domain_name", text(args.domain_name)),
            W::Eq("email", text(args.email)),
            W::Eq("is_active", flag(args.is_active)),
            status_conds(args.status)?,
            args.group_id.map_or(W::Raw("1 = 1"), |g| W::Around(IN_GROUP, Val::Uuid(Some(g)), ")")),
        ];
        let (users, _) = self.list("users", rows::USER, &conds, &Order::default(), None, rows::user).await?;
        Ok(Some(self.with_groups(users).await?.into_iter().map(Some).collect()))
    }

    #[allow(deprecated)] // `is_active` is a deprecated argument the client still sends
    async fn user_list(&self, _: &RequestContext, args: QueriesUserListArgs) -> R<Option<UserList>> {
        let conds = [
            W::Eq("domain_name", text(args.domain_name)),
            W::Eq("email", text(args.email)),
            W::Eq("is_active", flag(args.is_active)),
            status_conds(args.status)?,
            args.group_id.map_or(W::Raw("1 = 1"), |g| W::Around(IN_GROUP, Val::Uuid(Some(g)), ")")),
            W::Filter(args.filter.as_ref()),
        ];
        let page = offset_page(args.page);
        let (users, total) = self.list("users", rows::USER, &conds, &args.order, page, rows::user).await?;
        let items = self.with_groups(users).await?.into_iter().map(Some).collect();
        Ok(Some(UserList { items, total_count: total as i32 }))
    }

    async fn keypair(&self, _: &RequestContext, args: QueriesKeypairArgs) -> R<Option<KeyPair>> {
        let conds = [
            W::Eq("access_key", text(args.access_key)),
            args.domain_name.map_or(W::Raw("1 = 1"), |d| W::Around(OF_DOMAIN, Val::text(d), ")")),
        ];
        let found = self.one("keypairs", rows::KEYPAIR, &conds, rows::keypair).await?;
        Ok(self.with_owners(found.into_iter().collect()).await?.into_iter().next())
    }

    async fn keypairs(&self, _: &RequestContext, args: QueriesKeypairsArgs) -> R<Option<Vec<Option<KeyPair>>>> {
        let conds = [
            W::Eq("user_id", text(args.email)),
            W::Eq("is_active", flag(args.is_active)),
            args.domain_name.map_or(W::Raw("1 = 1"), |d| W::Around(OF_DOMAIN, Val::text(d), ")")),
        ];
        let (keys, _) = self.list("keypairs", rows::KEYPAIR, &conds, &Order::default(), None, rows::keypair).await?;
        Ok(Some(self.with_owners(keys).await?.into_iter().map(Some).collect()))
    }

    async fn keypair_list(&self, _: &RequestContext, args: QueriesKeypairListArgs) -> R<Option<KeyPairList>> {
        let conds = [
            W::Eq("user_id", text(args.email)),
            W::Eq("is_active", flag(args.is_active)),
            args.domain_name.map_or(W::Raw("1 = 1"), |d| W::Around(OF_DOMAIN, Val::text(d), ")")),
            W::Filter(args.filter.as_ref()),
        ];
        let page = offset_page(args.page);
        let (keys, total) = self.list("keypairs", rows::KEYPAIR, &conds, &args.order, page, rows::keypair).await?;
        let items = self.with_owners(keys).await?.into_iter().map(Some).collect();
        Ok(Some(KeyPairList { items, total_count: total as i32 }))
    }

    async fn keypair_resource_policy(
        &self,
        ctx: &RequestContext,
        args: QueriesKeypairResourcePolicyArgs,
    ) -> R<Option<KeyPairResourcePolicy>> {
        // Anyone may read the policy of their own keypair; only superadmins any other.
        let own = self.keypair_by_key(&ctx.principal.access_key).await?.and_then(|k| k.resource_policy);
        let name = match args.name {
            Some(n) if is_super(&ctx.principal) || Some(&n) == own.as_ref() => n,
            Some(_) => return Err(ResolverError::forbidden("you can only query the resource policy of your keypair")),
            None => match own {
                Some(n) => n,
                None => return Ok(None),
            },
        };
        self.one("keypair_resource_policies", rows::POLICY, &[W::Eq("name", text(Some(name)))], rows::policy).await
    }

    async fn keypair_resource_policies(&self, _: &RequestContext) -> R<Option<Vec<Option<KeyPairResourcePolicy>>>> {
        let (all, _) =
            self.list("keypair_resource_policies", rows::POLICY, &[], &Order::default(), None, rows::policy).await?;
        Ok(Some(all.into_iter().map(Some).collect()))
    }

    async fn domain(&self, ctx: &RequestContext, args: QueriesDomainArgs) -> R<Option<Domain>> {
        // `name` is the domain itself, so it is scoped here rather than by `@scoped` (which scopes `domain_name`).
        let name = match args.name {
            Some(n) if is_super(&ctx.principal) || n == ctx.principal.domain_name => n,
            Some(_) => return Err(ResolverError::forbidden("you cannot query other domains")),
            None => ctx.principal.domain_name.clone(),
        };
        self.one("domains", rows::DOMAIN, &[W::Eq("name", text(Some(name)))], rows::domain).await
    }

    async fn domains(&self, _: &RequestContext, args: QueriesDomainsArgs) -> R<Option<Vec<Option<Domain>>>> {
        let conds = [W::Eq("is_active", flag(args.is_active))];
        let (all, _) = self.list("domains", rows::DOMAIN, &conds, &Order::default(), None, rows::domain).await?;
        Ok(Some(all.into_iter().map(Some).collect()))
    }

    async fn group(&self, _: &RequestContext, args: QueriesGroupArgs) -> R<Option<Group>> {
        let conds = [W::Eq("id", uuid(Some(args.id))), W::Eq("domain_name", text(args.domain_name))];
        self.one("groups", rows::GROUP, &conds, rows::group).await
    }

    async fn groups(&self, _: &RequestContext, args: QueriesGroupsArgs) -> R<Option<Vec<Option<Group>>>> {
        let conds = [W::Eq("domain_name", text(args.domain_name)), W::Eq("is_active", flag(args.is_active))];
        let (all, _) = self.list("groups", rows::GROUP, &conds, &Order::default(), None, rows::group).await?;
        Ok(Some(all.into_iter().map(Some).collect()))
    }

    async fn groups_by_name(&self, _: &RequestContext, args: QueriesGroupsByNameArgs) -> R<Option<Vec<Option<Group>>>> {
        let conds = [W::Eq("name", text(Some(args.name))), W::Eq("domain_name", text(args.domain_name))];
        let (all, _) = self.list("groups", rows::GROUP, &conds, &Order::default(), None, rows::group).await?;
        Ok(Some(all.into_iter().map(Some).collect()))
    }

    async fn group_nodes(&self, ctx: &RequestContext, args: QueriesGroupNodesArgs) -> R<Option<GroupConnection>> {
        // `group_nodes` has no `domain_name` argument for `@scoped` to force: others than superadmins see their domain.
        let domain = (!is_super(&ctx.principal)).then(|| ctx.principal.domain_name.clone());
        let conds = [W::Eq("domain_name", text(domain)), W::Filter(args.filter.as_ref())];
        let mut count = self.db.sql("SELECT COUNT(*) AS n FROM group_nodes");
        push_where(&mut count, &conds);
        let total = count.fetch_one(&self.db).await?.map(|r| r.int("n")).transpose()?.flatten().unwrap_or(0);
        let window = args.page.window(total as usize, 10, MAX_PAGE as usize)?;
        let page = Some((window.range.len() as i64, window.range.start as i64));
        let (nodes, _) =
            self.list("group_nodes", rows::GROUP_NODE, &conds, &args.order, page, rows::group_node).await?;
        let edges: Vec<Option<GroupEdge>> = nodes
            .into_iter()
            .enumerate()
            .map(|(i, node)| Some(GroupEdge { node: Some(node), cursor: offset_cursor(window.range.start + i) }))
            .collect();
        let page_info = PageInfo {
            has_next_page: window.has_next_page,
            has_previous_page: window.has_previous_page,
            start_cursor: (!window.range.is_empty()).then(|| offset_cursor(window.range.start)),
            end_cursor: (!window.range.is_empty()).then(|| offset_cursor(window.range.end - 1)),
        };
        Ok(Some(GroupConnection { page_info, edges, count: Some(total as i32) }))
    }

    async fn compute_session(
        &self,
        ctx: &RequestContext,
        args: QueriesComputeSessionArgs,
    ) -> R<Option<ComputeSession>> {
        // No owner argument for `@scoped` to force: plain users see their own, admins their domain's.
        let c = &ctx.principal;
        let key = (c.role == Role::User).then(|| c.access_key.clone());
        let domain = (!is_super(c)).then(|| c.domain_name.clone());
        let conds = [
            W::Eq("id", text(Some(args.id.to_string()))),
            W::Eq("access_key", text(key)),
            W::Eq("domain_name", text(domain)),
        ];
        self.one("sessions", rows::SESSION, &conds, rows::session).await
    }

    async fn compute_session_list(
        &self,
        _: &RequestContext,
        args: QueriesComputeSessionListArgs,
    ) -> R<Option<ComputeSessionList>> {
        let conds = [
            W::Eq("domain_name", text(args.domain_name)),
            W::Eq("group_id", uuid(args.group_id)),
            W::Eq("access_key", text(args.access_key)),
            W::Eq("status", text(args.status.map(|s| s.as_str().to_owned()))),
            W::Filter(args.filter.as_ref()),
        ];
        let page = offset_page(args.page);
        let (items, total) = self.list("sessions", rows::SESSION, &conds, &args.order, page, rows::session).await?;
        Ok(Some(ComputeSessionList { items: items.into_iter().map(Some).collect(), total_count: total as i32 }))
    }

    async fn agent_list(&self, _: &RequestContext, args: QueriesAgentListArgs) -> R<Option<AgentList>> {
        let conds = [
            W::Eq("scaling_group", text(args.scaling_group)),
            W::Eq("status", text(args.status.map(|s| s.as_str().to_owned()))),
            W::Filter(args.filter.as_ref()),
        ];
        let page = offset_page(args.page);
        let (items, total) = self.list("agents", rows::AGENT, &conds, &args.order, page, rows::agent).await?;
        Ok(Some(AgentList { items: items.into_iter().map(Some).collect(), total_count: total as i32 }))
    }

    async fn principals(&self, ctx: &RequestContext, args: QueriesPrincipalsArgs) -> R<Option<Vec<Option<Principal>>>> {
        // The group and its members, in the caller's domain unless a superadmin asks.
        let Some(group) = self.group_by_id(args.group_id).await? else { return Ok(Some(Vec::new())) };
        if !is_super(&ctx.principal) && group.domain_name.as_deref() != Some(ctx.principal.domain_name.as_str()) {
            return Err(ResolverError::forbidden("you cannot query other domains"));
        }
        let conds = [W::Around(IN_GROUP, Val::Uuid(Some(args.group_id)), ")"), status_conds(None)?];
        let (users, _) = self.list("users", rows::USER, &conds, &Order::default(), None, rows::user).await?;
        let mut all: Vec<Option<Principal>> = vec![Some(Principal::Group(group))];
        all.extend(users.into_iter().map(|u| Some(Principal::User(u))));
        Ok(Some(all))
    }
}

impl GroupResolver for ExampleApi {
    async fn users(&self, _: &RequestContext, parent: Group, args: GroupUsersArgs) -> R<Option<Vec<Option<User>>>> {
        let Some(id) = parent.id else { return Ok(Some(Vec::new())) };
        let limit = i64::from(args.limit.unwrap_or(100)).clamp(0, MAX_PAGE);
        let status = status_conds(args.status.map(|s| s.as_str().to_owned()))?;
        let conds = [W::Around(IN_GROUP, Val::Uuid(Some(id)), ")"), status];
        let (users, _) =
            self.list("users", rows::USER, &conds, &Order::default(), Some((limit, 0)), rows::user).await?;
        Ok(Some(users.into_iter().map(Some).collect()))
    }
}

mod mutations;

/// `Maybe` as a column assignment: absent and `null` leave the column as
/// it is (the client sends `null` for what it does not change).
fn set<T>(set: &mut Vec<(&'static str, Val)>, col: &'static str, v: Maybe<T>, val: impl FnOnce(Option<T>) -> Val) {
    if let Maybe::Value(v) = v {
        set.push((col, val(Some(v))));
    }
}

/// `Maybe` as an assignment to a column that `null` clears.
fn set_or_clear<T>(
    set: &mut Vec<(&'static str, Val)>,
    col: &'static str,
    v: Maybe<T>,
    val: impl FnOnce(Option<T>) -> Val,
) {
    match v {
        Maybe::Absent => {}
        Maybe::Null => set.push((col, val(None))),
        Maybe::Value(v) => set.push((col, val(Some(v)))),
    }
}
