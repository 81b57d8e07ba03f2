// expect: TS2322 an enum value the schema does not have
import type { UserRole } from "../gen/default/typescript/schema.js";

export const role: UserRole = "owner";
