/**
 * @internal How far back, in seqs of its writer's chain, an entry read again is still compared with the first copy
 * (65,536): both trail readers hold the same rule, and the streaming one remembers a hash per seq that far back.
 * An honest repeat — a retried write, a batch an exporter sent again — comes within a batch or two of the first.
 */
export const REPEAT_WINDOW = 65_536;

/** @internal True when an entry for a seq read before, met once its chain had reached `highest`, is too far back. */
export const tooFarBack = (seq: number, highest: number): boolean => highest - seq >= REPEAT_WINDOW;

/** @internal The break for such an entry: it cannot be shown to be an unchanged copy, so it counts as inserted. */
export const farRepeatFinding = (seq: number, highest: number) => ({
  kind: "inserted" as const,
  message: `seq ${seq} appears again once its chain had reached seq ${highest}, 65,536 seqs or more after its first copy (further back than a trail reader compares copies): it cannot be shown unchanged, so it counts as a second entry for the seq; if an export was sent again, remove the later copy and verify again`,
});
