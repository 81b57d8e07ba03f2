// The generated operations of the default schema (compiled by tsc from the
// TypeScript target's output) run through @admin-codegen/client against the
// example server over loopback, signed, and unsigned through
// `admin-codegen proxy`. run.sh starts both and sets the environment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, GraphQLRequestError, PayloadError, ProblemError, LATEST_VERSION } from "@admin-codegen/client";
import { parse, print } from "graphql";

const { ADMIN_ENDPOINT, PROXY_ENDPOINT, OPERATIONS } = process.env;
const skip = !ADMIN_ENDPOINT || !OPERATIONS ? "run by tests/typescript/run.sh, which starts the servers" : false;
const ops = skip ? {} : await import(OPERATIONS);

const SUPERADMIN = { accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const USER1 = { accessKey: "AKIAUSER000000000001", secretKey: "user1-secret-key-for-example-only-000001" };

test("negotiates and runs a query, signed", { skip }, async () => {
  const c = new Client({ endpoint: ADMIN_ENDPOINT, keypair: USER1 });
  assert.equal(await c.negotiate(), LATEST_VERSION);
  const data = await c.execute(ops.Me, {});
  assert.equal(data.me.email, "user1@lablup.com");
  assert.equal(data.me.role, "user");
});

test("offset pages: every user once, in pages of the asked size", { skip }, async () => {
  const c = new Client({ endpoint: ADMIN_ENDPOINT, keypair: SUPERADMIN });
  const pages = [];
  for await (const page of c.pages(ops.Users, { limit: 2, offset: 0, order: "+email" })) pages.push(page.map((u) => u.email));
  assert.deepEqual(pages.map((p) => p.length), [2, 2]);
  assert.deepEqual(pages.flat(), ["admin@lablup.com", "domain-admin@lablup.com", "user1@lablup.com", "user2@lablup.com"]);
});

test("relay pages: every group once", { skip }, async () => {
  const c = new Client({ endpoint: ADMIN_ENDPOINT, keypair: SUPERADMIN });
  const names = [];
  for await (const node of c.items(ops.GroupNodes, { first: 4 })) names.push(node.name);
  assert.deepEqual(names, Array.from({ length: 25 }, (_, i) => `project-${String(i + 1).padStart(2, "0")}`));
});

test("a union selection is discriminated by __typename", { skip }, async () => {
  const c = new Client({ endpoint: ADMIN_ENDPOINT, keypair: SUPERADMIN });
  const data = await c.execute(ops.Principals, { group: "6a000000-0000-4000-8000-000000000001" });
  const kinds = data.principals.map((p) => p.__typename).sort();
  assert.deepEqual(kinds, ["Group", "User", "User", "User"]);
  assert.deepEqual(data.principals.filter((p) => p.__typename === "Group").map((g) => g.name), ["project-01"]);
});

test("ok: false is a PayloadError, then the superadmin creates the user", { skip }, async () => {
  const props = { username: "ts-new", password: "pw", need_password_change: false, domain_name: "default", role: "user" };
  const user = new Client({ endpoint: ADMIN_ENDPOINT, keypair: USER1 });
  await assert.rejects(user.execute(ops.CreateUser, { email: "ts-new@lablup.com", props }), (e) => {
    assert.ok(e instanceof PayloadError, String(e));
    assert.equal(e.field, "create_user");
    assert.equal(e.msg, "no permission to execute create_user");
    return true;
  });
  const admin = new Client({ endpoint: ADMIN_ENDPOINT, keypair: SUPERADMIN });
  const created = await admin.execute(ops.CreateUser, { email: "ts-new@lablup.com", props });
  assert.equal(created.create_user.user.email, "ts-new@lablup.com");
});

test("GraphQL errors and problem+json failures are typed", { skip }, async () => {
  const c = new Client({ endpoint: ADMIN_ENDPOINT, keypair: SUPERADMIN });
  await assert.rejects(c.execute(ops.Users, { limit: 10, offset: 0, filter: "email ==" }), (e) => {
    assert.ok(e instanceof GraphQLRequestError, String(e));
    assert.deepEqual(e.codes, ["INVALID_FILTER"]);
    return true;
  });
  const wrong = new Client({ endpoint: ADMIN_ENDPOINT, keypair: { accessKey: SUPERADMIN.accessKey, secretKey: "wrong" } });
  await assert.rejects(wrong.execute(ops.Me, {}), (e) => {
    assert.ok(e instanceof ProblemError, String(e));
    assert.equal(e.status, 401);
    assert.equal(e.problem.type, "https://api.backend.ai/probs/auth-failed");
    return true;
  });
});

test("without a keypair, through admin-codegen proxy (which signs)", { skip: skip || (!PROXY_ENDPOINT && "no proxy") }, async () => {
  const c = new Client({ endpoint: PROXY_ENDPOINT });
  const data = await c.execute(ops.Me, {});
  assert.equal(data.me.email, "admin@lablup.com");
});

test("every operation's DocumentNode is its document, parsed (graphql-js print)", { skip }, () => {
  const operations = Object.entries(ops).filter(([, v]) => v && typeof v.document === "string");
  assert.ok(operations.length >= 9, `operations: ${operations.length}`);
  for (const [name, op] of operations) {
    const node = ops[`${name}Document`];
    assert.ok(node, `${name}Document`);
    assert.equal(print(node), print(parse(op.document)), name);
  }
});
