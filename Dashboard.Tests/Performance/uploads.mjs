// Uploads every bomb at once against a running app, as editors in browsers would (Blazor's InputFile, the paste box),
// and prints, for each, how long until the page said why it was refused and what it said; meanwhile it samples the
// server's memory (/proc/PID/status) and the time /healthz takes to answer.
// Usage: node uploads.mjs URL PID BOMB_FOLDER USER_PREFIX PASSWORD
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [url, pid, folder, prefix, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});

const memory = () => Object.fromEntries(readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')
  .filter(l => /^Vm(RSS|HWM):/.test(l)).map(l => [l.split(':')[0], Number(l.split(/\s+/)[1]) / 1024]));
const samples = [];
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    const start = performance.now();
    await fetch(`${url}/healthz`).catch(() => null);
    samples.push({ ...memory(), health: performance.now() - start });
    await new Promise(r => setTimeout(r, 200));
  }
})();

async function signedIn(user) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${url}/account/signin`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-interactive=true]').waitFor({ state: 'attached' });
  return page;
}

async function upload(user, path, file) {
  const page = await signedIn(user);
  await page.goto(`${url}/${path}`);
  await page.locator('[data-interactive=true]').waitFor({ state: 'attached' });
  const start = performance.now();
  if (file === 'digits.txt') {
    await page.locator('textarea').fill(readFileSync(join(folder, file), 'utf8'));
    await page.getByTestId('read-pasted').click();
  } else {
    await page.locator('input[type=file]').setInputFiles(join(folder, file));
  }
  const said = await page.locator('[role=status]').filter({ hasText: '未' }).first().textContent({ timeout: 120_000 }).catch(() => '(no answer in 120 s)');
  return { file, user, seconds: ((performance.now() - start) / 1000).toFixed(1), said: said.trim().slice(0, 90) };
}

const jobs = [
  ['reports/import', 'huge-content.pdf'], ['reports/import', 'nested-forms.pdf'], ['reports/import', 'huge-document.docx'],
  ['reports/import', 'digits.txt'], ['figures/import', 'one-huge-text.xlsx'], ['figures/import', 'huge-sheet.xlsx'],
  ['figures/import', 'many-texts.xlsx'],
];
const results = await Promise.all(jobs.map(([path, file], i) => upload(`${prefix}${i}`, path, file)));
// Three tabs of one user at once: one is read, the others are told to wait.
const tabs = await Promise.all([0, 1, 2].map(() => upload(`${prefix}0`, 'reports/import', 'huge-content.pdf')));
sampling = false;
await sampler;
await browser.close();

for (const r of [...results, ...tabs]) console.log(`  ${r.file.padEnd(20)} ${r.user.padEnd(8)} ${r.seconds.padStart(5)} s  ${r.said}`);
const max = key => Math.max(...samples.map(s => s[key]));
console.log(`server memory: resident at most ${max('VmRSS').toFixed(0)} MB (peak since start ${max('VmHWM').toFixed(0)} MB); ` +
  `/healthz answered in at most ${max('health').toFixed(0)} ms over ${samples.length} samples`);
