// A Postgres session advisory lock around some work. Bun's SQL is a pool, so the lock is taken,
// held and released on one reserved connection (a session lock belongs to its connection).

import type { SQL } from "bun";

/** Runs `action` under the lock named "llm-proxy NAME", given the connection that holds it. */
export async function withAdvisoryLock<T>(
  sql: SQL,
  name: string,
  action: (connection: SQL) => Promise<T>,
): Promise<T> {
  const key = `llm-proxy ${name}`;
  const connection = await sql.reserve();
  try {
    await connection`select pg_advisory_lock(hashtext(${key}))`;
    try {
      return await action(connection);
    } finally {
      await connection`select pg_advisory_unlock(hashtext(${key}))`;
    }
  } finally {
    connection.release();
  }
}
