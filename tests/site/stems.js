// stems.js - the site's words are SQLite's words.  Every text the exported
// fixture site holds (titles, names, abstracts, every slide) and the odd
// words of words.txt go through search.js's tokenizer and porter stemmer
// and through FTS5's own (sqlite3 CLI: unicode61 remove_diacritics 2, then
// porter over it) after the index's folding; the two vocabularies must be
// the same, word by word.
//
// usage: node stems.js SITE WORDS
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [siteArg, wordsFile] = process.argv.slice(2);
const site = path.resolve(siteArg);
const dx = require(path.join(site, 'search.js'));

const texts = [];
for (const f of fs.readdirSync(path.join(site, 'search/t'))) {
  const d = JSON.parse(fs.readFileSync(path.join(site, 'search/t', f), 'utf8'));
  const dir = d.text ? path.join(site, d.text) : null;
  const pages = dir
    ? fs.readdirSync(dir).filter((p) => p.endsWith('.json'))
      .map((p) => JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8')))
    : [];
  texts.push(d.title, d.event, d.abstract || '', ...d.speakers, ...pages);
}
texts.push(...fs.readFileSync(wordsFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));

const q = (s) => "'" + s.replace(/'/g, "''") + "'";

// What the index does to a text before unicode61 sees it (dx_fold_words(),
// indexer/search/fold.c), written again here from its rules: the letters
// unicode61 keeps in ASCII, and a lone letter's '#' or '++' part of its
// word.  search.js must agree with unicode61 over the folded text.
const ASCII = { 'ø': 'o', 'Ø': 'O', 'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE', 'ß': 'ss',
                'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ð': 'd', 'Ð': 'D', 'þ': 'th', 'Þ': 'TH',
                'ı': 'i' };
const WORD = /^[\p{L}\p{N}\p{Co}\p{M}]/u;
function indexFold(t) {
  t = t.replace(/[øØæÆœŒßłŁđĐðÐþÞı]/g, (c) => ASCII[c]);
  return t.replace(/(^|[^])([A-Za-z])(#|\+\+)(?=([^]|$))/gu, (m, pre, l, mark, next) =>
    (pre && WORD.test(pre)) || (next && WORD.test(next)) ? m
      : pre + l + (mark === '#' ? 'sharp' : 'plusplus'));
}
function sqlite(sql) {
  return execFileSync('sqlite3', [':memory:'], { input: sql, encoding: 'utf8', maxBuffer: 1 << 28 });
}

// unicode61: the folded words of all texts, both ways
const jsWords = new Set();
texts.forEach((t) => dx.tokenize(t).forEach((w) => jsWords.add(w.t)));
const sqlWords = new Set(sqlite(
  "CREATE VIRTUAL TABLE u USING fts5(x, tokenize='unicode61 remove_diacritics 2');\n" +
  texts.map((t) => `INSERT INTO u(x) VALUES (${q(indexFold(t))});`).join('\n') +
  "\nCREATE VIRTUAL TABLE uv USING fts5vocab(u, 'row');\nSELECT term FROM uv;\n")
  .split('\n').filter(Boolean));
let bad = 0;
for (const w of jsWords) if (!sqlWords.has(w)) { bad++; console.log(`tokenizer: search.js has '${w}', unicode61 not`); }
for (const w of sqlWords) if (!jsWords.has(w)) { bad++; console.log(`tokenizer: unicode61 has '${w}', search.js not`); }

// porter: each word alone, stemmed both ways
const words = [...sqlWords].sort();
const out = sqlite(
  "CREATE VIRTUAL TABLE p USING fts5(x, tokenize='porter unicode61 remove_diacritics 2');\n" +
  words.map((w, i) => `INSERT INTO p(rowid, x) VALUES (${i + 1}, ${q(w)});`).join('\n') +
  "\nCREATE VIRTUAL TABLE pv USING fts5vocab(p, 'instance');\nSELECT doc, term FROM pv;\n");
const stem = new Map();
out.split('\n').filter(Boolean).forEach((l) => {
  const i = l.indexOf('|');
  stem.set(Number(l.slice(0, i)) - 1, l.slice(i + 1));
});
let same = 0;
words.forEach((w, i) => {
  const mine = dx.porter(w);
  if (mine === stem.get(i)) same++;
  else { bad++; console.log(`porter: '${w}': search.js '${mine}', SQLite '${stem.get(i)}'`); }
});
console.log(`${words.length} words: the tokenizers agree on ${jsWords.size} of them, ` +
            `the stemmers on ${same}; ${bad} differences`);
process.exit(bad ? 1 : 0);
