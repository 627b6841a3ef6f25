// Page weight of the dashboard as Chromium receives it: every HTTP response's encoded (on-the-wire) size,
// and the bytes of the Blazor circuit's WebSocket, for a first visit with an empty cache and for a repeat
// visit with the cache of the first. Usage: node page-weight.mjs URL [SCREENSHOT.png]
import { chromium } from 'playwright-core';
import { deflateRawSync } from 'node:zlib';

const [url, screenshot] = process.argv.slice(2);
const origin = new URL(url).origin;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');

let visit = null;
const external = [];
const fresh = () => ({ http: 0, requests: 0, fromCache: 0, socket: 0, socketWire: 0, byUrl: new Map() });
const urls = new Map();
cdp.on('Network.requestWillBeSent', e => {
  urls.set(e.requestId, e.request.url);
  if (!e.request.url.startsWith(origin) && !/^(data|blob):/.test(e.request.url)) external.push(e.request.url);
});
cdp.on('Network.requestServedFromCache', () => { if (visit) visit.fromCache++; });
cdp.on('Network.loadingFinished', e => {
  if (!visit) return;
  visit.http += e.encodedDataLength;
  visit.requests++;
  const u = (urls.get(e.requestId) ?? '?').replace(origin, '');
  visit.byUrl.set(u, (visit.byUrl.get(u) ?? 0) + e.encodedDataLength);
});
// Chromium reports WebSocket payloads decompressed. The circuit runs with permessage-deflate, so the bytes on
// the wire are at most each message deflated on its own (the real stream, sharing its window, is smaller).
const frame = e => {
  if (!visit) return;
  const payload = e.response.opcode === 2 ? Buffer.from(e.response.payloadData, 'base64') : Buffer.from(e.response.payloadData);
  visit.socket += payload.length;
  visit.socketWire += Math.min(payload.length, deflateRawSync(payload).length);
};
cdp.on('Network.webSocketFrameReceived', frame);
cdp.on('Network.webSocketFrameSent', frame);

async function load() {
  visit = fresh();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('[data-interactive=true]').waitFor({ state: 'attached' });
  // Every chart on the page drawn (which loads the chart library when there is one).
  await page.waitForFunction(() =>
    document.querySelectorAll('.apex-chart').length === document.querySelectorAll('.apex-chart .apexcharts-svg').length);
  await page.waitForLoadState('networkidle');
  const result = visit;
  visit = null;
  return result;
}

const kb = n => (n / 1024).toFixed(1) + ' KB';
const first = await load();
if (screenshot) await page.screenshot({ path: screenshot });
const repeat = await load();

for (const [name, v] of [['first visit (empty cache)', first], ['repeat visit', repeat]]) {
  console.log(`${name}: HTTP ${kb(v.http)} in ${v.requests} responses; circuit WebSocket ${kb(v.socket)} of messages, ` +
    `at most ${kb(v.socketWire)} on the wire; total on the wire at most ${kb(v.http + v.socketWire)}`);
  for (const [u, n] of [...v.byUrl].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`    ${kb(n).padStart(10)}  ${u}`);
}
console.log(`requests leaving ${origin}: ${external.length}`);
await browser.close();
