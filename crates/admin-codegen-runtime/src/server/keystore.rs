//! Keypairs and where they are kept.

use std::collections::HashMap;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use serde::Deserialize;

/// The role of the user a keypair belongs to (spec §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// May query and change everything (with a privileged keypair).
    Superadmin,
    /// Administers one domain.
    Admin,
    /// A plain user: owner access only.
    User,
    /// Reads, does not change.
    Monitor,
}

impl std::str::FromStr for Role {
    type Err = StoreError;

    /// The role from its name as [`Role::as_str`] spells it.
    fn from_str(s: &str) -> Result<Self, StoreError> {
        [Role::Superadmin, Role::Admin, Role::User, Role::Monitor]
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| StoreError(format!("the role `{s}` is not superadmin, admin, user or monitor")))
    }
}

impl Role {
    /// The role as spec §9 and `@allow(roles:)` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Superadmin => "superadmin",
            Role::Admin => "admin",
            Role::User => "user",
            Role::Monitor => "monitor",
        }
    }
}

/// One keypair and its owner.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keypair {
    /// The public half, sent in `Authorization`.
    pub access_key: String,
    /// The secret half, never sent.
    pub secret_key: String,
    /// The owner's user ID.
    pub user_id: uuid::Uuid,
    /// The owner's email.
    pub email: String,
    /// The owner's role.
    pub role: Role,
    /// The owner's domain.
    pub domain_name: String,
    /// Inactive keypairs fail authentication.
    #[serde(default = "yes")]
    pub is_active: bool,
    /// Whether the keypair grants full admin access (spec: `is_admin`).
    #[serde(default)]
    pub is_admin: bool,
    /// How many requests the keypair may make in any 15 minutes (spec §8,
    /// "Rate limits"); none means no limit.
    #[serde(default)]
    pub rate_limit: Option<u32>,
}

fn yes() -> bool {
    true
}

/// A failure of the store itself (not "no such key").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// The future a [`KeypairStore`] lookup returns.
pub type Lookup<'a> = Pin<Box<dyn Future<Output = Result<Option<Keypair>, StoreError>> + Send + 'a>>;

/// Where the service looks keypairs up. Implement it over your database;
/// [`MemoryKeypairStore`] is the embedded default.
pub trait KeypairStore: Send + Sync + 'static {
    /// The keypair with this access key, if any.
    fn lookup<'a>(&'a self, access_key: &'a str) -> Lookup<'a>;
}

/// Keypairs held in memory, loaded from a TOML file or given directly.
///
/// ```toml
/// [[keypair]]
/// access_key = "AKIAIOSFODNN7EXAMPLE"
/// secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
/// user_id = "f38dea23-50fa-42a0-b5ae-338f5f4693f4"
/// email = "admin@lablup.com"
/// role = "superadmin"
/// domain_name = "default"
/// is_admin = true
/// rate_limit = 30000   # optional: requests per 15 minutes; absent, no limit
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryKeypairStore {
    by_access_key: HashMap<String, Keypair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeypairFile {
    #[serde(default)]
    keypair: Vec<Keypair>,
}

impl MemoryKeypairStore {
    /// A store holding these keypairs.
    pub fn new(keypairs: impl IntoIterator<Item = Keypair>) -> Self {
        MemoryKeypairStore { by_access_key: keypairs.into_iter().map(|k| (k.access_key.clone(), k)).collect() }
    }

    /// Parses the TOML form shown above.
    pub fn from_toml(text: &str) -> Result<Self, StoreError> {
        let file: KeypairFile = toml::from_str(text).map_err(|e| StoreError(format!("invalid keypair file: {e}")))?;
        Ok(MemoryKeypairStore::new(file.keypair))
    }

    /// Reads the TOML form shown above from a file.
    pub fn from_toml_file(path: &Path) -> Result<Self, StoreError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| StoreError(format!("cannot read keypair file `{}`: {e}", path.display())))?;
        Self::from_toml(&text)
    }

    /// Adds or replaces a keypair.
    pub fn insert(&mut self, keypair: Keypair) {
        self.by_access_key.insert(keypair.access_key.clone(), keypair);
    }
}

impl KeypairStore for MemoryKeypairStore {
    fn lookup<'a>(&'a self, access_key: &'a str) -> Lookup<'a> {
        let found = self.by_access_key.get(access_key).cloned();
        Box::pin(std::future::ready(Ok(found)))
    }
}

/// Who is calling: the owner of the keypair that signed the request. Every
/// GraphQL request carries one in its context data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The access key that signed the request.
    pub access_key: String,
    /// The owner's user ID.
    pub user_id: uuid::Uuid,
    /// The owner's email.
    pub email: String,
    /// The owner's role.
    pub role: Role,
    /// The owner's domain.
    pub domain_name: String,
    /// Whether the keypair is privileged.
    pub is_admin: bool,
}

impl From<&Keypair> for Principal {
    fn from(k: &Keypair) -> Self {
        Principal {
            access_key: k.access_key.clone(),
            user_id: k.user_id,
            email: k.email.clone(),
            role: k.role,
            domain_name: k.domain_name.clone(),
            is_admin: k.is_admin,
        }
    }
}
