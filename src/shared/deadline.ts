// A deadline on work that may never settle (a frozen Redis or Postgres hangs commands instead of
// failing them): the work's result, or a DeadlineError once the time is up.

/** The work did not settle within its deadline (it may still run, and may have had effect). */
export class DeadlineError extends Error {
  override name = "DeadlineError";
}

/**
 * `work`'s result, or a DeadlineError ("no answer to WHAT within MS ms") after `ms`. Given a
 * function, the work is told through `expired()` that it is too late to start a next step.
 */
export async function withDeadline<T>(
  work: Promise<T> | ((expired: () => boolean) => Promise<T>),
  ms: number,
  what: string,
): Promise<T> {
  let expired = false;
  let timer: Timer | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(new DeadlineError(`no answer to ${what} within ${ms} ms`));
    }, ms);
    timer.unref();
  });
  try {
    return await Promise.race([typeof work === "function" ? work(() => expired) : work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
