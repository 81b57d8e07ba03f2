-- The example server's tables on PostgreSQL: the same names as on SQLite,
-- with native UUID, TIMESTAMPTZ, BIGINT and TEXT[] columns (what the
-- runtime's SQL for filter and order casts its parameters to).

CREATE TABLE domains (
    seq BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ,
    modified_at TIMESTAMPTZ,
    total_resource_slots TEXT,
    allowed_vfolder_hosts TEXT,
    allowed_docker_registries TEXT[],
    integration_id TEXT
);

CREATE TABLE keypair_resource_policies (
    seq BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ,
    default_for_unspecified TEXT,
    total_resource_slots TEXT,
    max_session_lifetime BIGINT,
    max_concurrent_sessions BIGINT,
    max_concurrent_sftp_sessions BIGINT,
    max_containers_per_session BIGINT,
    idle_timeout BIGINT,
    allowed_vfolder_hosts TEXT
);

CREATE TABLE users (
    seq BIGSERIAL PRIMARY KEY,
    uuid UUID NOT NULL UNIQUE,
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
    created_at TIMESTAMPTZ,
    modified_at TIMESTAMPTZ,
    domain_name TEXT NOT NULL REFERENCES domains (name),
    role TEXT NOT NULL,
    resource_policy TEXT,
    allowed_client_ip TEXT[],
    totp_activated BOOLEAN,
    sudo_session_enabled BOOLEAN,
    main_access_key TEXT
);

CREATE TABLE keypairs (
    seq BIGSERIAL PRIMARY KEY,
    access_key TEXT NOT NULL UNIQUE,
    secret_key TEXT NOT NULL,
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    "user" UUID NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
    full_name TEXT,
    is_active BOOLEAN NOT NULL,
    is_admin BOOLEAN NOT NULL,
    resource_policy TEXT REFERENCES keypair_resource_policies (name),
    created_at TIMESTAMPTZ,
    last_used TIMESTAMPTZ,
    rate_limit BIGINT,
    num_queries BIGINT NOT NULL DEFAULT 0,
    ssh_public_key TEXT,
    concurrency_used BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE groups (
    seq BIGSERIAL PRIMARY KEY,
    id UUID NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    is_active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ,
    modified_at TIMESTAMPTZ,
    domain_name TEXT NOT NULL REFERENCES domains (name),
    total_resource_slots TEXT,
    allowed_vfolder_hosts TEXT,
    integration_id TEXT,
    resource_policy TEXT,
    type TEXT,
    UNIQUE (domain_name, name)
);

CREATE TABLE association_groups_users (
    group_id UUID NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

-- `group_nodes` pages groups as Relay nodes: a global `id`, the row's UUID as `row_id`.
CREATE VIEW group_nodes AS
SELECT seq, 'GroupNode:' || CAST(id AS TEXT) AS id, id AS row_id, name, description, is_active, created_at, domain_name
FROM groups;

CREATE TABLE sessions (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    session_id UUID,
    name TEXT,
    type TEXT,
    image TEXT,
    domain_name TEXT,
    group_id UUID,
    user_uuid UUID,
    user_email TEXT,
    access_key TEXT,
    status TEXT,
    status_info TEXT,
    status_data TEXT,
    created_at TIMESTAMPTZ,
    terminated_at TIMESTAMPTZ,
    starts_at TIMESTAMPTZ,
    occupied_slots TEXT,
    agent_ids TEXT[],
    io_read_bytes BIGINT,
    num_queries BIGINT
);

CREATE TABLE agents (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    status TEXT,
    status_changed TIMESTAMPTZ,
    region TEXT,
    scaling_group TEXT,
    schedulable BOOLEAN,
    available_slots TEXT,
    occupied_slots TEXT,
    addr TEXT,
    first_contact TIMESTAMPTZ,
    lost_at TIMESTAMPTZ,
    version TEXT,
    compute_plugins TEXT
);
