// expect: TS2339 a User field read on a union member narrowed to Group
import { Client } from "@admin-codegen/client";
import { Principals } from "../gen/default/typescript/operations.js";

export async function f(client: Client): Promise<unknown> {
  const data = await client.execute(Principals, { group: "g" });
  const p = data.principals?.[0];
  return p?.__typename === "Group" ? p.email : null;
}
