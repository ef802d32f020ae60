# watch = poll: the same following without inotify events, every
# poll_interval: appends, a file that appears, logrotate's rename and
# create, copytruncate, and a restart.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning watch=poll \
    poll_interval=200ms | write_config
start_daemon
hits S02 2 1 | create_file "$f"
wait_count S02 2
hits S02 3 10 >> "$f"
hit S03 1 >> "$f"
wait_count S03 1
sentinel "$f"
expect_count S02 5

# Rename and create between two polls, with lines left in the old file.
freeze
hits S02 2 20 >> "$f"
mv "$f" "$f.1"
hits S04 2 1 > "$f"
thaw
wait_count S04 2
sentinel "$f"
expect_count S02 7

# copytruncate between two polls.
freeze
cp "$f" "$f.1"
: > "$f"
{ routine '08-22-2016 09:00:00.000'; hit S05 1; } >> "$f"
thaw
wait_count S05 1
sentinel "$f"
expect_count S02 7
expect_count S03 1
expect_count S04 2
expect_count S05 1

stop_daemon
hit S05 2 >> "$f"
start_daemon
wait_count S05 2
sentinel "$f"
expect_count S02 7
expect_count S04 2
expect_incidents $((4 + sentinel_n))
stop_daemon
