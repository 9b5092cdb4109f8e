// browser.js - the exported site in a real browser: Debian's chromium,
// headless, driven by playwright-core, against the fixture site served on
// 127.0.0.1.  Type "continuous delivery", see "Continuous Delivery at
// Spotify" first, open it and see its slide thumbnails, follow a slide hit
// to its anchor, search by keyboard alone, read the pages without
// JavaScript, open search.html?q=% (no valid percent-encoding), and load
// every page of an archive whose titles are script payloads and whose
// recording is in a folder named javascript:alert('x') (exported with
// --media-url '') without any script running, every link http(s), also
// when the search index hands the script a javascript: URL.  Screenshots go
// to ARTIFACTS.
// No request may leave 127.0.0.1.
//
// usage: node browser.js DOXSEARCH FIXTURES WORKDIR ARTIFACTS
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawn } = require('child_process');

const [bin, fixtures, work, artifacts] = process.argv.slice(2);
const CHROMIUM = process.env.DX_CHROMIUM || '/usr/bin/chromium';
const py = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.error(`browser: playwright-core is not installed (npm ci in ${__dirname}): ${e.message}`);
  process.exit(1);
}

let passed = 0, failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok ${passed + failed} - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok ${passed + failed} - ${name}\n#   ${String(e.stack || e).split('\n').slice(0, 4).join('\n#   ')}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

function run(args) {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/* python3 -m http.server on a free port of 127.0.0.1 */
function serve(dir) {
  return new Promise((resolve, reject) => {
    const p = spawn(py, ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir],
                    { stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    const t = setTimeout(() => reject(new Error('http.server did not start')), 15000);
    p.stdout.on('data', (d) => {
      buf += d;
      const m = /port (\d+)/.exec(buf);
      if (m) { clearTimeout(t); resolve({ proc: p, port: Number(m[1]) }); }
    });
    p.on('error', reject);
  });
}

(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  fs.mkdirSync(work, { recursive: true });
  /* the fixture site, and one of an archive of script payloads */
  run(['--db', path.join(work, 'index.db'), 'ingest', '--no-align', '-q', path.join(fixtures, 'archive')]);
  run(['--db', path.join(work, 'index.db'), 'export', 'site', '-q', path.join(work, 'www/site')]);
  execFileSync(py, [path.join(__dirname, 'make-xss-archive.py'), fixtures, path.join(work, 'xss')]);
  run(['--db', path.join(work, 'xss.db'), 'ingest', '--no-align', '-q', path.join(work, 'xss/archive')]);
  run(['--db', path.join(work, 'xss.db'), 'export', 'site', '-q', '--media-url', '', path.join(work, 'www/xss')]);

  const server = await serve(path.join(work, 'www'));
  const base = `http://127.0.0.1:${server.port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const outside = [], dialogs = [], errors = [];
  async function newPage(opts) {
    const ctx = await browser.newContext(Object.assign({ viewport: { width: 1200, height: 900 } }, opts || {}));
    await ctx.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.hostname !== '127.0.0.1') { outside.push(u.href); return route.abort(); }
      return route.continue();
    });
    const page = await ctx.newPage();
    page.on('dialog', (d) => { dialogs.push(`${page.url()}: ${d.message()}`); d.dismiss().catch(() => {}); });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
    return page;
  }
  const shot = (page, name) => page.screenshot({ path: path.join(artifacts, name), fullPage: false });

  try {
    const page = await newPage();

    await check('typing "continuous delivery" puts "Continuous Delivery at Spotify" first', async () => {
      await page.goto(`${base}/site/index.html`);
      await page.click('#q');
      await page.keyboard.type('continuous delivery', { delay: 20 });
      await page.waitForSelector('#search-results li.hit h3 a');
      const first = await page.textContent('#search-results li.hit h3 a');
      await shot(page, 'search-continuous-delivery.png');
      assert(first === 'Continuous Delivery at Spotify', `first result is "${first}"`);
      const status = await page.textContent('#search-results .status');
      assert(/^3 talks$/.test(status), `status "${status}"`);
    });

    await check('opening it shows every slide as a loaded thumbnail with alt text', async () => {
      await Promise.all([page.waitForNavigation(), page.click('#search-results li.hit h3 a')]);
      assert(page.url().endsWith('/talks/2020-01-doxlon_continuous-delivery-at-spotify.html'), page.url());
      const imgs = await page.$$eval('ol.slides img', (v) => v.map((i) => { i.loading = 'eager'; return i.alt; }));
      assert(imgs.length === 12, `${imgs.length} thumbnails`);
      assert(imgs[5].startsWith('Our CI system'), `alt of slide 6: ${imgs[5]}`);
      await page.waitForFunction(() => [...document.querySelectorAll('ol.slides img')]
        .every((i) => i.complete && i.naturalWidth === 320), null, { timeout: 15000 });
      await shot(page, 'talk-page.png');
    });

    await check('a slide hit leads to its anchor (#slide-6, scrolled into view)', async () => {
      await page.goto(`${base}/site/index.html`);
      await page.fill('#q', 'tingle');
      await page.waitForSelector('#search-results a.where');
      const label = await page.textContent('#search-results a.where');
      assert(label === 'Slide 6', `first hit is "${label}"`);
      await Promise.all([page.waitForNavigation(), page.click('#search-results a.where')]);
      assert(page.url().endsWith('continuous-delivery-at-spotify.html#slide-6'), page.url());
      const seen = await page.evaluate(() => {
        const li = document.querySelector('li#slide-6'), r = li.getBoundingClientRect();
        return li.matches(':target') && r.top >= -1 && r.top < window.innerHeight;
      });
      assert(seen, 'slide 6 is not the target in view');
      await shot(page, 'slide-anchor.png');
    });

    await check('a misspelt name finds the talk (search page, ?q=)', async () => {
      await page.goto(`${base}/site/search.html?q=Kalymykov`);
      await page.waitForSelector('#search-page li.hit h3 a');
      const status = await page.textContent('#search-page .status');
      const first = await page.textContent('#search-page li.hit h3 a');
      assert(/showing talks for: kalmykov/.test(status), status);
      assert(first === 'Continuous Delivery at Spotify', first);
      await shot(page, 'search-page-suggestion.png');
    });

    await check('keyboard only: Tab to the search box, type, Tab to a result, Enter', async () => {
      await page.goto(`${base}/site/index.html`);
      let focused = '';
      for (let i = 0; i < 6 && focused !== 'q'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement.id);
      }
      assert(focused === 'q', 'the search box is not reachable by Tab');
      await page.keyboard.type('gitops');
      await page.waitForSelector('#search-results li.hit h3 a');
      let href = '';
      for (let i = 0; i < 6 && !/talks\//.test(href); i++) {
        await page.keyboard.press('Tab');
        href = await page.evaluate(() => document.activeElement.getAttribute('href') || '');
      }
      assert(href.endsWith('talks/2023-06-15-doxlon_gitops-in-practice.html'), `focus on ${href}`);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert(page.url().endsWith('gitops-in-practice.html'), page.url());
    });

    await check('search.html?q=% (no valid percent-encoding) searches for "%" and throws nothing', async () => {
      const before = errors.length;
      for (const q of ['%', '%E0%A4%A', 'a%ZZb']) {
        await page.goto(`${base}/site/search.html?q=${q}`);
        await page.waitForSelector('#search-page .status');
        const value = await page.inputValue('#q');
        assert(value === q, `the search box holds "${value}", not "${q}"`);
      }
      await page.goto(`${base}/site/search.html?q=continuous%20delivery`);
      await page.waitForSelector('#search-page li.hit h3 a');
      assert(await page.inputValue('#q') === 'continuous delivery', 'a valid ?q= is decoded');
      assert(errors.length === before, `errors: ${errors.slice(before).join('; ')}`);
    });

    await check('readable without JavaScript: the index lists every talk', async () => {
      const nojs = await newPage({ javaScriptEnabled: false });
      await nojs.goto(`${base}/site/index.html`);
      const n = await nojs.$$eval('main h3 a', (v) => v.length);
      assert(n === 8, `${n} talks listed`);
      await nojs.goto(`${base}/site/search.html`);
      assert(/needs JavaScript/.test(await nojs.textContent('main')), 'no word on search without JS');
      await shot(nojs, 'no-javascript-search.png');
    });

    await check('talk titles that are script payloads show as text and run nothing', async () => {
      const before = dialogs.length;
      const x = await newPage();
      await x.addInitScript(() => { window.__ran = 0; const a = window.alert; window.alert = (m) => { window.__ran++; a(m); }; });
      const talks = fs.readdirSync(path.join(work, 'www/xss/talks'));
      const seen = [];
      const speakers = fs.readdirSync(path.join(work, 'www/xss/speakers'));
      for (const t of ['index.html', 'speakers/index.html', 'search.html?q=script', 'feed.xml',
                       ...talks.map((f) => 'talks/' + f), ...speakers.map((f) => 'speakers/' + f)]) {
        const r = await x.goto(`${base}/xss/${t}`);
        assert(r.ok(), `${t}: ${r.status()}`);
        if (t.startsWith('talks/')) seen.push(await x.textContent('h1'));
        assert(await x.evaluate(() => window.__ran) === 0, `${t}: a script ran`);
        const schemes = await x.evaluate(() => [...document.querySelectorAll('[href],[src],[action]')]
          .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'))
          .map((u) => new URL(u, location.href).protocol).filter((p) => p !== 'http:'));
        assert(!schemes.length, `${t}: links of ${schemes.join(', ')}`);
      }
      /* the recording in the folder javascript:alert('x'): a link, and no script */
      const watch = talks.find((f) => f.startsWith('javascript'));
      await x.goto(`${base}/xss/talks/${watch}`);
      const href = await x.getAttribute('a.watch', 'href');
      assert(/^javascript%3Aalert/.test(href), `watch link ${href}`);
      await x.click('a.watch');
      await x.waitForTimeout(300);
      assert(await x.evaluate(() => window.__ran) === 0, 'the watch link ran a script');
      assert(seen.includes('<img src=x onerror=alert(1)>'), `titles: ${JSON.stringify(seen)}`);
      assert(seen.includes('"><script>alert(1)</script>'), `titles: ${JSON.stringify(seen)}`);
      for (const q of ['img', 'alert', 'script', 'Eve']) {
        await x.goto(`${base}/xss/index.html`);
        await x.fill('#q', q);
        await x.waitForSelector('#search-results .status');
        await x.waitForTimeout(300);
        assert(await x.evaluate(() => window.__ran) === 0, `searching ${q}: a script ran`);
      }
      await x.fill('#q', 'alert');
      await x.waitForFunction(() => {
        const s = document.querySelector('#search-results .status');
        return s && s.textContent === '2 talks';
      });
      await shot(x, 'xss-search.png');
      assert(dialogs.length === before, `dialogs: ${dialogs.slice(before).join('; ')}`);
    });

    await check('a javascript: URL in the search index is never a link of the results', async () => {
      const before = dialogs.length;
      const x = await newPage();
      await x.route('**/search/t/*.json', async (route) => {
        const r = await route.fetch(), d = await r.json();
        d.url = 'javascript:alert(7)//';
        await route.fulfill({ response: r, json: d });
      });
      await x.goto(`${base}/site/index.html`);
      await x.fill('#q', 'tingle');
      await x.waitForSelector('#search-results li.hit h3 a');
      const links = await x.$$eval('#search-results a', (v) => v.map((a) => a.getAttribute('href')));
      assert(links.length >= 2 && links.every((h) => h === null), `links: ${JSON.stringify(links)}`);
      await x.click('#search-results li.hit h3 a');
      await x.click('#search-results a.where');
      await x.waitForTimeout(300);
      assert(dialogs.length === before, `dialogs: ${dialogs.slice(before).join('; ')}`);
    });

    await check('no request left 127.0.0.1 and no script error', async () => {
      assert(outside.length === 0, `requests: ${outside.join(', ')}`);
      assert(errors.length === 0, `errors: ${errors.join('; ')}`);
    });
  } finally {
    await browser.close();
    server.proc.kill();
  }
  console.log(`screenshots in ${artifacts}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
