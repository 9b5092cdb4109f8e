#!/usr/bin/env bash
# odd-queries.sh - text that looks like query syntax (FTS5's or a shell's)
# is searched as text: never an SQLite or FTS5 message, never a crash;
# exit 0, 1 or 2 only.  One query per line below; add lines, not code.
# (test_store checks the same texts in every field, with and without
# prefix, in-process; here they go through the whole command.)
. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'setup: ingest the archive' '
        ds ingest --no-align -q "$FIXTURES/archive"
'

# odd_query QUERY: search for it with --json (parsing, search, rendering):
# the exit code is 0, 1 or 2, stderr holds at most a one-line message and
# no sanitizer or SQLite text, and stdout is JSON.
odd_query() {
        local rc
        ds search --json -- "$1" >out 2>err
        rc=$?
        case $rc in
        0 | 1 | 2) ;;
        *)
                say "# [$1]: exit $rc" >&7
                cat err >&7
                return 1
                ;;
        esac
        no_sanitizer_report err || return 1
        if [ "$(wc -l <err)" -gt 1 ]; then
                say "# [$1]: more than a one-line message on stderr" >&7
                cat err >&7
                return 1
        fi
        if [ "$rc" != 2 ]; then
                /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' out || return 1
        fi
        return 0
}

while IFS= read -r q; do
        export q
        test_expect_success "odd query [$q]" 'odd_query "$q"'
done <<\EOF
C++
CI/CD
node.js
"unbalanced
unbalanced"
""
"
-
*
**
-*
AND
OR
NOT
NEAR
x AND
AND x
a OR b
NOT x
NEAR(a b)
NEAR(a b, 2)
{title}: x
title:
title:"
:
:x
x:
^x
x^
+x
-x
(
)
()
'
x' OR '1'='1
; DROP TABLE talks; --
%
_
\
\"
a"b"c
kubernetes*
k*
*k
'*'
"*"
"continuous delivery"*
title:"continuous delivery"*
speaker:"
é
ü*
日本語
👍
EOF

# What a person sees for the queries people try first: the exit code
# (0 found, 1 nothing found, 2 nothing to search for) and at most a
# one-line message, typed as they are and after "search --".
while IFS="|" read -r q want; do
        export q want
        test_expect_success "[$q] exits $want" '
                case $q in
                -*) ;;
                *) expect_code "$want" ds "$q" >out 2>err &&
                   no_sanitizer_report err &&
                   test "$(wc -l <err)" -le 1 ;;
                esac &&
                expect_code "$want" ds search -- "$q" >out 2>err &&
                no_sanitizer_report err &&
                test "$(wc -l <err)" -le 1
        '
done <<\EOF
CI/CD|0
node.js|1
C++|1
"unbalanced|1
AND|0
OR|0
NOT|0
-|2
*|2
""|2
"|2
EOF

test_done
