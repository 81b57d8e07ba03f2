// Types of @admin-codegen/client. The operation shapes below are
// structurally those of admin-codegen's generated `operations.ts`, so its
// operations are accepted without importing anything from here.

/** The latest API version this client speaks (spec §1). */
export declare const LATEST_VERSION: string;

import type { TypedOperation } from "./operation.js";
export type { OffsetPage, PayloadKeys, RelayPage, TypedOperation } from "./operation.js";

/** The result type of an operation. */
export type ResultOf<T> = T extends TypedOperation<infer R, any, any> ? R : never;
/** The variables type of an operation. */
export type VariablesOf<T> = T extends TypedOperation<any, infer V, any> ? V : never;
/** One item of a paging operation's pages. */
export type ItemOf<T> = T extends TypedOperation<any, any, infer I> ? I : never;

/** An access key and its secret. */
export interface Keypair {
  accessKey: string;
  secretKey: string;
}

export interface ClientOptions {
  /** The server's base URL (`http://127.0.0.1:8090`), or `admin-codegen proxy`'s. */
  endpoint: string;
  /** Signs every request with it; without one, requests go unsigned (through the proxy, which signs). */
  keypair?: Keypair;
  /** The GraphQL path; default `/admin/gql`. */
  path?: string;
  /** The `X-BackendAI-Version` sent until `negotiate()`; default the latest. */
  version?: string;
  /** The `fetch` to use; default the global one. */
  fetch?: typeof fetch;
  /** The clock of the request date; default `new Date()`. */
  now?: () => Date;
}

/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorEntry {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** The response carried GraphQL errors (or no data). */
export declare class GraphQLRequestError extends Error {
  readonly errors: GraphQLErrorEntry[];
  readonly data: unknown;
  /** Each error's `extensions.code`. */
  readonly codes: (string | null)[];
}

/** An RFC 7807 problem: authentication, version, body or rate-limit failures (spec §2). */
export interface Problem {
  type: string;
  title: string;
  error_code?: string;
  msg?: string;
  [key: string]: unknown;
}

/** The server answered with `application/problem+json` (or a non-2xx status). */
export declare class ProblemError extends Error {
  readonly status: number;
  readonly problem: Problem;
}

/** A mutation's `{ok, msg}` payload said `ok: false`. */
export declare class PayloadError extends Error {
  /** The schema field that failed. */
  readonly field: string;
  readonly msg: string | null;
}

/** The parts of a request that are signed (spec §8). */
export interface SignedParts {
  method: string;
  /** The path with its query string, as sent. */
  path: string;
  /** The date header value, as sent. */
  date: string;
  /** The `Host` header value (host, plus `:port` when the URL has one). */
  host: string;
  contentType: string;
  version: string;
}

/** The seven lines that are signed, joined by `\n`. */
export declare function stringToSign(parts: SignedParts): string;
/** The HMAC-SHA256 signature (hex) of a request, with the Web Crypto API. */
export declare function sign(secretKey: string, parts: SignedParts): Promise<string>;
/** A request date as the reference client writes it (UTC, `+00:00`). */
export declare function requestDate(now: Date): string;
/** The lower of two versions. */
export declare function negotiateVersion(ours: string, theirs: string): string;

export declare class Client {
  constructor(options: ClientOptions);
  /** The version in use. */
  version: string;
  /** `GET /`: uses the lower of this client's latest version and the server's. */
  negotiate(): Promise<string>;
  /** Runs an operation: its `data`, or a `GraphQLRequestError`, `ProblemError` or `PayloadError`. */
  execute<R, V>(operation: TypedOperation<R, V, any>, variables: V): Promise<R>;
  /** Every page of a paging operation, from the page `variables` ask for (`limit` is the page size). */
  pages<R, V, I>(operation: TypedOperation<R, V, I>, variables: V): AsyncGenerator<I[], void, undefined>;
  /** Every item of every page. */
  items<R, V, I>(operation: TypedOperation<R, V, I>, variables: V): AsyncGenerator<I, void, undefined>;
}
