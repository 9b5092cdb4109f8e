#!/usr/bin/env bash
# unreadable.sh - a slide deck that cannot be opened (mode 000): ingest
# names it once with "Permission denied", exits 1, and indexes the rest.
. "$(dirname "$0")/lib.sh" "$@"

mkdir arc && cp -R "$FIXTURES/archive/2020-01-doxlon" arc/ || exit 2
if ! unprivileged_setup; then
        test_skip "${UNPRIVILEGED_WHY:-cannot run as an unprivileged user}"
        test_done
fi
chmod 000 arc/2020-01-doxlon/100-days-of-sre.pdf

test_expect_success 'an unreadable PDF: exit 1, named once with Permission denied' '
        expect_code 1 ds_as ingest --no-align arc >out 2>err &&
        echo "doxsearch: arc/2020-01-doxlon/100-days-of-sre.pdf: cannot read: Permission denied" >expect &&
        test_cmp expect err &&
        echo "2 talks in 1 event: 2 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 1 failed; 4 files read, 12 pages, T s" >expect &&
        summary_of out >actual &&
        test_cmp expect actual
'

test_expect_success 'the other files are indexed' '
        expect_code 0 ds_as tingle >out &&
        grep -q "^   slide 6: " out &&
        expect_code 0 ds_as Knoop >out &&
        grep -q "^1. 100 days of SRE — Mark Knoop" out &&
        expect_code 0 ds_as show 100-days-of-sre >out &&
        grep -q "^  chapter 1:00-4:00 The first 100 days$" out
'

test_expect_success 'nothing of the unreadable deck is in the index' '
        expect_code 1 ds_as "slides:toil" 2>/dev/null &&
        expect_code 0 ds_as stats >out &&
        grep -q "^files       .* (1 with problems)$" out
'

test_expect_success 'a second ingest names it again (it is tried again), exit 1' '
        expect_code 1 ds_as ingest --no-align arc >out 2>err &&
        echo "doxsearch: arc/2020-01-doxlon/100-days-of-sre.pdf: cannot read: Permission denied" >expect &&
        test_cmp expect err
'

test_done
