// Soak of the meeting-room deck: one Chromium page on /present, auto-advancing, for a given time; samples memory
// every few minutes and judges the trend. Per sample, after a forced garbage collection on both sides:
//   browser — JS heap used, DOM nodes, JS event listeners, documents (CDP Memory.getDOMCounters);
//   server  — managed heap (dotnet-gcdump, which runs a full GC first) and resident set size (/proc).
// Usage: node soak-deck.mjs URL SERVER_PID MINUTES [SAMPLE_MINUTES]
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, pid, minutesArg, sampleArg] = process.argv.slice(2);
const minutes = Number(minutesArg ?? 60);
const sampleEvery = Number(sampleArg ?? 5) * 60_000;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
const errors = [];
page.on('pageerror', e => errors.push(e.message));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
const cdp = await page.context().newCDPSession(page);
await cdp.send('HeapProfiler.enable');

await page.goto(url);
await page.locator('[data-interactive=true]').waitFor({ state: 'attached' });

const gcdumpDir = mkdtempSync(join(tmpdir(), 'soak-gcdump-'));
function serverHeap() {
  const file = join(gcdumpDir, 'heap.gcdump');
  execFileSync('dotnet-gcdump', ['collect', '-p', pid, '-o', file], { stdio: 'ignore' });
  const report = execFileSync('dotnet-gcdump', ['report', file], { encoding: 'utf8' });
  rmSync(file, { force: true });
  return Number(/([\d,]+)\s+GC Heap bytes/.exec(report)[1].replaceAll(',', ''));
}
const serverRss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

let slideChanges = 0;
let lastSlide = null;
async function countSlide() {
  const slide = await page.locator('.deck').getAttribute('data-slide-number');
  if (slide !== lastSlide) { slideChanges++; lastSlide = slide; }
}

async function sample(minute) {
  // Always on the same slide — the first section's, with its chart drawn — paused, so samples compare like with like.
  for (;;) {
    await page.waitForFunction(() => document.querySelector('.deck')?.getAttribute('data-slide-number') === '2'
      && document.querySelector('.slide .apexcharts-svg') !== null, null, { timeout: 120_000, polling: 50 });
    await page.keyboard.press('Space');
    await page.waitForSelector('.deck.is-paused');
    if (await page.locator('.deck').getAttribute('data-slide-number') === '2') break;
    await resume();
  }
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return { minute, jsHeap: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents,
           serverHeap: serverHeap(), serverRss: serverRss(), slideChanges };
}
async function resume() {
  await page.keyboard.press('Space');
  await page.waitForSelector('.deck:not(.is-paused)');
}

const mb = n => (n / 1048576).toFixed(1);
const print = s => console.log(`${String(s.minute).padStart(5)} min  slides ${String(s.slideChanges).padStart(5)}  ` +
  `JS heap ${mb(s.jsHeap).padStart(6)} MB  DOM nodes ${String(s.nodes).padStart(5)}  listeners ${String(s.listeners).padStart(4)}  ` +
  `documents ${s.documents}  server heap ${mb(s.serverHeap).padStart(6)} MB  server RSS ${mb(s.serverRss).padStart(6)} MB`);

const started = Date.now();
const samples = [];
let nextSample = 0;
while (true) {
  const elapsed = Date.now() - started;
  if (elapsed >= nextSample) {
    const s = await sample(Math.round(elapsed / 60_000));
    samples.push(s);
    print(s);
    await resume();
    nextSample += sampleEvery;
    if (elapsed >= minutes * 60_000) break;
  }
  // Watch the slide number change (the deck advances by itself); the wait is the deck's own pace.
  await page.waitForFunction(last => document.querySelector('.deck')?.getAttribute('data-slide-number') !== last,
    lastSlide, { timeout: Math.max(1000, Math.min(60_000, nextSample - (Date.now() - started))) }).catch(() => {});
  await countSlide();
}
await browser.close();
rmSync(gcdumpDir, { recursive: true, force: true });

// The trend: caches and the JIT fill up over the first half hour or so (both heaps rise, then level), so the first
// samples are warm-up, not a trend. A leak of a chart, timer or handler per slide change keeps growing with the slide
// count: compare the mean of the last third of the samples with the mean of the middle third.
const third = Math.max(1, Math.floor(samples.length / 3));
const middle = samples.slice(third, 2 * third);
const tail = samples.slice(-third);
const meanOf = (list, key) => list.reduce((a, s) => a + s[key], 0) / list.length;
const checks = [
  ['JS heap', 'jsHeap', 0.05, mb, ' MB'],
  ['DOM nodes', 'nodes', 0.02, n => n.toFixed(0), ''],
  ['JS event listeners', 'listeners', 0.02, n => n.toFixed(0), ''],
  ['server managed heap', 'serverHeap', 0.05, mb, ' MB'],
  ['server RSS', 'serverRss', 0.10, mb, ' MB'],
];
let failed = 0;
console.log(`\n${samples.at(-1).slideChanges} slide changes in ${samples.at(-1).minute} min; ` +
  `last third (from minute ${tail[0].minute}) against the middle third (minutes ${middle[0].minute}–${middle.at(-1).minute}):`);
for (const [name, key, allowed, fmt, unit] of checks) {
  const base = meanOf(middle, key), end = meanOf(tail, key);
  const growth = (end - base) / base;
  const ok = growth <= allowed;
  if (!ok) failed++;
  console.log(`  ${ok ? 'ok  ' : 'GROW'} ${name}: ${fmt(base)}${unit} → ${fmt(end)}${unit} ` +
    `(${(growth * 100).toFixed(1)} %; allowed ${allowed * 100} %)`);
}
if (errors.length) { failed++; console.log(`  page errors: ${errors.length}\n    ${errors.slice(0, 5).join('\n    ')}`); }
else console.log('  no page errors');
process.exit(failed ? 1 : 0);
