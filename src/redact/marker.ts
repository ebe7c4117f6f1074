/**
 * The text that stands in for a hidden value: it names the kind, never the value or its length.
 *
 * @example
 * ```ts
 * redactionMarker("github-token"); // "[REDACTED:github-token]"
 * ```
 */
export const redactionMarker = (kind: string): string => `[REDACTED:${kind}]`;

// Bounded and free of nested quantifiers: counting markers in a large text stays linear.
const MARKER = /\[REDACTED:[a-z0-9-]{1,40}\]/g;

/**
 * How many markers a text shows. Input can contain marker-like text of its own, so this can only over-count;
 * where a {@link Redacted} result is at hand, its `hidden` list is the authority.
 *
 * @example
 * ```ts
 * countMarkers('{"apiKey":"[REDACTED:api-key]"}'); // 1
 * ```
 */
export const countMarkers = (text: string): number => text.match(MARKER)?.length ?? 0;
