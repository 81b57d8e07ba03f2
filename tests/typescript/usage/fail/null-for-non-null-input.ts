// expect: TS2322 null where the input field is non-null
import type { UserInput } from "../gen/default/typescript/schema.js";

export const props: UserInput = { username: "u", password: null, need_password_change: false, domain_name: "default" };
