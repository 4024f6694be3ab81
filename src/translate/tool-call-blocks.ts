// Chat tool-call deltas as Anthropic tool_use blocks: one state per tool index; a block starts
// once its name is known, whether the arguments come with it, in pieces, or only at the end.

import type { BlockSequence } from "./anthropic-block-sequence.ts";
import { isRecord, recordAt, stringAt } from "./json-values.ts";
import type { WireEvent } from "./wire-event.ts";

export type ToolCallBlocks = {
  onDelta(call: unknown): WireEvent[];
  /** Starts the tools whose name never came (so no call is lost) before the message ends. */
  startPending(): WireEvent[];
  readonly count: number;
};

export function createToolCallBlocks(
  blocks: BlockSequence,
  idPrefix: () => string,
): ToolCallBlocks {
  const tools = new Map<number, ToolState>();
  let current: number | undefined;
  const start = (tool: ToolState): WireEvent[] => {
    tool.started = true;
    const events = blocks.start(tool.key, {
      type: "tool_use",
      id: tool.id,
      name: tool.name,
      input: {},
    });
    if (tool.pendingArguments !== "") events.push(...argumentsDelta(blocks, tool.pendingArguments));
    tool.pendingArguments = "";
    return events;
  };
  return {
    onDelta(call) {
      const index = resolveIndex(call, tools, current);
      current = index;
      const tool =
        tools.get(index) ?? newTool(index, stringAt(call, "id") ?? `${idPrefix()}_${index}`);
      tools.set(index, tool);
      const fn = recordAt(call, "function");
      const argumentsText = stringAt(fn, "arguments") ?? "";
      if (tool.started) {
        // a block stopped by another one cannot take more input (the OpenAI SDK's rule too)
        return argumentsText !== "" && blocks.openKey === tool.key
          ? argumentsDelta(blocks, argumentsText)
          : [];
      }
      tool.name += stringAt(fn, "name") ?? "";
      tool.pendingArguments += argumentsText;
      return tool.name === "" ? [] : start(tool);
    },
    startPending() {
      return [...tools.values()].filter((tool) => !tool.started).flatMap(start);
    },
    get count() {
      return tools.size;
    },
  };
}

// --- internal ---

type ToolState = {
  key: `tool:${number}`;
  id: string;
  name: string;
  pendingArguments: string;
  started: boolean;
};

function newTool(index: number, id: string): ToolState {
  return { key: `tool:${index}`, id, name: "", pendingArguments: "", started: false };
}

/** Some servers leave out `index`: a new id is a new call, no id is the current one. */
function resolveIndex(
  call: unknown,
  tools: Map<number, ToolState>,
  current: number | undefined,
): number {
  if (isRecord(call) && typeof call.index === "number") return call.index;
  const id = stringAt(call, "id");
  const known = [...tools.entries()].find(([, tool]) => tool.id === id);
  if (known) return known[0];
  if (id === undefined && current !== undefined) return current;
  return tools.size;
}

function argumentsDelta(blocks: BlockSequence, partialJson: string): WireEvent[] {
  return blocks.delta({ type: "input_json_delta", partial_json: partialJson });
}
