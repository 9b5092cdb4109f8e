# lib.sh - what the end-to-end tests share, after git's t/test-lib.sh.
#
# A test script is `. "$(dirname "$0")/lib.sh" "$@"` followed by
#
#   test_expect_success 'what it checks' '
#           ds ingest --no-align "$FIXTURES/archive" >out 2>err &&
#           test_cmp expect out
#   '
#   test_done
#
# Ingest with --no-align unless the test is about slides on the timeline
# (timeline.sh) or must see ingest as a person runs it (search.sh,
# bad-input.sh): aligning the archive's recordings takes most of an
# ingest's time under the sanitizers, and they never show their slides,
# so nothing else a test checks depends on it.
#
# and is run as `bash tests/e2e/NAME.sh DOXSEARCH FIXTURES`.  Each script
# works in a temporary folder of its own (kept when DX_KEEP is set), with
# its own index ($DB) and NO_COLOR=1.  `ds ARGS` runs doxsearch on $DB.
# Test bodies run in the temporary folder with `set -u` and must chain
# their commands with &&: the first failure fails the test.
#
# Helpers: test_cmp EXPECT ACTUAL (shows a diff), expect_code N CMD...,
# expect_code_in "N M" CMD..., expect_lines N STRING FILE, count_lines
# STRING FILE, no_sanitizer_report FILE, summary_of FILE (the ingest
# summary with its time blanked), unprivileged_setup and ds_as (doxsearch
# as a user a mode of 000 keeps out), integrity INDEX (SQLite's and FTS5's
# integrity checks pass), dump INDEX (what an index says, without row ids
# or times: two dumps compare two indexes), test_skip WHY.  Diagnostics go
# to fd 7.  A body runs in a function of its own, in a subshell: `return 1`
# ends it (from a loop: `... || return 1`), and nothing it sets outlives it
# (what later tests need goes in a file).

set -u

if [ $# -lt 2 ]; then
        echo "usage: $0 DOXSEARCH FIXTURES" >&2
        exit 2
fi
case $1 in
/*) DOXSEARCH=$1 ;;
*) DOXSEARCH=$PWD/$1 ;;
esac
FIXTURES=$(cd "$2" && pwd) || exit 2
if ! [ -x "$DOXSEARCH" ]; then
        echo "$0: $DOXSEARCH: not an executable" >&2
        exit 2
fi

# Diagnostics go to fd 7, the script's stderr, even from commands whose
# stderr a test redirects.
exec 7>&2

TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/doxsearch-e2e-$TEST_NAME.XXXXXX") || exit 2
if [ -z "${DX_KEEP:-}" ]; then
        trap 'cd / && rm -rf "$TMP"' EXIT
else
        echo "# keeping $TMP"
fi
cd "$TMP" || exit 2

# What doxsearch sees: no colour, no index but ours, no real home.
export NO_COLOR=1
unset DOXSEARCH_DB XDG_DATA_HOME
export HOME="$TMP/home"
export LC_ALL=C.UTF-8
# Sanitizer reports end the process with 99, which no doxsearch exit code
# is, so "exit 0, 1 or 2" also means "no sanitizer report".
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99"
DB="$TMP/index.db"

ds() {
        "$DOXSEARCH" --db "$DB" "$@"
}

test_count=0
test_failures=0
test_skipped=0

say() {
        printf '%s\n' "$*"
}

# test_eval_ BODY: a test body, run in a function so that it may return.
test_eval_() {
        eval "$1"
}

# test_expect_success TITLE BODY
test_expect_success() {
        test_count=$((test_count + 1))
        if (test_eval_ "$2"); then
                say "ok $test_count - $1"
        else
                test_failures=$((test_failures + 1))
                say "not ok $test_count - $1"
                printf '%s\n' "$2" | sed 's/^/#     /'
        fi
}

# test_cmp EXPECT ACTUAL: equal, or show how they differ.
test_cmp() {
        diff -u "$1" "$2" >&7 && return 0
        say "# test_cmp: $1 and $2 differ" >&7
        return 1
}

# expect_code N CMD...: CMD exits with N.
expect_code() {
        local want=$1 got
        shift
        "$@"
        got=$?
        if [ "$got" != "$want" ]; then
                case $got in
                99) say "# expect_code: '$*' exited with 99 (a sanitizer report), not $want" >&7 ;;
                1[3-9][0-9] | 2[0-9][0-9]) say "# expect_code: '$*' was killed by signal $((got - 128)), not exit $want" >&7 ;;
                *) say "# expect_code: '$*' exited with $got, not $want" >&7 ;;
                esac
                return 1
        fi
        return 0
}

# expect_code_in "N M..." CMD...: CMD exits with one of the codes.
expect_code_in() {
        local want=$1 got
        shift
        "$@"
        got=$?
        case " $want " in
        *" $got "*) return 0 ;;
        esac
        say "# expect_code_in: '$*' exited with $got, not one of $want" >&7
        return 1
}

# count_lines FIXED-STRING FILE: how many lines of FILE contain it.
count_lines() {
        grep -c -F -e "$1" "$2"
}

# expect_lines N FIXED-STRING FILE
expect_lines() {
        local got
        got=$(grep -c -F -e "$2" "$3")
        if [ "$got" != "$1" ]; then
                say "# expect_lines: '$2' is on $got lines of $3, not $1:" >&7
                sed 's/^/#   /' "$3" >&7
                return 1
        fi
        return 0
}

# no_sanitizer_report FILE: no ASan/UBSan/LSan text and no SQLite internals.
no_sanitizer_report() {
        if grep -E -i 'runtime error|AddressSanitizer|LeakSanitizer|sqlite|fts5' "$1" >&7; then
                say "# $1 shows a sanitizer report or an SQLite message" >&7
                return 1
        fi
        return 0
}

# The ingest summary with its timing blanked: "... 57 pages, T s".
summary_of() {
        sed -E 's/, [0-9]+\.[0-9]+ s$/, T s/' "$@"
}

# unprivileged_setup: prepare to run doxsearch as a user that a mode of
# 000 keeps out.  Root reads any file, so as root `ds_as` runs doxsearch as
# nobody (uid and gid 65534) through setpriv, with $TMP open to everyone
# (call this after copying files into $TMP); anyone else runs it as
# themselves.  Returns 1 (say why, then skip) when that cannot be done.
AS_USER=()
unprivileged_setup() {
        [ "$(id -u)" != 0 ] && return 0
        if ! command -v setpriv >/dev/null; then
                UNPRIVILEGED_WHY="running as root and setpriv (util-linux) is missing"
                return 1
        fi
        AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        chmod 755 "$TMP" && chmod -R a+rwX "$TMP" || return 1
        if ! "${AS_USER[@]}" test -x "$DOXSEARCH"; then
                # the build tree is closed to nobody: use copies (doxsearch
                # runs doxsearch-ingest from its own folder)
                mkdir "$TMP/bin" && cp "$DOXSEARCH" "$TMP/bin/" || return 1
                if [ -x "$(dirname "$DOXSEARCH")/doxsearch-ingest" ]; then
                        cp "$(dirname "$DOXSEARCH")/doxsearch-ingest" "$TMP/bin/" || return 1
                fi
                chmod -R a+rX "$TMP/bin" || return 1
                DOXSEARCH=$TMP/bin/$(basename "$DOXSEARCH")
        fi
        if ! "${AS_USER[@]}" test -w "$TMP"; then
                UNPRIVILEGED_WHY="uid 65534 cannot reach $TMP (set TMPDIR to a world-readable folder)"
                return 1
        fi
        return 0
}

ds_as() {
        "${AS_USER[@]}" "$DOXSEARCH" --db "$DB" "$@"
}

# integrity INDEX: SQLite's integrity check and the FTS5 index's own
# ('integrity-check': the full-text index matches the talks) both pass.
integrity() {
        local out
        out=$(sqlite3 "$1" "PRAGMA integrity_check;
                INSERT INTO talk_fts(talk_fts) VALUES('integrity-check');" 2>&1)
        [ "$out" = ok ] && return 0
        say "# integrity: $1:" >&7
        printf '%s\n' "$out" | sed 's/^/#   /' >&7
        return 1
}

# dump INDEX: what INDEX says, without row ids or times (its live events,
# files, slide text and talks; list --json; four searches as JSON), so that
# `test_cmp` of two dumps compares two indexes.  Fails when sqlite3 or
# doxsearch does (a search that finds nothing, exit 1, is no failure).
dump() {
        local q code
        sqlite3 "$1" "
                SELECT e.dir, e.name, e.date, e.venues FROM events e WHERE removed_at IS NULL ORDER BY dir;
                SELECT path, size, hash, error FROM files WHERE removed_at IS NULL ORDER BY path;
                SELECT f.path, s.bytes, hex(s.z) FROM slide_text s
                  JOIN files f ON f.id = s.file_id WHERE f.removed_at IS NULL ORDER BY f.path;
                SELECT uid, title, sig FROM talks WHERE removed_at IS NULL ORDER BY uid;" || {
                say "# dump: sqlite3 could not read $1" >&7
                return 1
        }
        expect_code 0 "$DOXSEARCH" --db "$1" list --json || return 1
        for q in 'continuous delivery' tingle knoop '"error budget"'; do
                "$DOXSEARCH" --db "$1" search --json --limit 50 "$q"
                code=$?
                if [ "$code" -gt 1 ]; then
                        say "# dump: search $q on $1 exited with $code" >&7
                        return 1
                fi
        done
}

test_skip() {
        test_count=$((test_count + 1))
        test_skipped=$((test_skipped + 1))
        say "ok $test_count # skip $1"
}

test_done() {
        if [ "$test_failures" -gt 0 ]; then
                say "# $TEST_NAME: $test_failures of $test_count failed"
                exit 1
        fi
        if [ "$test_skipped" -gt 0 ]; then
                say "# $TEST_NAME: all $test_count passed ($test_skipped skipped)"
        else
                say "# $TEST_NAME: all $test_count passed"
        fi
        exit 0
}
