#!/usr/bin/env bash
# formats.sh - recordings are picked up by the extensions libavformat
# knows for the formats the probe reads: .mka, .m4b and .ogv recordings,
# made here by the ffmpeg CLI, are indexed with their length; an .ogg that
# holds Theora video is a video, not the audio its extension suggests; an
# image beside them is not a talk.
. "$(dirname "$0")/lib.sh" "$@"

if ! command -v ffmpeg >/dev/null; then
        test_skip "no ffmpeg CLI (scripts/bootstrap installs it)"
        test_done
fi

test_expect_success 'setup: .mka, .m4b, .ogv and a video .ogg recording of 2 s, and a .jpg' '
        mkdir -p archive/2024-05-formats &&
        d=archive/2024-05-formats &&
        ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; } &&
        ff -f lavfi -i sine=frequency=440:duration=2 -c:a flac "$d/matroska-audio.mka" &&
        ff -f lavfi -i sine=frequency=440:duration=2 -c:a aac -f ipod "$d/audiobook.m4b" &&
        ff -f lavfi -i testsrc=size=64x48:rate=5:duration=2 -c:v libtheora "$d/theora.ogv" &&
        ff -f lavfi -i testsrc=size=64x48:rate=5:duration=2 -c:v libtheora -f ogg "$d/theora-in.ogg" &&
        ff -f lavfi -i testsrc=size=64x48:rate=1:duration=1 -frames:v 1 "$d/cover.jpg"
'

test_expect_success 'ingest: four talks, every file read' '
        expect_code 0 ds ingest --no-align archive >"$TMP/out" 2>"$TMP/err" &&
        no_sanitizer_report "$TMP/err" &&
        test_cmp /dev/null "$TMP/err" &&
        grep -q "^4 talks in 1 event: 4 added, 0 updated, 0 moved, 0 removed, 0 unchanged, 0 failed; 4 files read," "$TMP/out"
'

test_expect_success 'each recording has its length and its kind' '
        for t in matroska-audio:audio audiobook:audio theora:video theora-in:video; do
                ds show --json "2024-05-formats_${t%%:*}" >"$TMP/show" &&
                jq -r "[.duration_s, .files[0].kind, .files[0].error] | @tsv" "$TMP/show" >"$TMP/actual" &&
                printf "2\t%s\t\n" "${t#*:}" >"$TMP/expect" &&
                test_cmp "$TMP/expect" "$TMP/actual" || return 1
        done &&
        ds list >"$TMP/list" &&
        expect_lines 0 cover "$TMP/list" &&
        ds --json has:video >"$TMP/video" &&
        jq -r ".results[].id" "$TMP/video" | sort >"$TMP/actual" &&
        printf "%s\n" 2024-05-formats_theora 2024-05-formats_theora-in >"$TMP/expect" &&
        test_cmp "$TMP/expect" "$TMP/actual"
'

test_done
