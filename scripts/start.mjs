// `npm start`: build the web app when it is missing or older than its sources, then run the server
// (embedded mode by default: PGlite under .data/pg, objects under .data/objects, demo data).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[ebid] Node.js >= 20.19 is required (this is ${process.versions.node}).`);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, 'node_modules/.bin/tsx'))) {
  console.error('[ebid] dependencies are not installed: run `npm ci` first.');
  process.exit(1);
}

const web = path.join(root, 'apps/web');
const built = path.join(web, 'dist/index.html');
function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}
const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => path.join(web, f)).filter(fs.existsSync);
const stale = !fs.existsSync(built) || Math.max(...sources.map(newest)) > fs.statSync(built).mtimeMs;
if (stale) {
  console.log('[ebid] building the web app …');
  const viteBin = [path.join(web, 'node_modules/.bin/vite'), path.join(root, 'node_modules/.bin/vite')].find(fs.existsSync);
  const r = spawnSync(viteBin, ['build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
