#!/usr/bin/env bash
# site: `doxsearch export site` through the real binaries on fixtures/: the
# pages, thumbnails and posters it writes, sound HTML5, escaping of every
# piece of archive text, nothing written outside OUTDIR, thumbnails cached
# by content (a re-export after one new talk renders only its deck), a deck
# that cannot be rendered named with its reason while the rest is written,
# and the exit codes.
#   bash tests/site/site.sh DOXSEARCH FIXTURES
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../e2e/lib.sh" "$@"
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# png_size FILE: "WIDTHxHEIGHT" from the PNG header
png_size() {
        $PY -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); assert d[:8]==b'\x89PNG\r\n\x1a\n'; print('%dx%d' % struct.unpack('>II', d[16:24]))" "$1"
}

ds ingest --no-align -q "$FIXTURES/archive" >/dev/null 2>ingest.err

test_expect_success 'export site writes the site, exit 0, a summary, warnings for what links lack' '
        expect_code 0 ds export site out >summary 2>err &&
        printf "%s\n" "doxsearch: warning: --media-url: not given: 7 recordings are not played on the talk pages (give the URL the archive'"'"'s folder is served under, absolute or relative to the site)" \
                "doxsearch: warning: --base-url: not given: the feed'"'"'s links, link previews and the talks'"'"' structured data have relative URLs, which feed readers and search engines may not resolve" >expect &&
        test_cmp expect err &&
        expect_code 0 ds export site --media-url m --base-url https://x.example/ out >/dev/null 2>err &&
        test_cmp /dev/null err &&
        ds export site out >/dev/null 2>&1 &&
        grep -q "^8 talks in 3 events, 8 speakers: 19 pages; 57 slide thumbnails (7 decks rendered, 0 cached), 5 posters (5 rendered, 0 cached)" summary &&
        for f in index.html search.html feed.xml style.css search.js player.js favicon.svg speakers/index.html search/meta.json; do
                test -s out/$f || { echo "missing $f" >&7; exit 1; }
        done &&
        test "$(ls out/talks | wc -l)" = 8 && test "$(ls out/speakers | wc -l)" = 9
'

test_expect_success 'every slide is a thumbnail 320 px wide with an anchor, its text and alt text' '
        test "$(find out/slides -name "*.png" | wc -l)" = 57 &&
        t=out/talks/2020-01-doxlon_continuous-delivery-at-spotify.html &&
        for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
                grep -q "<li id=\"slide-$n\">" $t || { echo "no slide-$n" >&7; exit 1; }
        done &&
        img=$(tr "\n" " " <$t | grep -o "src=\"../slides/[0-9a-f]*/6.png\" alt=\"Our CI system[^\"]*Tingle") &&
        test -n "$img" &&
        test "$(png_size out/$(echo "$img" | sed "s|src=\"../||; s|\" alt=.*||") | cut -dx -f1)" = 320
'

test_expect_success 'a poster frame per video, 640 px wide; none for audio-only talks' '
        test "$(ls out/posters | wc -l)" = 5 &&
        for p in out/posters/*.png; do test "$(png_size $p | cut -dx -f1)" = 640 || exit 1; done &&
        ! grep -q "posters/" out/talks/2023-06-15-doxlon_gitops-in-practice.html
'

test_expect_success 'talk page: speakers, event, venues, date, length, tags, abstract' '
        t=out/talks/2020-01-doxlon_continuous-delivery-at-spotify.html &&
        grep -q "<h1>Continuous Delivery at Spotify</h1>" $t &&
        grep -q "<a href=\"../speakers/slava-kalmykov.html\">Slava Kalmykov</a> <span class=\"affil\">(Senior Software Engineer, Spotify)</span>" $t &&
        grep -q "DevOps Exchange London - January 2020</a>" $t &&
        grep -q "<dt>Venues</dt><dd>Worldpay HQ, LinuxRecruit HQ" $t &&
        grep -q "<time>2020-01-28</time>" $t &&
        grep -q "<dt>Length</dt><dd>7:00</dd>" $t &&
        grep -q "<li>continuous-delivery</li>" $t &&
        grep -q "keep continuous delivery safe" $t
'

test_expect_success 'index: events newest first; speaker pages list their talks' '
        grep -o "<h2>[^<]*</h2>" out/index.html >events &&
        printf "%s\n" "<h2>2023-06-15-doxlon</h2>" "<h2>DevOps Exchange London - January 2020</h2>" \
                "<h2>DevOps Exchange London - March 2016</h2>" >expect &&
        test_cmp expect events &&
        grep -q "talks/2020-01-doxlon_100-days-of-sre.html" out/speakers/mark-knoop.html &&
        grep -q "Ana Müller" out/speakers/ana-muller.html
'

test_expect_success 'pages are valid HTML5 with alt text, unique ids and links that lead somewhere' '
        $PY -c "import html5lib" 2>&7 &&
        $PY "$HERE/check-html.py" out >&7
'

test_expect_success 'Atom feed: one entry per talk, newest first' '
        test "$(grep -c "<entry>" out/feed.xml)" = 8 &&
        grep -o "<updated>[^<]*</updated>" out/feed.xml | head -2 >upd &&
        printf "%s\n" "<updated>2023-06-15T00:00:00Z</updated>" "<updated>2023-06-15T00:00:00Z</updated>" >expect &&
        test_cmp expect upd
'

test_expect_success '--media-url: a player of the recording, chapters that seek (#t=SECONDS), the deck; --base-url the feed' '
        ds export site --media-url https://media.example.org/doxlon --base-url https://talks.example.org/ out >/dev/null &&
        t=out/talks/2020-01-doxlon_100-days-of-sre.html &&
        grep -q "<video data-dx-player controls preload=\"metadata\" src=\"https://media.example.org/doxlon/2020-01-doxlon/100-days-of-sre.mp4\" poster=\"../posters/[0-9a-f]*.png\">" $t &&
        grep -q "href=\"https://media.example.org/doxlon/2020-01-doxlon/100-days-of-sre.mp4\">▶ Watch the recording" $t &&
        grep -q "<a class=\"deck\" download href=\"https://media.example.org/doxlon/2020-01-doxlon/100-days-of-sre.pdf\">Download the slides (PDF)</a>" $t &&
        grep -q "<li><a href=\"#t=60\"><span class=\"at\">1:00</span> The first 100 days</a></li>" $t &&
        test "$(grep -c "<li><a href=\"#t=[0-9]*\"><span class=\"at\">" $t)" = 3 &&
        grep -q "<audio data-dx-player controls preload=\"metadata\" src=\"https://media.example.org/doxlon/2023-06-15-doxlon/gitops-in-practice.opus\">" \
                out/talks/2023-06-15-doxlon_gitops-in-practice.html &&
        grep -q "<link href=\"https://talks.example.org/talks/2020-01-doxlon_100-days-of-sre.html\"/>" out/feed.xml &&
        grep -q "<meta property=\"og:image\" content=\"https://talks.example.org/posters/[0-9a-f]*.png\">" $t &&
        grep -q "<meta property=\"og:video\" content=\"https://media.example.org/doxlon/2020-01-doxlon/100-days-of-sre.mp4\">" $t &&
        $PY "$HERE/check-jsonld.py" out "The first 100 days" "Mark Knoop" >&7 &&
        $PY "$HERE/check-html.py" out >&7
'

test_expect_success 'a relative --media-url is the site'"'"'s folder: ../ from a talk page; JSON-LD absolute under --base-url' '
        ds export site --media-url media --base-url https://talks.example.org/doxlon out >/dev/null &&
        t=out/talks/2020-01-doxlon_100-days-of-sre.html &&
        grep -q "<video data-dx-player [^>]*src=\"../media/2020-01-doxlon/100-days-of-sre.mp4\"" $t &&
        grep -q "\"contentUrl\":\"https://talks.example.org/doxlon/media/2020-01-doxlon/100-days-of-sre.mp4\"" $t &&
        ds export site --media-url ../archive --base-url https://talks.example.org/doxlon/ out >/dev/null &&
        grep -q "<video data-dx-player [^>]*src=\"../../archive/2020-01-doxlon/100-days-of-sre.mp4\"" $t &&
        grep -q "\"contentUrl\":\"https://talks.example.org/archive/2020-01-doxlon/100-days-of-sre.mp4\"" $t &&
        ds export site --media-url /files --base-url https://talks.example.org/doxlon/ out >/dev/null &&
        grep -q "<video data-dx-player [^>]*src=\"/files/2020-01-doxlon/100-days-of-sre.mp4\"" $t &&
        grep -q "\"contentUrl\":\"https://talks.example.org/files/2020-01-doxlon/100-days-of-sre.mp4\"" $t
'

test_expect_success '--title names the site in every page and the feed' '
        ds export site --title "Doxlon <talks> & more" titled >/dev/null 2>&1 &&
        grep -q "<a class=\"brand\" href=\"index.html\">Doxlon &lt;talks&gt; &amp; more</a>" titled/index.html &&
        grep -q "<title>Continuous Delivery at Spotify — Doxlon &lt;talks&gt; &amp; more</title>" \
                titled/talks/2020-01-doxlon_continuous-delivery-at-spotify.html &&
        grep -q "<title>Doxlon &lt;talks&gt; &amp; more</title>" titled/feed.xml &&
        ! grep -rq "Talk archive" titled --include=*.html --include=*.xml
'

test_expect_success 'captions become WebVTT tracks (SubRip converted), one per language, and a transcript' '
        "$DOXSEARCH" --db caps.db ingest --no-align -q "$FIXTURES/captions" >/dev/null &&
        "$DOXSEARCH" --db caps.db export site -q --media-url https://m.example.org/a caps 2>/dev/null &&
        t=caps/talks/2024-02-captions_srt-talk.html &&
        grep -q "<track kind=\"captions\" src=\"../captions/2024-02-captions_srt-talk-0.vtt\" label=\"Captions\" default>" $t &&
        head -1 caps/captions/2024-02-captions_srt-talk-0.vtt >first && echo WEBVTT >expect && test_cmp expect first &&
        grep -B1 "canary rollback" caps/captions/2024-02-captions_srt-talk-0.vtt | head -1 | grep -q "^00:00:06.500 --> 00:00:" &&
        ! grep -q "," caps/captions/2024-02-captions_srt-talk-0.vtt &&
        ! grep -q "$(printf "\r")" caps/captions/2024-02-captions_srt-talk-0.vtt &&
        grep -q "<li data-t=\"6.5\" data-e=\"[0-9.]*\"><a href=\"#t=6.5\">0:06</a> [^<]*canary rollback" $t &&
        m=caps/talks/2024-02-captions_subrip-talk.html &&
        test "$(grep -c "<track kind=\"captions\"" $m)" = 2 &&
        grep -q "<track kind=\"captions\" src=\"[^\"]*\" srclang=\"eng\" label=\"eng\"" $m &&
        grep -q "<track kind=\"captions\" src=\"[^\"]*\" srclang=\"fra\" label=\"fra\"" $m &&
        "$DOXSEARCH" --db caps.db export site -q caps-nomedia 2>/dev/null &&
        grep -q "<li><span class=\"at\">0:06</span> [^<]*canary rollback" caps-nomedia/talks/2024-02-captions_srt-talk.html &&
        $PY "$HERE/check-html.py" caps >&7 && $PY "$HERE/check-html.py" caps-nomedia >&7
'

test_expect_success 'a --base-url or --media-url that is no http(s) URL or relative path: exit 2' '
        for u in "javascript:alert(1)//" "JavaScript:alert(1)" "data:text/html,x" "vbscript:x" \
                " javascript:alert(1)" "$(printf "java\tscript:alert(1)")" "media:files/"; do
                expect_code 2 ds export site --media-url "$u" js 2>err &&
                grep -q "^doxsearch: --media-url .*: not an http(s) URL or a relative path" err &&
                expect_code 2 ds export site --base-url "$u" js 2>err &&
                grep -q "^doxsearch: --base-url .*: not an http(s) URL or a relative path" err ||
                        { echo "accepted: $u" >&7; exit 1; }
        done &&
        ! test -e js &&
        ds export site --media-url ./media:files --base-url HTTPS://talks.example.org js >/dev/null &&
        grep -q "href=\"../media:files/2020-01-doxlon/100-days-of-sre.mp4\"" \
                js/talks/2020-01-doxlon_100-days-of-sre.html &&
        grep -q "<link href=\"HTTPS://talks.example.org/index.html\"/>" js/feed.xml
'

test_expect_success 're-export renders nothing again and gives the same pages' '
        ds export site out >summary &&
        grep -q "(0 decks rendered, 7 cached), 5 posters (0 rendered, 5 cached)" summary &&
        ds export site again >/dev/null &&
        ds export site again >/dev/null &&
        diff -r out/search again/search >&7 && cmp out/index.html again/index.html &&
        cmp out/talks/2016-03-doxlon_docker-in-production.html again/talks/2016-03-doxlon_docker-in-production.html
'

test_expect_success 'one new talk: only its deck is rendered, the others keep their files' '
        cp -r "$FIXTURES/archive" arch &&
        "$DOXSEARCH" --db inc.db ingest --no-align -q arch >/dev/null &&
        "$DOXSEARCH" --db inc.db export site inc >/dev/null &&
        touch -d "2000-01-01" inc/slides/*/1.png inc/text/*/1.json &&
        mkdir arch/2024-01-new &&
        cp "$FIXTURES/archive/2020-01-doxlon/100-days-of-sre.pdf" arch/2024-01-new/new-talk.pdf &&
        printf "%% a different deck\n" >>arch/2024-01-new/new-talk.pdf &&
        "$DOXSEARCH" --db inc.db ingest --no-align -q arch >/dev/null &&
        "$DOXSEARCH" --db inc.db export site inc >summary &&
        grep -q "^9 talks.*(1 deck rendered, 7 cached)" summary &&
        test "$(ls inc/text | wc -l)" = 8 &&
        test "$(find inc/text -name 1.json ! -newermt 2000-01-02 | wc -l)" = 7 &&
        test "$(find inc/slides -name 1.png ! -newermt 2000-01-02 | wc -l)" = 7 &&
        test -s inc/talks/2024-01-new_new-talk.html
'

test_expect_success 'a removed talk leaves: its page and thumbnails are deleted' '
        rm -r arch/2024-01-new &&
        "$DOXSEARCH" --db inc.db ingest --no-align -q arch >/dev/null &&
        "$DOXSEARCH" --db inc.db export site inc >/dev/null &&
        ! test -e inc/talks/2024-01-new_new-talk.html &&
        test "$(ls inc/slides | wc -l)" = 7 && test "$(ls inc/text | wc -l)" = 7
'

test_expect_success 'markup in titles, names, abstracts, tags and venues shows as text' '
        $PY "$HERE/make-xss-archive.py" "$FIXTURES" xss &&
        "$DOXSEARCH" --db xss.db ingest --no-align -q xss/archive >/dev/null &&
        expect_code 0 "$DOXSEARCH" --db xss.db export site xss/site >/dev/null &&
        ! grep -rq -e "<img src=x" -e "<script>alert" -e "<b onmouseover" -e "<svg" -e "<iframe" \
                -e "<a href=javascript" xss/site --include=*.html --include=*.xml &&
        grep -q "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" xss/site/talks/*.html &&
        grep -q "<h1>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>" xss/site/talks/*.html &&
        grep -q "&lt;b onmouseover=alert(2)&gt;Eve&lt;/b&gt; &amp; Co" xss/site/index.html &&
        $PY "$HERE/check-html.py" xss/site >&7
'

test_expect_success 'markup in captions, chapter titles and JSON-LD (clip names, a title "</script><script>") stays text' '
        expect_code 0 "$DOXSEARCH" --db xss.db export site --media-url https://m.example.org/ xss/ld 2>/dev/null >/dev/null &&
        ! grep -rq -e "<img src=x" -e "<script>alert" -e "</script><" xss/ld --include=*.html --include=*.vtt &&
        grep -q "<li data-t=\"1\" data-e=\"4\"><a href=\"#t=1\">0:01</a> &lt;/script&gt;&lt;script&gt;alert(12)&lt;/script&gt; --&gt; 00:00:09,000</li>" xss/ld/talks/*.html &&
        grep -q "^&lt;img src=x onerror=alert(13)&gt; &amp;" xss/ld/captions/*.vtt &&
        test "$(grep -c -- "-->" xss/ld/captions/*.vtt)" = 2 &&
        grep -q "<span class=\"at\">0:00</span> &lt;/script&gt;&lt;script&gt;alert(10)&lt;/script&gt;</a>" xss/ld/talks/*.html &&
        $PY "$HERE/check-jsonld.py" xss/ld "</script><script>alert(10)</script>" "<img src=x onerror=alert(11)>" \
                "\"><script>alert(1)</script>" "<img src=x onerror=alert(1)>" >&7 &&
        $PY "$HERE/check-html.py" xss/ld >&7
'

test_expect_success 'the exported search.js makes links by the rule the exporter writes them by' '
        node "$HERE/urls.js" out/search.js "$HERE/url-cases.tsv" >&7
'

test_expect_success 'a media folder named javascript:alert(...) and --media-url "": every URL is http(s) or relative' '
        expect_code 0 "$DOXSEARCH" --db xss.db export site --media-url "" xss/media >/dev/null &&
        grep -q "<a class=\"watch\" href=\"../javascript%3Aalert(%27x%27)/talk.mp4\">" xss/media/talks/*.html &&
        $PY "$HERE/check-urls.py" xss/media >&7 &&
        $PY "$HERE/check-urls.py" xss/site >&7
'

test_expect_success 'speakers with names of 400 characters: a page each, names that fit, links that lead there' '
        ls xss/site/speakers >names &&
        test "$(grep -c "^maximilian-muller" names)" = 3 &&
        test "$(awk "length > 255" names | wc -l)" = 0 &&
        for p in $(grep "^maximilian-muller" names); do
                grep -q "href=\"../speakers/$p\"" xss/site/talks/*.html || exit 1
        done
'

test_expect_success 'a failed re-export (a full disk) leaves the old site as it was, and no folder beside it' '
        cp -r "$FIXTURES/archive" grow &&
        "$DOXSEARCH" --db grow.db ingest --no-align -q grow >/dev/null &&
        "$DOXSEARCH" --db grow.db export site -q full &&
        mkdir grow/2024-01-new &&
        cp "$FIXTURES/archive/2020-01-doxlon/100-days-of-sre.pdf" grow/2024-01-new/new-talk.pdf &&
        "$DOXSEARCH" --db grow.db ingest --no-align -q grow >/dev/null &&
        (cd full && find . -exec ls -ld --time-style=+%s {} + | sort && find . -type f -exec cksum {} + | sort) >before &&
        touch after beside beside2 && ls -A | grep -v "[.]db" >beside &&
        # files of at most 24 kB: search.js, written last, does not fit
        expect_code 2 bash -c "trap \"\" XFSZ; ulimit -f 24; exec \"\$0\" --db grow.db export site -q full" \
                "$DOXSEARCH" 2>err &&
        grep -q "^doxsearch: full/search.js: File too large" err &&
        (cd full && find . -exec ls -ld --time-style=+%s {} + | sort && find . -type f -exec cksum {} + | sort) >after &&
        test_cmp before after &&
        ls -A | grep -v "[.]db" >beside2 && test_cmp beside beside2 &&
        "$DOXSEARCH" --db grow.db export site -q full &&
        test -s full/talks/2024-01-new_new-talk.html &&
        ls -A | grep -v "[.]db" >beside2 && test_cmp beside beside2
'

if unshare -m true 2>/dev/null; then
        test_expect_success 'OUTDIR a mount point: the new site is made inside it, a failure leaves it as it was' '
                unshare -m bash "$HERE/mount-point.sh" "$DOXSEARCH" grow.db mnt >&7 2>&1
        '
else
        test_skip 'OUTDIR a mount point (no mount namespace here)'
fi

test_expect_success 're-export keeps other files in OUTDIR; a folder of other files is refused' '
        echo talks.example.org >full/CNAME && mkdir full/.well-known && echo x >full/.well-known/y &&
        "$DOXSEARCH" --db grow.db export site -q full &&
        test "$(cat full/CNAME)" = talks.example.org && test "$(cat full/.well-known/y)" = x &&
        mkdir other && echo mine >other/notes.txt &&
        expect_code 2 ds export site other 2>err &&
        grep -q "^doxsearch: other: holds files but no exported site" err &&
        test "$(ls -A other)" = notes.txt
'

test_expect_success 'nothing is written outside OUTDIR' '
        mkdir -p box && touch box/.mark && sleep 1 &&
        ds export site box/site/ >/dev/null &&
        find . -newer box/.mark ! -path "./box/site*" ! -path "./box" ! -path "." ! -name "index.db*" ! -name outside >outside &&
        test_cmp /dev/null outside
'

test_expect_success 'a deck that cannot be rendered: named with the reason, the rest written, exit 1' '
        cp -r "$FIXTURES/archive" broken &&
        "$DOXSEARCH" --db broken.db ingest --no-align -q broken >/dev/null &&
        printf "not a pdf" >broken/2016-03-doxlon/docker-in-production.pdf &&
        expect_code 1 "$DOXSEARCH" --db broken.db export site bsite >summary 2>err &&
        grep -q "^doxsearch: .*broken/2016-03-doxlon/docker-in-production.pdf: " err &&
        test "$(grep -cv "^doxsearch: warning: --\(media\|base\)-url: not given" err)" = 1 &&
        grep -q "1 failed" summary &&
        test -s bsite/talks/2016-03-doxlon_docker-in-production.html &&
        grep -q "No thumbnails" bsite/talks/2016-03-doxlon_docker-in-production.html &&
        test "$(ls bsite/slides | wc -l)" = 6
'

test_expect_success 'usage errors: no OUTDIR, OUTDIR a file, site options on other formats' '
        expect_code 2 ds export site 2>err && grep -q "where to?" err &&
        touch afile && expect_code 2 ds export site afile 2>err && grep -q "afile: is not a folder" err &&
        expect_code 2 ds export json --media-url x y.json 2>err && grep -q "are for site" err &&
        expect_code 2 ds export site --thumb-width 3 w 2>err
'

test_expect_success 'doxsearch itself still loads neither poppler nor FFmpeg' '
        ! ldd "$DOXSEARCH" | grep -q -e poppler -e libavcodec -e cairo
'

test_done
