import { loadToolgate } from "./bench/toolgate.js";
const { toolgate: tg } = await loadToolgate();
const N = 100_000;
const c = tg.definePolicy({ rules: Array.from({ length: N }, (_, i) => ({ id: `r-${i}`, agents: [`agent-${i}`], tools: ["crm.*"], effect: "allow" as const })) }).compiled;
const time = (label: string, f: (k: number) => unknown) => { const res: number[] = []; for (let r = 0; r < 5; r++) { const t = process.threadCpuUsage(); for (let k = 0; k < 500_000; k++) f(k); const u = process.threadCpuUsage(t); res.push((u.user + u.system) / 500); } res.sort((a,b)=>a-b); console.log(label.padEnd(40), res[2]!.toFixed(0), "ns"); };
for (const A of [10, 100, 1000, 10000]) {
  const agents = Array.from({ length: A }, (_, x) => `agent-${Math.floor(x * N / A)}`);
  const tools = Array.from({ length: 1000 }, (_, y) => `crm.op-${y}`);
  time(`evaluate ${A} agents x 1000 tools`, (k) => tg.evaluate(c, agents[k % A]!, tools[Math.floor(k / A) % 1000]!, "medium", {}));
  time(`candidates ${A} agents x 1 tool`, (k) => c.candidates(agents[k % A]!, "crm.read").rules);
}
const m = new Map(Array.from({ length: N }, (_, i) => [`agent-${i}`, i]));
for (const A of [10, 1000, 10000]) {
  const agents = Array.from({ length: A }, (_, x) => `agent-${Math.floor(x * N / A)}`);
  time(`map.get ${A}`, (k) => m.get(agents[k % A]!));
}
