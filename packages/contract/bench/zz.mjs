import { z } from 'zod';
import { chatCompletionRequestSchema } from '../dist/index.js';

const src = (await import('node:fs')).readFileSync(new URL('./parse.bench.mjs', import.meta.url), 'utf8');
const request = new Function(
  src.slice(src.indexOf('const request = '), src.indexOf('const invalid')) + '; return request;',
)();
let compiled;
try {
  compiled = z.compile(chatCompletionRequestSchema, { strict: true });
  console.log('compiled ok');
} catch (e) {
  console.log('strict compile failed:', e.message);
  compiled = z.compile(chatCompletionRequestSchema);
}
const r1 = compiled.safeParse(request),
  r2 = chatCompletionRequestSchema.safeParse(request);
console.log(r1.success, JSON.stringify(r1.data) === JSON.stringify(r2.data));
function m(f, n = 50000) {
  for (let i = 0; i < n / 10; i++) f();
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f();
  return Number(process.hrtime.bigint() - t) / 1000 / n;
}
const a = [],
  b = [];
for (let r = 0; r < 7; r++) {
  a.push(m(() => chatCompletionRequestSchema.safeParse(request)));
  b.push(m(() => compiled.safeParse(request)));
}
console.log('runtime min', Math.min(...a).toFixed(2), 'compiled min', Math.min(...b).toFixed(2));
const bad = {
  model: 'm',
  messages: Array.from({ length: 20000 }, () => ({ role: 'user', content: 5, name: 7 })),
};
const t = process.hrtime.bigint();
const p = chatCompletionRequestSchema._zod.run(
  { value: bad, issues: [] },
  { async: false, abortEarly: true },
);
console.log(
  'abortEarly bad ms',
  Number(process.hrtime.bigint() - t) / 1e6,
  p.issues.length,
  JSON.stringify(p.issues[0], (k, v) => (k === 'inst' ? undefined : v)).slice(0, 300),
);
