// ${VAR} and ${VAR:-default} interpolation over every string of a parsed YAML document.

export type Env = Record<string, string | undefined>;
export type InterpolationProblem = { path: string; message: string };

const placeholder = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateEnv(
  value: unknown,
  env: Env,
  problems: InterpolationProblem[],
  path = "",
): unknown {
  if (typeof value === "string") return interpolateString(value, env, problems, path);
  if (Array.isArray(value)) {
    return value.map((item, index) => interpolateEnv(item, env, problems, `${path}[${index}]`));
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = interpolateEnv(item, env, problems, path ? `${path}.${key}` : key);
    }
    return out;
  }
  return value;
}

// --- internal ---

function interpolateString(
  text: string,
  env: Env,
  problems: InterpolationProblem[],
  path: string,
): string {
  if (!text.includes("${")) return text;
  return text.replace(placeholder, (_match, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
    if (fallback !== undefined) return fallback;
    problems.push({
      path,
      message: `environment variable ${name} is not set (use \${${name}:-default} for an optional value)`,
    });
    return "";
  });
}
