// parity.js - the site's search and doxsearch give the same answer, to the
// last digit: for every query of a file, the same error (exit 2 and its
// message) or the same talks in the same order with the same scores.  For
// queries whose parsing both sides must agree on: words typed again, OR
// groups, too many terms, dates that are not in the calendar.
//
// usage: node parity.js DOXSEARCH DB SITE QUERIES
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const [bin, db, siteArg, queries] = process.argv.slice(2);
const site = path.resolve(siteArg);
const dx = require(path.join(site, 'search.js'));
const index = new dx.Index(async (p) => JSON.parse(fs.readFileSync(path.join(site, p), 'utf8')));

// What doxsearch says: {error} or {ranked: ["id score", ...]}.
function cli(q) {
  const r = spawnSync(bin, ['--db', db, 'search', '--json', '--limit', '10', '--', q],
                      { encoding: 'utf8' });
  if (r.status === 2) return { error: r.stderr.trim().replace(/^doxsearch: /, '') };
  if (r.status !== 0 && r.status !== 1) return { error: `exit ${r.status}: ${r.stderr.trim()}` };
  const j = JSON.parse(r.stdout);
  return { ranked: j.results.map((x) => `${x.id} ${x.score.toFixed(3)}`) };
}

(async () => {
  let n = 0, agree = 0;
  for (const line of fs.readFileSync(queries, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    n++;
    const want = cli(line);
    const res = await dx.search(index, line, { limit: 10 });
    const got = res.error ? { error: res.error }
      : { ranked: res.results.map((x) => `${x.id} ${(Math.round(x.score * 1000) / 1000).toFixed(3)}`) };
    if (JSON.stringify(want) === JSON.stringify(got)) {
      agree++;
    } else {
      console.log(`differ: ${line}\n  doxsearch: ${JSON.stringify(want)}\n  site:      ${JSON.stringify(got)}`);
    }
  }
  if (!n) { console.error(`parity: no queries in ${queries}`); process.exit(1); }
  console.log(`site search and doxsearch agree on ${agree} of ${n} queries`);
  process.exit(agree === n ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
