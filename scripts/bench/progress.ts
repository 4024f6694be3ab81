// Progress lines on stderr, so a long run shows which phase it is in.

export function progress(message: string): void {
  console.error(`bench: ${message}`);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
