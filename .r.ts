import { loadToolgate } from "./bench/toolgate.js";
const { toolgate: tg } = await loadToolgate();
const c = tg.definePolicy({ rules: Array.from({ length: 1000 }, (_, i) => ({ id: `r-${i}`, agents: [`agent-${i}`], tools: ["crm.*"], effect: "allow" as const })) }).compiled;
for (let k = 0; k < 10_000_000; k++) c.candidates("agent-5", "crm.read").rules;
