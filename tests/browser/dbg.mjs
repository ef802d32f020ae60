import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const p = await b.newPage();
p.on('console', (m) => console.log('console:', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror:', e.message));
await p.goto(process.argv[2] || 'http://127.0.0.1:18477/');
await p.waitForTimeout(1500);
console.log(await p.evaluate(() => document.querySelector('header').outerHTML));
await b.close();
