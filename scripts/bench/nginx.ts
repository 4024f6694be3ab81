// Runs nginx as a plain keepalive reverse proxy to the mock: the yardstick for llm-proxy.

import { join } from "node:path";
import { type ServerProcess, spawnServer } from "./children.ts";
import { freeLoopbackPort } from "./free-port.ts";
import { waitForPort } from "./wait-for.ts";

export type RunningNginx = { server: ServerProcess; origin: string; pid: number };

export async function startNginx(
  nginxPath: string,
  mockPort: number,
  dir: string,
): Promise<RunningNginx> {
  const port = freeLoopbackPort();
  const confPath = join(dir, "nginx.conf");
  await Bun.write(confPath, nginxConfig(dir, port, mockPort));
  // -e: errors before the config is read would otherwise go to /var/log/nginx
  const argv = [nginxPath, "-p", `${dir}/`, "-e", join(dir, "nginx-error.log"), "-c", confPath];
  const server = spawnServer("nginx", argv, dir);
  await waitForPort(server, port, 10_000);
  return { server, origin: `http://127.0.0.1:${port}`, pid: server.proc.pid };
}

// --- internal ---

/**
 * One process in the foreground (no master), so its pid is the one serving and its RSS is all of
 * nginx. keepalive_requests is raised because nginx's default of 1,000 would make wrk reconnect,
 * a handicap Bun.serve does not have.
 */
function nginxConfig(dir: string, port: number, mockPort: number): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "nginx-error.log")} warn;
worker_rlimit_nofile 16384;
events {
  worker_connections 4096;
}
http {
  access_log off;
  client_body_temp_path ${join(dir, "client_body")};
  proxy_temp_path ${join(dir, "proxy_temp")};
  fastcgi_temp_path ${join(dir, "fastcgi_temp")};
  uwsgi_temp_path ${join(dir, "uwsgi_temp")};
  scgi_temp_path ${join(dir, "scgi_temp")};
  keepalive_requests 1000000;
  upstream mock {
    server 127.0.0.1:${mockPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
}
