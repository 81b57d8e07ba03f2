//! The mutations. Who may run each is the schema's `@allow`; what is left
//! here is the data-dependent part of spec §9 (a domain admin changes only
//! their own domain) and the reference server's in-band failures
//! (`{ok: false, msg}` for a missing or duplicate row).

use super::*;

fn user_row(email: &str, id: Uuid, p: &UserInput, access_key: &str, at: &DateTime) -> Vec<(&'static str, Val)> {
    let status = p.status.as_ref().copied().unwrap_or(UserStatus::Active);
    vec![
        ("uuid", Val::Uuid(Some(id))),
        ("id", Val::text(format!("User:{email}"))),
        ("username", Val::text(&p.username)),
        ("email", Val::text(email)),
        ("password", Val::text(&p.password)),
        ("need_password_change", Val::Flag(Some(p.need_password_change))),
        ("full_name", Val::Text(p.full_name.as_ref().cloned())),
        ("description", Val::Text(p.description.as_ref().cloned())),
        ("is_active", Val::Flag(Some(status == UserStatus::Active))),
        ("status", Val::text(status.as_str())),
        ("created_at", Val::Time(Some(*at))),
        ("modified_at", Val::Time(Some(*at))),
        ("domain_name", Val::text(&p.domain_name)),
        ("role", Val::text(p.role.as_ref().copied().unwrap_or(UserRole::User).as_str())),
        ("resource_policy", Val::Text(Some(p.resource_policy.as_ref().cloned().unwrap_or_else(|| "default".into())))),
        ("allowed_client_ip", Val::Strings(p.allowed_client_ip.as_ref().cloned())),
        ("totp_activated", Val::Flag(Some(p.totp_activated.as_ref().copied().unwrap_or(false)))),
        ("sudo_session_enabled", Val::Flag(Some(p.sudo_session_enabled.as_ref().copied().unwrap_or(false)))),
        ("main_access_key", Val::text(access_key)),
    ]
}

#[allow(clippy::too_many_arguments)]
fn keypair_row(
    access_key: &str,
    secret_key: &str,
    email: &str,
    user: Uuid,
    is_active: bool,
    is_admin: bool,
    policy: &str,
    rate_limit: i32,
    at: &DateTime,
) -> Vec<(&'static str, Val)> {
    vec![
        ("access_key", Val::text(access_key)),
        ("secret_key", Val::text(secret_key)),
        ("id", Val::text(format!("KeyPair:{access_key}"))),
        ("user_id", Val::text(email)),
        ("user", Val::Uuid(Some(user))),
        ("is_active", Val::Flag(Some(is_active))),
        ("is_admin", Val::Flag(Some(is_admin))),
        ("resource_policy", Val::text(policy)),
        ("created_at", Val::Time(Some(*at))),
        ("rate_limit", Val::Int(Some(rate_limit.into()))),
    ]
}

/// Group IDs as sent (strings), parsed.
fn group_ids(ids: Option<&Vec<Option<String>>>) -> Result<Vec<Uuid>, String> {
    ids.into_iter()
        .flatten()
        .flatten()
        .map(|s| s.parse::<Uuid>().map_err(|_| format!("`{s}` is not a group ID (a UUID)")))
        .collect()
}

impl ExampleApi {
    /// The user a keypair belongs to.
    async fn owner_of(&self, key: &KeyPair) -> R<Option<User>> {
        match key.user_id.as_deref() {
            Some(email) => self.user_by_email(email).await,
            None => Ok(None),
        }
    }

    /// Sets a user's groups to `ids` (within `tx`).
    async fn set_groups(&self, tx: &mut db::Tx, user: Uuid, ids: &[Uuid]) -> R<()> {
        let mut clear = self.db.sql("DELETE FROM association_groups_users WHERE \"user_id\" = ");
        clear.uuid(Some(user)).execute_in(tx).await?;
        for g in ids {
            let row = [("group_id", Val::Uuid(Some(*g))), ("user_id", Val::Uuid(Some(user)))];
            Sql::insert(&self.db, "association_groups_users", &row).execute_in(tx).await?;
        }
        Ok(())
    }

    async fn groups_exist_in(&self, ids: &[Uuid], domain: &str) -> R<Option<String>> {
        for id in ids {
            match self.group_by_id(*id).await? {
                Some(g) if g.domain_name.as_deref() == Some(domain) => {}
                Some(_) => return Ok(Some(format!("group {id} is not in domain {domain}"))),
                None => return Ok(Some(format!("no such group: {id}"))),
            }
        }
        Ok(None)
    }
}

impl MutationsResolver for ExampleApi {
    async fn create_user(&self, ctx: &RequestContext, args: MutationsCreateUserArgs) -> R<Option<CreateUser>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), user| Ok(Some(CreateUser { ok, msg, user }));
        let p = &args.props;
        let makes_superadmin = p.role.as_ref() == Some(&UserRole::Superadmin) && !is_super(&ctx.principal);
        if !may_manage(&ctx.principal, Some(&p.domain_name)) || makes_superadmin {
            return payload(no_permission("create_user"), None);
        }
        if !self.domain_exists(&p.domain_name).await? {
            return payload(refused(format!("no such domain: {}", p.domain_name)), None);
        }
        if self.user_by_email(&args.email).await?.is_some() {
            return payload(refused(format!("a user with email {} already exists", args.email)), None);
        }
        let groups = match group_ids(p.group_ids.as_ref()) {
            Ok(g) => g,
            Err(msg) => return payload(refused(msg), None),
        };
        if let Some(msg) = self.groups_exist_in(&groups, &p.domain_name).await? {
            return payload(refused(msg), None);
        }
        let policy = p.resource_policy.as_ref().cloned().unwrap_or_else(|| "default".into());
        if !self.policy_exists(&policy).await? {
            return payload(refused(format!("no such resource policy: {policy}")), None);
        }
        let (id, at) = (Uuid::new_v4(), now());
        let (access_key, secret_key) = new_keypair();
        let is_admin = matches!(p.role.as_ref(), Some(UserRole::Superadmin | UserRole::Admin));
        let mut tx = self.db.begin().await?;
        Sql::insert(&self.db, "users", &user_row(&args.email, id, p, &access_key, &at)).execute_in(&mut tx).await?;
        // Like the reference server, a new user gets a keypair: their main access key.
        let key = keypair_row(&access_key, &secret_key, &args.email, id, true, is_admin, &policy, 1000, &at);
        Sql::insert(&self.db, "keypairs", &key).execute_in(&mut tx).await?;
        self.set_groups(&mut tx, id, &groups).await?;
        tx.commit().await?;
        payload(done(), self.user_by_email(&args.email).await?)
    }

    async fn modify_user(&self, ctx: &RequestContext, args: MutationsModifyUserArgs) -> R<Option<ModifyUser>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), user| Ok(Some(ModifyUser { ok, msg, user }));
        let Some(user) = self.user_by_email(&args.email).await? else {
            return payload(refused(format!("no such user: {}", args.email)), None);
        };
        let p = args.props;
        let domain = p.domain_name.as_ref().cloned();
        if !may_manage(&ctx.principal, user.domain_name.as_deref())
            || domain.as_ref().is_some_and(|d| !may_manage(&ctx.principal, Some(d)))
        {
            return payload(no_permission("modify_user"), None);
        }
        if p.role.as_ref() == Some(&UserRole::Superadmin) && !is_super(&ctx.principal) {
            return payload(no_permission("modify_user"), None);
        }
        let groups = match p.group_ids.as_ref().map(|g| group_ids(Some(g))).transpose() {
            Ok(g) => g,
            Err(msg) => return payload(refused(msg), None),
        };
        let target_domain = domain.clone().or(user.domain_name.clone()).unwrap_or_default();
        if let Some(msg) = self.groups_exist_in(groups.as_deref().unwrap_or_default(), &target_domain).await? {
            return payload(refused(msg), None);
        }
        if let Some(d) = &domain
            && !self.domain_exists(d).await?
        {
            return payload(refused(format!("no such domain: {d}")), None);
        }
        let mut cols = vec![("modified_at", Val::Time(Some(now())))];
        set(&mut cols, "username", p.username, Val::Text);
        set(&mut cols, "password", p.password, Val::Text);
        set(&mut cols, "need_password_change", p.need_password_change, Val::Flag);
        set_or_clear(&mut cols, "full_name", p.full_name, Val::Text);
        set_or_clear(&mut cols, "description", p.description, Val::Text);
        if let Maybe::Value(status) = p.status {
            cols.push(("status", Val::text(status.as_str())));
            cols.push(("is_active", Val::Flag(Some(status == UserStatus::Active))));
        }
        set(&mut cols, "domain_name", p.domain_name, Val::Text);
        if let Maybe::Value(role) = p.role {
            cols.push(("role", Val::text(role.as_str())));
        }
        set_or_clear(&mut cols, "allowed_client_ip", p.allowed_client_ip, Val::Strings);
        set(&mut cols, "totp_activated", p.totp_activated, Val::Flag);
        set(&mut cols, "resource_policy", p.resource_policy, Val::Text);
        set(&mut cols, "sudo_session_enabled", p.sudo_session_enabled, Val::Flag);
        set(&mut cols, "main_access_key", p.main_access_key, Val::Text);
        let mut tx = self.db.begin().await?;
        let mut sql = Sql::update(&self.db, "users", &cols).expect("modified_at is always set");
        push_where(&mut sql, &[W::Eq("email", text(Some(args.email.clone())))]);
        sql.execute_in(&mut tx).await?;
        if let (Some(groups), Some(id)) = (groups, user.uuid) {
            self.set_groups(&mut tx, id, &groups).await?;
        }
        tx.commit().await?;
        payload(done(), self.user_by_email(&args.email).await?)
    }

    async fn delete_user(&self, ctx: &RequestContext, args: MutationsDeleteUserArgs) -> R<Option<DeleteUser>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(DeleteUser { ok, msg }));
        let Some(user) = self.user_by_email(&args.email).await? else {
            return payload(refused(format!("no such user: {}", args.email)));
        };
        if !may_manage(&ctx.principal, user.domain_name.as_deref()) {
            return payload(no_permission("delete_user"));
        }
        // As the reference does: the user is marked deleted and their keypairs stop working.
        let mut tx = self.db.begin().await?;
        let cols = [
            ("status", Val::text("deleted")),
            ("is_active", Val::Flag(Some(false))),
            ("modified_at", Val::Time(Some(now()))),
        ];
        let mut sql = Sql::update(&self.db, "users", &cols).expect("columns to set");
        push_where(&mut sql, &[W::Eq("email", text(Some(args.email.clone())))]);
        sql.execute_in(&mut tx).await?;
        let mut sql = Sql::update(&self.db, "keypairs", &[("is_active", Val::Flag(Some(false)))]).expect("a column");
        push_where(&mut sql, &[W::Eq("user_id", text(Some(args.email)))]);
        sql.execute_in(&mut tx).await?;
        tx.commit().await?;
        payload(done())
    }

    async fn purge_user(&self, _: &RequestContext, args: MutationsPurgeUserArgs) -> R<Option<PurgeUser>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(PurgeUser { ok, msg }));
        let mut tx = self.db.begin().await?;
        let mut keys = self.db.sql("DELETE FROM keypairs WHERE \"user_id\" = ");
        keys.text(Some(args.email.clone())).execute_in(&mut tx).await?;
        let mut user = self.db.sql("DELETE FROM users WHERE \"email\" = ");
        let gone = user.text(Some(args.email.clone())).execute_in(&mut tx).await?;
        if gone == 0 {
            return payload(refused(format!("no such user: {}", args.email)));
        }
        tx.commit().await?;
        payload(done())
    }

    async fn create_keypair(&self, ctx: &RequestContext, args: MutationsCreateKeypairArgs) -> R<Option<CreateKeyPair>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), keypair| Ok(Some(CreateKeyPair { ok, msg, keypair }));
        let Some(user) = self.user_by_email(&args.user_id).await? else {
            return payload(refused(format!("no such user: {}", args.user_id)), None);
        };
        if !may_manage(&ctx.principal, user.domain_name.as_deref()) {
            return payload(no_permission("create_keypair"), None);
        }
        let p = args.props;
        if !self.policy_exists(&p.resource_policy).await? {
            return payload(refused(format!("no such resource policy: {}", p.resource_policy)), None);
        }
        let is_admin = p.is_admin.as_ref().copied().unwrap_or(false);
        if is_admin && !is_super(&ctx.principal) {
            return payload(no_permission("create_keypair"), None);
        }
        let (access_key, secret_key) = new_keypair();
        let is_active = p.is_active.as_ref().copied().unwrap_or(true);
        let row = keypair_row(
            &access_key,
            &secret_key,
            &args.user_id,
            user.uuid.unwrap_or_default(),
            is_active,
            is_admin,
            &p.resource_policy,
            p.rate_limit,
            &now(),
        );
        Sql::insert(&self.db, "keypairs", &row).execute(&self.db).await?;
        payload(done(), self.keypair_by_key(&access_key).await?)
    }

    async fn modify_keypair(&self, ctx: &RequestContext, args: MutationsModifyKeypairArgs) -> R<Option<ModifyKeyPair>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(ModifyKeyPair { ok, msg }));
        let Some(key) = self.keypair_by_key(&args.access_key).await? else {
            return payload(refused(format!("no such keypair: {}", args.access_key)));
        };
        let owner = self.owner_of(&key).await?;
        let p = args.props;
        let escalates = p.is_admin.as_ref() == Some(&true) && !is_super(&ctx.principal);
        if !may_manage(&ctx.principal, owner.and_then(|u| u.domain_name).as_deref()) || escalates {
            return payload(no_permission("modify_keypair"));
        }
        if let Some(policy) = p.resource_policy.as_ref()
            && !self.policy_exists(policy).await?
        {
            return payload(refused(format!("no such resource policy: {policy}")));
        }
        let mut cols = Vec::new();
        set(&mut cols, "is_active", p.is_active, Val::Flag);
        set(&mut cols, "is_admin", p.is_admin, Val::Flag);
        set(&mut cols, "resource_policy", p.resource_policy, Val::Text);
        set(&mut cols, "rate_limit", p.rate_limit, |v| Val::Int(v.map(i64::from)));
        let sql = Sql::update(&self.db, "keypairs", &cols);
        self.run(sql, &[W::Eq("access_key", text(Some(args.access_key)))]).await?;
        payload(done())
    }

    async fn delete_keypair(&self, ctx: &RequestContext, args: MutationsDeleteKeypairArgs) -> R<Option<DeleteKeyPair>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(DeleteKeyPair { ok, msg }));
        let Some(key) = self.keypair_by_key(&args.access_key).await? else {
            return payload(refused(format!("no such keypair: {}", args.access_key)));
        };
        let owner = self.owner_of(&key).await?;
        if owner.as_ref().and_then(|u| u.main_access_key.as_deref()) == Some(args.access_key.as_str()) {
            return payload(refused("the main access key of a user cannot be deleted"));
        }
        if !may_manage(&ctx.principal, owner.and_then(|u| u.domain_name).as_deref()) {
            return payload(no_permission("delete_keypair"));
        }
        let mut sql = self.db.sql("DELETE FROM keypairs WHERE \"access_key\" = ");
        sql.text(Some(args.access_key)).execute(&self.db).await?;
        payload(done())
    }

    async fn create_keypair_resource_policy(
        &self,
        _: &RequestContext,
        args: MutationsCreateKeypairResourcePolicyArgs,
    ) -> R<Option<CreateKeyPairResourcePolicy>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), resource_policy| {
            Ok(Some(CreateKeyPairResourcePolicy { ok, msg, resource_policy }))
        };
        if self.policy_exists(&args.name).await? {
            return payload(refused(format!("a resource policy named {} already exists", args.name)), None);
        }
        let p = args.props;
        let row = [
            ("name", Val::text(&args.name)),
            ("created_at", Val::Time(Some(now()))),
            ("default_for_unspecified", Val::text(p.default_for_unspecified)),
            ("total_resource_slots", Val::json(p.total_resource_slots.as_ref())),
            ("max_session_lifetime", Val::Int(p.max_session_lifetime.into_option().map(i64::from))),
            ("max_concurrent_sessions", Val::Int(Some(p.max_concurrent_sessions.into()))),
            ("max_concurrent_sftp_sessions", Val::Int(p.max_concurrent_sftp_sessions.into_option().map(i64::from))),
            ("max_containers_per_session", Val::Int(Some(p.max_containers_per_session.into()))),
            ("idle_timeout", Val::Int(Some(p.idle_timeout))),
            ("allowed_vfolder_hosts", Val::json(p.allowed_vfolder_hosts.as_ref())),
        ];
        Sql::insert(&self.db, "keypair_resource_policies", &row).execute(&self.db).await?;
        let conds = [W::Eq("name", text(Some(args.name)))];
        payload(done(), self.one("keypair_resource_policies", rows::POLICY, &conds, rows::policy).await?)
    }

    async fn modify_keypair_resource_policy(
        &self,
        _: &RequestContext,
        args: MutationsModifyKeypairResourcePolicyArgs,
    ) -> R<Option<ModifyKeyPairResourcePolicy>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(ModifyKeyPairResourcePolicy { ok, msg }));
        if !self.policy_exists(&args.name).await? {
            return payload(refused(format!("no such resource policy: {}", args.name)));
        }
        let p = args.props;
        let int = |v: Option<i32>| Val::Int(v.map(i64::from));
        let mut cols = Vec::new();
        set(&mut cols, "default_for_unspecified", p.default_for_unspecified, Val::Text);
        set(&mut cols, "total_resource_slots", p.total_resource_slots, |v| Val::json(v.as_ref()));
        set(&mut cols, "max_session_lifetime", p.max_session_lifetime, int);
        set(&mut cols, "max_concurrent_sessions", p.max_concurrent_sessions, int);
        set(&mut cols, "max_concurrent_sftp_sessions", p.max_concurrent_sftp_sessions, int);
        set(&mut cols, "max_containers_per_session", p.max_containers_per_session, int);
        set(&mut cols, "idle_timeout", p.idle_timeout, Val::Int);
        set(&mut cols, "allowed_vfolder_hosts", p.allowed_vfolder_hosts, |v| Val::json(v.as_ref()));
        let sql = Sql::update(&self.db, "keypair_resource_policies", &cols);
        self.run(sql, &[W::Eq("name", text(Some(args.name)))]).await?;
        payload(done())
    }

    async fn delete_keypair_resource_policy(
        &self,
        _: &RequestContext,
        args: MutationsDeleteKeypairResourcePolicyArgs,
    ) -> R<Option<DeleteKeyPairResourcePolicy>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(DeleteKeyPairResourcePolicy { ok, msg }));
        let users = [W::Eq("resource_policy", text(Some(args.name.clone())))];
        if self.one("keypairs", rows::KEYPAIR, &users, rows::keypair).await?.is_some() {
            return payload(refused(format!("resource policy {} is used by keypairs", args.name)));
        }
        let mut sql = self.db.sql("DELETE FROM keypair_resource_policies WHERE \"name\" = ");
        if sql.text(Some(args.name.clone())).execute(&self.db).await? == 0 {
            return payload(refused(format!("no such resource policy: {}", args.name)));
        }
        payload(done())
    }

    async fn create_group(&self, ctx: &RequestContext, args: MutationsCreateGroupArgs) -> R<Option<CreateGroup>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), group| Ok(Some(CreateGroup { ok, msg, group }));
        let p = args.props;
        if !may_manage(&ctx.principal, Some(&p.domain_name)) {
            return payload(no_permission("create_group"), None);
        }
        if !self.domain_exists(&p.domain_name).await? {
            return payload(refused(format!("no such domain: {}", p.domain_name)), None);
        }
        let same =
            [W::Eq("name", text(Some(args.name.clone()))), W::Eq("domain_name", text(Some(p.domain_name.clone())))];
        if self.one("groups", rows::GROUP, &same, rows::group).await?.is_some() {
            return payload(refused(format!("a group named {} already exists in {}", args.name, p.domain_name)), None);
        }
        let (id, at) = (Uuid::new_v4(), now());
        let row = [
            ("id", Val::Uuid(Some(id))),
            ("name", Val::text(&args.name)),
            ("description", Val::Text(p.description.into_option())),
            ("is_active", Val::Flag(Some(p.is_active.into_option().unwrap_or(true)))),
            ("created_at", Val::Time(Some(at))),
            ("modified_at", Val::Time(Some(at))),
            ("domain_name", Val::text(&p.domain_name)),
            ("total_resource_slots", Val::json(p.total_resource_slots.as_ref())),
            ("allowed_vfolder_hosts", Val::json(p.allowed_vfolder_hosts.as_ref())),
            ("integration_id", Val::Text(p.integration_id.into_option())),
            ("resource_policy", Val::Text(p.resource_policy.into_option())),
            ("type", Val::Text(p.r#type.into_option())),
        ];
        Sql::insert(&self.db, "groups", &row).execute(&self.db).await?;
        payload(done(), self.group_by_id(id).await?)
    }

    async fn modify_group(&self, ctx: &RequestContext, args: MutationsModifyGroupArgs) -> R<Option<ModifyGroup>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), group| Ok(Some(ModifyGroup { ok, msg, group }));
        let Some(group) = self.group_by_id(args.gid).await? else {
            return payload(refused(format!("no such group: {}", args.gid)), None);
        };
        let p = args.props;
        let moves = p.domain_name.as_ref().is_some_and(|d| Some(d) != group.domain_name.as_ref());
        if !may_manage(&ctx.principal, group.domain_name.as_deref()) || (moves && !is_super(&ctx.principal)) {
            return payload(no_permission("modify_group"), None);
        }
        // Membership: `user_update_mode` `add` or `remove` with `user_uuids`.
        let members = match (p.user_update_mode.as_ref().map(String::as_str), p.user_uuids.as_ref()) {
            (None, None) => None,
            (Some(mode @ ("add" | "remove")), Some(ids)) => match group_ids(Some(ids)) {
                Ok(ids) => Some((mode == "add", ids)),
                Err(_) => return payload(refused("user_uuids must be user UUIDs"), None),
            },
            _ => return payload(refused("user_update_mode must be `add` or `remove`, with user_uuids"), None),
        };
        let mut cols = vec![("modified_at", Val::Time(Some(now())))];
        set(&mut cols, "name", p.name, Val::Text);
        set_or_clear(&mut cols, "description", p.description, Val::Text);
        set(&mut cols, "is_active", p.is_active, Val::Flag);
        set(&mut cols, "domain_name", p.domain_name, Val::Text);
        set(&mut cols, "total_resource_slots", p.total_resource_slots, |v| Val::json(v.as_ref()));
        set(&mut cols, "allowed_vfolder_hosts", p.allowed_vfolder_hosts, |v| Val::json(v.as_ref()));
        set_or_clear(&mut cols, "integration_id", p.integration_id, Val::Text);
        set(&mut cols, "resource_policy", p.resource_policy, Val::Text);
        let mut tx = self.db.begin().await?;
        let mut sql = Sql::update(&self.db, "groups", &cols).expect("modified_at is always set");
        push_where(&mut sql, &[W::Eq("id", uuid(Some(args.gid)))]);
        sql.execute_in(&mut tx).await?;
        if let Some((add, ids)) = members {
            for user in ids {
                let mut sql = self.db.sql("DELETE FROM association_groups_users WHERE \"group_id\" = ");
                sql.uuid(Some(args.gid)).push(" AND \"user_id\" = ").uuid(Some(user)).execute_in(&mut tx).await?;
                if add {
                    let mut exists = self.db.sql("SELECT COUNT(*) AS n FROM users WHERE \"uuid\" = ");
                    let found = exists.uuid(Some(user)).fetch_in(&mut tx).await?;
                    if found.first().map(|r| r.int("n")).transpose()?.flatten().unwrap_or(0) == 0 {
                        return payload(refused(format!("no such user: {user}")), None);
                    }
                    let row = [("group_id", Val::Uuid(Some(args.gid))), ("user_id", Val::Uuid(Some(user)))];
                    Sql::insert(&self.db, "association_groups_users", &row).execute_in(&mut tx).await?;
                }
            }
        }
        tx.commit().await?;
        payload(done(), self.group_by_id(args.gid).await?)
    }

    async fn delete_group(&self, ctx: &RequestContext, args: MutationsDeleteGroupArgs) -> R<Option<DeleteGroup>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(DeleteGroup { ok, msg }));
        let Some(group) = self.group_by_id(args.gid).await? else {
            return payload(refused(format!("no such group: {}", args.gid)));
        };
        if !may_manage(&ctx.principal, group.domain_name.as_deref()) {
            return payload(no_permission("delete_group"));
        }
        let cols = [("is_active", Val::Flag(Some(false))), ("modified_at", Val::Time(Some(now())))];
        self.run(Sql::update(&self.db, "groups", &cols), &[W::Eq("id", uuid(Some(args.gid)))]).await?;
        payload(done())
    }

    async fn purge_group(&self, ctx: &RequestContext, args: MutationsPurgeGroupArgs) -> R<Option<PurgeGroup>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(PurgeGroup { ok, msg }));
        let Some(group) = self.group_by_id(args.gid).await? else {
            return payload(refused(format!("no such group: {}", args.gid)));
        };
        if !may_manage(&ctx.principal, group.domain_name.as_deref()) {
            return payload(no_permission("purge_group"));
        }
        let mut sql = self.db.sql("DELETE FROM groups WHERE \"id\" = ");
        sql.uuid(Some(args.gid)).execute(&self.db).await?;
        payload(done())
    }

    async fn create_domain(&self, _: &RequestContext, args: MutationsCreateDomainArgs) -> R<Option<CreateDomain>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), domain| Ok(Some(CreateDomain { ok, msg, domain }));
        if self.domain_exists(&args.name).await? {
            return payload(refused(format!("a domain named {} already exists", args.name)), None);
        }
        let (p, at) = (args.props, now());
        let row = [
            ("name", Val::text(&args.name)),
            ("description", Val::Text(p.description.into_option())),
            ("is_active", Val::Flag(Some(p.is_active.into_option().unwrap_or(true)))),
            ("created_at", Val::Time(Some(at))),
            ("modified_at", Val::Time(Some(at))),
            ("total_resource_slots", Val::json(p.total_resource_slots.as_ref())),
            ("allowed_vfolder_hosts", Val::json(p.allowed_vfolder_hosts.as_ref())),
            ("allowed_docker_registries", Val::Strings(p.allowed_docker_registries.into_option())),
            ("integration_id", Val::Text(p.integration_id.into_option())),
        ];
        Sql::insert(&self.db, "domains", &row).execute(&self.db).await?;
        let conds = [W::Eq("name", text(Some(args.name)))];
        payload(done(), self.one("domains", rows::DOMAIN, &conds, rows::domain).await?)
    }

    async fn modify_domain(&self, _: &RequestContext, args: MutationsModifyDomainArgs) -> R<Option<ModifyDomain>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>), domain| Ok(Some(ModifyDomain { ok, msg, domain }));
        if !self.domain_exists(&args.name).await? {
            return payload(refused(format!("no such domain: {}", args.name)), None);
        }
        let p = args.props;
        if p.name.as_ref().is_some_and(|n| *n != args.name) {
            return payload(refused("renaming a domain is not supported by the example server"), None);
        }
        let mut cols = vec![("modified_at", Val::Time(Some(now())))];
        set_or_clear(&mut cols, "description", p.description, Val::Text);
        set(&mut cols, "is_active", p.is_active, Val::Flag);
        set(&mut cols, "total_resource_slots", p.total_resource_slots, |v| Val::json(v.as_ref()));
        set(&mut cols, "allowed_vfolder_hosts", p.allowed_vfolder_hosts, |v| Val::json(v.as_ref()));
        set(&mut cols, "allowed_docker_registries", p.allowed_docker_registries, Val::Strings);
        set_or_clear(&mut cols, "integration_id", p.integration_id, Val::Text);
        let conds = [W::Eq("name", text(Some(args.name.clone())))];
        self.run(Sql::update(&self.db, "domains", &cols), &conds).await?;
        payload(done(), self.one("domains", rows::DOMAIN, &conds, rows::domain).await?)
    }

    async fn delete_domain(&self, _: &RequestContext, args: MutationsDeleteDomainArgs) -> R<Option<DeleteDomain>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(DeleteDomain { ok, msg }));
        let cols = [("is_active", Val::Flag(Some(false))), ("modified_at", Val::Time(Some(now())))];
        let changed =
            self.run(Sql::update(&self.db, "domains", &cols), &[W::Eq("name", text(Some(args.name.clone())))]).await?;
        payload(if changed == 0 { refused(format!("no such domain: {}", args.name)) } else { done() })
    }

    async fn purge_domain(&self, _: &RequestContext, args: MutationsPurgeDomainArgs) -> R<Option<PurgeDomain>> {
        let payload = |(ok, msg): (Option<bool>, Option<String>)| Ok(Some(PurgeDomain { ok, msg }));
        let inside = [W::Eq("domain_name", text(Some(args.name.clone())))];
        let users = self.one("users", rows::USER, &inside, rows::user).await?;
        let groups = self.one("groups", rows::GROUP, &inside, rows::group).await?;
        if users.is_some() || groups.is_some() {
            return payload(refused(format!("domain {} still has users or groups", args.name)));
        }
        let mut sql = self.db.sql("DELETE FROM domains WHERE \"name\" = ");
        if sql.text(Some(args.name.clone())).execute(&self.db).await? == 0 {
            return payload(refused(format!("no such domain: {}", args.name)));
        }
        payload(done())
    }
}
