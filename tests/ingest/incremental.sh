#!/usr/bin/env bash
# Re-runs do only what changed: added, touched (same content), edited,
# renamed (keeps its talk), deleted (hidden, kept until prune, back when the
# file returns), an edited event.json, --dry-run and --force.
set -u
. "$(dirname "$0")/lib.sh"
setup "$@"

A=$T/archive
cp -r "$FIXTURES/archive" "$A"
summary() { dx --db "$T/db" ingest --no-align "$@" "$A" 2>"$T/err" | tail -1; }
expect() {  # expect WHAT "summary line"
  [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2' ($(cat "$T/err"))"
}
counts() { sed -E 's/^[0-9]+ talks? in [0-9]+ events?: //; s/; [0-9]+ files? read.*//' <<<"$1"; }

out=$(summary)
expect "first ingest" "$(counts "$out")" "8 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 0 failed"
out=$(summary)
expect "no change" "$out" "$(printf '%s' "$out" | sed -E 's/[0-9.]+ s$//')$(grep -oE '[0-9.]+ s$' <<<"$out")"
expect "no change" "$(counts "$out")" "0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed"
grep -q "0 files read" <<<"$out" || fail "no-change run read files: $out"

# same content, new mtime: hashed, not read
touch "$A"/2020-01-doxlon/*.pdf
out=$(summary)
expect "touch" "$(counts "$out")" "0 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed"
grep -q "0 files read" <<<"$out" || fail "touched files were read again: $out"

# a new talk
cp "$FIXTURES/bad/archive/2021-05-bad/good-talk.pdf" "$A/2023-06-15-doxlon/new-talk.pdf"
out=$(summary)
expect "add" "$(counts "$out")" "1 added, 0 updated, 0 moved, 0 removed, 8 unchanged, 0 failed"
dx --db "$T/db" survivor >/dev/null || fail "the new talk is not searchable"

# edited content: another deck under the same name
cp "$FIXTURES/bad/broken-manifest/2021-06-broken/talk.pdf" "$A/2023-06-15-doxlon/new-talk.pdf"
out=$(summary)
expect "edit" "$(counts "$out")" "0 added, 1 updated, 0 moved, 0 removed, 8 unchanged, 0 failed"
dx --db "$T/db" resilient >/dev/null || fail "the edited deck's new words are not found"
# (a word found nowhere gets a spelling suggestion searched instead: look
# for the word itself in the output)
"$DX" --db "$T/db" survivor 2>/dev/null | grep -qi '\[survivor\]' &&
  fail "the edited deck's old words are still found"

# renamed: the talk keeps its id and nothing is read
for x in mp4 pdf; do
  mv "$A/2023-06-15-doxlon/platform-engineering.$x" "$A/2023-06-15-doxlon/platform-eng-2023.$x"
done
out=$(summary -v)
expect "move" "$(counts "$out")" "0 added, 0 updated, 1 moved, 0 removed, 8 unchanged, 0 failed"
grep -q "0 files read" <<<"$out" || fail "a moved file was read again: $out"
"$DX" --db "$T/db" list | grep -q "2023-06-15-doxlon_platform-engineering$" ||
  fail "the moved talk lost its id"

# deleted: hidden from search, kept until prune, back when it returns
mv "$A/2020-01-doxlon/continuous-delivery-at-spotify.pdf" "$T/"
mv "$A/2020-01-doxlon/continuous-delivery-at-spotify.mp4" "$T/"
sed -i 's/"continuous-delivery-at-spotify.mp4"/null/; s/"continuous-delivery-at-spotify.pdf"/null/' \
  "$A/2020-01-doxlon/event.json"
out=$(summary)
"$DX" --db "$T/db" tingle 2>/dev/null | grep -qi '\[tingle\]' && fail "a deleted deck is still found"
mv "$T/continuous-delivery-at-spotify.pdf" "$T/continuous-delivery-at-spotify.mp4" "$A/2020-01-doxlon/"
cp "$FIXTURES/archive/2020-01-doxlon/event.json" "$A/2020-01-doxlon/event.json"
out=$(summary)
dx --db "$T/db" tingle >/dev/null || fail "a deck that came back is not found"

# a removed event folder: its talks leave search, stay until prune
mv "$A/2016-03-doxlon" "$T/away"
out=$(summary)
expect "remove event" "$(counts "$out")" "0 added, 0 updated, 0 moved, 3 removed, 6 unchanged, 0 failed"
"$DX" --db "$T/db" speaker:ironside 2>/dev/null | grep -q "Docker in Production" &&
  fail "a talk of a removed event is still found"
dry=$(dx --db "$T/db" prune --dry-run)
[ "$(tail -n 1 <<<"$dry")" = "would delete 3 talks, 6 files, 1 event, 4 speakers" ] ||
  fail "prune --dry-run: $dry"
# each thing it would delete is named, as git clean -n names files
[ "$(grep -c "^would delete talk 2016-03-doxlon_" <<<"$dry")" = 3 ] || fail "prune --dry-run talks: $dry"
grep -qx "would delete event 2016-03-doxlon" <<<"$dry" || fail "prune --dry-run event: $dry"
[ "$(grep -c "^would delete file 2016-03-doxlon/" <<<"$dry")" = 6 ] || fail "prune --dry-run files: $dry"
[ "$(dx --db "$T/db" prune --dry-run --quiet)" = "would delete 3 talks, 6 files, 1 event, 4 speakers" ] ||
  fail "prune --dry-run --quiet names things"
mv "$T/away" "$A/2016-03-doxlon"
out=$(summary)
dx --db "$T/db" speaker:ironside >/dev/null || fail "a returned event's talk is not found"

# edited event.json: only the talk it changed
sed -i 's/"title": "100 days of SRE"/"title": "One hundred days of SRE"/' "$A/2020-01-doxlon/event.json"
dry=$(dx --db "$T/db" ingest --no-align --dry-run "$A")
grep -q "^update  2020-01-doxlon_100-days-of-sre " <<<"$dry" || fail "dry run did not list the update: $dry"
grep -q "^dry run: 0 to add, 1 to update, 0 to move, 0 to remove" <<<"$dry" || fail "dry run: $dry"
out=$(summary)
expect "manifest edit" "$(counts "$out")" "0 added, 1 updated, 0 moved, 0 removed, 8 unchanged, 0 failed"
dx --db "$T/db" title:hundred >/dev/null || fail "the new title is not found"

# --force reads everything, changes nothing
out=$(summary --force)
expect "force" "$(counts "$out")" "0 added, 0 updated, 0 moved, 0 removed, 9 unchanged, 0 failed"
grep -q "15 files read" <<<"$out" || fail "--force did not read every file: $out"

# prune names what it deletes: a folder, file name, title and speaker with
# terminal escapes, C1 controls and bidi overrides reach the terminal as
# U+FFFD, each name on its own line
E=$(printf '2024-01-ev\033[31mil\nx')
F=$(printf 'fin\033]0;pwned\007ops\342\200\256.pdf')
mkdir "$A/$E"
cp "$FIXTURES/archive/2023-06-15-doxlon/finops-lightning.pdf" "$A/$E/$F"
printf '%s' '{"name": "Evil\u001b[2J", "talks": [{"title": "Bad \u001b]0;t\u0007 \u202egnp.exe\u202c\r\nx",
 "speakers": [{"name": "Eve\u009b31m \u2066y"}], "slides": "fin\u001b]0;pwned\u0007ops\u202e.pdf"}]}' >"$A/$E/event.json"
summary >/dev/null
rm -r "${A:?}/$E"
summary >/dev/null
dry=$(dx --db "$T/db" prune --dry-run)
LC_ALL=C grep -q $'[\001-\010\013-\037\177]\|\302[\200-\237]\|\342\200[\252-\256]\|\342\201[\246-\251]' <<<"$dry" &&
  fail "prune --dry-run let a control character or bidi override through: $(cat -A <<<"$dry")"
[ "$(grep -c '^would delete \(talk 2024-01-ev\|file 2024-01-ev\|event 2024-01-ev\|speaker Eve\)' <<<"$dry")" = 5 ] ||
  fail "prune --dry-run of a hostile event, a line a name: $(cat -A <<<"$dry")"

dx --db "$T/db" prune >/dev/null
integrity "$T/db" || fail "integrity"
finish
