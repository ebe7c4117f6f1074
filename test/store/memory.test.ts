// The conformance suite on memoryStore(): replicas share the one instance, as gates in one process do.
import { describe } from "vitest";
import { memoryStore } from "../../src/index.js";
import { storeConforms } from "./conformance/index.js";

describe("memoryStore conformance", () => {
  storeConforms(async (count, clock, caps) => {
    const store = memoryStore({ clock, ...caps });
    return Array.from({ length: count }, () => store);
  });
});
