//! Access rules declared with directives, enforced by the generated server
//! before the resolvers run (spec §9). The resolvers echo the arguments they
//! receive, so the tests see every rewrite.

use std::sync::Arc;

use admin_codegen_runtime::server::{
    Keypair, MemoryKeypairStore, RequestContext, ResolverError, Role, ServiceOptions, router,
};
use serde_json::{Value, json};
use server_tests::access::server::*;
use server_tests::access::types::*;
use server_tests::{serve, signed_query};

type R<T> = Result<T, ResolverError>;

struct Echo;

impl QueriesResolver for Echo {
    async fn domains(&self, _: &RequestContext) -> R<Option<Vec<Option<String>>>> {
        Ok(Some(vec![Some("default".into()), Some("research".into())]))
    }
    async fn user(&self, _: &RequestContext, args: QueriesUserArgs) -> R<Option<User>> {
        Ok(Some(User { email: args.email, domain_name: args.domain_name }))
    }
    async fn sessions(&self, _: &RequestContext, args: QueriesSessionsArgs) -> R<Option<Vec<Option<Session>>>> {
        Ok(Some(vec![Some(Session { access_key: args.access_key })]))
    }
    async fn echo_domain(&self, _: &RequestContext, args: QueriesEchoDomainArgs) -> R<Option<String>> {
        Ok(Some(args.domain_name.unwrap_or_else(|| "(all)".into())))
    }
}

impl MutationsResolver for Echo {
    async fn delete_user(&self, _: &RequestContext, args: MutationsDeleteUserArgs) -> R<Option<DeleteUser>> {
        Ok(Some(DeleteUser { ok: Some(true), msg: Some(format!("deleted {}", args.email)) }))
    }
    async fn purge(&self, _: &RequestContext) -> R<Option<bool>> {
        Ok(Some(true))
    }
}

use server_tests::TEST_SECRET as SK;

fn keypair(access_key: &str, email: &str, role: Role, is_admin: bool) -> Keypair {
    Keypair { user_id: uuid::Uuid::from_u128(7), is_admin, ..server_tests::keypair(access_key, email, role) }
}

async fn start() -> String {
    let schema = schema(Arc::new(Echo)).finish().unwrap();
    let store = MemoryKeypairStore::new([
        keypair("SUPER", "root@x", Role::Superadmin, true),
        keypair("SUPERPLAIN", "root2@x", Role::Superadmin, false),
        keypair("ADMIN", "admin@x", Role::Admin, false),
        keypair("USER", "user@x", Role::User, false),
        keypair("MONITOR", "monitor@x", Role::Monitor, false),
    ]);
    serve(router(schema, store, ServiceOptions::default())).await
}

async fn q(host: &str, who: &str, query: &str) -> Value {
    signed_query(host, who, SK, query, json!({})).await
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn privileged_fields_need_a_privileged_superadmin_keypair() {
    let host = start().await;
    assert_eq!(q(&host, "SUPER", "{ domains }").await["data"]["domains"], json!(["default", "research"]));
    for who in ["SUPERPLAIN", "ADMIN", "USER", "MONITOR"] {
        let body = q(&host, who, "{ domains }").await;
        assert_eq!(
            (code(&body), body["errors"][0]["message"].as_str()),
            ("FORBIDDEN", Some("superadmin privilege required")),
            "{who}"
        );
        assert_eq!(body["data"], Value::Null, "{who}");
    }
}

#[tokio::test]
async fn scoped_fields_rewrite_and_refuse_by_role() {
    let host = start().await;
    // superadmin: as given; autofill makes a missing owner the caller.
    let body = q(
        &host,
        "SUPER",
        "{ a: user(email: \"other@x\", domain_name: \"research\") { email domain_name } b: user { email } }",
    )
    .await;
    assert_eq!(
        body["data"],
        json!({ "a": { "email": "other@x", "domain_name": "research" }, "b": { "email": "root@x" } })
    );
    // admin: domain forced to its own; another domain refused; owner as given.
    let body = q(&host, "ADMIN", "{ user(email: \"other@x\") { email domain_name } }").await;
    assert_eq!(body["data"]["user"], json!({ "email": "other@x", "domain_name": "default" }));
    assert_eq!(code(&q(&host, "ADMIN", "{ echo_domain(domain_name: \"research\") }").await), "FORBIDDEN");
    assert_eq!(q(&host, "ADMIN", "{ echo_domain }").await["data"]["echo_domain"], "default");
    // user: forced to itself; anyone else refused.
    let body = q(&host, "USER", "{ user { email domain_name } sessions { access_key } }").await;
    assert_eq!(
        body["data"],
        json!({ "user": { "email": "user@x", "domain_name": "default" }, "sessions": [{ "access_key": "USER" }] })
    );
    for query in ["{ user(email: \"other@x\") { email } }", "{ sessions(access_key: \"SUPER\") { access_key } }"] {
        assert_eq!(code(&q(&host, "USER", query).await), "FORBIDDEN", "{query}");
    }
    assert_eq!(q(&host, "USER", "{ user(email: \"user@x\") { email } }").await["data"]["user"]["email"], "user@x");
    // any other role: refused.
    let body = q(&host, "MONITOR", "{ echo_domain }").await;
    assert_eq!(body["errors"][0]["message"], "Unknown client role");
    // superadmin without autofill: a missing owner means everyone.
    assert_eq!(
        q(&host, "SUPER", "{ sessions { access_key } }").await["data"]["sessions"],
        json!([{ "access_key": null }])
    );
}

#[tokio::test]
async fn mutation_roles_answer_in_band_or_with_an_error() {
    let host = start().await;
    let delete = "mutation { delete_user(email: \"x@x\") { ok msg } }";
    assert_eq!(q(&host, "SUPER", delete).await["data"]["delete_user"], json!({ "ok": true, "msg": "deleted x@x" }));
    for who in ["ADMIN", "USER"] {
        let body = q(&host, who, delete).await;
        assert_eq!(
            body,
            json!({ "data": { "delete_user": { "ok": false, "msg": "no permission to execute delete_user" } } }),
            "{who}"
        );
    }
    assert_eq!(q(&host, "ADMIN", "mutation { purge }").await["data"]["purge"], true);
    assert_eq!(code(&q(&host, "USER", "mutation { purge }").await), "FORBIDDEN");
}
