// Usage rows and traces are written in batches off the request path: a test that reads them
// through the admin API polls until they are there (bounded, 50 ms apart).

export async function untilAdmin(
  origin: string,
  adminKey: string,
  path: string,
  done: (body: string) => boolean,
): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const answer = await fetch(`${origin}/admin${path}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    if (done(await answer.text())) return;
    await Bun.sleep(50);
  }
  throw new Error(`GET /admin${path} did not show the expected rows within 5 s`);
}
