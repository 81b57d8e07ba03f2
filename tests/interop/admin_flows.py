"""The official Backend.AI client's own admin functions and its
`backend.ai admin ...` CLI, unmodified, against a running server.

argv[1] is the endpoint (http://127.0.0.1:PORT); argv[2] the `backend.ai`
executable. Prints one `ok: ...` or `FAILED: ...` line per check and exits
non-zero if any failed. Every check reads back what the server stored, so
a server that only pretends fails here.
"""
import json
import os
import subprocess
import sys

from ai.backend.client.config import APIConfig
from ai.backend.client.exceptions import BackendAPIError
from ai.backend.client.output.fields import keypair_fields, user_fields
from ai.backend.client.session import Session

ENDPOINT, CLI = sys.argv[1], sys.argv[2]
SUPERADMIN = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
DOMAIN_ADMIN = ("AKIADOMAINADMIN00001", "domainadmin-secret-key-for-example-only-01")
USER1 = ("AKIAUSER000000000001", "user1-secret-key-for-example-only-000001")

passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok: {name}")
    else:
        failed += 1
        print(f"FAILED: {name}: {detail}")


def session(keys):
    return Session(config=APIConfig(endpoint=ENDPOINT, endpoint_type="api", access_key=keys[0], secret_key=keys[1]))


def cli(keys, *args):
    """Runs `backend.ai --output json admin ...`; returns (exit code, parsed stdout or text)."""
    env = dict(os.environ, BACKEND_ENDPOINT=ENDPOINT, BACKEND_ENDPOINT_TYPE="api",
               BACKEND_ACCESS_KEY=keys[0], BACKEND_SECRET_KEY=keys[1], PYTHONWARNINGS="ignore")
    out = subprocess.run([CLI, "--output", "json", "admin", *args], env=env, input="y\n", capture_output=True, text=True)  # `y` to confirmations
    try:
        return out.returncode, json.loads(out.stdout)
    except json.JSONDecodeError:
        return out.returncode, out.stdout + out.stderr


def emails(items):
    return sorted(u["email"] for u in items)


def refused(fn):
    """The client's error text when `fn` fails, or None when it succeeds."""
    try:
        fn()
        return None
    except BackendAPIError as e:
        return str(e)


# --- Users, as the superadmin, through the client's functions.
with session(SUPERADMIN) as s:
    r = s.User.create("default", "flow-user@lablup.com", "pw-1", username="flow", full_name="Flow User")
    check("User.create", r["ok"] and r["user"]["email"] == "flow-user@lablup.com", r)
    new_uuid = r["user"]["uuid"]
    d = s.User.detail(email="flow-user@lablup.com")
    check("User.detail reads the created user", d["username"] == "flow" and d["main_access_key"], d)
    main_key = d["main_access_key"]
    d = s.User.detail_by_uuid(user_uuid=new_uuid)
    check("User.detail_by_uuid", d["email"] == "flow-user@lablup.com", d)
    everyone = s.User.list()
    check("User.list includes the new user", "flow-user@lablup.com" in emails(everyone), emails(everyone))
    page = s.User.paginated_list(page_offset=0, page_size=2, order="-email", fields=(user_fields["email"],))
    check("User.paginated_list pages with an order", page.total_count == 5 and len(page.items) == 2
          and page.items[0]["email"] == "user2@lablup.com", (page.total_count, page.items))
    page = s.User.paginated_list(filter='username == "flow"', fields=(user_fields["email"],))
    check("User.paginated_list filters", [u["email"] for u in page.items] == ["flow-user@lablup.com"], page.items)
    r = s.User.update("flow-user@lablup.com", full_name="Renamed", description="changed")
    d = s.User.detail(email="flow-user@lablup.com", fields=(user_fields["full_name"], user_fields["email"]))
    check("User.update is stored", r["ok"] and d["full_name"] == "Renamed", (r, d))
    r = s.User.create("default", "flow-user@lablup.com", "pw", username="dup")
    check("a duplicate email is ok: false", not r["ok"] and "already exists" in r["msg"], r)

    # --- Keypairs: a created keypair signs the very next request; deactivated, it is refused.
    r = s.KeyPair.create("flow-user@lablup.com", resource_policy="default", rate_limit=500)
    check("KeyPair.create", r["ok"] and r["keypair"]["access_key"].startswith("AKIA"), r)
    new_keys = (r["keypair"]["access_key"], r["keypair"]["secret_key"])
    keys = s.KeyPair.list(user_id="flow-user@lablup.com", fields=(keypair_fields["access_key"],))
    check("KeyPair.list shows both keypairs of the user",
          sorted(k["access_key"] for k in keys) == sorted([main_key, new_keys[0]]), keys)
    page = s.KeyPair.paginated_list(filter='user_id == "flow-user@lablup.com"', order="-access_key")
    check("KeyPair.paginated_list filters and orders", page.total_count == 2, (page.total_count, page.items))

with session(new_keys) as mine:
    me = mine.User.detail()
    check("the new keypair signs the next request as its user", me["email"] == "flow-user@lablup.com", me)
    info = mine.KeyPair(new_keys[0]).info()
    check("KeyPair.info of the caller", info["access_key"] == new_keys[0] and info["is_admin"] is False, info)

with session(SUPERADMIN) as s:
    r = s.KeyPair.deactivate(new_keys[0])
    check("KeyPair.deactivate", r["ok"], r)
with session(new_keys) as mine:
    err = refused(lambda: mine.User.detail())
    check("a deactivated keypair is refused at once", err and "401" in err, err)
with session(SUPERADMIN) as s:
    check("KeyPair.activate", s.KeyPair.activate(new_keys[0])["ok"])
with session(new_keys) as mine:
    check("an activated keypair signs again", mine.User.detail()["email"] == "flow-user@lablup.com")
with session(SUPERADMIN) as s:
    r = s.KeyPair.update(new_keys[0], rate_limit=77)
    keys = s.KeyPair.list(user_id="flow-user@lablup.com", fields=(keypair_fields["access_key"], keypair_fields["rate_limit"]))
    check("KeyPair.update is stored", r["ok"] and {k["access_key"]: k["rate_limit"] for k in keys}[new_keys[0]] == 77, keys)
    r = s.KeyPair.delete(main_key)
    check("the main access key cannot be deleted", not r["ok"], r)
    check("KeyPair.delete", s.KeyPair.delete(new_keys[0])["ok"])
with session(new_keys) as mine:
    err = refused(lambda: mine.User.detail())
    check("a deleted keypair is refused at once", err and "401" in err, err)

# --- Keypair resource policies.
with session(SUPERADMIN) as s:
    r = s.KeypairResourcePolicy.create(
        "flow-policy", default_for_unspecified="LIMITED", total_resource_slots="{}", max_session_lifetime=0,
        max_concurrent_sessions=2, max_concurrent_sftp_sessions=1, max_containers_per_session=1, idle_timeout=600,
        vfolder_host_perms="{}")  # the client serializes its own `undefined` here otherwise
    check("KeypairResourcePolicy.create", r["ok"], r)
    r = s.KeypairResourcePolicy.update("flow-policy", max_concurrent_sessions=5)
    info = s.KeypairResourcePolicy(SUPERADMIN[0]).info("flow-policy")
    check("KeypairResourcePolicy.update and info", r["ok"] and info["max_concurrent_sessions"] == 5, (r, info))
    names = [p["name"] for p in s.KeypairResourcePolicy.list()]
    check("KeypairResourcePolicy.list", names == ["default", "flow-policy"], names)
    check("KeypairResourcePolicy.delete", s.KeypairResourcePolicy.delete("flow-policy")["ok"])
    names = [p["name"] for p in s.KeypairResourcePolicy.list()]
    check("a deleted policy is gone", names == ["default"], names)

# --- Groups and membership.
with session(SUPERADMIN) as s:
    r = s.Group.create("default", "flow-group", description="made by the client")
    check("Group.create", r["ok"] and r["group"]["name"] == "flow-group", r)
    gid = r["group"]["id"]
    check("Group.list shows it", "flow-group" in [g["name"] for g in s.Group.list("default")])
    check("Group.from_name finds it", [g["id"] for g in s.Group.from_name("flow-group", domain_name="default")] == [gid])
    r = s.Group.add_users(gid, [new_uuid])
    d = s.User.detail(email="flow-user@lablup.com")
    check("Group.add_users", r["ok"] and "flow-group" in [g["name"] for g in d["groups"]], (r, d["groups"]))
    members = s.User.list(group=gid)
    check("User.list by group", emails(members) == ["flow-user@lablup.com"], members)
    r = s.Group.remove_users(gid, [new_uuid])
    d = s.User.detail(email="flow-user@lablup.com")
    check("Group.remove_users", r["ok"] and "flow-group" not in [g["name"] for g in d["groups"]], d["groups"])
    r = s.Group.update(gid, description="changed")
    check("Group.update is stored", r["ok"] and s.Group.detail(gid)["description"] == "changed")
    r = s.Group.delete(gid)
    check("Group.delete inactivates", r["ok"] and s.Group.detail(gid)["is_active"] is False)
    r = s.Group.purge(gid)
    check("Group.purge removes it", r["ok"] and s.Group.detail(gid) is None)

# --- Domains.
with session(SUPERADMIN) as s:
    r = s.Domain.create("flow-domain", description="made by the client")
    check("Domain.create", r["ok"] and r["domain"]["name"] == "flow-domain", r)
    check("Domain.list shows it", "flow-domain" in [d["name"] for d in s.Domain.list()])
    r = s.Domain.update("flow-domain", description="changed")
    check("Domain.update is stored", r["ok"] and s.Domain.detail("flow-domain")["description"] == "changed")
    r = s.Domain.delete("flow-domain")
    check("Domain.delete inactivates", r["ok"] and s.Domain.detail("flow-domain")["is_active"] is False)
    r = s.Domain.purge("flow-domain")
    check("Domain.purge removes it", r["ok"] and "flow-domain" not in [d["name"] for d in s.Domain.list()])

# --- Access modes: a domain admin stays in their domain, a plain user sees only themselves.
with session(DOMAIN_ADMIN) as s:
    r = s.User.create("research", "elsewhere@lablup.com", "pw", username="elsewhere")
    check("a domain admin cannot create users in another domain",
          not r["ok"] and r["msg"] == "no permission to execute create_user", r)
    r = s.User.create("default", "mine@lablup.com", "pw", username="mine")
    check("a domain admin creates users in their domain", r["ok"], r)
    domains = {u["domain_name"] for u in s.User.list(fields=(user_fields["email"], user_fields["domain_name"]))}
    check("a domain admin lists only their domain", domains == {"default"}, domains)
    err = refused(lambda: s.Domain.list())
    check("a domain admin cannot list domains", err and "superadmin privilege required" in err, err)
with session(USER1) as s:
    check("a plain user lists only themselves", emails(s.User.list()) == ["user1@lablup.com"])
    keys = s.KeyPair.list(fields=(keypair_fields["access_key"],))
    check("a plain user lists only their keypairs", [k["access_key"] for k in keys] == [USER1[0]], keys)
    r = s.User.update("user1@lablup.com", full_name="me")
    check("a plain user cannot modify users", not r["ok"] and r["msg"] == "no permission to execute modify_user", r)

# --- Users are deleted (marked, keypairs off) and purged.
with session(SUPERADMIN) as s:
    r = s.User.delete("flow-user@lablup.com")
    check("User.delete", r["ok"], r)
    check("a deleted user is left out of lists", "flow-user@lablup.com" not in emails(s.User.list()))
    gone = s.User.list(status="deleted")
    check("and listed when asked for", emails(gone) == ["flow-user@lablup.com"], gone)
    r = s.User.purge("flow-user@lablup.com")
    check("User.purge removes the row", r["ok"] and s.User.detail(email="flow-user@lablup.com") is None, r)

# --- The same through the CLI.
code, out = cli(SUPERADMIN, "user", "add", "default", "cli-user@lablup.com", "pw-2", "-u", "cli")
check("backend.ai admin user add", code == 0 and out.get("ok") is True, out)
code, out = cli(SUPERADMIN, "user", "list", "--filter", 'email ilike "cli-%"', "--order", "-email")
check("backend.ai admin user list --filter --order", code == 0
      and [u["email"] for u in out["items"]] == ["cli-user@lablup.com"], out)
code, out = cli(SUPERADMIN, "user", "update", "cli-user@lablup.com", "--full-name", "CLI User")
code2, info = cli(SUPERADMIN, "user", "info", "--email", "cli-user@lablup.com")
check("backend.ai admin user update / info", code == 0 and code2 == 0
      and info["items"][0]["full_name"] == "CLI User", (out, info))
code, out = cli(SUPERADMIN, "keypair", "add", "cli-user@lablup.com", "default")
check("backend.ai admin keypair add", code == 0 and out.get("ok") is True, out)
code, out = cli(SUPERADMIN, "keypair", "list", "--user-id", "cli-user@lablup.com")
check("backend.ai admin keypair list", code == 0 and out["total_count"] == 2, out)
cli_key = [k["access_key"] for k in out["items"]][-1]
code, out = cli(SUPERADMIN, "keypair", "deactivate", cli_key)
code2, out2 = cli(SUPERADMIN, "keypair", "list", "--user-id", "cli-user@lablup.com", "--is-active", "false")
check("backend.ai admin keypair deactivate", code == 0 and [k["access_key"] for k in out2["items"]] == [cli_key], out2)
code, out = cli(SUPERADMIN, "group", "add", "default", "cli-group")
check("backend.ai admin group add", code == 0 and out.get("ok") is True, out)
code, out = cli(SUPERADMIN, "group", "list", "-d", "default")
check("backend.ai admin group list", code == 0 and "cli-group" in [g["name"] for g in out["items"]], out)
code, out = cli(SUPERADMIN, "domain", "add", "cli-domain")
code2, out2 = cli(SUPERADMIN, "domain", "list")
check("backend.ai admin domain add / list", code == 0 and "cli-domain" in [d["name"] for d in out2["items"]], (out, out2))
code, out = cli(SUPERADMIN, "domain", "purge", "cli-domain")
code2, out2 = cli(SUPERADMIN, "domain", "list")
check("backend.ai admin domain purge", code == 0 and "cli-domain" not in [d["name"] for d in out2["items"]], out2)
code, out = cli(SUPERADMIN, "user", "delete", "cli-user@lablup.com")
code2, out2 = cli(SUPERADMIN, "user", "list")
check("backend.ai admin user delete", code == 0
      and "cli-user@lablup.com" not in [u["email"] for u in out2["items"]], out2)
code, out = cli(USER1, "user", "list")
check("backend.ai admin user list as a plain user", code == 0
      and [u["email"] for u in out["items"]] == ["user1@lablup.com"], out)

print(f"admin flows: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
