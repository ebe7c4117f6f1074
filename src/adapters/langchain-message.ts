import type { ToolCall } from "@langchain/core/messages/tool";
import { ToolMessage } from "langchain";
import type { ToolgateError } from "../errors.js";
import { refusalText } from "./core/refusal.js";

/** A refusal as the error `ToolMessage` the model reads, answering the tool call it refused. */
export function refusalMessage(error: ToolgateError, toolCall: Pick<ToolCall, "id" | "name">): ToolMessage {
  return new ToolMessage({
    content: refusalText(error),
    tool_call_id: toolCall.id ?? "",
    name: toolCall.name,
    status: "error",
  });
}
