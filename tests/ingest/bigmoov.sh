#!/usr/bin/env bash
# A 60 s 25 fps recording with its moov at the end, behind 200 MB: probing
# it seeks instead of reading (see probe_reads.c).
set -eu
probe_reads=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=640x360:rate=25 \
  -f lavfi -i sine=frequency=440:sample_rate=48000 -t 60 \
  -c:v libx264 -preset ultrafast -g 50 -c:a aac -b:a 64k "$T/src.mp4"
"$probe_reads" "$T/src.mp4" "$T"
