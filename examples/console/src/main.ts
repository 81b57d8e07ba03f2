// A minimal management console: lists users page by page and creates one,
// with the operations admin-codegen generated from operations/console.graphql.
//
// Where it sends requests comes from the page's URL:
//   ?endpoint=http://127.0.0.1:8084                        through `admin-codegen proxy` (unsigned)
//   ?endpoint=http://127.0.0.1:8090&access_key=…&secret_key=…   signed in the page (Web Crypto)
// `create=<email>` creates that user on load (what the browser test does).
// A keypair in a URL is for a local demo only.
import { Client, GraphQLRequestError, PayloadError, ProblemError } from "@admin-codegen/client";
import { ConsoleCreateUser, ConsoleUsers } from "./generated/typescript/operations.js";
import type { UserInput } from "./generated/typescript/schema.js";

const params = new URLSearchParams(location.search);
const endpoint = params.get("endpoint") ?? location.origin;
const accessKey = params.get("access_key");
const secretKey = params.get("secret_key");
const keypair = accessKey && secretKey ? { accessKey, secretKey } : undefined;
const client = new Client(keypair ? { endpoint, keypair } : { endpoint });
const pageSize = Number(params.get("page_size") ?? "2");

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function describe(e: unknown): string {
  if (e instanceof PayloadError) return `${e.field}: ${e.msg ?? "failed"}`;
  if (e instanceof GraphQLRequestError) return `GraphQL: ${e.message} (${e.codes.join(", ")})`;
  if (e instanceof ProblemError) return `${e.status} ${e.problem.title}`;
  return String(e);
}

async function render(): Promise<void> {
  const table = $<HTMLTableElement>("users");
  table.querySelectorAll("tbody").forEach((b) => b.remove());
  let page = 0;
  let count = 0;
  for await (const users of client.pages(ConsoleUsers, { limit: pageSize, offset: 0 })) {
    page += 1;
    const body = table.createTBody();
    body.className = "page";
    body.dataset.page = String(page);
    for (const user of users) {
      const row = body.insertRow();
      for (const text of [String(page), user?.email, user?.username, user?.role, user?.status, user?.domain_name]) {
        row.insertCell().textContent = text ?? "";
      }
      count += 1;
    }
  }
  $("status").textContent = `ready: ${count} users in ${page} pages`;
}

async function create(email: string, username: string): Promise<void> {
  const props: UserInput = { username, password: "console-demo", need_password_change: false, domain_name: "default" };
  const result = await client.execute(ConsoleCreateUser, { email, props });
  $("status").textContent = `created ${result.create_user?.user?.email ?? email}`;
}

async function main(): Promise<void> {
  $("mode").textContent = keypair ? `signed in the page as ${keypair.accessKey}` : `unsigned, through ${endpoint}`;
  await client.negotiate();
  const wanted = params.get("create");
  if (wanted) await create(wanted, wanted.split("@")[0] ?? wanted);
  await render();
}

$<HTMLFormElement>("create").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  create(String(form.get("email")), String(form.get("username")))
    .then(render)
    .catch((e) => ($("error").textContent = describe(e)));
});

main().catch((e) => {
  $("error").textContent = describe(e);
  $("status").textContent = "failed";
});
