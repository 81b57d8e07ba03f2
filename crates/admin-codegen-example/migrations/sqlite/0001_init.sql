-- The example server's tables on SQLite. Column names are the GraphQL
-- field names, which is what the generated list specs filter and order by.
-- UUIDs and date-times are text (UTC, as the runtime prints them), arrays
-- JSON text, booleans 0/1. `seq` keeps pages in insertion order.

CREATE TABLE domains (
    seq INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    is_active BOOLEAN NOT NULL DEFAULT 1,
    created_at TEXT,
    modified_at TEXT,
    total_resource_slots TEXT,
    allowed_vfolder_hosts TEXT,
    allowed_docker_registries TEXT,
    integration_id TEXT
);

CREATE TABLE keypair_resource_policies (
    seq INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT,
    default_for_unspecified TEXT,
    total_resource_slots TEXT,
    max_session_lifetime INTEGER,
    max_concurrent_sessions INTEGER,
    max_concurrent_sftp_sessions INTEGER,
    max_containers_per_session INTEGER,
    idle_timeout INTEGER,
    allowed_vfolder_hosts TEXT
);

CREATE TABLE users (
    seq INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    id TEXT NOT NULL,
    username TEXT,
    email TEXT NOT NULL UNIQUE,
    password TEXT,
    need_password_change BOOLEAN,
    full_name TEXT,
    description TEXT,
    is_active BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    status_info TEXT,
    created_at TEXT,
    modified_at TEXT,
    domain_name TEXT NOT NULL REFERENCES domains (name),
    role TEXT NOT NULL,
    resource_policy TEXT,
    allowed_client_ip TEXT,
    totp_activated BOOLEAN,
    sudo_session_enabled BOOLEAN,
    main_access_key TEXT
);

CREATE TABLE keypairs (
    seq INTEGER PRIMARY KEY,
    access_key TEXT NOT NULL UNIQUE,
    secret_key TEXT NOT NULL,
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    "user" TEXT NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
    full_name TEXT,
    is_active BOOLEAN NOT NULL,
    is_admin BOOLEAN NOT NULL,
    resource_policy TEXT REFERENCES keypair_resource_policies (name),
    created_at TEXT,
    last_used TEXT,
    rate_limit INTEGER,
    num_queries INTEGER NOT NULL DEFAULT 0,
    ssh_public_key TEXT,
    concurrency_used INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE groups (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    is_active BOOLEAN NOT NULL,
    created_at TEXT,
    modified_at TEXT,
    domain_name TEXT NOT NULL REFERENCES domains (name),
    total_resource_slots TEXT,
    allowed_vfolder_hosts TEXT,
    integration_id TEXT,
    resource_policy TEXT,
    type TEXT,
    UNIQUE (domain_name, name)
);

CREATE TABLE association_groups_users (
    group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

-- `group_nodes` pages groups as Relay nodes: a global `id`, the row's UUID as `row_id`.
CREATE VIEW group_nodes AS
SELECT seq, 'GroupNode:' || id AS id, id AS row_id, name, description, is_active, created_at, domain_name
FROM groups;

CREATE TABLE sessions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    session_id TEXT,
    name TEXT,
    type TEXT,
    image TEXT,
    domain_name TEXT,
    group_id TEXT,
    user_uuid TEXT,
    user_email TEXT,
    access_key TEXT,
    status TEXT,
    status_info TEXT,
    status_data TEXT,
    created_at TEXT,
    terminated_at TEXT,
    starts_at TEXT,
    occupied_slots TEXT,
    agent_ids TEXT,
    io_read_bytes INTEGER,
    num_queries INTEGER
);

CREATE TABLE agents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    status TEXT,
    status_changed TEXT,
    region TEXT,
    scaling_group TEXT,
    schedulable BOOLEAN,
    available_slots TEXT,
    occupied_slots TEXT,
    addr TEXT,
    first_contact TEXT,
    lost_at TEXT,
    version TEXT,
    compute_plugins TEXT
);
