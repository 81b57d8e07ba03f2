//! The example's database: SQLite (a file, or `:memory:`) or PostgreSQL
//! (a `postgres://` URL) through sqlx, one code path for both.
//!
//! Statements are built with [`Sql`], which holds a sqlx `QueryBuilder` of
//! either database and spells the few things that differ: how UUIDs,
//! date-times and string arrays are bound and read back (text on SQLite;
//! `uuid`, `timestamptz` and `text[]` on PostgreSQL). A list's `filter` and
//! `order` are pushed by the runtime's SQL back end, so nothing a client
//! sends reaches the SQL text.

use std::str::FromStr;

use admin_codegen_runtime::DateTime;
use admin_codegen_runtime::query::{Filter, Order};
use admin_codegen_runtime::server::ResolverError;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow};
use sqlx::{Postgres, QueryBuilder, Row as _, SqlSafeStr, Sqlite};
use uuid::Uuid;

/// What a database call fails with, before it becomes a GraphQL error.
#[derive(Debug)]
pub struct DbError(pub String);

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DbError {}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        DbError(format!("database: {e}"))
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        DbError(format!("migrating the database: {e}"))
    }
}

impl From<DbError> for ResolverError {
    fn from(e: DbError) -> Self {
        ResolverError::internal(e.0)
    }
}

/// An open database.
#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite, bundled.
    Sqlite(SqlitePool),
    /// A PostgreSQL server.
    Postgres(PgPool),
}

fn migrations(sql: &'static str) -> Migrator {
    let init = Migration::new(1, "init".into(), MigrationType::Simple, sql.into_sql_str(), false);
    Migrator::with_migrations(vec![init])
}

impl Db {
    /// Opens `url`: `postgres://…` (or `postgresql://…`), `:memory:` (a
    /// private in-memory SQLite database), or the path of a SQLite file,
    /// created if missing (`sqlite://` prefix optional). Then brings its
    /// tables up to date with the migrations under `migrations/`.
    pub async fn open(url: &str) -> Result<Db, DbError> {
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Db::Postgres(PgPoolOptions::new().max_connections(8).connect(url).await?)
        } else if url == ":memory:" || url == "sqlite::memory:" {
            // One connection that is never closed: each SQLite connection to
            // `:memory:` is a database of its own, gone when it closes.
            let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(options)
                .await?;
            Db::Sqlite(pool)
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true);
            Db::Sqlite(SqlitePoolOptions::new().max_connections(4).connect_with(options).await?)
        };
        match &db {
            Db::Sqlite(pool) => migrations(include_str!("../migrations/sqlite/0001_init.sql")).run(pool).await?,
            Db::Postgres(pool) => migrations(include_str!("../migrations/postgres/0001_init.sql")).run(pool).await?,
        }
        Ok(db)
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// A statement starting with `sql`.
    pub fn sql(&self, sql: &str) -> Sql {
        match self {
            Db::Sqlite(_) => Sql::Sqlite(QueryBuilder::new(sql)),
            Db::Postgres(_) => Sql::Postgres(QueryBuilder::new(sql)),
        }
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx, DbError> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

/// An open transaction: statements run on it with [`Sql::fetch_in`] and
/// [`Sql::execute_in`]; dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    /// On SQLite.
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    /// On PostgreSQL.
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    /// Commits.
    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// How a column is stored, for reading it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// Text, integers, booleans and JSON text: read as they are.
    Plain,
    /// A UUID.
    Uuid,
    /// A date-time.
    Time,
    /// A list of strings.
    Strings,
}

/// A statement being built for one of the two databases.
pub enum Sql {
    /// For SQLite.
    Sqlite(QueryBuilder<Sqlite>),
    /// For PostgreSQL.
    Postgres(QueryBuilder<Postgres>),
}

macro_rules! each {
    ($sql:expr, $qb:ident => $body:expr) => {
        match $sql {
            Sql::Sqlite($qb) => $body,
            Sql::Postgres($qb) => $body,
        }
    };
}

fn mismatch() -> DbError {
    DbError("a statement built for one database was run on the other".into())
}

impl Sql {
    fn pg(&self) -> bool {
        matches!(self, Sql::Postgres(_))
    }

    /// Appends SQL text (never anything a client sent).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        each!(self, qb => { qb.push(sql); });
        self
    }

    /// Binds a string.
    pub fn text(&mut self, v: Option<impl Into<String>>) -> &mut Self {
        let v: Option<String> = v.map(Into::into);
        each!(self, qb => { qb.push_bind(v); });
        self
    }

    /// Binds an integer.
    pub fn int(&mut self, v: Option<impl Into<i64>>) -> &mut Self {
        let v: Option<i64> = v.map(Into::into);
        each!(self, qb => { qb.push_bind(v); });
        self
    }

    /// Binds a boolean.
    pub fn flag(&mut self, v: Option<bool>) -> &mut Self {
        each!(self, qb => { qb.push_bind(v); });
        self
    }

    fn cast(&mut self, text: Option<String>, ty: &str) -> &mut Self {
        if self.pg() { self.push("CAST(").text(text).push(&format!(" AS {ty})")) } else { self.text(text) }
    }

    /// Binds a UUID (lower-case text on SQLite).
    pub fn uuid(&mut self, v: Option<Uuid>) -> &mut Self {
        self.cast(v.map(|u| u.to_string()), "UUID")
    }

    /// Binds a date-time (UTC text on SQLite, as the runtime's filters bind them).
    pub fn time(&mut self, v: Option<&DateTime>) -> &mut Self {
        let utc = v.map(|d| DateTime(d.0.with_timezone(&chrono::Utc).fixed_offset()).to_string());
        self.cast(utc, "TIMESTAMPTZ")
    }

    /// Binds a list of strings (a JSON array on SQLite, `text[]` on PostgreSQL).
    pub fn strings(&mut self, v: Option<&[Option<String>]>) -> &mut Self {
        let json = v.map(|v| serde_json::to_string(v).expect("strings serialize"));
        if self.pg() {
            self.push("(SELECT array_agg(e) FROM jsonb_array_elements_text(CAST(").text(json).push(" AS JSONB)) AS e)")
        } else {
            self.text(json)
        }
    }

    /// Appends `col` as a select-list item that [`Row`] reads as `col`.
    pub fn column(&mut self, col: &str, how: Col) -> &mut Self {
        let expr = match (self.pg(), how) {
            (false, _) | (true, Col::Plain) => format!("\"{col}\""),
            (true, Col::Uuid) => format!("CAST(\"{col}\" AS TEXT) AS \"{col}\""),
            (true, Col::Time) => {
                format!("to_char(\"{col}\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"') AS \"{col}\"")
            }
            (true, Col::Strings) => format!("CAST(array_to_json(\"{col}\") AS TEXT) AS \"{col}\""),
        };
        self.push(&expr)
    }

    /// Appends a select list.
    pub fn columns(&mut self, cols: &[(&str, Col)]) -> &mut Self {
        for (i, (col, how)) in cols.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.column(col, *how);
        }
        self
    }

    /// Appends a checked `filter` as one parenthesized condition.
    pub fn filter(&mut self, f: &Filter) -> &mut Self {
        each!(self, qb => f.push_sql(qb));
        self
    }

    /// Appends ` ORDER BY` with the checked `order`, then `tiebreak`.
    pub fn order_by(&mut self, o: &Order, tiebreak: &[&str]) -> &mut Self {
        each!(self, qb => o.push_order_by(qb, tiebreak));
        self
    }

    /// Runs the statement, returning its rows.
    pub async fn fetch(&mut self, db: &Db) -> Result<Vec<Row>, DbError> {
        Ok(match (self, db) {
            (Sql::Sqlite(qb), Db::Sqlite(pool)) => {
                qb.build().fetch_all(pool).await?.into_iter().map(Row::Sqlite).collect()
            }
            (Sql::Postgres(qb), Db::Postgres(pool)) => {
                qb.build().fetch_all(pool).await?.into_iter().map(Row::Postgres).collect()
            }
            _ => return Err(mismatch()),
        })
    }

    /// Runs the statement, returning its first row.
    pub async fn fetch_one(&mut self, db: &Db) -> Result<Option<Row>, DbError> {
        Ok(self.fetch(db).await?.into_iter().next())
    }

    /// Runs the statement inside `tx`, returning its rows.
    pub async fn fetch_in(&mut self, tx: &mut Tx) -> Result<Vec<Row>, DbError> {
        Ok(match (self, tx) {
            (Sql::Sqlite(qb), Tx::Sqlite(tx)) => {
                qb.build().fetch_all(&mut **tx).await?.into_iter().map(Row::Sqlite).collect()
            }
            (Sql::Postgres(qb), Tx::Postgres(tx)) => {
                qb.build().fetch_all(&mut **tx).await?.into_iter().map(Row::Postgres).collect()
            }
            _ => return Err(mismatch()),
        })
    }

    /// Runs the statement, returning how many rows it changed.
    pub async fn execute(&mut self, db: &Db) -> Result<u64, DbError> {
        Ok(match (self, db) {
            (Sql::Sqlite(qb), Db::Sqlite(pool)) => qb.build().execute(pool).await?.rows_affected(),
            (Sql::Postgres(qb), Db::Postgres(pool)) => qb.build().execute(pool).await?.rows_affected(),
            _ => return Err(mismatch()),
        })
    }

    /// Runs the statement inside `tx`, returning how many rows it changed.
    pub async fn execute_in(&mut self, tx: &mut Tx) -> Result<u64, DbError> {
        Ok(match (self, tx) {
            (Sql::Sqlite(qb), Tx::Sqlite(tx)) => qb.build().execute(&mut **tx).await?.rows_affected(),
            (Sql::Postgres(qb), Tx::Postgres(tx)) => qb.build().execute(&mut **tx).await?.rows_affected(),
            _ => return Err(mismatch()),
        })
    }
}

/// A row of either database, read by column name.
pub enum Row {
    /// From SQLite.
    Sqlite(SqliteRow),
    /// From PostgreSQL.
    Postgres(PgRow),
}

fn bad(col: &str, e: impl std::fmt::Display) -> DbError {
    DbError(format!("database: column `{col}`: {e}"))
}

impl Row {
    /// A text column.
    pub fn text(&self, col: &str) -> Result<Option<String>, DbError> {
        match self {
            Row::Sqlite(r) => r.try_get(col),
            Row::Postgres(r) => r.try_get(col),
        }
        .map_err(|e| bad(col, e))
    }

    /// An integer column.
    pub fn int(&self, col: &str) -> Result<Option<i64>, DbError> {
        match self {
            Row::Sqlite(r) => r.try_get(col),
            Row::Postgres(r) => r.try_get(col),
        }
        .map_err(|e| bad(col, e))
    }

    /// An integer column that fits GraphQL's `Int`.
    pub fn int32(&self, col: &str) -> Result<Option<i32>, DbError> {
        self.int(col)?.map(|v| i32::try_from(v).map_err(|e| bad(col, e))).transpose()
    }

    /// A boolean column.
    pub fn flag(&self, col: &str) -> Result<Option<bool>, DbError> {
        match self {
            Row::Sqlite(r) => r.try_get(col),
            Row::Postgres(r) => r.try_get(col),
        }
        .map_err(|e| bad(col, e))
    }

    /// A column read back with [`Sql::column`] as `Col::Uuid`.
    pub fn uuid(&self, col: &str) -> Result<Option<Uuid>, DbError> {
        self.text(col)?.map(|t| t.parse().map_err(|e| bad(col, e))).transpose()
    }

    /// A column read back as `Col::Time`.
    pub fn time(&self, col: &str) -> Result<Option<DateTime>, DbError> {
        self.text(col)?.map(|t| t.parse().map_err(|e| bad(col, e))).transpose()
    }

    /// A column read back as `Col::Strings`.
    pub fn strings(&self, col: &str) -> Result<Option<Vec<Option<String>>>, DbError> {
        self.text(col)?.map(|t| serde_json::from_str(&t).map_err(|e| bad(col, e))).transpose()
    }

    /// A text column holding JSON.
    pub fn json(&self, col: &str) -> Result<Option<admin_codegen_runtime::JsonString>, DbError> {
        self.text(col)?
            .map(|t| serde_json::from_str::<serde_json::Value>(&t).map(Into::into).map_err(|e| bad(col, e)))
            .transpose()
    }

    /// A column holding an enum's schema name.
    pub fn parsed<T: serde::de::DeserializeOwned>(&self, col: &str) -> Result<Option<T>, DbError> {
        self.text(col)?
            .map(|t| serde_json::from_value(serde_json::Value::String(t)).map_err(|e| bad(col, e)))
            .transpose()
    }
}

/// A value to bind, of a column's storage kind.
#[derive(Clone, Debug)]
pub enum Val {
    /// Text (and JSON text).
    Text(Option<String>),
    /// An integer.
    Int(Option<i64>),
    /// A boolean.
    Flag(Option<bool>),
    /// A UUID.
    Uuid(Option<Uuid>),
    /// A date-time.
    Time(Option<DateTime>),
    /// A list of strings.
    Strings(Option<Vec<Option<String>>>),
}

impl Val {
    /// Text from anything string-like.
    pub fn text(v: impl Into<String>) -> Val {
        Val::Text(Some(v.into()))
    }

    /// JSON text of a `JSONString` value.
    pub fn json(v: Option<&admin_codegen_runtime::JsonString>) -> Val {
        Val::Text(v.map(|j| j.0.to_string()))
    }
}

impl Sql {
    /// Binds a [`Val`].
    pub fn val(&mut self, v: &Val) -> &mut Self {
        match v {
            Val::Text(t) => self.text(t.clone()),
            Val::Int(i) => self.int(*i),
            Val::Flag(b) => self.flag(*b),
            Val::Uuid(u) => self.uuid(*u),
            Val::Time(d) => self.time(d.as_ref()),
            Val::Strings(s) => self.strings(s.as_deref()),
        }
    }

    /// `INSERT INTO table (cols…) VALUES (vals…)`.
    pub fn insert(db: &Db, table: &str, row: &[(&str, Val)]) -> Sql {
        let mut sql = db.sql(&format!("INSERT INTO {table} ("));
        for (i, (col, _)) in row.iter().enumerate() {
            sql.push(if i > 0 { ", " } else { "" }).push(&format!("\"{col}\""));
        }
        sql.push(") VALUES (");
        for (i, (_, v)) in row.iter().enumerate() {
            sql.push(if i > 0 { ", " } else { "" }).val(v);
        }
        sql.push(")");
        sql
    }

    /// `UPDATE table SET col = val, …` (the caller appends ` WHERE …`).
    /// `None` when there is nothing to set.
    pub fn update(db: &Db, table: &str, set: &[(&str, Val)]) -> Option<Sql> {
        if set.is_empty() {
            return None;
        }
        let mut sql = db.sql(&format!("UPDATE {table} SET "));
        for (i, (col, v)) in set.iter().enumerate() {
            sql.push(if i > 0 { ", " } else { "" }).push(&format!("\"{col}\" = ")).val(v);
        }
        Some(sql)
    }

    /// `SELECT cols FROM table`.
    pub fn select(db: &Db, cols: &[(&str, Col)], from: &str) -> Sql {
        let mut sql = db.sql("SELECT ");
        sql.columns(cols).push(&format!(" FROM {from}"));
        sql
    }
}
