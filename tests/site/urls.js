// urls.js - search.js's urlOk() says of every URL of url-cases.tsv what
// site_url_ok() in C says (tests/test_site_url.c reads the same rows): the
// browser builds links by the same rule as the exporter.
//
// usage: node urls.js SEARCH_JS URL_CASES
'use strict';
const fs = require('fs');
const [js, cases] = process.argv.slice(2);
const { urlOk } = require(require('path').resolve(js));

function field(f) {
  if (f === '""') return '';
  return f.replace(/\\t/g, '\t').replace(/\\n/g, '\n')
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

let passed = 0, failed = 0;
for (const line of fs.readFileSync(cases, 'utf8').split('\n')) {
  const f = line.split('\t');
  if (f[0] !== 'ok') continue;
  /* bytes as the page has them: \xHH above 0x7f stand for UTF-8 */
  const u = Buffer.from(field(f[1]), 'latin1').toString('utf8');
  if (urlOk(u) === (f[2] === '1')) passed++;
  else { failed++; console.log(`not ok - urlOk(${JSON.stringify(u)}) is ${urlOk(u)}`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
