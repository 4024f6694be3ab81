// Runs nginx as a plain keepalive reverse proxy: to the mock, the yardstick for llm-proxy; and
// round robin over the scale-out scenario's llm-proxy instances.

import { join } from "node:path";
import { type ServerProcess, spawnServer } from "./children.ts";
import { freeLoopbackPort } from "./free-port.ts";
import { waitForPort } from "./wait-for.ts";

type RunningNginx = { server: ServerProcess; origin: string; pid: number };

/**
 * `upstreams`: the origins nginx balances over (round robin); `name` tells its files (config,
 * pid, logs, temp directories) in `dir` apart from another nginx's.
 */
export async function startNginx(
  nginxPath: string,
  upstreams: readonly string[],
  dir: string,
  name = "nginx",
): Promise<RunningNginx> {
  const port = freeLoopbackPort();
  const prefix = join(dir, name);
  const confPath = `${prefix}.conf`;
  const hosts = upstreams.map((origin) => new URL(origin).host);
  await Bun.write(confPath, nginxConfig(prefix, port, hosts));
  // -e: errors before the config is read would otherwise go to /var/log/nginx
  const argv = [nginxPath, "-p", `${dir}/`, "-e", `${prefix}-error.log`, "-c", confPath];
  const server = spawnServer(name, argv, dir);
  await waitForPort(server, port, 10_000);
  return { server, origin: `http://127.0.0.1:${port}`, pid: server.proc.pid };
}

// --- internal ---

/**
 * One process in the foreground (no master), so its pid is the one serving and its RSS is all of
 * nginx. keepalive_requests is raised because nginx's default of 1,000 would make wrk reconnect,
 * a handicap Bun.serve does not have.
 */
function nginxConfig(prefix: string, port: number, hosts: readonly string[]): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${prefix}.pid;
error_log ${prefix}-error.log warn;
worker_rlimit_nofile 16384;
events {
  worker_connections 4096;
}
http {
  access_log off;
  client_body_temp_path ${prefix}-client_body;
  proxy_temp_path ${prefix}-proxy_temp;
  fastcgi_temp_path ${prefix}-fastcgi_temp;
  uwsgi_temp_path ${prefix}-uwsgi_temp;
  scgi_temp_path ${prefix}-scgi_temp;
  keepalive_requests 1000000;
  upstream backends {
${hosts.map((host) => `    server ${host};`).join("\n")}
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backends;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
}
