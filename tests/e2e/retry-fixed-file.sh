#!/usr/bin/env bash
# retry-fixed-file.sh - a file that could not be read is read again on the
# next ingest once it can be (README: "a file that failed is tried again on
# every ingest").
#
# A chmod changes neither size nor mtime, so the event's signature stays
# the same: an event with a failed file must never be skipped as unchanged.
. "$(dirname "$0")/lib.sh" "$@"

mkdir arc && cp -R "$FIXTURES/archive/2020-01-doxlon" arc/ || exit 2
if ! unprivileged_setup; then
        test_skip "${UNPRIVILEGED_WHY:-cannot run as an unprivileged user}"
        test_done
fi
chmod 000 arc/2020-01-doxlon/100-days-of-sre.pdf

test_expect_success 'setup: the deck cannot be read' '
        expect_code 1 ds_as ingest --no-align arc >out 2>err &&
        grep -q "100-days-of-sre.pdf: cannot read: Permission denied" err
'

chmod 644 arc/2020-01-doxlon/100-days-of-sre.pdf

test_expect_success 'once readable, the next ingest reads it: exit 0, no error' '
        expect_code 0 ds_as ingest --no-align arc >out 2>err &&
        test_cmp /dev/null err
'

test_expect_success 'once readable and ingested, its slides are searchable' '
        expect_code 0 ds_as "slides:toil" >out &&
        grep -q "^1. 100 days of SRE" out
'

test_expect_success 'with --force it is read (the workaround)' '
        expect_code 0 ds_as ingest --no-align --force arc >out 2>err &&
        test_cmp /dev/null err &&
        expect_code 0 ds_as "slides:toil" >/dev/null
'

test_done
