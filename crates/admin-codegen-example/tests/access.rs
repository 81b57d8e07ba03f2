//! The example server over loopback with its seeded keypairs: owner
//! isolation, domain scoping, privileged fields, mutation roles.

use admin_codegen_runtime::server::ServiceOptions;
use admin_codegen_runtime::signing::{self, SignMethod, SignedParts};
use serde_json::{Value, json};

const SUPERADMIN: (&str, &str) = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
const DOMAIN_ADMIN: (&str, &str) = ("AKIADOMAINADMIN00001", "domainadmin-secret-key-for-example-only-01");
const USER1: (&str, &str) = ("AKIAUSER000000000001", "user1-secret-key-for-example-only-000001");
const USER2: (&str, &str) = ("AKIAUSER000000000002", "user2-secret-key-for-example-only-000002");

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        async move { axum::serve(listener, admin_codegen_example::app(ServiceOptions::default())).await.unwrap() },
    );
    addr.to_string()
}

async fn query(host: &str, (access_key, secret): (&str, &str), q: &str) -> Value {
    let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string();
    let parts = SignedParts {
        method: "POST",
        path_and_query: "/admin/gql",
        host,
        date: &date,
        content_type: "application/json",
        version: "v9.20250722",
    };
    let signature = signing::sign(secret, SignMethod::HmacSha256, &parts).unwrap();
    let response = reqwest::Client::new()
        .post(format!("http://{host}/admin/gql"))
        .header("Content-Type", "application/json")
        .header("Date", &date)
        .header("X-BackendAI-Version", "v9.20250722")
        .header("Authorization", signing::authorization(SignMethod::HmacSha256, access_key, &signature))
        .body(json!({ "query": q }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
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
