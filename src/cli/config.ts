// `llm-proxy config init|validate`: write the commented example, or check a file.

import { defineCommand } from "citty";
import exampleConfig from "../../proxy.config.yaml" with { type: "text" };
import { UsageError } from "./_errors.ts";
import { configArg, configPathFrom, loadCliConfig, rejectUnknownFlags } from "./_flags.ts";
import { checkStartConfig, checkStoreReachable } from "./_prepare-config.ts";

const initArgs = {
  file: {
    type: "positional",
    required: false,
    description: "Where to write (default ./proxy.config.yaml)",
  },
  force: { type: "boolean", description: "Overwrite an existing file" },
} as const;

const initCommand = defineCommand({
  meta: { name: "init", description: "Write a commented example config" },
  args: initArgs,
  async run({ args, rawArgs }) {
    rejectUnknownFlags(rawArgs, initArgs);
    const path = args.file ?? "./proxy.config.yaml";
    if (!args.force && (await Bun.file(path).exists())) {
      throw new UsageError(`${path} already exists (use --force to overwrite)`);
    }
    await Bun.write(path, exampleConfig);
    console.error(`wrote ${path}; check it with: llm-proxy config validate -c ${path}`);
  },
});

const validateCommand = defineCommand({
  meta: { name: "validate", description: "Check a config file; print every problem with its path" },
  args: configArg,
  async run({ args, rawArgs }) {
    rejectUnknownFlags(rawArgs, configArg);
    const path = configPathFrom(args.config, process.env);
    // exactly what serve checks before it binds
    const config = await loadCliConfig(args.config);
    checkStartConfig(config, path);
    await checkStoreReachable(config, path);
    const providers = config.providers.map((p) => p.name).join(", ");
    console.log(`${path}: ok (${config.providers.length} provider(s): ${providers})`);
  },
});

export const configCommand = defineCommand({
  meta: { name: "config", description: "Create or check config files" },
  subCommands: { init: initCommand, validate: validateCommand },
});
