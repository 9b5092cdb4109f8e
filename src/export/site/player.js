/*
 * player.js - a talk page's player: the slide on screen follows the
 * playback (from the slide timeline the exporter wrote into
 * data-dx-timeline: "START END PAGE;..."), the current slide, chapter and
 * transcript line are marked, and every link to a moment (#t=SECONDS: the
 * slides, chapters, transcript, and a search hit opening the page) seeks
 * the player there.  No dependencies, no requests but the slide images of
 * this site; URLs pass DxSearch.urlOk() (search.js), the site's one rule.
 */
(function () {
  'use strict';

  function start() {
    var player = document.querySelector('[data-dx-player]');
    if (!player) return;
    var box = player.closest('section') || document.body;
    var now = document.querySelector('[data-dx-current-slide]');
    var img = now && now.querySelector('img'), cap = now && now.querySelector('figcaption');
    var dir = box.getAttribute('data-dx-slides') || '';
    var urlOk = window.DxSearch && window.DxSearch.urlOk;
    var spans = (box.getAttribute('data-dx-timeline') || '').split(';').map(function (s) {
      var v = s.split(' ').map(Number);
      return { s: v[0], e: v[1], p: v[2] };
    }).filter(function (x) { return x.e > x.s && x.p > 0; });
    var cues = [].slice.call(document.querySelectorAll('ol.cues li[data-t]')).map(function (li) {
      return { li: li, s: Number(li.getAttribute('data-t')), e: Number(li.getAttribute('data-e')) };
    });
    var chapters = [].slice.call(document.querySelectorAll('ol.chapters li')).map(function (li) {
      var a = li.querySelector('a[href^="#t="]');
      return { li: li, s: a ? seconds(a.getAttribute('href')) : NaN };
    }).filter(function (c) { return !isNaN(c.s); });
    var marked = [], shownPage = -1;

    function mark(li) {
      if (!li) return;
      li.classList.add('now');
      li.setAttribute('aria-current', 'true');
      marked.push(li);
    }

    /* the slide on screen at t: 0 between slides */
    function pageAt(t) {
      for (var i = spans.length - 1; i >= 0; i--)
        if (spans[i].s <= t + 1e-6) return t < spans[i].e ? spans[i].p : 0;
      return 0;
    }

    function showSlide(p) {
      if (!now || p === shownPage) return;
      shownPage = p;
      now.setAttribute('data-dx-current-slide', String(p));
      if (p > 0) {
        var u = dir + p + '.png', thumb = document.querySelector('#slide-' + p + ' img');
        if (urlOk && urlOk(u)) img.src = u;
        img.alt = thumb ? thumb.alt : 'Slide ' + p;
        cap.textContent = 'Slide ' + p;
      } else {
        cap.textContent = 'No slide on screen';
      }
    }

    function follow(t) {
      marked.forEach(function (li) { li.classList.remove('now'); li.removeAttribute('aria-current'); });
      marked = [];
      var p = pageAt(t);
      if (spans.length) showSlide(p);
      if (p > 0) mark(document.getElementById('slide-' + p));
      var ch = null;
      chapters.forEach(function (c) { if (c.s <= t + 1e-6) ch = c; });
      if (ch) mark(ch.li);
      cues.forEach(function (c) {
        if (c.s <= t + 1e-6 && t < c.e) {
          mark(c.li);
          var list = c.li.parentNode;
          if (!list.matches(':hover') && !list.contains(document.activeElement) &&
              (c.li.offsetTop < list.scrollTop ||
               c.li.offsetTop + c.li.offsetHeight > list.scrollTop + list.clientHeight))
            list.scrollTop = c.li.offsetTop - list.clientHeight / 3;
        }
      });
    }

    /* "#t=12.5" -> 12.5; NaN for anything else */
    function seconds(hash) {
      var m = /^#t=(\d+(?:\.\d+)?)$/.exec(hash || '');
      return m ? Number(m[1]) : NaN;
    }

    function seek(t, play) {
      try { player.currentTime = t; } catch (e) { /* before the metadata: see loadedmetadata */ }
      pending = t;
      follow(t);
      if (play) {
        var p = player.play();
        if (p && p.catch) p.catch(function () { /* the browser wants a gesture first */ });
      }
    }

    var pending = NaN;
    player.addEventListener('loadedmetadata', function () {
      if (!isNaN(pending) && Math.abs(player.currentTime - pending) > 0.5) player.currentTime = pending;
    });
    player.addEventListener('timeupdate', function () { follow(player.currentTime); });
    player.addEventListener('seeked', function () { pending = NaN; follow(player.currentTime); });

    document.addEventListener('click', function (e) {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      var a = e.target.closest && e.target.closest('a[href^="#t="]');
      var t = a ? seconds(a.getAttribute('href')) : NaN;
      if (isNaN(t)) return;
      e.preventDefault();
      if (history.replaceState) history.replaceState(null, '', a.getAttribute('href'));
      seek(t, true);
      /* a slide far down the page: bring the player into view */
      var r = player.getBoundingClientRect();
      if (!box.contains(a) && (r.bottom < 0 || r.top > window.innerHeight)) player.scrollIntoView({ block: 'nearest' });
    });
    window.addEventListener('hashchange', function () {
      var t = seconds(location.hash);
      if (!isNaN(t)) seek(t, true);
    });
    var t0 = seconds(location.hash);
    if (!isNaN(t0)) {
      seek(t0, true);
      box.scrollIntoView();
    } else {
      follow(0);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
