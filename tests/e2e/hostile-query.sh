#!/usr/bin/env bash
# hostile-query.sh - queries nobody types on purpose: bytes that are not
# UTF-8 (read as Latin-1, as file names are, in the results and in the
# JSON), a word typed thousands of times (one term: the same results and
# ranking as typing it once, found at once), too many different terms or
# too much text and days that are not in the calendar (one-line errors,
# exit 2).
. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'setup: ingest the archive' '
        ds ingest --no-align -q "$FIXTURES/archive"
'

# json_field FILE KEY: the top-level KEY of the JSON in FILE, as Python's
# repr (fails when FILE is no JSON).
json_field() {
        /usr/bin/python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$1" "$2"
}

test_expect_success '--json with a byte that is not UTF-8: JSON, the byte read as Latin-1' '
        expect_code 0 ds search --json delivery "$(printf "\303")" >out 2>err &&
        test_cmp /dev/null err &&
        json_field out query >query &&
        echo "'"'"'delivery Ã'"'"'" >expect &&
        test_cmp expect query &&
        json_field out total >total &&
        test "$(cat total)" -gt 0
'

test_expect_success 'the same query for people: results, exit 0' '
        expect_code 0 ds search delivery "$(printf "\303")" >out 2>err &&
        test_cmp /dev/null err &&
        grep -q "^1\. " out
'

test_expect_success 'a Latin-1 query finds the UTF-8 text: M\xfcller finds Müller' '
        expect_code 0 ds search --json "speaker:M$(printf "\374")ller" >out &&
        grep -q "\"name\": \"Ana Müller\"" out
'

test_expect_success 'show with a byte that is not UTF-8: the message is UTF-8' '
        expect_code 1 ds show "$(printf "\303")" >out 2>err &&
        echo "doxsearch: Ã: no such talk" >expect &&
        test_cmp expect err
'

# repeat WORD N: WORD N times, one argument each
repeat() {
        local i
        for ((i = 0; i < $2; i++)); do
                printf "%s\n" "$1"
        done
}

test_expect_success 'setup: a word once, for people and as JSON' '
        ds search delivery >once.txt &&
        ds search --json delivery | grep -v "^  \"query\": " >once.json
'

# The times of a query of repeated words grew with the square of their
# number (5,000: 43 s); one term, they take what one word takes.
for n in 250 1000 2000 5000; do
        test_expect_success "a word typed $n times: the results and ranking of typing it once" '
                mapfile -t words < <(repeat delivery '"$n"') &&
                expect_code 0 ds search --json "${words[@]}" >out.json 2>err &&
                test_cmp /dev/null err &&
                grep -v "^  \"query\": " out.json >got.json &&
                test_cmp once.json got.json &&
                expect_code 0 ds search "${words[@]}" >out.txt &&
                test_cmp once.txt out.txt
        '
done

test_expect_success 'a word in other cases and as a phrase is the same term' '
        expect_code 0 ds search Delivery delivery DELIVERY "\"delivery\"" >out.txt &&
        test_cmp once.txt out.txt
'

test_expect_success '64 different terms are a query' '
        mapfile -t words < <(for i in $(seq 64); do echo "w$i"; done) &&
        expect_code 1 ds search "${words[@]}" >out 2>err &&
        echo "doxsearch: no talk matches" >expect &&
        test_cmp expect err
'

for n in 65 300 5000; do
        test_expect_success "$n different terms: one line, exit 2" '
                mapfile -t words < <(for i in $(seq '"$n"'); do echo "w$i"; done) &&
                expect_code 2 ds search --json delivery "${words[@]}" delivery >out 2>err &&
                echo "doxsearch: query has $(('"$n"' + 1)) different terms; at most 64 are allowed" >expect &&
                test_cmp expect err &&
                test_cmp /dev/null out
        '
done

test_expect_success '16 phrases of 1,000 words: too much text, one line, exit 2' '
        mapfile -t words < <(for i in $(seq 16); do echo "\"$(repeat delivery 1000 | tr "\n" " ")x$i\""; done) &&
        expect_code 2 ds search "${words[@]}" >out 2>err &&
        bytes=$((9 * (9000 + 2) + 7 * (9000 + 3))) &&
        echo "doxsearch: query has $bytes bytes of terms; at most 2048 are allowed" >expect &&
        test_cmp expect err
'

test_expect_success 'a phrase of 64 words is a query' '
        expect_code 1 ds search "\"$(repeat a 64 | tr "\n" " ")\"" >out 2>err &&
        echo "doxsearch: no talk matches" >expect &&
        test_cmp expect err
'

# FTS5 reads a word's positions once for each time a phrase has it: one
# phrase of 1,000 words (2,000 bytes) against captions of 3 million a's
# took 110 s and 3 GB.  Words split by punctuation count alike.
for phrase in "$(repeat a 65 | tr "\n" " ")" "$(repeat a 1000 | tr "\n" " ")" \
              "$(repeat a 65 | tr "\n" "-")" "$(repeat x 33 | tr "\n" " ") $(repeat y 32 | tr "\n" " ")"; do
        test_expect_success "a phrase of $(echo $phrase | tr -s " -" "\n\n" | grep -c .) words: too many words, one line, exit 2" '
                words=$(echo "'"$phrase"'" | tr -s " -" "\n\n" | grep -c .) &&
                expect_code 2 ds search --json delivery "\"'"$phrase"'\"" >out 2>err &&
                echo "doxsearch: query has $((words + 1)) words; at most 64 are allowed" >expect &&
                test_cmp expect err &&
                test_cmp /dev/null out
        '
done

test_expect_success 'an OR of one word 5,000 times is one term' '
        mapfile -t words < <(repeat delivery 4999 | sed "s/\$/ OR/"; echo delivery) &&
        expect_code 0 ds search ${words[*]} >out.txt &&
        test_cmp once.txt out.txt
'

# Dates: QUERY|EXIT|STDERR (nothing when empty)
while IFS="|" read -r query code msg; do
        test_expect_success "[$query]: exit $code${msg:+, $msg}" '
                expect_code '"$code"' ds search '"$query"' >out 2>err &&
                if [ -n "'"$msg"'" ]; then
                        echo "doxsearch: '"$msg"'" >expect &&
                        test_cmp expect err
                fi
        '
done <<\EOF_DATES
after:2020-02-30|2|after:2020-02-30: no such date
before:9999-99-99|2|before:9999-99-99: no such date
after:2021-02-29|2|after:2021-02-29: no such date
after:1900-02-29|2|after:1900-02-29: no such date
before:2020-04-31|2|before:2020-04-31: no such date
since:2020-00|2|since:2020-00: no such date
after:2020-2-3|2|after:2020-2-3: a date is YYYY, YYYY-MM or YYYY-MM-DD
after:2020-02-29|0|
after:2000-02-29 before:2020-12-31|0|
after:2020|0|
after:2020-02|0|
EOF_DATES

test_done
