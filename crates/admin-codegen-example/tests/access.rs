//! The example server over loopback with its seeded keypairs: owner
//! isolation, domain scoping, privileged fields, mutation roles.

use admin_codegen_example::keys::{DOMAIN_ADMIN, SUPERADMIN, USER1, USER2};
use admin_codegen_runtime::server::ServiceOptions;
use serde_json::{Value, json};

async fn serve() -> String {
    server_tests::serve(admin_codegen_example::test_app(ServiceOptions::default()).await).await
}

async fn query(host: &str, (access_key, secret): (&str, &str), q: &str) -> Value {
    server_tests::signed_query(host, access_key, secret, q, json!({})).await
}

fn emails(body: &Value, field: &str) -> Vec<String> {
    body["data"][field]["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn plain_users_see_only_themselves() {
    let host = serve().await;
    let body = query(&host, USER1, "{ user_list(limit: 10, offset: 0) { total_count items { email } } }").await;
    assert_eq!(emails(&body, "user_list"), ["user1@lablup.com"]);
    let body = query(&host, USER1, "{ user { email } }").await;
    assert_eq!(body["data"]["user"]["email"], "user1@lablup.com");
    for q in [
        "{ user(email: \"user2@lablup.com\") { email } }",
        "{ keypair(access_key: \"AKIAUSER000000000002\") { access_key } }",
        "{ compute_session_list(limit: 10, offset: 0, access_key: \"AKIAUSER000000000002\") { total_count } }",
        "{ user_list(limit: 10, offset: 0, domain_name: \"research\") { total_count } }",
    ] {
        let body = query(&host, USER1, q).await;
        assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN", "{q}: {body}");
    }
    let body = query(&host, USER2, "{ compute_session_list(limit: 10, offset: 0) { items { access_key } } }").await;
    assert_eq!(body["data"]["compute_session_list"]["items"], json!([{ "access_key": "AKIAUSER000000000002" }]));
}

#[tokio::test]
async fn admins_stay_in_their_domain_and_superadmins_see_all() {
    let host = serve().await;
    let body = query(&host, DOMAIN_ADMIN, "{ user_list(limit: 10, offset: 0) { items { email } } }").await;
    assert_eq!(emails(&body, "user_list"), ["admin@lablup.com", "domain-admin@lablup.com", "user1@lablup.com"]);
    let body =
        query(&host, DOMAIN_ADMIN, "{ user_list(limit: 10, offset: 0, domain_name: \"research\") { total_count } }")
            .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    let body = query(&host, SUPERADMIN, "{ user_list(limit: 2, offset: 2) { total_count items { email } } }").await;
    assert_eq!(body["data"]["user_list"]["total_count"], 4);
    assert_eq!(emails(&body, "user_list"), ["user1@lablup.com", "user2@lablup.com"]);
}

#[tokio::test]
async fn privileged_fields_and_mutation_roles() {
    let host = serve().await;
    for who in [DOMAIN_ADMIN, USER1] {
        let body = query(&host, who, "{ domains { name } }").await;
        assert_eq!(body["errors"][0]["message"], "superadmin privilege required", "{body}");
    }
    let body = query(&host, SUPERADMIN, "{ domains { name } }").await;
    assert_eq!(body["data"]["domains"], json!([{ "name": "default" }, { "name": "research" }]));

    let create = "mutation { create_user(email: \"new@lablup.com\", props: { username: \"new\", password: \"x\", need_password_change: false }) { ok msg user { email domain_name } } }";
    let body = query(&host, USER1, create).await;
    assert_eq!(
        body["data"]["create_user"],
        json!({ "ok": false, "msg": "no permission to execute create_user", "user": null })
    );
    let body = query(&host, DOMAIN_ADMIN, create).await;
    assert_eq!(body["data"]["create_user"]["ok"], true, "{body}");
    assert_eq!(body["data"]["create_user"]["user"]["domain_name"], "default");
}

#[tokio::test]
async fn relay_groups_page_within_the_callers_domain() {
    let host = serve().await;
    let walk = |who: (&'static str, &'static str)| {
        let host = host.clone();
        async move {
            let (mut names, mut after) = (Vec::new(), Value::Null);
            loop {
                let q = format!(
                    "{{ group_nodes(first: 4, after: {after}) {{ count pageInfo {{ hasNextPage endCursor }} edges {{ node {{ name domain_name }} }} }} }}"
                );
                let body = query(&host, who, &q).await;
                let conn = &body["data"]["group_nodes"];
                for e in conn["edges"].as_array().unwrap_or_else(|| panic!("{body}")) {
                    names.push((e["node"]["name"].as_str().unwrap().to_owned(), e["node"]["domain_name"].clone()));
                }
                if conn["pageInfo"]["hasNextPage"] == false {
                    return (conn["count"].clone(), names);
                }
                after = conn["pageInfo"]["endCursor"].clone();
            }
        }
    };
    let (count, groups) = walk(SUPERADMIN).await;
    assert_eq!((count, groups.len()), (json!(admin_codegen_example::SEEDED_GROUPS), 25));
    let (count, groups) = walk(USER2).await;
    assert_eq!((count, groups.len()), (json!(12), 12));
    assert!(groups.iter().all(|(_, d)| d == "research"), "{groups:?}");
}

#[tokio::test]
async fn list_filters_and_orders_reach_the_resolvers_checked() {
    let host = serve().await;
    let q = r#"{ user_list(limit: 10, offset: 0, filter: "email ilike \"USER%\" | role == \"admin\"", order: "-email") { total_count items { email } } }"#;
    let body = query(&host, SUPERADMIN, q).await;
    assert_eq!(body["data"]["user_list"]["total_count"], 3, "{body}");
    assert_eq!(emails(&body, "user_list"), ["user2@lablup.com", "user1@lablup.com", "domain-admin@lablup.com"]);

    // Scoping still applies under a filter: a plain user cannot widen it.
    let q = r#"{ user_list(limit: 10, offset: 0, filter: "email != \"user1@lablup.com\"") { total_count } }"#;
    let body = query(&host, USER1, q).await;
    assert_eq!(body["data"]["user_list"]["total_count"], 0, "{body}");

    // Errors are located in the expression and carry their own code and the field's path.
    let q = r#"{ user_list(limit: 10, offset: 0, filter: "status == ") { total_count } }"#;
    let body = query(&host, SUPERADMIN, q).await;
    let error = &body["errors"][0];
    assert_eq!(error["message"], "filter: expected a value after '==', found the end of the expression at column 11");
    assert_eq!(error["extensions"]["code"], "INVALID_FILTER");
    assert_eq!(error["path"], json!(["user_list"]));
    let q = r#"{ user_list(limit: 10, offset: 0, filter: "status == 3") { total_count } }"#;
    let body = query(&host, SUPERADMIN, q).await;
    assert_eq!(body["errors"][0]["message"], "filter: `status` is a UserStatus; the number 3 is not at column 11");
    let body = query(&host, SUPERADMIN, r#"{ user_list(limit: 1, offset: 0, order: "+nope") { total_count } }"#).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "INVALID_ORDER", "{body}");

    // The repository's admin-codegen.toml leaves `secret_key` out of `keypair_list`.
    let q = r#"{ keypair_list(limit: 10, offset: 0, filter: "secret_key like \"a%\"") { total_count } }"#;
    let body = query(&host, SUPERADMIN, q).await;
    assert_eq!(body["errors"][0]["message"], "filter: unknown/unsupported field name `secret_key` at column 1");
    let q = r#"{ keypair_list(limit: 10, offset: 0, filter: "is_admin is true", order: "access_key") { items { access_key } } }"#;
    let body = query(&host, SUPERADMIN, q).await;
    assert_eq!(body["data"]["keypair_list"]["items"], json!([{ "access_key": "AKIAIOSFODNN7EXAMPLE" }]), "{body}");

    // Relay connections take them too.
    let q = r#"{ group_nodes(first: 2, order: "-name") { count edges { node { name } } } }"#;
    let body = query(&host, SUPERADMIN, q).await;
    let names: Vec<&str> = body["data"]["group_nodes"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, sorted, "{body}");
}

/// Keypairs live in the database: one created by a mutation signs the next
/// request, deactivated or deleted it is refused from the next request on,
/// and a deleted user's keypairs stop working.
#[tokio::test]
async fn keypairs_in_the_database_take_effect_at_once() {
    let host = serve().await;
    let created = query(
        &host,
        SUPERADMIN,
        r#"mutation { create_keypair(user_id: "user2@lablup.com", props: { resource_policy: "default", rate_limit: 10 }) { ok msg keypair { access_key secret_key } } }"#,
    )
    .await;
    let kp = &created["data"]["create_keypair"]["keypair"];
    let keys = (kp["access_key"].as_str().unwrap().to_owned(), kp["secret_key"].as_str().unwrap().to_owned());
    let as_new = |q: &'static str| {
        let (host, keys) = (host.clone(), keys.clone());
        async move { server_tests::signed_request(&host, &keys.0, &keys.1, q, json!({})).await }
    };
    let (status, body) = as_new("{ user { email domain_name role } }").await;
    assert_eq!((status, &body["data"]["user"]["email"]), (200, &json!("user2@lablup.com")), "{body}");
    assert_eq!(body["data"]["user"]["domain_name"], "research", "role and domain come from the user row");

    let deactivate =
        format!(r#"mutation {{ modify_keypair(access_key: "{}", props: {{ is_active: false }}) {{ ok }} }}"#, keys.0);
    assert_eq!(query(&host, SUPERADMIN, &deactivate).await["data"]["modify_keypair"]["ok"], true);
    let (status, body) = as_new("{ user { email } }").await;
    assert_eq!(status, 401, "{body}");
    let activate = deactivate.replace("is_active: false", "is_active: true");
    assert_eq!(query(&host, SUPERADMIN, &activate).await["data"]["modify_keypair"]["ok"], true);
    assert_eq!(as_new("{ user { email } }").await.0, 200);

    // A deleted user's keypairs stop working; a purged user's are gone.
    let body = query(&host, SUPERADMIN, r#"mutation { delete_user(email: "user2@lablup.com") { ok msg } }"#).await;
    assert_eq!(body["data"]["delete_user"]["ok"], true, "{body}");
    assert_eq!(as_new("{ user { email } }").await.0, 401);
    assert_eq!(server_tests::signed_request(&host, USER2.0, USER2.1, "{ user { email } }", json!({})).await.0, 401);
    let body =
        query(&host, SUPERADMIN, r#"mutation { purge_user(email: "user2@lablup.com", props: {}) { ok } }"#).await;
    assert_eq!(body["data"]["purge_user"]["ok"], true, "{body}");
    let body = query(&host, SUPERADMIN, "{ keypair_list(limit: 10, offset: 0) { total_count } }").await;
    assert_eq!(body["data"]["keypair_list"]["total_count"], 3, "{body}");
}
