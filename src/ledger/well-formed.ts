// String.prototype.isWellFormed / toWellFormed (ES2024, Node 20+), typed here because the project targets ES2023.
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** @internal True when the string has no lone surrogate (RFC 8785 refuses those). */
export const isWellFormed = (value: string): boolean => (value as unknown as WellFormed).isWellFormed();

/** @internal The string with each lone surrogate replaced by U+FFFD. */
export const toWellFormed = (value: string): string => (value as unknown as WellFormed).toWellFormed();
