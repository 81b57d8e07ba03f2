// expect: TS2345 a required variable left out
import { Client } from "@admin-codegen/client";
import { Users } from "../gen/default/typescript/operations.js";

export async function f(client: Client): Promise<unknown> {
  return client.execute(Users, { limit: 10 });
}
