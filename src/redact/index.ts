// Redaction: what toolgate hides before anything leaves a call (spans, events, the ledger, approvers, the model).

export type { KnownSecret } from "./echoes.js";
export { secretKeyKind } from "./keys.js";
export { countMarkers, redactionMarker } from "./marker.js";
export { knownSecrets, redact, redactDecided, redactFrozen, redactKnowing, reveal } from "./redact.js";
export { redactText } from "./text.js";
export type { HiddenValue, Redacted, Redactor } from "./types.js";
