/*
 * search.js - the static site's search: doxsearch's query language and
 * ranking, run in the browser over the chunked index that
 * `doxsearch export site` writes (see src/site_search.c).  No server, no
 * request to any other site: only this site's search/ files are fetched,
 * and only the chunks a query needs.
 *
 * - Words: unicode61 (remove_diacritics 2) and SQLite's porter stemmer,
 *   byte for byte, so a query word meets the stems FTS5 stored.
 * - Queries: src/query.c's language (words ANDed, "phrases", prefix*,
 *   OR, -word / NOT word, field:, year: after: before: longer: shorter:
 *   has: lang:).
 * - Ranking: indexer/search.c's dxrank(): BM25 over weighted fields with
 *   an IDF that stays positive, plus the bonus for words typed side by side
 *   that stand side by side, for words found in the title and for the
 *   longest run of words typed side by side; ties newest first, then by id.  Spelling
 *   suggestions as indexer/suggest.c makes them when nothing is found.
 *
 * The same file runs under node for the tests (module.exports).
 */
(function (root) {
  'use strict';

  /* ---- words ---------------------------------------------------------- */

  var enc = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null;
  var dec = typeof TextDecoder !== 'undefined' ? new TextDecoder() : null;
  var TOKEN_CHAR = /[\p{L}\p{N}\p{Co}\p{M}]/u;
  var MARKS = /\p{M}/gu;

  function isTokenChar(ch) {
    var c = ch.codePointAt(0);
    if (c < 0x80)
      return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    return TOKEN_CHAR.test(ch);
  }

  /* Letters unicode61 keeps that the index writes in ASCII (dx_fold_words(),
   * indexer/search/fold.c): Sørensen is found as Sorensen. */
  var ASCII = { '\u00f8': 'o', '\u00d8': 'O', '\u00e6': 'ae', '\u00c6': 'AE', '\u0153': 'oe',
                '\u0152': 'OE', '\u00df': 'ss', '\u0142': 'l', '\u0141': 'L', '\u0111': 'd',
                '\u0110': 'D', '\u00f0': 'd', '\u00d0': 'D', '\u00fe': 'th', '\u00de': 'TH',
                '\u0131': 'i' };

  /* One character as unicode61 folds it: lower case, and no diacritics on
   * Latin letters (its table has no others: Greek and Cyrillic keep them). */
  function fold(ch) {
    if (ASCII[ch]) return ASCII[ch].toLowerCase();
    var d = ch.normalize('NFD'), base = d.codePointAt(0);
    if (base < 0x250 || (base >= 0x1e00 && base <= 0x1eff)) return d.replace(MARKS, '').toLowerCase();
    return ch.toLowerCase();
  }

  /* The tokens of text: {t: folded word, s, e: UTF-16 offsets in text}.
   * A lone letter with "#" or "++" is one word, as the index has it:
   * "C#" is "csharp", "C++" "cplusplus" (fold.c). */
  function tokenize(text) {
    var out = [], cur = '', start = -1, i = 0;
    text = String(text || '');
    while (i < text.length) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp), n = ch.length;
      var mark = text[i] === '#' ? 1 : text[i] === '+' && text[i + 1] === '+' ? 2 : 0;
      if (mark && start >= 0 && i - start === 1 && /[A-Za-z]/.test(text[start]) &&
          !(i + mark < text.length && isTokenChar(String.fromCodePoint(text.codePointAt(i + mark))))) {
        out.push({ t: cur + (mark === 1 ? 'sharp' : 'plusplus'), s: start, e: i + mark });
        cur = '';
        start = -1;
        i += mark;
        continue;
      }
      if (isTokenChar(ch)) {
        if (start < 0) start = i;
        cur += fold(ch);
      } else if (start >= 0) {
        if (cur) out.push({ t: cur, s: start, e: i });
        cur = '';
        start = -1;
      }
      i += n;
    }
    if (start >= 0 && cur) out.push({ t: cur, s: start, e: text.length });
    return out;
  }

  /* SQLite's porter stemmer (fts5 "porter"), on the UTF-8 bytes of a
   * folded word as FTS5 runs it: words under 3 or over 64 bytes pass. */
  function isVowel(c, yIsVowel) {
    return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || (yIsVowel && c === 121);
  }
  function gobbleVC(b, from, n, prevCons) {
    var i, cons = prevCons;
    for (i = from; i < n; i++) if (!(cons = !isVowel(b[i], cons))) break;
    for (i++; i < n; i++) if ((cons = !isVowel(b[i], cons))) return i + 1;
    return 0;
  }
  function mGt0(b, n) { return gobbleVC(b, 0, n, false) !== 0; }
  function mGt1(b, n) {
    var k = gobbleVC(b, 0, n, false);
    return k !== 0 && gobbleVC(b, k, n, true) !== 0;
  }
  function mEq1(b, n) {
    var k = gobbleVC(b, 0, n, false);
    return k !== 0 && gobbleVC(b, k, n, true) === 0;
  }
  function oStar(b, n) {
    var last = b[n - 1];
    if (last === 119 || last === 120 || last === 121) return false;
    var mask = 0, cons = false;
    for (var i = 0; i < n; i++) {
      cons = !isVowel(b[i], cons);
      mask = ((mask << 1) + (cons ? 1 : 0)) & 0xffff;
    }
    return (mask & 7) === 5;
  }
  function mGt1ST(b, n) { return (b[n - 1] === 115 || b[n - 1] === 116) && mGt1(b, n); }
  function hasVowel(b, n) {
    for (var i = 0; i < n; i++) if (isVowel(b[i], i > 0)) return true;
    return false;
  }
  function endsWith(b, n, s) {
    if (n <= s.length) return false;
    for (var i = 0; i < s.length; i++) if (b[n - s.length + i] !== s.charCodeAt(i)) return false;
    return true;
  }
  /* A step: rules grouped by the word's last but one letter; the first
   * suffix that matches decides, whether or not its condition holds. */
  function step(rules) {
    var by = {};
    rules.forEach(function (r) {
      var k = r[0].charCodeAt(r[0].length - 2);
      (by[k] = by[k] || []).push(r);
    });
    return function (w) {
      var list = by[w.b[w.n - 2]];
      if (!list) return false;
      for (var i = 0; i < list.length; i++) {
        var r = list[i];
        if (!endsWith(w.b, w.n, r[0])) continue;
        var stem = w.n - r[0].length;
        if (r[1](w.b, stem)) {
          for (var j = 0; j < r[2].length; j++) w.b[stem + j] = r[2].charCodeAt(j);
          w.n = stem + r[2].length;
          return !!r[3];
        }
        return false;
      }
      return false;
    };
  }
  function always() { return true; }
  var step1b = step([['eed', mGt0, 'ee'], ['ed', hasVowel, '', 1], ['ing', hasVowel, '', 1]]);
  var step1b2 = step([['at', always, 'ate', 1], ['bl', always, 'ble', 1], ['iz', always, 'ize', 1]]);
  var step2 = step([
    ['ational', mGt0, 'ate'], ['tional', mGt0, 'tion'], ['enci', mGt0, 'ence'],
    ['anci', mGt0, 'ance'], ['izer', mGt0, 'ize'], ['logi', mGt0, 'log'], ['bli', mGt0, 'ble'],
    ['alli', mGt0, 'al'], ['entli', mGt0, 'ent'], ['eli', mGt0, 'e'], ['ousli', mGt0, 'ous'],
    ['ization', mGt0, 'ize'], ['ation', mGt0, 'ate'], ['ator', mGt0, 'ate'],
    ['alism', mGt0, 'al'], ['iveness', mGt0, 'ive'], ['fulness', mGt0, 'ful'],
    ['ousness', mGt0, 'ous'], ['aliti', mGt0, 'al'], ['iviti', mGt0, 'ive'],
    ['biliti', mGt0, 'ble']]);
  var step3 = step([
    ['ical', mGt0, 'ic'], ['ness', mGt0, ''], ['icate', mGt0, 'ic'], ['iciti', mGt0, 'ic'],
    ['ful', mGt0, ''], ['ative', mGt0, ''], ['alize', mGt0, 'al']]);
  var step4 = step([
    ['al', mGt1, ''], ['ance', mGt1, ''], ['ence', mGt1, ''], ['er', mGt1, ''], ['ic', mGt1, ''],
    ['able', mGt1, ''], ['ible', mGt1, ''], ['ant', mGt1, ''], ['ement', mGt1, ''],
    ['ment', mGt1, ''], ['ent', mGt1, ''], ['ion', mGt1ST, ''], ['ou', mGt1, ''],
    ['ism', mGt1, ''], ['ate', mGt1, ''], ['iti', mGt1, ''], ['ous', mGt1, ''],
    ['ive', mGt1, ''], ['ize', mGt1, '']]);

  function utf8(s) {
    if (enc) return Array.prototype.slice.call(enc.encode(s));
    return Array.prototype.slice.call(Buffer.from(s, 'utf8'));
  }
  function unutf8(b) {
    if (dec) return dec.decode(new Uint8Array(b));
    return Buffer.from(b).toString('utf8');
  }

  function porter(word) {
    var bytes = utf8(word);
    if (bytes.length < 3 || bytes.length > 64) return word;
    var w = { b: bytes.concat([0, 0, 0, 0]), n: bytes.length }, b = w.b, c;
    /* step 1a */
    if (b[w.n - 1] === 115) {
      if (b[w.n - 2] === 101) {
        if ((w.n > 4 && b[w.n - 4] === 115 && b[w.n - 3] === 115) || (w.n > 3 && b[w.n - 3] === 105))
          w.n -= 2;
        else
          w.n -= 1;
      } else if (b[w.n - 2] !== 115) {
        w.n -= 1;
      }
    }
    /* step 1b */
    if (step1b(w)) {
      if (!step1b2(w)) {
        c = b[w.n - 1];
        if (!isVowel(c, false) && c !== 108 && c !== 115 && c !== 122 && c === b[w.n - 2])
          w.n--;
        else if (mEq1(b, w.n) && oStar(b, w.n))
          b[w.n++] = 101;
      }
    }
    /* step 1c */
    if (b[w.n - 1] === 121 && hasVowel(b, w.n - 1)) b[w.n - 1] = 105;
    step2(w);
    step3(w);
    step4(w);
    /* step 5a */
    if (b[w.n - 1] === 101 && (mGt1(b, w.n - 1) || (mEq1(b, w.n - 1) && !oStar(b, w.n - 1))))
      w.n--;
    /* step 5b */
    if (w.n > 1 && b[w.n - 1] === 108 && b[w.n - 2] === 108 && mGt1(b, w.n - 1)) w.n--;
    return unutf8(b.slice(0, w.n));
  }

  /* The stems of text, as FTS5 would index it. */
  function stems(text) {
    return tokenize(text).map(function (t) { return porter(t.t); });
  }

  /* Byte-order comparison (SQLite's), not UTF-16's. */
  function cmpBytes(a, b) {
    var ia = 0, ib = 0;
    while (ia < a.length && ib < b.length) {
      var ca = a.codePointAt(ia), cb = b.codePointAt(ib);
      if (ca !== cb) return ca < cb ? -1 : 1;
      ia += ca > 0xffff ? 2 : 1;
      ib += cb > 0xffff ? 2 : 1;
    }
    return (a.length - ia) - (b.length - ib) > 0 ? 1 : (ia < a.length ? 1 : ib < b.length ? -1 : 0);
  }

  /* ---- queries (src/query.c) ----------------------------------------- */

  var FIELDS = ['any', 'title', 'speakers', 'company', 'event', 'abstract', 'tags', 'slides',
                'captions', 'chapters'];
  var FIELD_KEYS = {
    title: 1, speaker: 2, company: 3, event: 4, abstract: 5, tag: 6, slides: 7, speakers: 2,
    by: 2, tags: 6, slide: 7, captions: 8, caption: 8, transcript: 8, chapter: 9, chapters: 9
  };
  var FILTER_KEYS = { year: 1, after: 2, since: 2, before: 3, longer: 4, shorter: 5, has: 6, lang: 7 };
  var HAS = { video: 1, audio: 2, recording: 4, slides: 8, captions: 16 };
  var SPACE = /\s/;

  function isSpace(c) { return c !== undefined && c !== '' && SPACE.test(c); }

  function keyAt(s, p) {
    var n = 0;
    while (p + n < s.length && /[A-Za-z]/.test(s[p + n])) n++;
    if (!n || s[p + n] !== ':' || p + n + 1 >= s.length || isSpace(s[p + n + 1])) return null;
    var k = s.substr(p, n).toLowerCase();
    if (FIELD_KEYS[k]) return { len: n + 1, field: FIELD_KEYS[k] };
    if (FILTER_KEYS[k]) return { len: n + 1, filter: FILTER_KEYS[k] };
    return null;
  }

  /* 1: YYYY, YYYY-MM or YYYY-MM-DD; -1: that form, but no such month or
   * day (2021-02-29, 2020-04-31); 0: not a date (valid_date()). */
  function validDate(v) {
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) return 0;
    if (v.length === 4) return 1;
    var y = +v.substr(0, 4), m = +v.substr(5, 2);
    if (m < 1 || m > 12) return -1;
    if (v.length === 7) return 1;
    var d = +v.substr(8, 2), leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    return d < 1 || d > days ? -1 : 1;
  }

  function parseDuration(v) {
    var total = 0, p = 0;
    if (!v) return -1;
    while (p < v.length) {
      var m = /^[0-9.]+/.exec(v.substr(p)) ;
      if (!m) return -1;
      var x = parseFloat(m[0]);
      if (!isFinite(x) || isNaN(x)) return -1;
      p += m[0].length;
      var rest = v.substr(p);
      if (/^min/i.test(rest)) { total += x * 60; p += 3; }
      else if (rest === '' || /^m/i.test(rest)) { total += x * 60; p += rest ? 1 : 0; }
      else if (/^h/i.test(rest)) { total += x * 3600; p++; }
      else if (/^s/i.test(rest)) { total += x; p++; }
      else return -1;
    }
    return total > 0 && total < 1e9 ? total : -1;
  }

  function wordIs(s, p, w) {
    return s.substr(p, w.length) === w && (p + w.length >= s.length || isSpace(s[p + w.length]));
  }
  function moreAfter(s, p) {
    while (p < s.length && isSpace(s[p])) p++;
    return p < s.length;
  }

  /* CLI_QUERY_MAX_TERMS, CLI_QUERY_MAX_BYTES and CLI_QUERY_MAX_WORDS of src/query.h */
  var MAX_TERMS = 64, MAX_BYTES = 2048, MAX_WORDS = 64;

  /* The terms without those that repeat an earlier one (same text, ASCII
   * case aside, field, prefix and sign) outside OR groups or within their
   * OR group, until none does (drop_repeats() of src/query.c). */
  function dropRepeats(terms) {
    for (;;) {
      var seen = new Map(), group = [], kept = [];
      terms.forEach(function (t, i) {
        group[i] = i && terms[i - 1].or_next ? group[i - 1] : t.or_next ? i : -1;
        var key = [t.text.replace(/[A-Z]+/g, function (c) { return c.toLowerCase(); }), t.field,
                   !!t.prefix, !!t.negate, group[i]].join('\u0000');
        if (!seen.has(key)) {
          seen.set(key, true);
          kept.push(t);
        } else if (i && terms[i - 1].or_next && !t.or_next) {
          /* the last of its OR group: the one before ends it now */
          kept[kept.length - 1] = Object.assign({}, kept[kept.length - 1], { or_next: false });
        }
      });
      if (kept.length === terms.length) return terms;
      terms = kept;
    }
  }

  /* A query: {terms: [{text, field, prefix, quoted, negate, or_next}],
   * from, until, longer, shorter, has, lang} or {error}. */
  function parse(s) {
    var q = { terms: [], from: '', until: '', longer: 0, shorter: 0, has: 0, lang: '' };
    var p = 0, negate = false, orPending = false;
    s = String(s || '');
    function err(key, v, why) { return { error: key + v + ': ' + why }; }
    while (p < s.length) {
      var field = 0, filter = 0, prefix = false, quoted = false, start, text, k;
      while (p < s.length && isSpace(s[p])) p++;
      if (p >= s.length) break;
      if (!negate && wordIs(s, p, 'OR') && q.terms.length && !q.terms[q.terms.length - 1].negate &&
          moreAfter(s, p + 2)) {
        orPending = true;
        p += 2;
        continue;
      }
      if (!negate && wordIs(s, p, 'NOT') && moreAfter(s, p + 3)) {
        negate = true;
        p += 3;
        continue;
      }
      if (s[p] === '-' && p + 1 < s.length && s[p + 1] !== '-' && !isSpace(s[p + 1])) {
        negate = true;
        p++;
      }
      var keyStart = p;
      k = keyAt(s, p);
      if (k) {
        p += k.len;
        field = k.field || 0;
        filter = k.filter || 0;
      }
      var key = s.substring(keyStart, p);
      if (s[p] === '"') {
        start = ++p;
        while (p < s.length && s[p] !== '"') p++;
        text = s.substring(start, p);
        if (s[p] === '"') p++;
        quoted = true;
        if (s[p] === '*') { prefix = true; while (s[p] === '*') p++; }
      } else {
        start = p;
        while (p < s.length && !isSpace(s[p])) p++;
        text = s.substring(start, p);
        while (text.length && text[text.length - 1] === '*') { prefix = true; text = text.slice(0, -1); }
      }
      if (filter) {
        if (negate) return err(key, text, 'a filter cannot be excluded');
        var r = applyFilter(q, filter, key, text);
        if (r) return r;
        orPending = false;
        negate = false;
        continue;
      }
      if (text.length) {
        q.terms.push({ text: text, field: field, prefix: prefix, quoted: quoted, negate: negate,
                       or_next: false });
        if (orPending && !negate && q.terms.length > 1) q.terms[q.terms.length - 2].or_next = true;
      }
      negate = orPending = false;
    }
    q.terms = dropRepeats(q.terms);
    if (q.terms.length > MAX_TERMS) {
      return { error: 'query has ' + q.terms.length + ' different terms; at most ' + MAX_TERMS +
                      ' are allowed' };
    }
    var bytes = q.terms.reduce(function (n, t) { return n + utf8(t.text).length; }, 0);
    if (bytes > MAX_BYTES) {
      return { error: 'query has ' + bytes + ' bytes of terms; at most ' + MAX_BYTES + ' are allowed' };
    }
    var words = q.terms.reduce(function (n, t) { return n + tokenize(t.text).length; }, 0);
    if (words > MAX_WORDS) {
      return { error: 'query has ' + words + ' words; at most ' + MAX_WORDS + ' are allowed' };
    }
    return q;

    function applyFilter(q, id, key, v) {
      var d;
      switch (id) {
      case 1:
        if (!/^\d{4}$/.test(v)) return err(key, v, 'a year is YYYY');
        setFrom(q, v);
        setUntil(q, String(+v + 1).padStart(4, '0'));
        return null;
      case 2: case 3:
        var ok = validDate(v);
        if (!ok) return err(key, v, 'a date is YYYY, YYYY-MM or YYYY-MM-DD');
        if (ok < 0) return err(key, v, 'no such date');
        if (id === 2) setFrom(q, v); else setUntil(q, v);
        return null;
      case 4: case 5:
        if ((d = parseDuration(v)) < 0)
          return err(key, v, 'a length is like 90s, 30m, 1h or 1h30m (plain numbers are minutes)');
        if (id === 4 && d > q.longer) q.longer = d;
        if (id === 5 && (q.shorter <= 0 || d < q.shorter)) q.shorter = d;
        return null;
      case 6:
        if (HAS[v.toLowerCase()]) { q.has |= HAS[v.toLowerCase()]; return null; }
        return err(key, v, 'has: takes video, audio, recording, slides or captions');
      case 7:
        if (!/^[A-Za-z0-9-]{1,15}$/.test(v)) return err(key, v, 'a language is a tag like en, de or pt-BR');
        q.lang = v;
        return null;
      }
      return null;
    }
    function setFrom(q, v) { if (v > q.from) q.from = v; }
    function setUntil(q, v) { if (!q.until || v < q.until) q.until = v; }
  }

  function hasFilters(q) {
    return !!(q.from || q.until || q.longer > 0 || q.shorter > 0 || q.has || q.lang);
  }

  /* ---- the index -------------------------------------------------------- */

  /* load(path) gives a promise of the parsed JSON file at path (relative
   * to the site's root), e.g. by fetch(); each file is fetched once. */
  function Index(load) {
    this.load = load;
    this.cache = {};
    this.chunks = {};
  }
  Index.prototype.get = function (path) {
    if (!this.cache[path]) this.cache[path] = this.load(path);
    return this.cache[path];
  };
  Index.prototype.meta = function () { return this.get('search/meta.json'); };
  /* The chunks that may hold terms from lo up to (not including) hi. */
  Index.prototype.chunkRange = function (meta, lo, hi) {
    var first = meta.chunks, a = 0, b = first.length - 1, out = [];
    while (a < b) {
      var mid = (a + b + 1) >> 1;
      if (cmpBytes(first[mid], lo) <= 0) a = mid; else b = mid - 1;
    }
    for (var i = a; i < first.length; i++) {
      if (i > a && hi !== null && cmpBytes(first[i], hi) >= 0) break;
      out.push(i);
      if (hi === null) break;
    }
    return out;
  };
  Index.prototype.chunk = function (i) { return this.get('search/c/' + i + '.json'); };
  /* Postings of one term, or of every term with a prefix: a map talk ->
   * array of 9 offset lists (null where the field lacks the word). */
  Index.prototype.postings = function (meta, term, prefix) {
    var self = this, hi = prefix ? term + '\u{10ffff}' : null;
    return Promise.all(this.chunkRange(meta, term, hi).map(function (i) { return self.chunk(i); }))
      .then(function (chunks) {
        var out = new Map();
        chunks.forEach(function (c) {
          if (!prefix) {
            if (Object.prototype.hasOwnProperty.call(c, term)) decode(c[term], out);
            return;
          }
          Object.keys(c).forEach(function (t) {
            if (t.length >= term.length && t.substr(0, term.length) === term) decode(c[t], out);
          });
        });
        out.forEach(function (f) {
          f.forEach(function (offs) { if (offs) offs.sort(function (x, y) { return x - y; }); });
        });
        return out;
      });
  };
  function decode(a, out) {
    var i = 0, talk = -1;
    while (i < a.length) {
      talk += a[i++];
      var mask = a[i++], f = out.get(talk);
      if (!f) { f = [null, null, null, null, null, null, null, null, null]; out.set(talk, f); }
      for (var col = 0; col < 9; col++) {
        if (!(mask & (1 << col))) continue;
        var n = a[i++], off = 0, list = f[col] || (f[col] = []);
        for (var k = 0; k < n; k++) { off += a[i++]; if (k === 0) off = a[i - 1]; list.push(off); }
      }
    }
  }
  Index.prototype.vocab = function (meta, ch) {
    var key = ch.codePointAt(0).toString(16);
    if (meta.vocab.indexOf(key) < 0) return Promise.resolve([]);
    return this.get('search/v/' + key + '.json');
  };
  Index.prototype.detail = function (n) { return this.get('search/t/' + n + '.json'); };
  Index.prototype.page = function (dir, k) { return this.get(dir + '/' + k + '.json'); };

  /* ---- matching and ranking (indexer/search.c) ------------------------- */

  /* A phrase of stems: where it starts in each talk and field. */
  function phraseHits(posts, field) {
    /* posts: one postings map per token */
    var out = new Map();
    posts[0].forEach(function (f0, talk) {
      var cols = [];
      for (var col = 0; col < 9; col++) {
        if (field && col !== field - 1) continue;
        var starts = f0[col];
        if (!starts) continue;
        var ok = starts.filter(function (o) {
          for (var k = 1; k < posts.length; k++) {
            var fk = posts[k].get(talk);
            if (!fk || !fk[col] || fk[col].indexOf(o + k) < 0) return false;
          }
          return true;
        });
        if (ok.length) cols.push([col, ok]);
      }
      if (cols.length) out.set(talk, cols);
    });
    return out;
  }

  /* The phrases of a query: each wanted term's stems, its field, whether
   * it is a prefix; with how FTS5 would see them. */
  function termPhrase(t) {
    var toks = stems(t.text);
    return toks.length ? { stems: toks, field: t.field, prefix: t.prefix, term: t } : null;
  }

  function resolve(index, meta, ph) {
    return Promise.all(ph.stems.map(function (s, k) {
      return index.postings(meta, s, ph.prefix && k === ph.stems.length - 1);
    })).then(function (posts) {
      ph.hits = posts.length ? phraseHits(posts, ph.field) : new Map();
      return ph;
    });
  }

  function passes(meta, q, n) {
    var t = meta.talks[n], d = t[1], dur = t[2];
    if (q.from && !(d !== null && d >= q.from)) return false;
    if (q.until && !(d !== null && d < q.until)) return false;
    if (q.longer > 0 && !(dur >= 0 && dur > q.longer)) return false;
    if (q.shorter > 0 && !(dur >= 0 && dur < q.shorter)) return false;
    if ((q.has & t[3]) !== q.has) return false;
    if (q.lang) {
      var l = q.lang.toLowerCase();
      if (!t[4].some(function (x) {
        x = String(x).toLowerCase();
        return x === l || x.substr(0, l.length + 1) === l + '-';
      })) return false;
    }
    return true;
  }

  function cmpResults(meta) {
    return function (a, b) {
      if (a.score !== b.score) return b.score - a.score;
      var da = meta.talks[a.n][1], db = meta.talks[b.n][1];
      if ((da === null) !== (db === null)) return da === null ? 1 : -1;
      if (da !== db) return da < db ? 1 : -1;
      return a.n - b.n;
    };
  }

  /* The talks a query finds, ranked: [{n, score}], and its phrases. */
  function run(index, meta, q, stemOverride) {
    var wanted = [], negs = [];
    q.terms.forEach(function (t, i) {
      var ph = termPhrase(t);
      if (!ph) return;
      if (stemOverride && stemOverride[i]) ph.stems = stemOverride[i];
      ph.index = i;
      (t.negate ? negs : wanted).push(ph);
    });
    if (!wanted.length && !hasFilters(q)) {
      var words = wanted.length + negs.length;
      return Promise.resolve({
        error: negs.length && negs.length === words
          ? 'nothing to search for: the query only excludes words (add a word or a filter)'
          : q.terms.length ? 'nothing to search for: the query has no words' : 'empty query'
      });
    }
    var all = wanted.concat(negs);
    return Promise.all(all.map(function (ph) { return resolve(index, meta, ph); })).then(function () {
      var N = meta.talks.length, out = [];
      /* OR groups: a term ORed with the next wanted one typed right after it */
      var groups = [], g = [];
      wanted.forEach(function (ph, k) {
        g.push(ph);
        var next = wanted[k + 1];
        if (!(ph.term.or_next && next && next.index === ph.index + 1)) { groups.push(g); g = []; }
      });
      /* near flags: the next wanted term typed right after, not ORed, same field */
      var near = wanted.map(function (ph, k) {
        var next = wanted[k + 1];
        return !!(next && next.index === ph.index + 1 && !ph.term.or_next &&
                  q.terms[next.index].field === ph.term.field);
      });
      /* over whole talks, and over titles (the title bonus): one phrase
       * of several words scales every score alike, and dxrank() does not
       * count its talks */
      var one = all.length === 1 && all[0].stems.length > 1;
      var idf = all.map(function (ph) {
        var n = ph.hits.size;
        return one ? 1.0 : Math.log(1.0 + ((N - n) + 0.5) / (n + 0.5));
      });
      var tidf = all.map(function (ph) {
        var n = 0;
        ph.hits.forEach(function (cols) { if (cols[0][0] === 0) n++; });
        return one ? 1.0 : Math.log(1.0 + ((N - n) + 0.5) / (n + 0.5));
      });
      var cand;
      if (wanted.length) {
        cand = [];
        for (var n = 0; n < N; n++) {
          if (groups.every(function (gr) { return gr.some(function (ph) { return ph.hits.has(n); }); }))
            cand.push(n);
        }
      } else {
        cand = [];
        for (var m = 0; m < N; m++) cand.push(m);
      }
      cand.forEach(function (n) {
        if (negs.some(function (ph) { return ph.hits.has(n); })) return;
        if (!passes(meta, q, n)) return;
        out.push({ n: n, score: wanted.length ? score(meta, all, near, idf, tidf, n) : 0 });
      });
      out.sort(cmpResults(meta));
      return { results: out, phrases: wanted };
    });
  }

  /* dxrank()'s RANK_TITLE and RANK_RUN (indexer/search.c): keep in step */
  var RANK_TITLE = 1.0, RANK_RUN = 1.0;

  function score(meta, phrases, near, idf, tidf, n) {
    var np = phrases.length, tf = new Array(np).fill(0), nr = new Array(np).fill(0);
    var lastCol = new Array(np).fill(-1), lastOff = new Array(np).fill(0), inst = [];
    var title = new Array(np).fill(0), run = new Array(np).fill(0), runIdf = new Array(np).fill(0);
    var bestLen = 0, bestRun = 0, bestEnd = 0, chain = 0;
    for (var c = 1, j = 0; j < np; j++) {
      c = j > 0 && near[j - 1] ? c + 1 : 1;
      if (c > chain) chain = c;
    }
    var k1 = meta.k1, b = meta.b;
    phrases.forEach(function (ph, p) {
      var cols = ph.hits.get(n);
      if (!cols) return;
      cols.forEach(function (c) { c[1].forEach(function (o) { inst.push([c[0], o, p]); }); });
    });
    inst.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    function nearness(p, other, col, off, order) {
      if (other < 0 || other >= np || lastCol[other] !== col) return 0;
      var gap = off - (lastOff[other] + phrases[other].stems.length);
      if (gap < 0 || gap > meta.near_gap) return 0;
      return order / ((1.0 + gap) * (1.0 + gap));
    }
    inst.forEach(function (x) {
      var col = x[0], off = x[1], p = x[2], v;
      if (col === 0) title[p] = 1;
      if (tf[p] < (meta.tf_cap || Infinity)) tf[p] += meta.weights[col];
      if (p > 0 && near[p - 1]) {
        v = nearness(p, p - 1, col, off, 1.0);
        if (v > nr[p - 1]) nr[p - 1] = v;
      }
      if (near[p]) {
        v = nearness(p, p + 1, col, off, 0.5);
        if (v > nr[p]) nr[p] = v;
      }
      if (p > 0 && near[p - 1] && lastCol[p - 1] === col &&
          lastOff[p - 1] + phrases[p - 1].stems.length === off) {
        run[p] = run[p - 1] + 1;
        runIdf[p] = runIdf[p - 1] + idf[p];
      } else {
        run[p] = 1;
        runIdf[p] = idf[p];
      }
      if (run[p] > bestLen || (run[p] === bestLen && runIdf[p] > bestRun)) {
        bestLen = run[p];
        bestRun = runIdf[p];
        bestEnd = p;
      }
      lastCol[p] = col;
      lastOff[p] = off;
    });
    var dl = meta.talks[n][0], k = k1 * (1.0 - b + b * dl / meta.avgdl), s = 0;
    /* all the words typed side by side, side by side: as if in the title */
    if (bestLen >= 3 && bestLen === chain)
      for (var r = bestEnd - bestLen + 1; r <= bestEnd; r++) title[r]++;
    for (var i = 0; i < np; i++) {
      s += idf[i] * tf[i] * (k1 + 1.0) / (tf[i] + k);
      s += RANK_TITLE * tidf[i] * title[i];
      if (i + 1 < np) s += meta.near * nr[i] * (idf[i] + idf[i + 1]) / 2;
    }
    if (bestLen >= 3) s += RANK_RUN * bestRun * (bestLen - 2);
    return s;
  }

  /* ---- spelling (indexer/suggest.c) -------------------------------------- */

  function osa(a, b, max) {
    if (a.length > 64 || b.length > 64 || Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = [], prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      var lo = max + 1;
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] !== b[j - 1] ? 1 : 0, d = prev[j] + 1;
        if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
        if (prev[j - 1] + cost < d) d = prev[j - 1] + cost;
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] && prev2[j - 2] + 1 < d)
          d = prev2[j - 2] + 1;
        cur[j] = d;
        if (d < lo) lo = d;
      }
      if (lo > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function startsWithBytes(a, p) {
    if (a.length < p.length) return false;
    for (var i = 0; i < p.length; i++) if (a[i] !== p[i]) return false;
    return true;
  }

  /* The closest stem to one that is in no talk, or null. */
  function suggestStem(index, meta, stem) {
    var w = utf8(stem), n = w.length, max = n <= 3 ? 0 : n <= 5 ? 1 : 2;
    if (!max || n >= 64) return Promise.resolve(null);
    return index.vocab(meta, stem).then(function (list) {
      var i;
      for (i = 0; i < list.length; i++) if (list[i][0] === stem) return null;
      for (var plen = n >= 2 ? 2 : 1; plen >= 1; plen--) {
        var pre = w.slice(0, plen), best = null, bd = max + 1, bdocs = 0;
        for (i = 0; i < list.length; i++) {
          var t = list[i][0], tb = utf8(t);
          if (!startsWithBytes(tb, pre) || t === stem || tb.length >= 64) continue;
          var d = osa(w, tb, max);
          if (d > max || d > bd || (d === bd && list[i][1] <= bdocs)) continue;
          best = t;
          bd = d;
          bdocs = list[i][1];
        }
        if (best !== null) return best;
      }
      return null;
    });
  }

  /* Stems replaced per term for the query's misspelt words, or null. */
  function suggest(index, meta, q) {
    var jobs = [];
    q.terms.forEach(function (t, i) {
      if (t.negate || t.prefix) return;
      var st = stems(t.text);
      st.forEach(function (s, k) {
        jobs.push(suggestStem(index, meta, s).then(function (b) { return b && [i, k, b, st]; }));
      });
    });
    return Promise.all(jobs).then(function (found) {
      var over = {}, any = false;
      found.forEach(function (f) {
        if (!f) return;
        var i = f[0];
        over[i] = over[i] || f[3].slice();
        over[i][f[1]] = f[2];
        any = true;
      });
      return any ? over : null;
    });
  }

  /* ---- hits and snippets ------------------------------------------------- */

  /* Where a text matches the phrases: [[tokenStart, tokenCount]] and the
   * phrases found, for dxlocal()'s order and for marks. */
  function matchText(text, phrases) {
    var toks = tokenize(text), st = toks.map(function (t) { return porter(t.t); });
    var spans = [], distinct = 0;
    phrases.forEach(function (ph) {
      var found = false, L = ph.stems.length;
      for (var i = 0; i + L <= st.length; i++) {
        var ok = true;
        for (var k = 0; k < L && ok; k++) {
          var want = ph.stems[k];
          ok = ph.prefix && k === L - 1 ? st[i + k].substr(0, want.length) === want : st[i + k] === want;
        }
        if (ok) { spans.push([i, L]); found = true; }
      }
      if (found) distinct++;
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    return { toks: toks, spans: spans, distinct: distinct };
  }

  /* A snippet: about 16 words around the first match, as parts
   * [{text, mark}] (the page builds DOM text nodes from them). */
  function snippet(text, m, words) {
    words = words || 16;
    if (!m.spans.length) return null;
    var first = m.spans[0][0], from = Math.max(0, first - Math.floor(words / 4));
    var to = Math.min(m.toks.length, from + words);
    if (to - from < words) from = Math.max(0, to - words);
    var marked = {};
    m.spans.forEach(function (s) { for (var k = 0; k < s[1]; k++) marked[s[0] + k] = true; });
    var parts = [], pos = from > 0 ? m.toks[from].s : 0;
    if (from > 0) parts.push({ text: '…', mark: false });
    for (var i = from; i < to; i++) {
      var t = m.toks[i];
      if (t.s > pos) parts.push({ text: text.substring(pos, t.s), mark: false });
      parts.push({ text: text.substring(t.s, t.e), mark: !!marked[i] });
      pos = t.e;
    }
    if (to < m.toks.length) parts.push({ text: '…', mark: false });
    else if (pos < text.length) parts.push({ text: text.substring(pos), mark: false });
    /* one mark over "[continuous] [delivery]" */
    var merged = [];
    parts.forEach(function (p) {
      var last = merged[merged.length - 1];
      if (last && last.mark === p.mark) last.text += p.text;
      else merged.push({ text: p.text, mark: p.mark });
    });
    merged.forEach(function (p) { p.text = p.text.replace(/\s+/g, ' '); });
    for (var j = 1; j + 1 < merged.length; j++) {
      if (!merged[j].mark && merged[j - 1].mark && merged[j + 1].mark && /^ *$/.test(merged[j].text)) {
        merged[j - 1].text += merged[j].text + merged[j + 1].text;
        merged.splice(j, 2);
        j--;
      }
    }
    return merged;
  }

  /* The slides of talk n that are hits, best first, at most max: those
   * with the most of the query's phrases, then the most occurrences, then
   * the first (as indexer/locate.c picks them), found from the positions of the
   * phrases in the slides field and where each slide starts in it. */
  function bestPages(detail, n, phrases, max) {
    var starts = detail.starts || [], pages = {};
    if (starts.length < 2) return [];
    phrases.forEach(function (ph, p) {
      if (ph.field !== 0 && ph.field !== 7) return;
      (ph.hits.get(n) || []).forEach(function (c) {
        if (c[0] !== 6) return;
        c[1].forEach(function (o) {
          var a = 0, b = starts.length - 2;
          while (a < b) {
            var mid = (a + b + 1) >> 1;
            if (starts[mid] <= o) a = mid; else b = mid - 1;
          }
          if (o + ph.stems.length > starts[a + 1]) return; /* across two slides */
          var pg = pages[a + 1] || (pages[a + 1] = { page: a + 1, seen: {}, distinct: 0, n: 0 });
          if (!pg.seen[p]) { pg.seen[p] = true; pg.distinct++; }
          pg.n++;
        });
      });
    });
    return Object.keys(pages).map(function (k) { return pages[k]; }).map(function (pg) {
      return { page: pg.page, rank: pg.distinct * 1000 + Math.log(1 + pg.n) };
    }).sort(function (x, y) { return y.rank - x.rank || x.page - y.page; }).slice(0, max);
  }

  /* Up to 3 hits of a result, as doxsearch shows them: the best slide,
   * the abstract, the caption cue and the chapter that match best, more
   * slides, then the title and speakers.  pages: the best slides with
   * their text; cues: the talk's [start, end, text] or null.  A hit that
   * is a moment has at: its time in seconds (a slide's first time on
   * screen, a cue's or chapter's start). */
  function hitsOf(detail, pages, phrases, cues) {
    var pagePh = phrases.filter(function (ph) { return ph.field === 0 || ph.field === 7; });
    var slides = [], hits = [], at = detail.at || [];
    pages.forEach(function (pg) {
      var m = pg.text ? matchText(pg.text, pagePh) : null;
      var sn = m && snippet(pg.text, m);
      var t = at[pg.page - 1];
      if (sn) slides.push({ field: 'slides', page: pg.page, snippet: sn, at: typeof t === 'number' ? t : null });
    });
    function add(field, text) {
      var ph = phrases.filter(function (p) { return p.field === 0 || p.field === field; });
      var m = text && ph.length ? matchText(text, ph) : null;
      var sn = m && snippet(text, m);
      if (sn) hits.push({ field: FIELDS[field], page: 0, snippet: sn });
    }
    /* the moment (list of [start, ..., text]) with the most phrases, first */
    function addMoment(field, list) {
      var ph = phrases.filter(function (p) { return p.field === 0 || p.field === field; });
      var best = null;
      (ph.length ? list || [] : []).forEach(function (x) {
        var text = x[x.length - 1], m = typeof text === 'string' ? matchText(text, ph) : null;
        if (m && m.spans.length && (!best || m.distinct > best.m.distinct)) best = { m: m, x: x, text: text };
      });
      if (best) hits.push({ field: FIELDS[field], page: 0, at: best.x[0], snippet: snippet(best.text, best.m) });
    }
    if (slides.length) hits.push(slides[0]);
    add(5, detail.abstract);
    addMoment(8, cues);
    addMoment(9, detail.chapters);
    hits.push.apply(hits, slides.slice(1));
    add(1, detail.title);
    add(2, (detail.speakers || []).join(', '));
    add(3, detail.affil);
    add(6, (detail.tags || []).join(', '));
    add(4, [detail.event].concat(detail.venues || []).join(', '));
    return hits.slice(0, 3);
  }

  /* How a stem first appears in a talk's text (for "showing talks for"). */
  function surfaceOf(detail, pages, stem) {
    var texts = [detail.title].concat(detail.speakers || [], [detail.event, detail.abstract],
                                      pages.map(function (p) { return p.text; }));
    for (var i = 0; i < texts.length; i++) {
      var toks = tokenize(texts[i] || '');
      for (var k = 0; k < toks.length; k++)
        if (porter(toks[k].t) === stem) return texts[i].substring(toks[k].s, toks[k].e).toLowerCase();
    }
    return stem;
  }

  /* ---- search ------------------------------------------------------------ */

  /* search(index, text, {limit, details}) -> promise of {query, total,
   * results: [{n, id, score, detail, hits}], suggestion, corrected} or
   * {error}.  With details false only ids and scores. */
  function search(index, text, opts) {
    opts = opts || {};
    var limit = opts.limit || 10, q = parse(text);
    if (q.error) return Promise.resolve({ query: text, error: q.error });
    return index.meta().then(function (meta) {
      return run(index, meta, q).then(function (r) {
        if (r.error) return { query: text, error: r.error };
        var pre = !r.results.length && r.phrases.length ? suggest(index, meta, q) : Promise.resolve(null);
        return pre.then(function (over) {
          if (!over) return finish(r, null);
          return run(index, meta, q, over).then(function (r2) {
            return r2.results.length ? finish(r2, over) : finish(r, null);
          });
        });
      });
      function finish(r, over) {
        var top = r.results.slice(0, limit);
        var want = opts.details === false ? [] : top;
        return Promise.all(want.map(function (x) {
          return index.detail(x.n).then(function (d) {
            var best = d.text ? bestPages(d, x.n, r.phrases, 3) : [];
            /* the cues, when the captions are what matched */
            var inCaptions = d.cues && r.phrases.some(function (ph) {
              return (ph.field === 0 || ph.field === 8) &&
                (ph.hits.get(x.n) || []).some(function (c) { return c[0] === 7; });
            });
            return Promise.all([
              Promise.all(best.map(function (b) { return index.page(d.text, b.page); })),
              inCaptions ? index.get(d.cues).catch(function () { return null; }) : null
            ]).then(function (v) {
              return { d: d, cues: v[1],
                       pages: best.map(function (b, i) { return { page: b.page, text: v[0][i] }; }) };
            });
          });
        })).then(function (loaded) {
          var ds = loaded.map(function (l) { return l.d; });
          var out = {
            query: text, total: r.results.length, corrected: !!over, suggestion: null,
            results: top.map(function (x, i) {
              var d = ds[i] || null;
              return { n: x.n, id: d ? d.id : null, score: x.score, detail: d,
                       hits: d ? hitsOf(d, loaded[i].pages, r.phrases, loaded[i].cues) : [] };
            })
          };
          if (over) {
            var words = [];
            q.terms.forEach(function (t, i) {
              if (!over[i]) { words.push(t.text); return; }
              words.push(over[i].map(function (s) {
                return ds[0] ? surfaceOf(ds[0], loaded[0].pages, s) : s;
              }).join(' '));
            });
            out.suggestion = words.join(' ');
          }
          return out;
        });
      }
    });
  }

  /* ---- the page ----------------------------------------------------------- */

  /* Whether u may be a link or be fetched: http or https, or a relative
   * reference that no browser reads as having a scheme, without spaces or
   * control characters (which browsers drop: "java\tscript:" would run).
   * The twin of site_url_ok() in src/site_html.c. */
  function urlOk(u) {
    u = String(u);
    if (/[\u0000-\u0020\u007f]/.test(u)) return false;
    var m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(u);
    return !m || /^https?$/i.test(m[1]);
  }

  /* a.href = u when urlOk(u); else the element stays no link. */
  function setHref(a, u) {
    if (urlOk(u)) a.href = u;
    return a;
  }

  /* The value of the query parameter q of a query string, or null; text
   * that is no valid percent-encoding is taken as it is. */
  function queryParam(search) {
    var m = /[?&]q=([^&]*)/.exec(search), raw;
    if (!m) return null;
    raw = m[1].replace(/\+/g, ' ');
    try {
      return decodeURIComponent(raw);
    } catch (e) {
      return raw;
    }
  }

  /* "4:05", "1:02:03" */
  function clock(t) {
    var s = Math.floor(t), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    return (h ? h + ':' + (m < 10 ? '0' : '') : '') + m + ':' + (sec < 10 ? '0' : '') + sec;
  }

  /* seconds for #t= as the exporter writes them: at most 3 decimals */
  function fragSeconds(t) { return String(Math.round(Math.max(0, t) * 1000) / 1000); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function render(box, res, rootPath) {
    box.textContent = '';
    if (!res) return;
    var status = el('p', 'status');
    box.appendChild(status);
    if (res.error) { status.textContent = res.error; return; }
    if (res.corrected) status.textContent = 'Nothing found; showing talks for: ' + res.suggestion;
    else status.textContent = res.total === 1 ? '1 talk' : res.total + ' talks';
    if (!res.results.length) return;
    var ol = el('ol', 'hits');
    res.results.forEach(function (r) {
      /* under the search page's h1 the results are h2; elsewhere they come
       * before the page's own headings */
      var d = r.detail, li = el('li', 'hit'), h = el(box.id === 'search-page' ? 'h2' : 'h3');
      var a = el('a', null, d.title);
      if (d.url !== null && d.url !== undefined) setHref(a, rootPath + d.url);
      h.appendChild(a);
      li.appendChild(h);
      if (d.speakers && d.speakers.length) li.appendChild(el('p', 'by', d.speakers.join(', ')));
      li.appendChild(el('p', 'meta', [d.event, d.date, d.duration].filter(Boolean).join(' · ')));
      if (r.hits.length) {
        var ul = el('ul', 'snippets');
        r.hits.forEach(function (hit) {
          var item = el('li'), label, moment = typeof hit.at === 'number' && hit.at >= 0;
          var name = hit.page ? 'Slide ' + hit.page : hit.field === 'captions' ? 'Said'
            : hit.field === 'chapters' ? 'Chapter' : null;
          if (name && moment) name += ' at ' + clock(hit.at);
          if (name && d.url !== null && d.url !== undefined) {
            /* a moment opens the page playing from there; else the slide */
            label = el('a', 'where', name);
            if (moment && d.play) setHref(label, rootPath + d.url + '#t=' + fragSeconds(hit.at));
            else if (hit.page) setHref(label, rootPath + d.url + '#slide-' + hit.page);
            else label = el('span', 'where', name);
          } else {
            label = el('span', 'where', name || hit.field);
          }
          item.appendChild(label);
          item.appendChild(document.createTextNode(' '));
          hit.snippet.forEach(function (part) {
            item.appendChild(part.mark ? el('mark', null, part.text) : document.createTextNode(part.text));
          });
          ul.appendChild(item);
        });
        li.appendChild(ul);
      }
      ol.appendChild(li);
    });
    box.appendChild(ol);
  }

  /* browsers fetch nothing from a page opened from disk */
  var FILE_HINT = 'Search needs the site served over HTTP, not opened from disk. In the ' +
    "site's folder run: python3 -m http.server 8000 and open http://localhost:8000/";

  function start() {
    var body = document.body, rootPath = body.getAttribute('data-root') || '';
    var input = document.getElementById('q'), page = document.getElementById('search-page');
    var live = document.getElementById('search-results'), box = page || live;
    if (!input || !box) return;
    if (page && live) live.hidden = true;
    var index = new Index(function (path) {
      if (!urlOk(rootPath + path)) return Promise.reject(new Error(path + ': not a URL of this site'));
      return fetch(rootPath + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': ' + r.status);
        return r.json();
      });
    });
    var seq = 0, timer = null;
    function go() {
      var text = input.value.trim(), mine = ++seq;
      if (page && history.replaceState)
        history.replaceState(null, '', text ? '?q=' + encodeURIComponent(text) : location.pathname);
      if (!text) { render(box, null); box.hidden = !page; return; }
      search(index, text, { limit: 10 }).then(function (res) {
        if (mine !== seq) return;
        box.hidden = false;
        render(box, res, rootPath);
      }, function (e) {
        if (mine !== seq) return;
        box.hidden = false;
        render(box, { error: location.protocol === 'file:' ? FILE_HINT : 'search failed: ' + e.message }, rootPath);
      });
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(go, 120);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { input.value = ''; go(); }
    });
    if (!page) box.hidden = true;
    if (page) {
      var q = queryParam(location.search);
      if (q !== null) {
        input.value = q;
        go();
      }
    }
  }

  var api = { tokenize: tokenize, porter: porter, stems: stems, parse: parse, Index: Index,
              search: search, cmpBytes: cmpBytes, urlOk: urlOk, queryParam: queryParam };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.DxSearch = api;
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(this);
