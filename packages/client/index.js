// @admin-codegen/client: runs admin-codegen's generated TypeScript
// operations against a Backend.AI-style Admin API. See index.d.ts for the
// documented API. No dependencies: Web Crypto (`crypto.subtle`) and `fetch`,
// as browsers and Node 18+ have them.

/** The latest API version this client speaks (spec §1). */
export const LATEST_VERSION = "v9.20250722";

const encoder = new TextEncoder();

function hex(buffer) {
  let out = "";
  for (const byte of new Uint8Array(buffer)) out += byte.toString(16).padStart(2, "0");
  return out;
}

async function hmac(key, message) {
  const raw = typeof key === "string" ? encoder.encode(key) : key;
  const k = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", k, encoder.encode(message));
}

/** SHA-256 of the empty body, in hex (the body is not hashed, spec §8). */
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function stringToSign({ method, path, date, host, contentType, version }) {
  return [
    method.toUpperCase(),
    path,
    date,
    `host:${host}`,
    `content-type:${contentType.split(";")[0].trim().toLowerCase()}`,
    `x-backendai-version:${version}`,
    EMPTY_SHA256,
  ].join("\n");
}

export async function sign(secretKey, parts) {
  // The signing key is keyed by the request date (`%Y%m%d` of the date as
  // written, in its own offset) and the host.
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(parts.date);
  if (!day) throw new TypeError(`not an ISO-8601 date: ${parts.date}`);
  const dateKey = await hmac(secretKey, `${day[1]}${day[2]}${day[3]}`);
  const signingKey = await hmac(new Uint8Array(dateKey), parts.host);
  return hex(await hmac(new Uint8Array(signingKey), stringToSign(parts)));
}

/** `2025-01-02T03:04:05.678+00:00`: ISO-8601 in UTC with an offset, as the reference client writes it. */
export function requestDate(now) {
  return now.toISOString().replace("Z", "+00:00");
}

function versionKey(v) {
  const m = /^v(\d+)\.(\d+)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** The lower of two versions. */
export function negotiateVersion(ours, theirs) {
  const [a, b] = [versionKey(ours), versionKey(theirs)];
  return b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]) ? theirs : ours;
}

export class GraphQLRequestError extends Error {
  constructor(errors, data) {
    super(errors.map((e) => e.message).join("; ") || "GraphQL error");
    this.name = "GraphQLRequestError";
    this.errors = errors;
    this.data = data ?? null;
  }
  get codes() {
    return this.errors.map((e) => e.extensions?.code ?? null);
  }
}

export class ProblemError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem.title ?? "request failed"}${problem.msg ? `: ${problem.msg}` : ""}`);
    this.name = "ProblemError";
    this.status = status;
    this.problem = problem;
  }
}

export class PayloadError extends Error {
  constructor(field, msg) {
    super(`${field} failed${msg ? `: ${msg}` : ""}`);
    this.name = "PayloadError";
    this.field = field;
    this.msg = msg ?? null;
  }
}

export class Client {
  constructor(options) {
    if (!options || typeof options.endpoint !== "string") throw new TypeError("Client needs an endpoint");
    this.endpoint = options.endpoint.replace(/\/+$/, "");
    this.keypair = options.keypair ?? null;
    this.path = options.path ?? "/admin/gql";
    this.version = options.version ?? LATEST_VERSION;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = options.now ?? (() => new Date());
  }

  /** `GET /`: uses the lower of this client's latest version and the server's. */
  async negotiate() {
    const response = await this.fetch(`${this.endpoint}/`, { method: "GET", headers: { Accept: "application/json" } });
    if (!response.ok) throw await problem(response);
    const body = await response.json();
    if (typeof body.version === "string") this.version = negotiateVersion(LATEST_VERSION, body.version);
    return this.version;
  }

  /** The headers of a POST to the endpoint: signed with the keypair, or plain without one. */
  async headers() {
    const contentType = "application/json";
    const headers = { "Content-Type": contentType, Accept: "application/json", "X-BackendAI-Version": this.version };
    if (this.keypair) {
      const url = new URL(`${this.endpoint}${this.path}`);
      // Browsers do not let a page set `Date`; the server reads `X-BackendAI-Date` too.
      const date = requestDate(this.now());
      const parts = { method: "POST", path: url.pathname + url.search, date, host: url.host, contentType, version: this.version };
      const signature = await sign(this.keypair.secretKey, parts);
      headers["X-BackendAI-Date"] = date;
      headers.Authorization = `BackendAI signMethod=HMAC-SHA256, credential=${this.keypair.accessKey}:${signature}`;
    }
    return headers;
  }

  /** Runs an operation; resolves to its `data`, or rejects with a typed error. */
  async execute(operation, variables) {
    const body = JSON.stringify({ query: operation.document, variables: variables ?? {}, operationName: operation.name });
    const response = await this.fetch(`${this.endpoint}${this.path}`, { method: "POST", headers: await this.headers(), body });
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("problem+json") || !response.ok) throw await problem(response);
    const envelope = await response.json();
    if (Array.isArray(envelope.errors) && envelope.errors.length > 0) {
      throw new GraphQLRequestError(envelope.errors, envelope.data);
    }
    const data = envelope.data;
    if (data === null || typeof data !== "object") throw new GraphQLRequestError([{ message: "the response has no data" }], data);
    for (const p of operation.payloads) {
      const payload = data[p.root];
      if (payload && payload[p.ok] === false) throw new PayloadError(p.field, p.msg ? payload[p.msg] : null);
    }
    return data;
  }

  /** Every page of a paging operation, from the page the variables ask for. */
  async *pages(operation, variables) {
    const page = operation.page;
    if (!page) throw new TypeError(`${operation.name} does not page`);
    let vars = { ...variables };
    if (page.kind === "offset") {
      const limit = vars[page.limit];
      if (typeof limit !== "number" || limit < 1) throw new TypeError(`${page.limit} must be a positive page size`);
      let offset = vars[page.offset] ?? 0;
      for (;;) {
        const data = await this.execute(operation, { ...vars, [page.offset]: offset });
        const list = data[page.root];
        const items = list?.[page.items] ?? [];
        if (items.length > 0) yield items;
        offset += items.length;
        const total = page.total ? list?.[page.total] : null;
        if (items.length < limit || (typeof total === "number" && offset >= total)) return;
      }
    } else {
      for (;;) {
        const data = await this.execute(operation, vars);
        const connection = data[page.root];
        const edges = connection?.[page.edges] ?? [];
        const nodes = edges.map((e) => (e ? e[page.node] : null));
        if (nodes.length > 0) yield nodes;
        const info = connection?.[page.pageInfo];
        if (!info || !info[page.hasNextPage] || info[page.endCursor] == null) return;
        vars = { ...vars, [page.after]: info[page.endCursor] };
      }
    }
  }

  /** Every item of every page. */
  async *items(operation, variables) {
    for await (const page of this.pages(operation, variables)) yield* page;
  }
}

async function problem(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const p = body && typeof body === "object" && !Array.isArray(body) ? body : {};
  return new ProblemError(response.status, { type: p.type ?? "about:blank", title: p.title ?? response.statusText, ...p });
}
