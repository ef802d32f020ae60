# start_at applies to the files that exist at the daemon's FIRST start
# only.  A file that appears while the daemon is down, after it has run
# before (its state directory says so), is new since then: read from its
# start at the restart, for a glob source and for a plain path alike.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

a=$logs/despool-a.log
p=$logs/sender.log
hits S09 2 | create_file "$a"		# there at the first start: skipped
{
	source_section despool "$logs/despool*.log"
	source_section sender "$p"
} | write_config
start_daemon
wait_following "$a"
hit S02 1 >> "$a"
wait_count S02 1
sentinel "$a"
stop_daemon

hits S03 3 | create_file "$logs/despool-b.log"	# appeared while down
hits S04 2 | create_file "$p"			# appeared while down
start_daemon
wait_count S03 3
wait_count S04 2
sentinel "$a"
sentinel "$logs/despool-b.log"
sentinel "$p"
expect_count S02 1
expect_count S03 3
expect_count S04 2
expect_count S09 0
expect_incidents $((3 + sentinel_n))
stop_daemon
