// expect: TS2322 a variable of the wrong type
import { Client } from "@admin-codegen/client";
import { Users } from "../gen/default/typescript/operations.js";

export async function f(client: Client): Promise<unknown> {
  return client.execute(Users, { limit: "10", offset: 0 });
}
