//! Keypairs kept in a SQL database (SQLite or PostgreSQL, through sqlx),
//! looked up on every request: a keypair inserted by one request signs the
//! next, one deactivated or deleted is refused from the next request on, and
//! the owner's role and domain are read from the user row each time.

use std::borrow::Cow;

use sqlx::{AssertSqlSafe, Pool, Postgres, Row, Sqlite};

use super::keystore::{Keypair, KeypairStore, Lookup, Role, StoreError};

/// The lookup for Backend.AI's own layout on SQLite: `keypairs` (`access_key`,
/// `secret_key`, `is_active`, `is_admin`, `rate_limit`, and `user`, the owner's UUID) joined
/// to `users` (`uuid`, `email`, `role`, `domain_name`, `status`). A keypair of
/// a user whose `status` is not `active` counts as inactive.
pub const SQLITE_KEYPAIR_QUERY: &str = "SELECT k.access_key, k.secret_key, u.uuid AS user_id, u.email, u.role, \
     u.domain_name, (k.is_active AND u.status = 'active') AS is_active, k.is_admin, k.rate_limit \
     FROM keypairs AS k JOIN users AS u ON u.uuid = k.\"user\" WHERE k.access_key = ?";

/// [`SQLITE_KEYPAIR_QUERY`] for PostgreSQL (a `uuid` column read as text).
pub const POSTGRES_KEYPAIR_QUERY: &str = "SELECT k.access_key, k.secret_key, CAST(u.uuid AS TEXT) AS user_id, \
     u.email, u.role, u.domain_name, (k.is_active AND u.status = 'active') AS is_active, k.is_admin, \
     CAST(k.rate_limit AS BIGINT) AS rate_limit FROM keypairs AS k JOIN users AS u ON u.uuid = k.\"user\" WHERE k.access_key = $1";

/// A [`KeypairStore`] over a sqlx pool of SQLite or PostgreSQL.
///
/// The query takes the access key as its one parameter and returns at most
/// one row with the text columns `access_key`, `secret_key`, `user_id` (a
/// UUID), `email`, `role` (`superadmin`, `admin`, `user` or `monitor`),
/// `domain_name`, the boolean columns `is_active`, `is_admin`, and optionally
/// the integer column `rate_limit` (null or absent: no limit). The default
/// is Backend.AI's layout ([`SQLITE_KEYPAIR_QUERY`], [`POSTGRES_KEYPAIR_QUERY`]);
/// [`SqlKeypairStore::with_query`] names another.
#[derive(Debug, Clone)]
pub struct SqlKeypairStore<DB: sqlx::Database> {
    pool: Pool<DB>,
    query: Cow<'static, str>,
}

impl SqlKeypairStore<Sqlite> {
    /// Looks keypairs up with [`SQLITE_KEYPAIR_QUERY`].
    pub fn sqlite(pool: Pool<Sqlite>) -> Self {
        SqlKeypairStore { pool, query: Cow::Borrowed(SQLITE_KEYPAIR_QUERY) }
    }
}

impl SqlKeypairStore<Postgres> {
    /// Looks keypairs up with [`POSTGRES_KEYPAIR_QUERY`].
    pub fn postgres(pool: Pool<Postgres>) -> Self {
        SqlKeypairStore { pool, query: Cow::Borrowed(POSTGRES_KEYPAIR_QUERY) }
    }
}

impl<DB: sqlx::Database> SqlKeypairStore<DB> {
    /// Looks keypairs up with `query` instead (see the type's documentation
    /// for the columns it must return). It is run as written, with the access
    /// key bound as its parameter.
    pub fn with_query(mut self, query: impl Into<Cow<'static, str>>) -> Self {
        self.query = query.into();
        self
    }
}

fn failed(access_key: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("looking up keypair `{access_key}`: {e}"))
}

fn parse_role(access_key: &str, role: &str) -> Result<Role, StoreError> {
    role.parse().map_err(|e: StoreError| failed(access_key, format!("its user's {e}")))
}

/// A `rate_limit` column that a custom query does not return is no limit.
fn rate_limit(access_key: &str, value: Result<Option<i64>, sqlx::Error>) -> Result<Option<u32>, StoreError> {
    match value {
        Ok(None) | Err(sqlx::Error::ColumnNotFound(_)) => Ok(None),
        Ok(Some(n)) => {
            n.try_into().map(Some).map_err(|_| failed(access_key, format!("rate_limit {n} is out of range")))
        }
        Err(e) => Err(failed(access_key, e)),
    }
}

macro_rules! lookup {
    ($db:ty) => {
        impl KeypairStore for SqlKeypairStore<$db> {
            fn lookup<'a>(&'a self, access_key: &'a str) -> Lookup<'a> {
                Box::pin(async move {
                    let row = sqlx::query(AssertSqlSafe(self.query.as_ref()))
                        .bind(access_key)
                        .fetch_optional(&self.pool)
                        .await
                        .map_err(|e| failed(access_key, e))?;
                    let Some(row) = row else { return Ok(None) };
                    let text = |c: &str| row.try_get::<String, _>(c).map_err(|e| failed(access_key, e));
                    let flag = |c: &str| row.try_get::<bool, _>(c).map_err(|e| failed(access_key, e));
                    let user_id = text("user_id")?;
                    Ok(Some(Keypair {
                        access_key: text("access_key")?,
                        secret_key: text("secret_key")?,
                        user_id: user_id
                            .parse()
                            .map_err(|e| failed(access_key, format!("user_id `{user_id}`: {e}")))?,
                        email: text("email")?,
                        role: parse_role(access_key, &text("role")?)?,
                        domain_name: text("domain_name")?,
                        is_active: flag("is_active")?,
                        is_admin: flag("is_admin")?,
                        rate_limit: rate_limit(access_key, row.try_get::<Option<i64>, _>("rate_limit"))?,
                    }))
                })
            }
        }
    };
}

lookup!(Sqlite);
lookup!(Postgres);

#[cfg(test)]
mod tests {
    use super::*;

    async fn sqlite() -> Pool<Sqlite> {
        let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect("sqlite::memory:").await.unwrap();
        for sql in [
            "CREATE TABLE users (uuid TEXT PRIMARY KEY, email TEXT, role TEXT, domain_name TEXT, status TEXT)",
            "CREATE TABLE keypairs (access_key TEXT PRIMARY KEY, secret_key TEXT, is_active BOOLEAN, \
             is_admin BOOLEAN, \"user\" TEXT, rate_limit INTEGER)",
            "INSERT INTO users VALUES ('f38dea23-50fa-42a0-b5ae-338f5f4693f4', 'a@x', 'admin', 'd1', 'active')",
            "INSERT INTO keypairs VALUES ('AK1', 'S1', 1, 0, 'f38dea23-50fa-42a0-b5ae-338f5f4693f4', 50)",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool
    }

    #[tokio::test]
    async fn reads_every_change_at_once() {
        let pool = sqlite().await;
        let store = SqlKeypairStore::sqlite(pool.clone());
        let k = store.lookup("AK1").await.unwrap().unwrap();
        assert_eq!(
            (k.email.as_str(), k.role, k.domain_name.as_str(), k.is_active, k.is_admin),
            ("a@x", Role::Admin, "d1", true, false)
        );
        assert_eq!(k.user_id.to_string(), "f38dea23-50fa-42a0-b5ae-338f5f4693f4");
        assert_eq!(k.rate_limit, Some(50));
        // A query without the column means no limit.
        let without =
            SqlKeypairStore::sqlite(pool.clone()).with_query(SQLITE_KEYPAIR_QUERY.replace(", k.rate_limit", ""));
        assert_eq!(without.lookup("AK1").await.unwrap().unwrap().rate_limit, None);
        assert_eq!(store.lookup("AK2").await.unwrap(), None);
        // The user's role and status are read on each lookup.
        sqlx::query("UPDATE users SET role = 'superadmin'").execute(&pool).await.unwrap();
        assert_eq!(store.lookup("AK1").await.unwrap().unwrap().role, Role::Superadmin);
        sqlx::query("UPDATE users SET status = 'deleted'").execute(&pool).await.unwrap();
        assert!(!store.lookup("AK1").await.unwrap().unwrap().is_active);
        sqlx::query("DELETE FROM keypairs").execute(&pool).await.unwrap();
        assert_eq!(store.lookup("AK1").await.unwrap(), None);
    }

    #[tokio::test]
    async fn a_bad_row_is_a_store_error_not_a_panic() {
        let pool = sqlite().await;
        sqlx::query("UPDATE users SET role = 'root'").execute(&pool).await.unwrap();
        let store = SqlKeypairStore::sqlite(pool.clone());
        let err = store.lookup("AK1").await.unwrap_err();
        assert!(err.0.contains("role `root`"), "{err}");
        let store = store.with_query("SELECT 1 AS access_key WHERE ? IS NOT NULL");
        assert!(store.lookup("AK1").await.is_err());
    }
}
