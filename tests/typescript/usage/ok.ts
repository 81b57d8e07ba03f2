// Typed uses of the default schema's generated operations that must compile
// under `tsc --strict --exactOptionalPropertyTypes` (run.sh).
import { Client, type ItemOf, type ResultOf, type VariablesOf } from "@admin-codegen/client";
import type { ResultOf as NodeResultOf, TypedDocumentNode, VariablesOf as NodeVariablesOf } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { CreateUser, GroupNodes, Me, Principals, Users, UsersDocument } from "../gen/default/typescript/operations.js";
import type { UserRole, UserInput } from "../gen/default/typescript/schema.js";
import { UserRole as USER_ROLES } from "../gen/default/typescript/schema.js";

export async function uses(client: Client): Promise<string[]> {
  const me = await client.execute(Me, {});
  // Nullable fields are `T | null`; enums are string-literal unions.
  const role: UserRole | null = me.me?.role ?? null;
  const email: string | null = me.me?.email ?? null;

  // Required variables are required, nullable ones may be left out.
  const users = await client.execute(Users, { limit: 10, offset: 0 });
  const total: number = users.user_list?.total_count ?? 0;

  // Page items are typed from the operation.
  const emails: (string | null)[] = [];
  for await (const user of client.items(Users, { limit: 2, offset: 0, filter: 'role == "user"' })) {
    emails.push(user?.email ?? null);
  }
  for await (const page of client.pages(GroupNodes, { first: 5 })) {
    for (const node of page) emails.push(node?.name ?? null);
  }

  // Union selections narrow on `__typename`.
  const principals = await client.execute(Principals, { group: "6a000000-0000-4000-8000-000000000001" });
  for (const p of principals.principals ?? []) {
    if (p?.__typename === "User") emails.push(p.email);
    else if (p?.__typename === "Group") emails.push(p.name);
  }

  // Input objects: optional fields may be omitted; `null` only where the schema allows it.
  const props: UserInput = { username: "u", password: "p", need_password_change: false, domain_name: "default" };
  const created = await client.execute(CreateUser, { email: "u@example.com", props });
  const ok: boolean | null = created.create_user?.ok ?? null;

  // The helpers read the types back.
  type MeResult = ResultOf<typeof Me>;
  type UsersVars = VariablesOf<typeof Users>;
  type UserItem = ItemOf<typeof Users>;
  const vars: UsersVars = { limit: 1, offset: 0, status: null };
  const item: UserItem = null;
  const whole: MeResult = me;
  const roles: readonly UserRole[] = USER_ROLES;
  // The DocumentNode form is what graphql-js and clients built on it take, with the same types.
  const document: DocumentNode = UsersDocument;
  const typed: TypedDocumentNode<ResultOf<typeof Users>, VariablesOf<typeof Users>> = UsersDocument;
  const fromNode: NodeResultOf<typeof UsersDocument> = users;
  const nodeVars: NodeVariablesOf<typeof UsersDocument> = { limit: 5, offset: 5 };
  return [print(document), String(typed), String(fromNode.user_list), String(nodeVars.limit), String(role), String(email), String(total), String(ok), String(vars.limit), String(item), String(whole.me), ...roles];
}
