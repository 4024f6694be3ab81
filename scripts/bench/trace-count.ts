// Counts the trace rows a stopped llm-proxy left in its sqlite store.

import { Database } from "bun:sqlite";

/** Opens the store read-only; throws a clear error when it or its traces table is missing. */
export function countTraces(storePath: string): number {
  let db: Database;
  try {
    db = new Database(storePath, { readonly: true });
  } catch (error: unknown) {
    throw new Error(`cannot open the trace store ${storePath}: ${String(error)}`);
  }
  try {
    const row = db.query<{ n: number }, []>("select count(*) as n from traces").get();
    return row?.n ?? 0;
  } catch (error: unknown) {
    throw new Error(`cannot count traces in ${storePath}: ${String(error)}`);
  } finally {
    db.close();
  }
}
