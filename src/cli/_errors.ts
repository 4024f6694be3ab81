// CLI error kinds and their exit codes: 1 for user errors, 2 for runtime failures.

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export class RuntimeFailure extends Error {
  override readonly name = "RuntimeFailure";
}
