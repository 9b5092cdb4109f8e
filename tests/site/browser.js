// browser.js - the exported site in a real browser: Debian's chromium,
// headless, driven by playwright-core, against the fixture site served on
// 127.0.0.1.  Type "continuous delivery", see "Continuous Delivery at
// Spotify" first, open it and see its slide thumbnails, follow a slide hit
// to its anchor, search by keyboard alone, read the pages without
// JavaScript, open search.html?q=% (no valid percent-encoding), and load
// every page of an archive whose titles are script payloads and whose
// recording is in a folder named javascript:alert('x') (exported with
// --media-url '') without any script running, every link http(s), also
// when the search index hands the script a javascript: URL.
// The player: a talk recorded with its slides on screen (fixtures/align's
// low-res recording of the Platform Engineering deck, H.264 that Debian's
// chromium plays, asked with canPlayType) and captions written here as
// SubRip, exported with a relative --media-url: the recording plays, three
// seeks show the slide the index's timeline says, a click on a slide seeks
// to it, a caption hit on the search page opens the page at its moment,
// the JSON-LD has the VideoObject and its Clips with schema.org's required
// properties, the page fits a phone, axe-core finds nothing serious or
// critical on the index, a talk page and a search, and the talk page loads
// at most 150 kB before the recording.  Screenshots go to ARTIFACTS.
// No request may leave 127.0.0.1.
//
// usage: node browser.js DOXSEARCH FIXTURES WORKDIR ARTIFACTS
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [bin, fixtures, work, artifacts] = process.argv.slice(2);
const CHROMIUM = process.env.DX_CHROMIUM || '/usr/bin/chromium';
const py = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const WEIGHT_MAX = 150000; /* bytes a talk page loads before its recording */
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

/* A static file server on a free port of 127.0.0.1 that answers byte
 * ranges, as the hosts a site is put on do (python3 -m http.server does
 * not, and a browser cannot seek in a recording served without them). */
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
                '.json': 'application/json', '.xml': 'application/atom+xml', '.png': 'image/png',
                '.svg': 'image/svg+xml', '.vtt': 'text/vtt; charset=utf-8', '.mp4': 'video/mp4',
                '.pdf': 'application/pdf' };
function serve(dir) {
  const http = require('http');
  const root = path.resolve(dir);
  const srv = http.createServer((req, res) => {
    let file;
    try {
      file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    } catch (e) { res.writeHead(400); return res.end(); }
    if (!file.startsWith(root + path.sep)) { res.writeHead(403); return res.end(); }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404); return res.end(); }
      const type = TYPES[path.extname(file)] || 'application/octet-stream';
      const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
      let start = 0, end = st.size - 1, code = 200;
      if (m && (m[1] || m[2])) {
        start = m[1] ? Number(m[1]) : Math.max(0, st.size - Number(m[2]));
        end = m[1] && m[2] ? Math.min(Number(m[2]), st.size - 1) : st.size - 1;
        if (start > end) { res.writeHead(416, { 'Content-Range': `bytes */${st.size}` }); return res.end(); }
        code = 206;
      }
      const head = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Length': end - start + 1 };
      if (code === 206) head['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
      res.writeHead(code, head);
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file, { start, end }).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve({ proc: { kill: () => srv.close() }, port: srv.address().port,
                                               close: () => srv.closeAllConnections && srv.closeAllConnections() }));
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

  /* the player's archive: in www/ beside its site, which links it as
   * --media-url ../player-archive (relative to the site's root) */
  const parch = path.join(work, 'www/player-archive'), pev = path.join(parch, '2023-06-15-doxlon');
  fs.mkdirSync(pev, { recursive: true });
  fs.copyFileSync(path.join(fixtures, 'align/low-res.mp4'), path.join(pev, 'platform-engineering.mp4'));
  fs.copyFileSync(path.join(fixtures, 'archive/2023-06-15-doxlon/platform-engineering.pdf'),
                  path.join(pev, 'platform-engineering.pdf'));
  const said = [[3, 6, 'Welcome, this is about platforms'], [33.5, 36, 'A quokka walks the golden path'],
                [101, 104, 'Questions about the roadmap']];
  const srt = (t) => new Date(t * 1000).toISOString().slice(11, 23).replace('.', ',');
  fs.writeFileSync(path.join(pev, 'platform-engineering.srt'),
                   said.map((c, i) => `${i + 1}\r\n${srt(c[0])} --> ${srt(c[1])}\r\n${c[2]}\r\n`).join('\r\n'));
  const pdb = path.join(work, 'player.db');
  run(['--db', pdb, 'ingest', '-q', parch]);
  const talkId = '2023-06-15-doxlon_platform-engineering';
  const timeline = JSON.parse(run(['--db', pdb, 'show', '--timeline', '--json', talkId]));

  const server = await serve(path.join(work, 'www'));
  const base = `http://127.0.0.1:${server.port}`;
  run(['--db', pdb, 'export', 'site', '-q', '--media-url', '../player-archive', '--title', 'Player <test>',
       '--base-url', `${base}/player/`, path.join(work, 'www/player')]);
  const talkUrl = `${base}/player/talks/${talkId}.html`;
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
  /* a page that keeps where each seek of its player landed (window.__seeks):
   * a playing recording moves on, a seek's landing is what was asked */
  async function seekingPage() {
    const p = await newPage();
    await p.addInitScript(() => {
      window.__seeks = [];
      document.addEventListener('seeked', (e) => window.__seeks.push(e.target.currentTime), true);
    });
    return p;
  }
  const landed = (p, t) => p.waitForFunction((t) => window.__seeks.some((x) => Math.abs(x - t) < 0.3), t,
                                             { timeout: 20000 })
    .catch(async (e) => {
      const st = await p.evaluate(() => {
        const v = document.querySelector('[data-dx-player]');
        return { seeks: window.__seeks, at: v.currentTime, ready: v.readyState, paused: v.paused,
                 seekable: v.seekable.length ? [v.seekable.start(0), v.seekable.end(0)] : [] };
      });
      throw new Error(`no seek landed at ${t}: ${JSON.stringify(st)} (${e.message})`);
    });

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
      await page.waitForSelector('#search-page li.hit h2 a');
      const status = await page.textContent('#search-page .status');
      const first = await page.textContent('#search-page li.hit h2 a');
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
      await page.waitForSelector('#search-page li.hit h2 a');
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
      assert(/^\.\.\/javascript%3Aalert/.test(href), `watch link ${href}`);
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

    await check('the player plays the recording (a codec Debian\'s chromium plays)', async () => {
      assert(timeline.status === 'shown' && timeline.spans.length >= 10,
             `the index has no slide timeline: ${timeline.status}`);
      const p = await newPage();
      await p.goto(talkUrl);
      const can = await p.evaluate(() => document.querySelector('[data-dx-player]')
        .canPlayType('video/mp4; codecs="avc1.42E01E, mp4a.40.2"'));
      assert(can === 'probably' || can === 'maybe', `canPlayType for H.264 in MP4: "${can}"`);
      const t = await p.evaluate(() => new Promise((resolve, reject) => {
        const v = document.querySelector('video[data-dx-player]');
        v.muted = true;
        v.addEventListener('error', () => reject(new Error('media error ' + (v.error && v.error.code))));
        v.play().then(() => setTimeout(() => { v.pause(); resolve(v.currentTime); }, 1200), reject);
      }));
      assert(t > 0.3, `after 1.2 s of play the time is ${t}`);
      assert(await p.getAttribute('video', 'src') === '../../player-archive/2023-06-15-doxlon/platform-engineering.mp4',
             'the recording is not linked from the site\'s root');
      await shot(p, 'player.png');
    });

    await check('seeking to three times shows the slide the timeline says; the transcript follows', async () => {
      const p = await newPage();
      await p.goto(talkUrl);
      const spans = timeline.spans.filter((x) => x.end_s - x.start_s >= 2);
      for (const sp of [spans[1], spans[Math.floor(spans.length / 2)], spans[spans.length - 2]]) {
        const at = (sp.start_s + sp.end_s) / 2;
        const shown = await p.evaluate((at) => new Promise((resolve) => {
          const v = document.querySelector('[data-dx-player]');
          v.addEventListener('seeked', () => setTimeout(() => resolve({
            page: document.querySelector('[data-dx-current-slide]').getAttribute('data-dx-current-slide'),
            img: document.querySelector('figure.now img').getAttribute('src'),
            strip: document.querySelector('ol.slides li.now') && document.querySelector('ol.slides li.now').id
          }), 50), { once: true });
          v.currentTime = at;
        }), at);
        assert(shown.page === String(sp.page), `at ${at} s slide ${shown.page} is shown, the timeline says ${sp.page}`);
        assert(shown.img.endsWith(`/${sp.page}.png`), `at ${at} s the image is ${shown.img}`);
        assert(shown.strip === `slide-${sp.page}`, `at ${at} s the deck marks ${shown.strip}`);
      }
      const cue = await p.evaluate(() => new Promise((resolve) => {
        const v = document.querySelector('[data-dx-player]');
        v.addEventListener('seeked', () => setTimeout(() => {
          const li = document.querySelector('ol.cues li.now');
          resolve(li ? li.textContent : null);
        }, 50), { once: true });
        v.currentTime = 34;
      }));
      assert(/quokka/.test(cue || ''), `at 34 s the transcript marks ${cue}`);
      const track = await p.evaluate(() => new Promise((resolve) => {
        const tr = document.querySelector('track[kind="captions"]');
        const tt = tr.track;
        tt.mode = 'hidden';
        const done = () => resolve([...tt.cues].map((c) => [c.startTime, c.text]));
        if (tr.readyState === 2) done(); else tr.addEventListener('load', done);
      }));
      assert(track.length === 3 && track[1][0] === 33.5 && track[1][1] === 'A quokka walks the golden path',
             `the WebVTT track holds ${JSON.stringify(track)}`);
    });

    await check('clicking a slide (or Enter on it) seeks the player to when it was first on screen', async () => {
      const p = await seekingPage();
      await p.goto(talkUrl);
      const first = (pg) => timeline.spans.find((x) => x.page === pg).start_s;
      await p.click('#slide-4 a.play');
      await landed(p, first(4));
      assert(p.url().endsWith(`#t=${Math.round(first(4) * 1000) / 1000}`), p.url());
      await p.evaluate(() => document.querySelector('[data-dx-player]').pause());
      await p.focus('#slide-6 a.play');
      await p.keyboard.press('Enter');
      await landed(p, first(6));
      await p.evaluate(() => document.querySelector('[data-dx-player]').pause());
      await p.waitForFunction(() => document.querySelector('[data-dx-current-slide]')
        .getAttribute('data-dx-current-slide') === '6', null, { timeout: 5000 });
      await shot(p, 'player-slide-6.png');
    });

    await check('a caption hit on the search page opens the talk playing from its moment', async () => {
      const p = await seekingPage();
      await p.goto(`${base}/player/search.html?q=quokka`);
      await p.waitForSelector('#search-page a.where');
      const label = await p.textContent('#search-page a.where');
      assert(label === 'Said at 0:33', `the hit is "${label}"`);
      await shot(p, 'search-caption-hit.png');
      await Promise.all([p.waitForNavigation(), p.click('#search-page a.where')]);
      assert(p.url() === `${talkUrl}#t=33.5`, p.url());
      await landed(p, 33.5);
      await p.evaluate(() => document.querySelector('[data-dx-player]').pause());
      /* the slide shown is the one on screen at the moment (it may have
       * played on a little) */
      const ct = await p.evaluate(() => document.querySelector('[data-dx-player]').currentTime);
      const pg = String((timeline.spans.find((x) => x.start_s <= ct && ct < x.end_s) || { page: 0 }).page);
      assert(ct >= 33.4 && ct < 40, `the recording is at ${ct} s`);
      await p.waitForFunction((pg) => document.querySelector('[data-dx-current-slide]')
        .getAttribute('data-dx-current-slide') === pg, pg, { timeout: 5000 });
      /* a slide hit opens the page at the slide's first moment */
      await p.goto(`${base}/player/search.html?q=${encodeURIComponent('golden paths')}`);
      await p.waitForSelector('#search-page a.where');
      const slideHit = await p.$$eval('#search-page a.where', (v) => v.map((a) => [a.textContent, a.getAttribute('href')]));
      assert(slideHit.some((h) => /^Slide \d+ at \d+:\d\d$/.test(h[0]) && /#t=[\d.]+$/.test(h[1])),
             `slide hits: ${JSON.stringify(slideHit)}`);
    });

    await check('JSON-LD: a VideoObject with its Clips, the Event and the speaker; Open Graph tags', async () => {
      const p = await newPage();
      await p.goto(talkUrl);
      const blocks = await p.$$eval('script[type="application/ld+json"]', (v) => v.map((s) => s.textContent));
      assert(blocks.length === 1, `${blocks.length} JSON-LD blocks`);
      const ld = JSON.parse(blocks[0]);
      const v = ld['@graph'] ? ld['@graph'].find((o) => o['@type'] === 'VideoObject') : ld;
      assert(ld['@context'] === 'https://schema.org' && v['@type'] === 'VideoObject', JSON.stringify(ld).slice(0, 200));
      /* schema.org's required properties (as search engines read them) */
      for (const k of ['name', 'description', 'thumbnailUrl', 'uploadDate', 'duration', 'contentUrl'])
        assert(typeof v[k] === 'string' && v[k], `VideoObject.${k}: ${v[k]}`);
      assert(v.duration === 'PT2M30S' && v.uploadDate === '2023-06-15', `${v.duration} ${v.uploadDate}`);
      assert(v.contentUrl === `${base}/player-archive/2023-06-15-doxlon/platform-engineering.mp4`, v.contentUrl);
      assert(v.thumbnailUrl.startsWith(`${base}/player/posters/`), v.thumbnailUrl);
      const clips = v.hasPart;
      assert(Array.isArray(clips) && clips.length === timeline.spans.length, `${clips && clips.length} clips`);
      clips.forEach((c, i) => {
        const sp = timeline.spans[i];
        assert(c['@type'] === 'Clip' && c.startOffset === Math.floor(sp.start_s) &&
               c.endOffset === Math.ceil(sp.end_s) && c.url === `${talkUrl}#t=${c.startOffset}` &&
               c.name.startsWith(`Slide ${sp.page}`), `clip ${i}: ${JSON.stringify(c)}`);
      });
      assert(v.recordedAt['@type'] === 'Event' && v.recordedAt.performer[0]['@type'] === 'Person' &&
             v.recordedAt.performer[0].name === 'Ana Müller', JSON.stringify(v.recordedAt));
      const og = await p.$$eval('meta[property^="og:"]', (m) => Object.fromEntries(m.map((x) => [x.getAttribute('property'), x.content])));
      assert(og['og:image'] === v.thumbnailUrl && og['og:url'] === talkUrl && og['og:site_name'] === 'Player <test>',
             JSON.stringify(og));
      assert((await p.title()).endsWith('Player <test>'), await p.title());
      const icon = await p.getAttribute('link[rel="icon"]', 'href');
      const r = await p.request.get(new URL(icon, talkUrl).href);
      assert(r.ok() && /<svg/.test(await r.text()), `favicon ${icon}: ${r.status()}`);
    });

    await check(`a talk page loads at most ${WEIGHT_MAX} bytes before the recording; it fits a phone`, async () => {
      const p = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
      const sizes = [];
      p.on('response', (r) => { if (!/\.mp4($|\?)/.test(r.url())) sizes.push(r.body().then((b) => [r.url(), b.length], () => [r.url(), 0])); });
      await p.goto(talkUrl, { waitUntil: 'networkidle' });
      const got = await Promise.all(sizes);
      const total = got.reduce((n, x) => n + x[1], 0);
      console.log(`# talk page weight before the recording: ${total} bytes in ${got.length} files (${got.map((x) => path.basename(x[0]) + ' ' + x[1]).join(', ')})`);
      assert(total <= WEIGHT_MAX, `${total} bytes`);
      const wide = await p.evaluate(() => document.documentElement.scrollWidth);
      assert(wide <= 375, `the page is ${wide} px wide at 375`);
      const box = await p.evaluate(() => document.querySelector('[data-dx-player]').getBoundingClientRect().width);
      assert(box > 300 && box <= 375, `the player is ${box} px wide`);
      await shot(p, 'player-phone.png');
    });

    await check('axe-core: no serious or critical violation on the index, a talk page and a search', async () => {
      const axePath = require.resolve('axe-core/axe.min.js');
      const p = await newPage();
      const found = [];
      for (const [u, ready] of [[`${base}/player/index.html`, 'main'], [talkUrl, 'figure.now'],
                                [`${base}/player/search.html?q=quokka`, '#search-page li.hit'],
                                [`${base}/site/talks/2020-01-doxlon_continuous-delivery-at-spotify.html`, 'main']]) {
        await p.goto(u);
        await p.waitForSelector(ready);
        await p.addScriptTag({ path: axePath });
        const res = await p.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        for (const x of res.violations)
          found.push(`${u.replace(base, '')}: ${x.impact} ${x.id} (${x.nodes.length}): ${x.help}`);
      }
      console.log(`# axe-core ${require('axe-core/package.json').version}: ${found.length ? found.join('; ') : 'no violations'}`);
      const bad = found.filter((x) => / (serious|critical) /.test(x));
      assert(!bad.length, bad.join('\n'));
    });

    await check('opened from disk (file://), search says how to serve the folder', async () => {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto('file://' + path.join(work, 'www/player/search.html') + '?q=quokka');
      await p.waitForSelector('#search-page .status');
      const msg = await p.textContent('#search-page .status');
      assert(/python3 -m http\.server/.test(msg), msg);
      await ctx.close();
    });

    await check('no request left 127.0.0.1 and no script error', async () => {
      assert(outside.length === 0, `requests: ${outside.join(', ')}`);
      assert(errors.length === 0, `errors: ${errors.join('; ')}`);
    });
  } finally {
    await browser.close();
    server.proc.kill();
    if (server.close) server.close();
  }
  console.log(`screenshots in ${artifacts}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
