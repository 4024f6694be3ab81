// Chat tool-call deltas, one state per tool index, for a client that sees one tool at a time: the
// open tool's arguments stream live; another tool's name and arguments are held until it is sent
// whole (its turn comes with no tool open, or the finish), so interleaved deltas are not lost.

import { isRecord, recordAt, stringAt } from "./json-values.ts";
import type { WireEvent } from "./wire-event.ts";

/** Where calls go: Anthropic tool_use blocks or Responses function_call items. */
export type ToolCallTarget = {
  /** Opens the call's block or item, closing whatever was open; `id` is "" when none came. */
  open(index: number, id: string, name: string): WireEvent[];
  appendArguments(text: string): WireEvent[];
  close(): WireEvent[];
  /** The index of the call whose block or item is open, if one is. */
  readonly openIndex: number | undefined;
};

export type ToolCallAssembler = {
  /** One entry of a delta's `tool_calls`. */
  onDelta(call: unknown): WireEvent[];
  /** At the finish: every call not sent yet, whole and in index order, even one without a name. */
  flush(): WireEvent[];
};

export function createToolCallAssembler(target: ToolCallTarget): ToolCallAssembler {
  const tools = new Map<number, ToolState>();
  let current: number | undefined;
  const send = (tool: ToolState): WireEvent[] => {
    tool.phase = "live";
    const events = target.open(tool.index, tool.id, tool.name);
    if (tool.held !== "") events.push(...target.appendArguments(tool.held));
    tool.held = "";
    return events;
  };
  const mayGoLive = (tool: ToolState): boolean => {
    if (tool.name === "" || tool.held === "" || target.openIndex !== undefined) return false;
    // a held call waits for the calls before it, so the client sees them in index order
    for (const other of tools.values()) {
      if (other.index < tool.index && other.phase === "held") return false;
    }
    return true;
  };
  return {
    onDelta(call) {
      const index = resolveIndex(call, tools, current);
      current = index;
      const tool = tools.get(index) ?? newTool(index);
      tools.set(index, tool);
      tool.id ||= stringAt(call, "id") ?? "";
      const fn = recordAt(call, "function");
      const argumentsText = stringAt(fn, "arguments") ?? "";
      if (tool.phase === "live" && target.openIndex !== index) tool.phase = "sent";
      if (tool.phase === "live") {
        return argumentsText === "" ? [] : target.appendArguments(argumentsText);
      }
      // a block or item closed by other output cannot take more input (the OpenAI SDK's rule too)
      if (tool.phase === "sent") return [];
      tool.name += stringAt(fn, "name") ?? "";
      tool.held += argumentsText;
      return mayGoLive(tool) ? send(tool) : [];
    },
    flush() {
      const events: WireEvent[] = [];
      for (const tool of [...tools.values()].sort((a, b) => a.index - b.index)) {
        if (tool.phase === "held") events.push(...send(tool), ...target.close());
        tool.phase = "sent";
      }
      return events;
    },
  };
}

// --- internal ---

type ToolState = {
  index: number;
  id: string;
  name: string;
  /** Arguments not sent yet. */
  held: string;
  phase: "held" | "live" | "sent";
};

function newTool(index: number): ToolState {
  return { index, id: "", name: "", held: "", phase: "held" };
}

/** Some servers leave out `index`: a new id is a new call, no id is the current one. */
function resolveIndex(
  call: unknown,
  tools: Map<number, ToolState>,
  current: number | undefined,
): number {
  if (isRecord(call) && typeof call.index === "number") return call.index;
  const id = stringAt(call, "id");
  for (const tool of tools.values()) if (tool.id === id) return tool.index;
  if (id === undefined && current !== undefined) return current;
  return tools.size;
}
