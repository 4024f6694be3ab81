#!/usr/bin/env bun
// The llm-proxy entry point (bin and `bun build --compile`); the only place that calls process.exit.

import { type CommandDef, runCommand, showUsage } from "citty";
import { version } from "../app.ts";
import { ConfigError } from "../config/index.ts";
import { isProxyError, messageOf } from "../shared/index.ts";
import { RuntimeFailure, UsageError } from "./_errors.ts";
import {
  execWithFetchConcurrency,
  isHelpRequest,
  needsFetchConcurrency,
} from "./_fetch-concurrency.ts";
import { budgetCommand } from "./budget.ts";
import { cacheCommand } from "./cache.ts";
import { configCommand } from "./config.ts";
import { pricingCommand } from "./pricing.ts";
import { projectCommand } from "./project.ts";
import { serveCommand } from "./serve.ts";
import { tokenCommand } from "./token.ts";
import { traceCommand } from "./trace.ts";
import { usageCommand } from "./usage.ts";
import { versionCommand } from "./version.ts";

const main = {
  meta: {
    name: "llm-proxy",
    version,
    description: "An LLM gateway for OpenAI and Anthropic clients",
  },
  subCommands: {
    serve: serveCommand,
    config: configCommand,
    token: tokenCommand,
    project: projectCommand,
    usage: usageCommand,
    trace: traceCommand,
    cache: cacheCommand,
    pricing: pricingCommand,
    budget: budgetCommand,
    version: versionCommand,
  },
} as CommandDef;

const exitCode = await run(process.argv.slice(2));
process.exit(exitCode);

// --- internal ---

async function run(rawArgs: string[]): Promise<number> {
  if (needsFetchConcurrency(rawArgs, process.env)) {
    // returns only when the exec failed: serve on at Bun's default limit and say so
    const failure = execWithFetchConcurrency();
    console.error(`warning: could not raise fetch concurrency (${failure.message}); 256 at most`);
  }
  if (rawArgs.length === 0 || isHelpRequest(rawArgs)) {
    await showUsage(...(await resolveForUsage(rawArgs)));
    return rawArgs.length === 0 ? 1 : 0;
  }
  if (rawArgs[0] === "--version" || rawArgs[0] === "-v") {
    console.log(version);
    return 0;
  }
  try {
    await runCommand(main, { rawArgs });
    return 0;
  } catch (error: unknown) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 1;
  }
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}\nrun "llm-proxy --help" for usage`);
    return 1;
  }
  if (error instanceof Error && error.name === "CLIError") {
    console.error(`error: ${error.message}\nrun "llm-proxy --help" for usage`);
    return 1;
  }
  if (isProxyError(error) && error.status < 500) {
    // a refused admin action (unknown project, token still in use, bad name)
    console.error(`error: ${error.message}`);
    return 1;
  }
  if (error instanceof RuntimeFailure) {
    console.error(`error: ${error.message}`);
    return 2;
  }
  console.error(`error: ${messageOf(error)}`);
  return 2;
}

async function resolveForUsage(rawArgs: string[]): Promise<[CommandDef, CommandDef?]> {
  let command = main;
  let parent: CommandDef | undefined;
  for (const arg of rawArgs) {
    const subCommands = command.subCommands as Record<string, CommandDef> | undefined;
    const next = subCommands?.[arg];
    if (!next) break;
    parent = command;
    command = next;
  }
  return parent ? [command, parent] : [command];
}
