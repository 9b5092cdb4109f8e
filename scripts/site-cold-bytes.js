// site-cold-bytes.js - what a cold search loads from an exported site: for
// each query, a fresh search.js index (nothing cached) runs the query as
// the page does (the first 10 results with their hits) and every file it
// reads is counted, plus search.js itself.  Prints the mean, median and
// largest cold search in bytes and gzipped (as static hosts serve it),
// and the share of the index a query reads.
//
// usage: node site-cold-bytes.js SITE QUERIES...   (QUERIES: files of one
// query per line, a tab and anything after it ignored, # comments)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [siteArg, ...files] = process.argv.slice(2);
const site = path.resolve(siteArg);
const dx = require(path.join(site, 'search.js'));
const size = (p) => {
  const b = fs.readFileSync(path.join(site, p));
  return [b.length, zlib.gzipSync(b, { level: 6 }).length];
};
const script = size('search.js');

function indexBytes(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? indexBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return n;
}

(async () => {
  const queries = [];
  for (const f of files)
    for (const l of fs.readFileSync(f, 'utf8').split('\n'))
      if (l && !l.startsWith('#')) queries.push(l.split('\t')[0]);
  const rows = [];
  for (const q of queries) {
    const loaded = new Set();
    const index = new dx.Index(async (p) => {
      loaded.add(p);
      return JSON.parse(fs.readFileSync(path.join(site, p), 'utf8'));
    });
    const res = await dx.search(index, q, { limit: 10 });
    let raw = script[0], gz = script[1];
    for (const p of loaded) { const s = size(p); raw += s[0]; gz += s[1]; }
    rows.push({ q, raw, gz, files: loaded.size + 1, found: res.error ? 0 : res.total });
  }
  rows.sort((a, b) => a.raw - b.raw);
  const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  const med = rows[rows.length >> 1], max = rows[rows.length - 1];
  const kb = (n) => (n / 1000).toFixed(1) + ' kB';
  const meta = size('search/meta.json');
  console.log(`site: ${site}: search index ${kb(indexBytes(path.join(site, 'search')))}, ` +
              `meta.json ${kb(meta[0])} (${kb(meta[1])} gzipped), search.js ${kb(script[0])} ` +
              `(${kb(script[1])} gzipped)`);
  console.log(`cold search over ${rows.length} queries: mean ${kb(mean('raw'))} (${kb(mean('gz'))} gzipped), ` +
              `median ${kb(med.raw)} (${kb(med.gz)}), largest ${kb(max.raw)} (${kb(max.gz)}) ` +
              `for "${max.q}" in ${max.files} files`);
})().catch((e) => { console.error(e); process.exit(2); });
