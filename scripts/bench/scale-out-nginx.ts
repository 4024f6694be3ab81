// nginx as the load balancer in front of the scale-out scenario's llm-proxy instances: one
// foreground process, round robin over an upstream block, keepalive to each instance.

import { join } from "node:path";
import { type ServerProcess, spawnServer } from "./children.ts";
import { freeLoopbackPort } from "./free-port.ts";
import { waitForPort } from "./wait-for.ts";

export async function startBalancer(
  nginxPath: string,
  origins: readonly string[],
  dir: string,
  name: string,
): Promise<{ server: ServerProcess; origin: string }> {
  const port = freeLoopbackPort();
  const prefix = join(dir, `nginx-${name}`);
  const servers = origins.map((origin) => `    server ${new URL(origin).host};`).join("\n");
  const conf = `${prefix}.conf`;
  await Bun.write(conf, nginxConfig(prefix, port, servers));
  const argv = [nginxPath, "-p", `${dir}/`, "-e", `${prefix}-error.log`, "-c", conf];
  const server = spawnServer(`nginx-${name}`, argv, dir);
  await waitForPort(server, port, 10_000);
  return { server, origin: `http://127.0.0.1:${port}` };
}

// --- internal ---

function nginxConfig(prefix: string, port: number, servers: string): string {
  return `daemon off;
master_process off;
worker_processes 1;
pid ${prefix}.pid;
error_log ${prefix}-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}-body;
  proxy_temp_path ${prefix}-proxy;
  fastcgi_temp_path ${prefix}-fastcgi;
  uwsgi_temp_path ${prefix}-uwsgi;
  scgi_temp_path ${prefix}-scgi;
  keepalive_requests 1000000;
  upstream llm_proxy {
${servers}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://llm_proxy;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`;
}
