// A private PostgreSQL server on a free loopback port, in a temp directory, for the Postgres store
// and multi-instance tests. Postgres refuses to run as root, so as root it runs as the `postgres`
// user (runuser); Debian keeps the binaries under /usr/lib/postgresql/<version>/bin.

import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQL } from "bun";

export type PostgresServer = {
  /** postgres://app@127.0.0.1:PORT/app (trust auth on loopback). */
  url: string;
  port: number;
  /** A fresh database on this server (empty, or a copy of `template`); its URL. */
  createDatabase(options?: { name?: string; template?: string }): Promise<string>;
  stop(): Promise<void>;
  /** Starts it again (same port, same data) after stop(). */
  start(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), "llmp-pg-"));
  const data = join(dir, "data");
  const asPostgres = asPostgresUser(dir);
  await run([
    ...asPostgres,
    join(bin, "initdb"),
    "-D",
    data,
    "-U",
    "app",
    "--auth=trust",
    "-A",
    "trust",
    "--no-sync",
  ]);
  const port = freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const pgCtl = (...args: string[]) =>
    run([...asPostgres, join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "log"), ...args]);
  const start = () => pgCtl("-o", options, "-w", "start");
  await start();
  let running = true;
  const url = `postgres://app@127.0.0.1:${port}/app`;
  const admin = new SQL({ url: `postgres://app@127.0.0.1:${port}/postgres`, max: 1 });
  let databases = 0;
  const stop = async () => {
    if (!running) return;
    running = false;
    await pgCtl("-m", "immediate", "-w", "stop");
  };
  await createDatabaseNamed(admin, "app");
  return {
    url,
    port,
    async createDatabase(options = {}) {
      databases++;
      const name = options.name ?? `t${databases}`;
      await createDatabaseNamed(admin, name, options.template);
      return `postgres://app@127.0.0.1:${port}/${name}`;
    },
    stop,
    async start() {
      if (running) return;
      await start();
      running = true;
    },
    async [Symbol.asyncDispose]() {
      await admin.close();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --- internal ---

function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(root, version, "bin");
    if (existsSync(join(bin, "initdb"))) return bin;
  }
  const initdb = Bun.which("initdb");
  if (initdb) return join(initdb, "..");
  throw new Error(
    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH): install Debian's postgresql package (apt-get install postgresql); .ci/run and npm test's pretest do",
  );
}

/** As root, the command prefix that runs as `postgres` (and hands it the directory). */
function asPostgresUser(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const user = Bun.spawnSync(["id", "-u", "postgres"]);
  const group = Bun.spawnSync(["id", "-g", "postgres"]);
  if (user.exitCode !== 0) throw new Error("running as root, but there is no postgres user");
  chownSync(dir, Number(user.stdout.toString()), Number(group.stdout.toString()));
  chmodSync(dir, 0o700);
  return ["runuser", "-u", "postgres", "--"];
}

async function run(argv: string[]): Promise<void> {
  const proc = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}:\n${stdout}${stderr}`);
}

async function createDatabaseNamed(admin: SQL, name: string, template?: string): Promise<void> {
  await admin.unsafe(`create database ${name}${template ? ` template ${template}` : ""}`);
}

function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}
