/** Micro-benchmark of the scalar analysis: `npx tsx packages/yaml/bench/emit-micro.ts`. */
import { analyzeLib } from '../src/pyyaml/analyze.js';

const parts: string[] = [];
for (let i = 0; i < 20000; i++)
  parts.push(`{"id": ${i}, "text": "hello world, this is item ${i}: ok", "tags": ["a", "b"]}`);
const s = parts.join(' ');
let x = 0;
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  for (let k = 0; k < 10; k++) x += analyzeLib(s, false);
  const dt = (performance.now() - t0) / 10;
  console.log(
    `${(s.length / 1e6).toFixed(2)} MB: ${dt.toFixed(2)} ms, ${((dt * 1e6) / s.length).toFixed(2)} ns/char`,
  );
}
if (x < 0) console.log(x);
