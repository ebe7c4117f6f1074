// Every property test runs on one seed, so a run is reproducible: the suite fails on what it failed on before,
// not on whatever a new seed happens to reach. Exploring new seeds is a run of its own (`npm run test:explore`,
// which sets PROPERTY_SEED=random; a number replays the seed a failure printed).
import fc from "fast-check";

const FIXED_SEED = 20_261_202;
const chosen = process.env.PROPERTY_SEED;
const seed = chosen === undefined || chosen === "" ? FIXED_SEED : chosen === "random" ? undefined : Number(chosen);
if (seed !== undefined && !Number.isSafeInteger(seed)) {
  throw new Error(`PROPERTY_SEED=${chosen} is not a seed: give an integer (as fast-check prints it) or "random"`);
}
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
