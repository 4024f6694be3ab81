// Progress lines on stderr, so a long run shows which phase it is in.

export function progress(message: string): void {
  console.error(`bench: ${message}`);
}
