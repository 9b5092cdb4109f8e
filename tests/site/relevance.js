// relevance.js - the site's search against doxsearch: for every query of a
// queries file, the talk doxsearch --json puts first and the talk the
// site's search.js puts first over the exported index.  Prints the misses
// and the share that agree (and how often the hits shown agree); fails
// below the threshold.
//
// usage: node relevance.js DOXSEARCH DB SITE QUERIES [MIN_SHARE]
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [bin, db, siteArg, queries, minArg] = process.argv.slice(2);
const site = path.resolve(siteArg);
const min = minArg ? Number(minArg) : 0.9;
const dx = require(path.join(site, 'search.js'));
const index = new dx.Index(async (p) => JSON.parse(fs.readFileSync(path.join(site, p), 'utf8')));

const hitsOf = (results) => results.map((r) => r.hits.map((h) => h.field + (h.page || '')).join(','));

function cli(q) {
  let out;
  try {
    out = execFileSync(bin, ['--db', db, 'search', '--json', '--limit', '3', '--', q],
                       { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stdout; // exit 1: nothing found
  }
  if (!out) return { first: null, hits: [] };
  const j = JSON.parse(out);
  return { first: j.results.length ? j.results[0].id : null, hits: hitsOf(j.results) };
}

(async () => {
  const lines = fs.readFileSync(queries, 'utf8').split('\n');
  let n = 0, agree = 0, results = 0, sameHits = 0;
  for (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    const q = line.split('\t')[0];
    n++;
    const c = cli(q), want = c.first;
    const res = await dx.search(index, q, { limit: 3 });
    const got = res.error ? null : (res.results[0] ? res.results[0].id : null);
    const mine = res.error ? [] : hitsOf(res.results);
    c.hits.forEach((h, i) => { results++; if (mine[i] === h) sameHits++; });
    if (got === want) {
      agree++;
    } else {
      console.log(`miss: ${q.padEnd(40)} doxsearch: ${want || 'nothing'}  site: ${got || 'nothing'}` +
                  (res.error ? ` (${res.error})` : ''));
    }
  }
  if (!n) { console.error(`relevance: no queries in ${queries}`); process.exit(1); }
  const share = agree / n;
  // hits: which fields and which slides each of the first 3 results shows
  // (the site has no chapter hits: chapter titles are not in its index)
  console.log(`the hits of the first 3 results (fields and slide numbers) are the same for ` +
              `${sameHits} of ${results} results`);
  console.log(`site search puts doxsearch's first talk first for ${agree} of ${n} queries: ` +
              `${share.toFixed(3)} (threshold ${min})`);
  process.exit(share >= min ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
