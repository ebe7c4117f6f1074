import { definePolicy } from "./src/index.js";
import { evaluate } from "./src/policy/evaluate.js";
const rules = Array.from({ length: 10 }, (_, i) => ({ id: `r-${i}`, agents: [`agent-${i}`], tools: [`svc-${i}.read`], effect: "allow" as const }));
const c = definePolicy({ rules }).compiled;
const agents = Array.from({length: 10}, (_, i) => `agent-${i}`);
for (let round = 0; round < 5; round++) {
  const t = process.hrtime.bigint();
  let n = 0;
  for (let k = 0; k < 1_000_000; k++) { const d = evaluate(c, agents[k % 10]!, "svc-0.read", "medium", {}); if (d.effect === "allow") n++; }
  console.log(Number(process.hrtime.bigint() - t) / 1e6, "ns/call", n);
}
