//! Generated client operations against the example server over loopback:
//! typed queries and mutations, both page streams, and every error kind.

use std::time::Duration;

use admin_codegen_example::keys::{SUPERADMIN, USER1, USER2};
use admin_codegen_runtime::Maybe;
use admin_codegen_runtime::client::{Client, ClientError, ClientOptions};
use admin_codegen_runtime::server::ServiceOptions;
use client_tests::client::*;
use client_tests::types::{SessionStatus, UserInput, UserRole, UserStatus};
use futures_util::TryStreamExt;

async fn example() -> String {
    let host = server_tests::serve(admin_codegen_example::test_app(ServiceOptions::default()).await).await;
    format!("http://{host}")
}

fn client(endpoint: &str, (access_key, secret_key): (&str, &str)) -> Client {
    Client::new(endpoint, access_key, secret_key).unwrap()
}

#[tokio::test]
async fn typed_queries_with_fragments_aliases_and_enums() {
    let endpoint = example().await;
    let mut c = client(&endpoint, USER1);
    assert_eq!(c.negotiate().await.unwrap(), admin_codegen_runtime::versions::LATEST);

    let me = c.execute::<Me>(&MeVariables {}).await.unwrap();
    let me = me.me.expect("the caller's own record");
    assert_eq!(me.email.as_deref(), Some("user1@lablup.com"));
    assert_eq!(me.role, Some(UserRole::User));
    assert_eq!(me.status, Some(UserStatus::Active));

    // An absent variable is left out; the server autofills the caller.
    let vars = UserByEmailVariables { email: Maybe::Absent, domain: Maybe::Absent };
    let user = c.execute::<UserByEmail>(&vars).await.unwrap().user.unwrap();
    assert_eq!(user.domain_name.as_deref(), Some("default"));

    let sessions = c
        .execute::<Sessions>(&SessionsVariables {
            limit: 10,
            offset: 0,
            status: Maybe::Value(SessionStatus::Running),
            access_key: Maybe::Absent,
        })
        .await
        .unwrap();
    let list = sessions.compute_session_list.unwrap();
    assert_eq!(list.total_count, 1, "a plain user sees only its own session");
    let item = list.items[0].as_ref().unwrap();
    assert_eq!(item.kind.as_deref(), Some("INTERACTIVE"), "the alias `kind: type` decodes");
    assert_eq!(item.access_key.as_deref(), Some(USER1.0));
}

#[tokio::test]
async fn union_selections_decode_by_typename() {
    let endpoint = example().await;
    let c = client(&endpoint, SUPERADMIN);
    // The example's first seeded group: itself and its three members (the `default` domain's users).
    let vars = PrincipalsVariables { group: "6a000000-0000-4000-8000-000000000001".parse().unwrap() };
    let principals = c.execute::<Principals>(&vars).await.unwrap().principals.unwrap();
    let users = principals.iter().flatten().filter(|p| matches!(p, PrincipalsPrincipals::User(_))).count();
    let groups: Vec<_> = principals
        .iter()
        .flatten()
        .filter_map(|p| match p {
            PrincipalsPrincipals::Group(g) => g.name.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(users, 3);
    assert_eq!(groups, ["project-01"]);
}

#[tokio::test]
async fn offset_page_stream_collects_every_item_once() {
    let endpoint = example().await;
    let c = client(&endpoint, SUPERADMIN);
    let vars = UsersVariables {
        limit: 0,
        offset: 0,
        domain: Maybe::Absent,
        status: Maybe::Absent,
        filter: Maybe::Absent,
        order: Maybe::Absent,
    };
    for page_size in [1, 3, 4, 100] {
        let items: Vec<_> = c.offset_pages::<Users>(&vars, page_size).try_collect().await.unwrap();
        let emails: Vec<String> = items.into_iter().flatten().filter_map(|u| u.email).collect();
        assert_eq!(
            emails,
            ["admin@lablup.com", "domain-admin@lablup.com", "user1@lablup.com", "user2@lablup.com"],
            "page size {page_size}"
        );
    }
}

#[tokio::test]
async fn filters_built_on_the_client_page_on_the_server() {
    use admin_codegen_runtime::query::build::{field, like_escape, order};
    let endpoint = example().await;
    let c = client(&endpoint, SUPERADMIN);
    // The builder quotes the pattern and escapes what LIKE would read as wildcards.
    let filter = field("email").like(format!("{}%", like_escape("user"))).or(field("role").eq("superadmin"));
    let vars = UsersVariables {
        limit: 0,
        offset: 0,
        domain: Maybe::Absent,
        status: Maybe::Absent,
        filter: Maybe::Value(filter.to_string()),
        order: Maybe::Value(order().desc("email").to_string()),
    };
    let items: Vec<_> = c.offset_pages::<Users>(&vars, 2).try_collect().await.unwrap();
    let emails: Vec<String> = items.into_iter().flatten().filter_map(|u| u.email).collect();
    assert_eq!(emails, ["user2@lablup.com", "user1@lablup.com", "admin@lablup.com"]);
    // A bad filter is a GraphQL error with its own code.
    let vars = UsersVariables { limit: 10, filter: Maybe::Value("email ==".into()), ..vars };
    match c.execute::<Users>(&vars).await {
        Err(ClientError::Graphql(errors)) => {
            assert_eq!(errors[0].code.as_deref(), Some("INVALID_FILTER"), "{errors:?}");
            assert_eq!(
                errors[0].message,
                "filter: expected a value after '==', found the end of the expression at column 9"
            );
        }
        other => panic!("expected a GraphQL error, got {other:?}"),
    }
}

#[tokio::test]
async fn relay_page_stream_collects_every_node_once() {
    let endpoint = example().await;
    let c = client(&endpoint, SUPERADMIN);
    let nodes: Vec<_> = c.relay_pages::<GroupNodes>(&GroupNodesVariables::default(), 4).try_collect().await.unwrap();
    let names: Vec<String> = nodes.into_iter().flatten().filter_map(|n| n.name).collect();
    let expected: Vec<String> = (1..=25).map(|n| format!("project-{n:02}")).collect();
    assert_eq!(names, expected);
    // A plain user pages through its own domain only.
    let c = client(&endpoint, USER2);
    let nodes: Vec<_> = c.relay_pages::<GroupNodes>(&GroupNodesVariables::default(), 5).try_collect().await.unwrap();
    assert_eq!(nodes.len(), 12);
}

fn new_user(domain: &str) -> UserInput {
    serde_json::from_value(serde_json::json!({
        "username": "new", "password": "pw", "need_password_change": false, "domain_name": domain, "role": "user"
    }))
    .unwrap()
}

#[tokio::test]
async fn mutations_and_in_band_failures() {
    let endpoint = example().await;
    let vars = CreateUserVariables { email: "new@lablup.com".into(), props: new_user("default") };
    // A plain user: HTTP 200, no GraphQL error, `ok: false` — a failure only through the checked call.
    let user = client(&endpoint, USER1);
    let answer = user.execute::<CreateUser>(&vars).await.unwrap();
    assert_eq!(answer.create_user.as_ref().unwrap().ok, Some(false));
    match user.execute_checked::<CreateUser>(&vars).await {
        Err(ClientError::Failed { field, msg }) => {
            assert_eq!(field, "create_user");
            assert_eq!(msg.as_deref(), Some("no permission to execute create_user"));
        }
        other => panic!("expected an in-band failure, got {other:?}"),
    }
    let admin = client(&endpoint, SUPERADMIN);
    let created = admin.execute_checked::<CreateUser>(&vars).await.unwrap().create_user.unwrap();
    assert_eq!(created.user.unwrap().email.as_deref(), Some("new@lablup.com"));
    let total = admin
        .execute::<Users>(&UsersVariables {
            limit: 1,
            offset: 0,
            domain: Maybe::Absent,
            status: Maybe::Absent,
            filter: Maybe::Absent,
            order: Maybe::Absent,
        })
        .await
        .unwrap()
        .user_list
        .unwrap()
        .total_count;
    assert_eq!(total, 5);
}

#[tokio::test]
async fn graphql_and_http_errors_are_typed() {
    let endpoint = example().await;
    let user = client(&endpoint, USER1);
    let vars = UserByEmailVariables { email: Maybe::Value("user2@lablup.com".into()), domain: Maybe::Absent };
    match user.execute::<UserByEmail>(&vars).await {
        Err(ClientError::Graphql(errors)) => {
            assert_eq!(errors[0].code.as_deref(), Some("FORBIDDEN"));
            assert_eq!(errors[0].path, [serde_json::json!("user")]);
        }
        other => panic!("expected a GraphQL error, got {other:?}"),
    }
    let wrong = client(&endpoint, (USER1.0, "not-the-secret"));
    let err = wrong.execute::<Me>(&MeVariables {}).await.unwrap_err();
    assert!(matches!(err, ClientError::Http { status: 401, .. }), "{err:?}");
    assert_eq!(err.problem_type(), Some("https://api.backend.ai/probs/auth-failed"));
    let unknown = client(&endpoint, ("AKIANOSUCHKEY0000000", "x"));
    let err = unknown.execute::<Me>(&MeVariables {}).await.unwrap_err();
    assert_eq!(err.problem_type(), Some("https://api.backend.ai/probs/auth-failed"), "{err}");
}

/// A loopback server that answers every request with `status` and `body` after `delay`.
async fn fake(status: u16, body: &'static str, delay: Duration) -> String {
    let app = axum::Router::new().fallback(move || async move {
        tokio::time::sleep(delay).await;
        (axum::http::StatusCode::from_u16(status).unwrap(), body)
    });
    format!("http://{}", server_tests::serve(app).await)
}

#[tokio::test]
async fn transport_timeout_and_decode_errors_are_typed() {
    // Nothing listens on a port we just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let err = client(&format!("http://127.0.0.1:{port}"), USER1).execute::<Me>(&MeVariables {}).await.unwrap_err();
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");

    let slow = fake(200, "{}", Duration::from_secs(5)).await;
    let options = ClientOptions { timeout: Duration::from_millis(200), ..ClientOptions::default() };
    let c = Client::with_options(&slow, USER1.0, USER1.1, options).unwrap();
    let err = c.execute::<Me>(&MeVariables {}).await.unwrap_err();
    assert!(matches!(err, ClientError::Timeout(_)), "{err:?}");

    let garbage = fake(200, "<html>not json</html>", Duration::ZERO).await;
    let err = client(&garbage, USER1).execute::<Me>(&MeVariables {}).await.unwrap_err();
    assert!(matches!(err, ClientError::Decode(_)), "{err:?}");

    // JSON of the wrong shape for the response type.
    let wrong_shape = fake(200, r#"{"data": {"me": {"email": 42}}}"#, Duration::ZERO).await;
    let err = client(&wrong_shape, USER1).execute::<Me>(&MeVariables {}).await.unwrap_err();
    assert!(matches!(err, ClientError::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("invalid type"), "{err}");
}

#[tokio::test]
async fn negotiation_lowers_the_version() {
    let old = fake(200, r#"{"version": "v7.20230615", "manager": "23.09"}"#, Duration::ZERO).await;
    let mut c = client(&old, USER1);
    assert_eq!(c.negotiate().await.unwrap(), "v7.20230615");
    assert_eq!(c.version(), "v7.20230615");
}
