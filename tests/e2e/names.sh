#!/usr/bin/env bash
# names.sh - names and languages as members type them: "C#", "F#" and
# "C++" are words of their own, not "C"; "OConnor" finds O'Connor (the
# suggestion puts the apostrophe back); "Sorensen" finds Sørensen and
# "Strauss" Strauß, as written without the letters an English keyboard
# lacks; a surname two letters off long enough is suggested and searched.
# An index made before the words were folded (schema 4) is searched as it
# is (Sorensen is then a spelling to correct), and converted when opened
# for writing.
. "$(dirname "$0")/lib.sh" "$@"

test_expect_success 'setup: an event of four talks, with no files' '
        mkdir -p arch/2024-01-languages &&
        cat >arch/2024-01-languages/event.json <<-\JSON &&
	{"name": "Languages night", "date": "2024-01-10", "talks": [
	 {"title": "C# records in practice", "speakers": [{"name": "Siobhan O'"'"'Connor"}],
	  "abstract": "Records and pattern matching."},
	 {"title": "Modern C++ ranges", "speakers": [{"name": "Emma Sørensen"}],
	  "abstract": "Ranges and views."},
	 {"title": "F# for data pipelines", "speakers": [{"name": "Jens Strauß"}],
	  "abstract": "Type providers."},
	 {"title": "C for embedded firmware", "speakers": [{"name": "Ana Kowalczykowska"}],
	  "abstract": "Interrupts and memory."}]}
	JSON
        expect_code 0 ds ingest --no-align -q arch
'

# query|the titles found, in order, joined by ";"
while IFS="|" read -r q want; do
        export q want
        test_expect_success "[$q] finds: $want" '
                expect_code 0 ds search -- "$q" >out &&
                sed -n -E "s/^[0-9]+\. (.*) — .*/\1/p" out | paste -sd ";" >actual &&
                echo "$want" >expect &&
                test_cmp expect actual
        '
done <<\EOF
C#|C# records in practice
c#|C# records in practice
F#|F# for data pipelines
C++|Modern C++ ranges
C|C for embedded firmware
O'Connor|C# records in practice
Connor|C# records in practice
OConnor|C# records in practice
records oconnor|C# records in practice
Sorensen|Modern C++ ranges
Sørensen ranges|Modern C++ ranges
Strauss|F# for data pipelines
firmware Kowalczkowkas|C for embedded firmware
EOF

test_expect_success 'OConnor: the suggestion says how the name is written' '
        expect_code 0 ds search -- OConnor >out 2>err &&
        grep -q "o'"'"'connor" out
'

test_expect_success 'an index of schema 4 (words not folded) is searched as it is' '
        sqlite3 index.db "INSERT INTO talk_fts(talk_fts) VALUES('"'"'delete-all'"'"');
          INSERT INTO talk_fts(rowid, title, speakers, affil, event, abstract, tags, slides,
            captions, chapters) SELECT t.id, t.title,
            (SELECT group_concat(s.name) FROM talk_speakers ts JOIN speakers s
               ON s.id = ts.speaker_id WHERE ts.talk_id = t.id), NULL, NULL, t.abstract,
            t.tags, NULL, NULL, NULL FROM talks t;
          PRAGMA user_version = 4;" &&
        expect_code 0 ds search -- Sørensen >out &&
        grep -q "^1. Modern C++ ranges" out &&
        expect_code 0 ds search -- Sorensen >out &&
        grep -q "^did you mean: sørensen" out
'

test_expect_success 'opened for writing, it is converted: Sorensen finds Sørensen' '
        expect_code 0 ds ingest --no-align -q arch &&
        test "$(sqlite3 index.db "PRAGMA user_version")" = 5 &&
        expect_code 0 ds search -- Sorensen >out &&
        grep -q "^1. Modern C++ ranges" out &&
        sqlite3 index.db "INSERT INTO talk_fts(talk_fts) VALUES('"'"'integrity-check'"'"')"
'

test_done
