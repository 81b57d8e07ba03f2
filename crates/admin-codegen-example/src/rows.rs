//! The tables' select lists and how a row becomes the generated type.

use crate::admin::types::*;
use crate::db::{Col, DbError, Row};

use Col::{Plain as P, Strings as S, Time as T, Uuid as U};

/// `users`, as `User` (its `groups` are filled in separately).
pub const USER: &[(&str, Col)] = &[
    ("id", P),
    ("uuid", U),
    ("username", P),
    ("email", P),
    ("need_password_change", P),
    ("full_name", P),
    ("description", P),
    ("is_active", P),
    ("status", P),
    ("status_info", P),
    ("created_at", T),
    ("modified_at", T),
    ("domain_name", P),
    ("role", P),
    ("resource_policy", P),
    ("allowed_client_ip", S),
    ("totp_activated", P),
    ("sudo_session_enabled", P),
    ("main_access_key", P),
];

#[allow(deprecated)] // a full `User` includes the deprecated `is_active`
pub fn user(r: &Row) -> Result<User, DbError> {
    Ok(User {
        id: r.text("id")?,
        uuid: r.uuid("uuid")?,
        username: r.text("username")?,
        email: r.text("email")?,
        need_password_change: r.flag("need_password_change")?,
        full_name: r.text("full_name")?,
        description: r.text("description")?,
        is_active: r.flag("is_active")?,
        status: r.parsed("status")?,
        status_info: r.text("status_info")?,
        created_at: r.time("created_at")?,
        modified_at: r.time("modified_at")?,
        domain_name: r.text("domain_name")?,
        role: r.parsed("role")?,
        resource_policy: r.text("resource_policy")?,
        allowed_client_ip: r.strings("allowed_client_ip")?,
        totp_activated: r.flag("totp_activated")?,
        sudo_session_enabled: r.flag("sudo_session_enabled")?,
        main_access_key: r.text("main_access_key")?,
        groups: None,
    })
}

/// `keypairs`, as `KeyPair`.
pub const KEYPAIR: &[(&str, Col)] = &[
    ("id", P),
    ("user_id", P),
    ("full_name", P),
    ("access_key", P),
    ("secret_key", P),
    ("is_active", P),
    ("is_admin", P),
    ("resource_policy", P),
    ("created_at", T),
    ("last_used", T),
    ("rate_limit", P),
    ("num_queries", P),
    ("user", U),
    ("ssh_public_key", P),
    ("concurrency_used", P),
];

pub fn keypair(r: &Row) -> Result<KeyPair, DbError> {
    Ok(KeyPair {
        id: r.text("id")?,
        user_id: r.text("user_id")?,
        full_name: r.text("full_name")?,
        access_key: r.text("access_key")?,
        secret_key: r.text("secret_key")?,
        is_active: r.flag("is_active")?,
        is_admin: r.flag("is_admin")?,
        resource_policy: r.text("resource_policy")?,
        created_at: r.time("created_at")?,
        last_used: r.time("last_used")?,
        rate_limit: r.int32("rate_limit")?,
        num_queries: r.int32("num_queries")?,
        user: r.uuid("user")?,
        projects: None,
        ssh_public_key: r.text("ssh_public_key")?,
        concurrency_used: r.int32("concurrency_used")?,
        user_info: None,
    })
}

/// `keypair_resource_policies`, as `KeyPairResourcePolicy`.
pub const POLICY: &[(&str, Col)] = &[
    ("name", P),
    ("created_at", T),
    ("default_for_unspecified", P),
    ("total_resource_slots", P),
    ("max_session_lifetime", P),
    ("max_concurrent_sessions", P),
    ("max_containers_per_session", P),
    ("idle_timeout", P),
    ("allowed_vfolder_hosts", P),
];

#[allow(deprecated)] // the deprecated vfolder limits are always 0 here
pub fn policy(r: &Row) -> Result<KeyPairResourcePolicy, DbError> {
    Ok(KeyPairResourcePolicy {
        name: r.text("name")?,
        created_at: r.time("created_at")?,
        default_for_unspecified: r.text("default_for_unspecified")?,
        total_resource_slots: r.json("total_resource_slots")?,
        max_session_lifetime: r.int32("max_session_lifetime")?,
        max_concurrent_sessions: r.int32("max_concurrent_sessions")?,
        max_containers_per_session: r.int32("max_containers_per_session")?,
        idle_timeout: r.int("idle_timeout")?,
        allowed_vfolder_hosts: r.json("allowed_vfolder_hosts")?,
        // Deprecated and not enforced; 0 as the reference answers (the client formats it as a size).
        max_vfolder_count: Some(0),
        max_vfolder_size: Some(0),
    })
}

/// `domains`, as `Domain`.
pub const DOMAIN: &[(&str, Col)] = &[
    ("name", P),
    ("description", P),
    ("is_active", P),
    ("created_at", T),
    ("modified_at", T),
    ("total_resource_slots", P),
    ("allowed_vfolder_hosts", P),
    ("allowed_docker_registries", S),
    ("integration_id", P),
];

pub fn domain(r: &Row) -> Result<Domain, DbError> {
    Ok(Domain {
        name: r.text("name")?,
        description: r.text("description")?,
        is_active: r.flag("is_active")?,
        created_at: r.time("created_at")?,
        modified_at: r.time("modified_at")?,
        total_resource_slots: r.json("total_resource_slots")?,
        allowed_vfolder_hosts: r.json("allowed_vfolder_hosts")?,
        allowed_docker_registries: r.strings("allowed_docker_registries")?,
        integration_id: r.text("integration_id")?,
    })
}

/// `groups`, as `Group` (its `users` are resolved by `GroupResolver`).
pub const GROUP: &[(&str, Col)] = &[
    ("id", U),
    ("name", P),
    ("description", P),
    ("is_active", P),
    ("created_at", T),
    ("modified_at", T),
    ("domain_name", P),
    ("total_resource_slots", P),
    ("allowed_vfolder_hosts", P),
    ("integration_id", P),
];

pub fn group(r: &Row) -> Result<Group, DbError> {
    Ok(Group {
        id: r.uuid("id")?,
        name: r.text("name")?,
        description: r.text("description")?,
        is_active: r.flag("is_active")?,
        created_at: r.time("created_at")?,
        modified_at: r.time("modified_at")?,
        domain_name: r.text("domain_name")?,
        total_resource_slots: r.json("total_resource_slots")?,
        allowed_vfolder_hosts: r.json("allowed_vfolder_hosts")?,
        integration_id: r.text("integration_id")?,
        users: None,
    })
}

/// The `group_nodes` view, as `GroupNode`.
pub const GROUP_NODE: &[(&str, Col)] = &[
    ("id", P),
    ("row_id", U),
    ("name", P),
    ("description", P),
    ("is_active", P),
    ("created_at", T),
    ("domain_name", P),
];

pub fn group_node(r: &Row) -> Result<GroupNode, DbError> {
    Ok(GroupNode {
        id: r.text("id")?.unwrap_or_default(),
        row_id: r.uuid("row_id")?,
        name: r.text("name")?,
        description: r.text("description")?,
        is_active: r.flag("is_active")?,
        created_at: r.time("created_at")?,
        domain_name: r.text("domain_name")?,
    })
}

/// `sessions`, as `ComputeSession`.
pub const SESSION: &[(&str, Col)] = &[
    ("id", P),
    ("session_id", U),
    ("name", P),
    ("type", P),
    ("image", P),
    ("domain_name", P),
    ("group_id", U),
    ("user_uuid", U),
    ("user_email", P),
    ("access_key", P),
    ("status", P),
    ("status_info", P),
    ("status_data", P),
    ("created_at", T),
    ("terminated_at", T),
    ("starts_at", T),
    ("occupied_slots", P),
    ("agent_ids", S),
    ("io_read_bytes", P),
    ("num_queries", P),
];

pub fn session(r: &Row) -> Result<ComputeSession, DbError> {
    Ok(ComputeSession {
        id: r.text("id")?,
        session_id: r.uuid("session_id")?,
        name: r.text("name")?,
        r#type: r.text("type")?,
        image: r.text("image")?,
        domain_name: r.text("domain_name")?,
        group_id: r.uuid("group_id")?,
        user_uuid: r.uuid("user_uuid")?,
        user_email: r.text("user_email")?,
        access_key: r.text("access_key")?,
        status: r.parsed("status")?,
        status_info: r.text("status_info")?,
        status_data: r.json("status_data")?,
        created_at: r.time("created_at")?,
        terminated_at: r.time("terminated_at")?,
        starts_at: r.time("starts_at")?,
        occupied_slots: r.json("occupied_slots")?,
        agent_ids: r.strings("agent_ids")?,
        io_read_bytes: r.int("io_read_bytes")?,
        num_queries: r.int("num_queries")?,
    })
}

/// `agents`, as `Agent`.
pub const AGENT: &[(&str, Col)] = &[
    ("id", P),
    ("status", P),
    ("status_changed", T),
    ("region", P),
    ("scaling_group", P),
    ("schedulable", P),
    ("available_slots", P),
    ("occupied_slots", P),
    ("addr", P),
    ("first_contact", T),
    ("lost_at", T),
    ("version", P),
    ("compute_plugins", P),
];

pub fn agent(r: &Row) -> Result<Agent, DbError> {
    Ok(Agent {
        id: r.text("id")?,
        status: r.parsed("status")?,
        status_changed: r.time("status_changed")?,
        region: r.text("region")?,
        scaling_group: r.text("scaling_group")?,
        schedulable: r.flag("schedulable")?,
        available_slots: r.json("available_slots")?,
        occupied_slots: r.json("occupied_slots")?,
        addr: r.text("addr")?,
        first_contact: r.time("first_contact")?,
        lost_at: r.time("lost_at")?,
        version: r.text("version")?,
        compute_plugins: r.json("compute_plugins")?,
    })
}
