import type { Timing } from "./measure.js";

/** `812 ns`, `1.24 µs`, `31.2 ms`, `2.10 s`: three significant digits. */
export function duration(ns: number): string {
  const units: [number, string][] = [
    [1e9, "s"],
    [1e6, "ms"],
    [1e3, "µs"],
  ];
  for (const [scale, unit] of units) if (Math.abs(ns) >= scale) return `${(ns / scale).toPrecision(3)} ${unit}`;
  return `${ns.toPrecision(3)} ns`;
}

/** `512 B`, `1.50 KB`, `212 MB` (powers of 1024). */
export function bytes(value: number): string {
  const units: [number, string][] = [
    [1024 ** 3, "GB"],
    [1024 ** 2, "MB"],
    [1024, "KB"],
  ];
  for (const [scale, unit] of units) if (Math.abs(value) >= scale) return `${(value / scale).toPrecision(3)} ${unit}`;
  return `${Math.round(value)} B`;
}

/** `1.42×`, or `5.33k×` / `4.15M×` for the far-apart ones. */
export function ratio(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toPrecision(3)}M×`;
  if (value >= 1e4) return `${(value / 1e3).toPrecision(3)}k×`;
  return `${value.toFixed(2)}×`;
}

/** Lays rows out under their headers: the first column left-aligned, the others right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("  ");
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/** `PASS  decision p50 ≤ 0.5 µs  (worst: 182 ns)` */
export const verdict = (pass: boolean, target: string, detail: string): string =>
  `${pass ? "PASS" : "MISS"}  ${target}  (${detail})`;

/** A timed case's row: p50, avg, p99, allocation per call, its ratio to `base` and what it adds over it. */
export const timingRow = (label: string, t: Timing, base: Timing): string[] => [
  label,
  duration(t.p50),
  duration(t.avg),
  duration(t.p99),
  t.bytesPerCall === undefined ? "–" : bytes(t.bytesPerCall),
  ratio(t.p50 / base.p50),
  `+${duration(t.p50 - base.p50)}`,
];
