// suggest.js - the site's spelling suggestion is doxsearch's: for every
// query of a file (words in no talk: typos, two-edit typos of long names,
// a name typed without its apostrophe), the site suggests the same query
// and shows the same talks for it as `doxsearch search --json`.
//
// usage: node suggest.js DOXSEARCH DB SITE QUERIES
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const [bin, db, siteArg, queries] = process.argv.slice(2);
const site = path.resolve(siteArg);
const dx = require(path.join(site, 'search.js'));
const index = new dx.Index(async (p) => JSON.parse(fs.readFileSync(path.join(site, p), 'utf8')));

function cli(q) {
  const r = spawnSync(bin, ['--db', db, 'search', '--json', '--limit', '10', '--', q],
                      { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) return { error: `exit ${r.status}: ${r.stderr.trim()}` };
  const j = JSON.parse(r.stdout);
  return { suggestion: j.suggestion, corrected: j.corrected, ids: j.results.map((x) => x.id) };
}

(async () => {
  let n = 0, agree = 0, suggested = 0;
  for (const line of fs.readFileSync(queries, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    n++;
    const want = cli(line);
    const res = await dx.search(index, line, { limit: 10 });
    const got = res.error ? { error: res.error }
      : { suggestion: res.suggestion, corrected: res.corrected, ids: res.results.map((x) => x.id) };
    if (want.suggestion) suggested++;
    if (JSON.stringify(want) === JSON.stringify(got)) {
      agree++;
    } else {
      console.log(`differ: ${line}\n  doxsearch: ${JSON.stringify(want)}\n  site:      ${JSON.stringify(got)}`);
    }
  }
  // the file is of misspellings: a suggestion that never comes is no test
  if (!n || suggested < n) {
    console.error(`suggest: doxsearch suggested something for ${suggested} of ${n} queries of ${queries}`);
    process.exit(1);
  }
  console.log(`site search and doxsearch suggest alike for ${agree} of ${n} queries`);
  process.exit(agree === n ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(2); });
