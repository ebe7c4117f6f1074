import { loadToolgate } from "./bench/toolgate.js";
import { loadBaseline } from "./bench/baseline.js";
const { toolgate: now } = await loadToolgate();
const { toolgate: old } = await loadBaseline("0d541c9");
const mk = (tg: typeof now, n: number, glob: boolean) => tg.definePolicy({ rules: Array.from({ length: n }, (_, i) => ({ id: `r-${i}`, agents: [`agent-${i}`], tools: [glob ? "crm.*" : `svc-${i}.read`], effect: "allow" as const })) }).compiled;
const cases: [string, (tg: typeof now) => () => void][] = [
  ["exact 1k warm allow", (tg) => { const c = mk(tg, 1000, false); return () => { tg.evaluate(c, "agent-5", "svc-5.read", "medium", {}); }; }],
  ["exact 1k warm deny", (tg) => { const c = mk(tg, 1000, false); return () => { tg.evaluate(c, "agent-6", "svc-5.read", "medium", {}); }; }],
  ["glob 1k warm allow", (tg) => { const c = mk(tg, 1000, true); return () => { tg.evaluate(c, "agent-5", "crm.read", "medium", {}); }; }],
];
for (const [label, make] of cases) {
  for (const [name, tg] of [["now", now], ["old", old]] as const) {
    const f = make(tg); const res: number[] = [];
    for (let r = 0; r < 5; r++) { const t = process.threadCpuUsage(); for (let k = 0; k < 300_000; k++) f(); const u = process.threadCpuUsage(t); res.push((u.user + u.system) * 1000 / 300_000); }
    res.sort((a, b) => a - b);
    console.log(label.padEnd(24), name, res[2]!.toFixed(0), "ns");
  }
}
