// Counts the shape metrics issue 17 reports: type assertions (`as`, excluding `as const`)
// and non-null assertions in non-test sources, inline {zh, en} text pairs in the web,
// names exported by @ebid/services. Usage: node scripts/shape-metrics.mjs
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !/\.int\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

function assertions(dir) {
  let as = 0, nonNull = 0;
  for (const f of files(dir)) {
    const src = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (n) => {
      if (ts.isAsExpression(n) && !(ts.isTypeReferenceNode(n.type) && n.type.typeName.getText(src) === 'const')) as++;
      if (ts.isNonNullExpression(n)) nonNull++;
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return { as, nonNull };
}

function inlinePairs(dir) {
  let n = 0;
  for (const f of files(dir)) {
    const text = readFileSync(f, 'utf8');
    n += (text.match(/\{\s*zh:\s*[`'"][^]*?,\s*en:\s*[`'"]/g) ?? []).length;
  }
  return n;
}

const report = {};
for (const d of ['packages/services/src', 'packages/api/src', 'apps/web/src', 'packages/domain/src']) report[d] = assertions(d);
report.webInlineTextPairs = inlinePairs('apps/web/src');
const mod = await import('../packages/services/src/index.ts').catch(() => null);
report.servicesExports = mod ? Object.keys(mod).length : 'run with tsx';
console.log(JSON.stringify(report, null, 2));
