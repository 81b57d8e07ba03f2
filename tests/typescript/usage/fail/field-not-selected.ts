// expect: TS2339 a field the operation does not select
import { Client } from "@admin-codegen/client";
import { Users } from "../gen/default/typescript/operations.js";

export async function f(client: Client): Promise<unknown> {
  const users = await client.execute(Users, { limit: 10, offset: 0 });
  return users.user_list?.items[0]?.full_name;
}
