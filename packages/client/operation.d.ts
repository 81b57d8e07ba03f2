// The shape of a generated operation: admin-codegen copies this file into
// every generated operations.ts (so generated code imports nothing at run
// time), and index.d.ts re-exports it. One file, so the two cannot drift.

/** An offset page stream: the response keys to read and the variables to set. */
export interface OffsetPage {
  readonly kind: "offset";
  readonly root: string;
  readonly items: string;
  readonly total: string | null;
  readonly limit: string;
  readonly offset: string;
}

/** A Relay connection page stream: the response keys to read and the variables to set. */
export interface RelayPage {
  readonly kind: "relay";
  readonly root: string;
  readonly edges: string;
  readonly node: string;
  readonly pageInfo: string;
  readonly hasNextPage: string;
  readonly endCursor: string;
  readonly first: string;
  readonly after: string;
}

/** A root field whose `{ok, msg}` payload reports failure in band. */
export interface PayloadKeys {
  readonly root: string;
  readonly field: string;
  readonly ok: string;
  readonly msg: string | null;
}

/** One operation of the documents, with its result, variables and (when it pages) page item types. */
export interface TypedOperation<TResult, TVariables, TItem = never> {
  readonly name: string;
  readonly kind: "query" | "mutation";
  /** The document sent as `query`: the operation and the fragments it uses. */
  readonly document: string;
  readonly page: OffsetPage | RelayPage | null;
  readonly payloads: readonly PayloadKeys[];
  /** Types only, never set (`DocumentTypeDecoration`). */
  readonly __apiType?: (variables: TVariables) => TResult;
  /** Types only, never set: one item of the pages. */
  readonly __itemType?: TItem;
}
