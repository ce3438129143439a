// Measures the login page and the complaint list with Lighthouse's mobile preset (a mid-range
// phone on a slow 4G connection, simulated), logged in as a handler for the list.
//
//   node measure.mjs <base url> <chromium> <e-mail> <password>
//
// Each page is measured LIGHTHOUSE_RUNS times (3 unless set) and the run with the median
// performance score is reported, as Lighthouse's own guidance advises: on a small machine the
// simulated slow phone multiplies whatever else the processor is doing.
//
// Prints one Markdown table row per page and exits non-zero when a page misses its targets:
// performance at least 95 and the largest contentful paint within 2.5 s. With
// LIGHTHOUSE_DUMP=<prefix> set, each page's whole report is written to <prefix>-<page>.json.
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

const [base, chromium, email, password] = process.argv.slice(2);
const PERFORMANCE_TARGET = 95;
const LCP_TARGET_MS = 2500;
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=nl-NL'],
});

/** Lighthouse's figures for `url` on `page`; `keepSession` keeps the cookies of a login. */
async function measure(page, url, keepSession) {
  const { lhr } = await lighthouse(
    url,
    {
      logLevel: 'error',
      output: 'json',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      disableStorageReset: keepSession,
    },
    undefined,
    page,
  );
  if (process.env.LIGHTHOUSE_DUMP) {
    const fs = await import('node:fs');
    fs.writeFileSync(`${process.env.LIGHTHOUSE_DUMP}-${new URL(url).pathname.slice(1)}.json`, JSON.stringify(lhr));
  }
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const ms = (id) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
  return {
    url: new URL(lhr.finalDisplayedUrl).pathname,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcp: ms('first-contentful-paint'),
    lcp: ms('largest-contentful-paint'),
    tbt: ms('total-blocking-time'),
    cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
    transferKb: (lhr.audits['total-byte-weight']?.numericValue ?? NaN) / 1024,
  };
}

/** The run with the median performance score of `runs`. */
function median(runs) {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  return { ...sorted[Math.floor(sorted.length / 2)], scores: runs.map((r) => r.performance) };
}

const results = [];
try {
  const page = await browser.newPage();
  const login = [];
  for (let i = 0; i < RUNS; i++) {
    login.push(await measure(page, `${base}/login`, false));
  }
  results.push(median(login));

  await page.goto(`${base}/login`, { waitUntil: 'networkidle0' });
  await page.type('#email', email);
  await page.type('#password', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#logout', { timeout: 30000 });
  const list = [];
  for (let i = 0; i < RUNS; i++) {
    // A cold cache, as on a first visit, but the session's cookie kept.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    list.push(await measure(page, `${base}/klachten`, true));
    const listed = await page.$$eval('ul.complaints li.card', (cards) => cards.length);
    if (listed === 0) {
      throw new Error('the list showed no complaints: was the session kept?');
    }
  }
  results.push(median(list));
} finally {
  await browser.close();
}

let missed = false;
console.log('| page | performance (median; every run) | accessibility | best practices | FCP | LCP | TBT | CLS | transfer |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const meets = r.performance >= PERFORMANCE_TARGET && r.lcp <= LCP_TARGET_MS;
  missed ||= !meets;
  console.log(
    `| ${r.url} | ${r.performance} (${r.scores.join(', ')}) | ${r.accessibility} | ${r.bestPractices} | ` +
      `${(r.fcp / 1000).toFixed(1)} s | ${(r.lcp / 1000).toFixed(1)} s | ${r.tbt} ms | ` +
      `${r.cls.toFixed(3)} | ${r.transferKb.toFixed(0)} KiB |${meets ? '' : ' misses its target'}`,
  );
}
process.exit(missed ? 1 : 0);
