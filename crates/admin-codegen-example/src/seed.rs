//! What a new database starts with: two domains, the `default` resource
//! policy, the four users of `keypairs.toml` with their keypairs, a session
//! each and [`SEEDED_GROUPS`] groups. Written once, in one transaction, when
//! the `domains` table is empty.

use admin_codegen_runtime::DateTime;
use admin_codegen_runtime::server::Keypair;
use uuid::Uuid;

use crate::db::{Db, DbError, Sql, Tx, Val};

/// How many groups the example seeds: 25, alternating between the `default` and `research` domains.
pub const SEEDED_GROUPS: u32 = 25;

/// The seeded keypairs that tests and examples sign with, as (access key,
/// secret key): the one copy in Rust of what `keypairs.toml` says (a test
/// checks that they agree).
pub mod keys {
    /// `admin@lablup.com`, superadmin with a privileged keypair.
    pub const SUPERADMIN: (&str, &str) = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    /// `domain-admin@lablup.com`, admin of domain `default`.
    pub const DOMAIN_ADMIN: (&str, &str) = ("AKIADOMAINADMIN00001", "domainadmin-secret-key-for-example-only-01");
    /// `user1@lablup.com`, a user in domain `default`.
    pub const USER1: (&str, &str) = ("AKIAUSER000000000001", "user1-secret-key-for-example-only-000001");
    /// `user2@lablup.com`, a user in domain `research`.
    pub const USER2: (&str, &str) = ("AKIAUSER000000000002", "user2-secret-key-for-example-only-000002");
}

/// The seeded keypairs, as shipped in `keypairs.toml`.
pub const KEYPAIRS: &str = include_str!("../keypairs.toml");

#[derive(serde::Deserialize)]
struct KeypairFile {
    keypair: Vec<Keypair>,
}

/// The keypairs of `keypairs.toml`.
pub fn keypairs() -> Vec<Keypair> {
    toml::from_str::<KeypairFile>(KEYPAIRS).expect("keypairs.toml is valid").keypair
}

/// When the seeded rows were created.
pub fn seeded_at() -> DateTime {
    "2024-03-01T09:00:00+00:00".parse().expect("a valid date-time")
}

/// The UUID of seeded group `n` (1-based).
pub fn group_id(n: u32) -> Uuid {
    Uuid::from_u128(0x6a00_0000_0000_4000_8000_0000_0000_0000 | n as u128)
}

/// Seeds an empty database; leaves one that has data alone.
pub async fn seed(db: &Db) -> Result<(), DbError> {
    let count = db.sql("SELECT COUNT(*) AS n FROM domains").fetch_one(db).await?;
    if count.map(|r| r.int("n")).transpose()?.flatten().unwrap_or(0) > 0 {
        return Ok(());
    }
    let at = Val::Time(Some(seeded_at()));
    let mut tx = db.begin().await?;
    for name in ["default", "research"] {
        Sql::insert(
            db,
            "domains",
            &[
                ("name", Val::text(name)),
                ("description", Val::text(format!("The {name} domain"))),
                ("is_active", Val::Flag(Some(true))),
                ("created_at", at.clone()),
                ("total_resource_slots", Val::text("{}")),
                ("allowed_vfolder_hosts", Val::text("{}")),
                ("allowed_docker_registries", Val::Strings(Some(vec![Some("cr.backend.ai".into())]))),
            ],
        )
        .execute_in(&mut tx)
        .await?;
    }
    Sql::insert(
        db,
        "keypair_resource_policies",
        &[
            ("name", Val::text("default")),
            ("created_at", at.clone()),
            ("default_for_unspecified", Val::text("UNLIMITED")),
            ("total_resource_slots", Val::text("{}")),
            ("max_session_lifetime", Val::Int(Some(0))),
            ("max_concurrent_sessions", Val::Int(Some(30))),
            ("max_concurrent_sftp_sessions", Val::Int(Some(1))),
            ("max_containers_per_session", Val::Int(Some(1))),
            ("idle_timeout", Val::Int(Some(3600))),
            ("allowed_vfolder_hosts", Val::text("{}")),
        ],
    )
    .execute_in(&mut tx)
    .await?;
    for (n, k) in keypairs().iter().enumerate() {
        seed_keypair(db, &mut tx, n, k, &at).await?;
    }
    for n in 1..=SEEDED_GROUPS {
        Sql::insert(
            db,
            "groups",
            &[
                ("id", Val::Uuid(Some(group_id(n)))),
                ("name", Val::text(format!("project-{n:02}"))),
                ("description", Val::text("")),
                ("is_active", Val::Flag(Some(true))),
                ("created_at", at.clone()),
                ("domain_name", Val::text(if n % 2 == 1 { "default" } else { "research" })),
                ("total_resource_slots", Val::text("{}")),
                ("allowed_vfolder_hosts", Val::text("{}")),
                ("integration_id", Val::text("")),
                ("resource_policy", Val::text("default")),
                ("type", Val::text("GENERAL")),
            ],
        )
        .execute_in(&mut tx)
        .await?;
    }
    // Every seeded user belongs to the first group of their domain.
    for k in keypairs() {
        let first = if k.domain_name == "default" { 1 } else { 2 };
        Sql::insert(
            db,
            "association_groups_users",
            &[("group_id", Val::Uuid(Some(group_id(first)))), ("user_id", Val::Uuid(Some(k.user_id)))],
        )
        .execute_in(&mut tx)
        .await?;
    }
    tx.commit().await
}

/// The `n`th (0-based) seeded keypair: its user, the keypair and one running session.
async fn seed_keypair(db: &Db, tx: &mut Tx, n: usize, k: &Keypair, at: &Val) -> Result<(), DbError> {
    let username = k.email.split('@').next().unwrap_or_default().to_owned();
    Sql::insert(
        db,
        "users",
        &[
            ("uuid", Val::Uuid(Some(k.user_id))),
            ("id", Val::text(format!("User:{}", k.email))),
            ("username", Val::text(username)),
            ("email", Val::text(&k.email)),
            ("need_password_change", Val::Flag(Some(false))),
            ("is_active", Val::Flag(Some(true))),
            ("status", Val::text("active")),
            ("created_at", at.clone()),
            ("domain_name", Val::text(&k.domain_name)),
            ("role", Val::text(k.role.as_str())),
            ("resource_policy", Val::text("default")),
            ("totp_activated", Val::Flag(Some(false))),
            ("sudo_session_enabled", Val::Flag(Some(false))),
            ("main_access_key", Val::text(&k.access_key)),
        ],
    )
    .execute_in(tx)
    .await?;
    Sql::insert(
        db,
        "keypairs",
        &[
            ("access_key", Val::text(&k.access_key)),
            ("secret_key", Val::text(&k.secret_key)),
            ("id", Val::text(format!("KeyPair:{}", k.access_key))),
            ("user_id", Val::text(&k.email)),
            ("user", Val::Uuid(Some(k.user_id))),
            ("is_active", Val::Flag(Some(k.is_active))),
            ("is_admin", Val::Flag(Some(k.is_admin))),
            ("resource_policy", Val::text("default")),
            ("created_at", at.clone()),
            // What the reference server's fixtures give their keypairs.
            ("rate_limit", Val::Int(Some(30000))),
        ],
    )
    .execute_in(tx)
    .await?;
    let session = Uuid::from_u128(0x5e55_0000_0000_4000_8000_0000_0000_0000 | (n as u128 + 1));
    Sql::insert(
        db,
        "sessions",
        &[
            ("id", Val::text(session.to_string())),
            ("session_id", Val::Uuid(Some(session))),
            ("name", Val::text(format!("session-{}", n + 1))),
            ("type", Val::text("INTERACTIVE")),
            ("image", Val::text("cr.backend.ai/stable/python:3.11")),
            ("domain_name", Val::text(&k.domain_name)),
            ("user_uuid", Val::Uuid(Some(k.user_id))),
            ("user_email", Val::text(&k.email)),
            ("access_key", Val::text(&k.access_key)),
            ("status", Val::text("RUNNING")),
            ("created_at", at.clone()),
            ("agent_ids", Val::Strings(Some(vec![Some("i-agent-01".into())]))),
            ("io_read_bytes", Val::Int(Some(0))),
        ],
    )
    .execute_in(tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_keys_are_the_seeded_keypairs() {
        let seeded: Vec<(String, String)> =
            super::keypairs().into_iter().map(|k| (k.access_key, k.secret_key)).collect();
        for (a, s) in [super::keys::SUPERADMIN, super::keys::DOMAIN_ADMIN, super::keys::USER1, super::keys::USER2] {
            assert!(seeded.contains(&(a.to_owned(), s.to_owned())), "{a} is not seeded with that secret");
        }
    }
}
