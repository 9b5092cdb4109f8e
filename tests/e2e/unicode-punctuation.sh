#!/usr/bin/env bash
# unicode-punctuation.sh - punctuation is no word, ASCII or not: a query
# with "—" or "•" in it finds what it finds without them, and one of them
# alone is nothing to search for (exit 2), as "-" alone is.
#
# doxsearch prints "Title — Speaker" itself, so a result line pasted back
# as a query must find that talk.
. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'setup: ingest the archive' '
        ds ingest --no-align -q "$FIXTURES/archive"
'

test_expect_success 'ASCII punctuation is ignored: "docker -" finds Docker in Production' '
        expect_code 0 ds search -- docker - >out &&
        grep -q "^1. Docker in Production" out
'

# query|title of the first result
while IFS="|" read -r q first; do
        export q first
        test_expect_success "[$q] finds \"$first\"" '
                expect_code 0 ds "$q" >out &&
                head -n 1 out | sed -E "s/^1\. //; s/ — .*//" >actual &&
                echo "$first" >expect &&
                test_cmp expect actual
        '
done <<\EOF
Continuous Delivery at Spotify — Slava Kalmykov|Continuous Delivery at Spotify
Chaos Engineering — Lightning|Chaos Engineering Lightning Talk
docker • containers|Docker in Production
docker …|Docker in Production
EOF

while read -r q; do
        export q
        test_expect_success "[$q] alone is nothing to search for: exit 2" '
                expect_code 2 ds "$q" >out 2>err &&
                test "$(wc -l <err)" -eq 1
        '
done <<\EOF
—
•
…
EOF

test_done
