#!/usr/bin/env bash
# search.sh - ingest the fixture archive and search it as a person would:
# the summary line, the ranked results with their hits, list, show, stats.
# The one e2e test that ingests the archive as it is, slides put on the
# timeline too (the others use --no-align; see lib.sh).
. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'ingest of the archive exits 0 and prints the summary line' '
        expect_code 0 ds ingest "$FIXTURES/archive" >out 2>err &&
        echo "8 talks in 3 events: 8 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 0 failed; 14 files read, 57 pages, T s" >expect &&
        echo "slides on the timeline: 0 recordings aligned (0 with low confidence), 4 never show their slides, 0 could not be aligned" >>expect &&
        summary_of out >actual &&
        test_cmp expect actual &&
        test_cmp /dev/null err
'

test_expect_success 'ingest aligned the talks with a video and slides; their recordings never show them' '
        for t in 2016-03-doxlon_docker-in-production 2020-01-doxlon_100-days-of-sre \
                2020-01-doxlon_continuous-delivery-at-spotify 2023-06-15-doxlon_platform-engineering; do
                expect_code 1 ds show --timeline $t 2>err &&
                echo "doxsearch: $t: the recording never shows its slides" >expect &&
                test_cmp expect err || exit 1
        done &&
        expect_code 1 ds show --timeline 2016-03-doxlon_monitoring-microservices 2>err &&
        grep -q "^doxsearch: 2016-03-doxlon_monitoring-microservices: no timeline" err
'

test_expect_success '"continuous delivery": Continuous Delivery at Spotify first, by Slava Kalmykov' '
        expect_code 0 ds "continuous delivery" >out 2>err &&
        cat >expect <<-\EOF &&
	1. Continuous Delivery at Spotify — Slava Kalmykov (Senior Software Engineer, Spotify)
	   DevOps Exchange London - January 2020, 2020-01-28 · 7:00 · 2020-01-doxlon_continuous-delivery-at-spotify
	EOF
        head -n 2 out >actual &&
        test_cmp expect actual &&
        test_cmp /dev/null err
'

test_expect_success '"continuous delivery": the three talks that say it, Spotify, GitOps, Docker' '
        ds "continuous delivery" >out &&
        cat >expect <<-\EOF &&
	1. Continuous Delivery at Spotify — Slava Kalmykov (Senior Software Engineer, Spotify)
	2. GitOps in Practice — Sam O'"'"'Neill
	3. Docker in Production — Jane Ironside (Platform Engineer, Acme Payments)
	EOF
        grep "^[0-9]*\. " out >actual &&
        test_cmp expect actual &&
        grep -q "^   slide 7: .*\[continuous delivery\]" out
'

test_expect_success 'Knoop finds 100 days of SRE' '
        expect_code 0 ds Knoop >out 2>err &&
        cat >expect <<-\EOF &&
	1. 100 days of SRE — Mark Knoop (SRE Practice Lead, Worldpay)
	   DevOps Exchange London - January 2020, 2020-01-28 · 5:00 · 2020-01-doxlon_100-days-of-sre
	   slide 1: 100 days of SRE Mark [Knoop] SRE Practice Lead, Worldpay DevOps Exchange London - January 2020
	   speakers: Mark [Knoop]
	EOF
        test_cmp expect out &&
        test_cmp /dev/null err
'

test_expect_success 'tingle is on slide 6 of the Spotify deck, and nowhere else' '
        expect_code 0 ds tingle >out 2>err &&
        cat >expect <<-\EOF &&
	1. Continuous Delivery at Spotify — Slava Kalmykov (Senior Software Engineer, Spotify)
	   DevOps Exchange London - January 2020, 2020-01-28 · 7:00 · 2020-01-doxlon_continuous-delivery-at-spotify
	   slide 6: Our CI system • [Tingle]: our CI build system runs every commit • Builds run in ephemeral containers…
	EOF
        test_cmp expect out &&
        test_cmp /dev/null err
'

test_expect_success 'search is also a command, with the same output' '
        ds tingle >expect &&
        ds search tingle >actual &&
        test_cmp expect actual
'

# query -> the title of the first result (data: one row per line)
while IFS="|" read -r query first; do
        test_expect_success "query [$query] finds \"$first\" first" '
                set -f &&
                expect_code 0 ds $query >out &&
                head -n 1 out | sed -E "s/^1\. //; s/ — .*//" >actual &&
                echo "$first" >expect &&
                test_cmp expect actual
        '
done <<\EOF
speaker:knoop|100 days of SRE
speaker:"slava kalmykov"|Continuous Delivery at Spotify
slides:"error budget"|100 days of SRE
company:spotify|Continuous Delivery at Spotify
title:docker|Docker in Production
tag:chaos|Chaos Engineering Lightning Talk
slides:zipkin|Monitoring Microservices
backstage|Continuous Delivery at Spotify
muller|Platform Engineering Is Product Management
kalmyk*|Continuous Delivery at Spotify
finops|FinOps in Five Minutes
argo flux|GitOps in Practice
CI/CD|Continuous Delivery at Spotify
EOF

test_expect_success '--limit shows fewer talks and says how many there are' '
        expect_code 0 ds --limit 1 "continuous delivery" >out &&
        expect_lines 1 "1. Continuous Delivery at Spotify" out &&
        expect_lines 0 "2. " out &&
        expect_lines 1 "1 of 3 talks shown (--limit, --offset for more)" out
'

test_expect_success '--offset skips the first talks and keeps the ranks' '
        expect_code 0 ds search --offset 1 "continuous delivery" >out &&
        head -n 1 out >actual &&
        echo "2. GitOps in Practice — Sam O'"'"'Neill" >expect &&
        test_cmp expect actual
'

test_expect_success 'list: every talk, newest event first' '
        expect_code 0 ds list >out 2>err &&
        cat >expect <<-\EOF &&
	2023-06-15       -  FinOps in Five Minutes — Lee Chen  2023-06-15-doxlon_finops-lightning
	2023-06-15    3:20  GitOps in Practice — Sam O'"'"'Neill  2023-06-15-doxlon_gitops-in-practice
	2023-06-15    5:30  Platform Engineering Is Product Management — Ana Müller  2023-06-15-doxlon_platform-engineering
	2020-01-28    5:00  100 days of SRE — Mark Knoop  2020-01-doxlon_100-days-of-sre
	2020-01-28    7:00  Continuous Delivery at Spotify — Slava Kalmykov  2020-01-doxlon_continuous-delivery-at-spotify
	2016-03-22    6:00  Docker in Production — Jane Ironside  2016-03-doxlon_docker-in-production
	2016-03-22    4:00  Monitoring Microservices — Priya Raman  2016-03-doxlon_monitoring-microservices
	2016-03-22    3:00  Chaos Engineering Lightning Talk — Tomás Ó Briain  2016-03-doxlon_chaos-engineering
	EOF
        test_cmp expect out &&
        test_cmp /dev/null err
'

test_expect_success 'show: a talk by a unique part of its title' '
        expect_code 0 ds show "100 days" >out 2>err &&
        cat >expect <<-\EOF &&
	100 days of SRE
	id         2020-01-doxlon_100-days-of-sre
	speakers   Mark Knoop (SRE Practice Lead, Worldpay)
	event      DevOps Exchange London - January 2020
	date       2020-01-28
	venues     Worldpay HQ, LinuxRecruit HQ
	room       Worldpay HQ
	tags       sre, slo
	duration   5:00
	video      2020-01-doxlon/100-days-of-sre.mp4
	slides     2020-01-doxlon/100-days-of-sre.pdf
	EOF
        head -n 11 out >actual &&
        test_cmp expect actual &&
        expect_lines 1 "  chapter 0:00-1:00 Why SRE" out &&
        expect_lines 1 "  chapter 1:00-4:00 The first 100 days" out &&
        expect_lines 1 "  chapter 4:00-5:00 Lessons" out &&
        expect_lines 1 "Slides  10 pages, \"100 days of SRE\" by Mark Knoop" out &&
        expect_lines 1 "   10  " out &&
        test_cmp /dev/null err
'

test_expect_success 'show by id is the same as by title' '
        ds show "100 days" >expect &&
        ds show 2020-01-doxlon_100-days-of-sre >actual &&
        test_cmp expect actual
'

test_expect_success 'stats: what the index holds' '
        expect_code 0 ds stats >out &&
        cat >expect <<-\EOF &&
	events      3
	talks       8 (7 with a recording, 7 with slides, 0 with captions)
	speakers    8
	recorded    0.6 hours
	pages       57
	cues        0
	files       16 (0 with problems)
	EOF
        sed 1d out >actual &&
        test_cmp expect actual
'

test_done
