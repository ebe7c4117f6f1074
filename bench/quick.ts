/**
 * `BENCH_QUICK=1`: a shorter run for local work — fewer rounds, 100k calls for MEMORY, a 20 MB trail, a 10 s
 * Cedar parse budget. Its figures are noisier, and some bounds (the 10,000 retired agents kept as history) are
 * not yet full at its sizes; the README's figures come from a full run.
 */
export const QUICK = process.env.BENCH_QUICK === "1";
