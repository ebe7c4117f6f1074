// What loading a one-rule policy with `pattern` as its tool glob says: the INVALID_POLICY message, or "loaded".
import { definePolicy, isToolgateError } from "../../src/index.js";

export const loadError = (pattern: string, effect: "allow" | "deny") => {
  try {
    definePolicy({ rules: [{ id: "r", tools: [pattern], effect }] });
  } catch (error) {
    return isToolgateError(error) && error.code === "INVALID_POLICY" ? (error as Error).message : `other: ${error}`;
  }
  return "loaded";
};
