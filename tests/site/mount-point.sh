#!/usr/bin/env bash
# mount-point.sh - export site into a folder that is a file system of its
# own (a tmpfs), beside which no new site can be made on the same file
# system: it is made inside and swapped in entry by entry; a re-export keeps
# other files (CNAME); a failed one (a full disk) leaves the site as it
# was; nothing of ours is left in the folder.  Run by site.sh in a mount
# namespace of its own.
#
# usage: unshare -m bash mount-point.sh DOXSEARCH DB DIR
set -eu
bin=$1 db=$2 dir=$3
# what is in the folder (its own time changes: the new site was made in it)
snap() {
        (cd "$dir" && find . -mindepth 1 -exec ls -ld --time-style=+%s {} + | sort &&
                find . -type f -exec cksum {} + | sort)
}
mkdir -p "$dir"
mount -t tmpfs none "$dir"
"$bin" --db "$db" export site -q "$dir"
echo talks.example.org >"$dir/CNAME"
"$bin" --db "$db" export site -q "$dir"
test "$(cat "$dir/CNAME")" = talks.example.org
before=$(snap)
rc=0
(trap "" XFSZ; ulimit -f 24; exec "$bin" --db "$db" export site -q --base-url http://x.example/ "$dir") ||
        rc=$?
test "$rc" = 2
test "$before" = "$(snap)"
"$bin" --db "$db" export site -q --base-url http://x.example/ "$dir"
grep -q "http://x.example/talks/" "$dir/feed.xml"
test -z "$(ls -A "$dir" | grep doxsearch)"
mountpoint -q "$dir"
