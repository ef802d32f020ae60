# The log's folder is removed and made again (a redeployed product, an
# operator cleaning up): the watch on the old folder is gone, and the new
# one is watched as soon as it exists, so what is written there is read
# without a restart, from its start.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

d=$logs/sms
mkdir -p "$d"
f=$d/despool.log
: > "$f"
source_section despool "$f" start_at=beginning | write_config
start_daemon
hits S02 3 1 >> "$f"
wait_count S02 3

rm -rf "$d"
mkdir "$d"
hits S03 4 10 > "$f"
wait_count S03 4 15
# And again, with the file written only a while after the folder is back.
rm -rf "$d"
mkdir "$d"
wait_for 10 log_has "following $f" || :
hits S04 2 20 > "$f"
wait_count S04 2 15
hits S04 1 30 >> "$f"
wait_count S04 3
expect_count S02 3
expect_count S03 4
stop_daemon
