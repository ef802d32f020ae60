# A glob source follows the matching files that exist at start (from their
# end: start_at = end) and picks up files that appear later (from their
# start), but never reads a rotated name, even one the glob matches.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

a=$logs/despool-a.log
hits S09 2 | create_file "$a"			# before the start: skipped
hit S06 1 > "$logs/sender.lo_"			# rotated, there at the start
{
	source_section despool "$logs/despool*.log"
	source_section sender "$logs/sender*"
} | write_config
start_daemon
wait_following "$a"

hits S02 3 | create_file "$logs/despool-b.log"	# new: read from its start
hits S05 4 | create_file "$logs/despool-b.log.20240101.log"	# log4net-style roll
hits S05 2 | create_file "$logs/despool-c.log.1"
hits S06 2 | create_file "$logs/sender.log.1"	# matches sender*, rotated
hits S06 2 | create_file "$logs/sender.1"
hits S06 2 | create_file "$logs/sender.log.2"
hits S07 1 | create_file "$logs/sender.log"	# new and not rotated
hit S03 1 >> "$a"
wait_count S02 3
wait_count S07 1
sentinel "$a"
sentinel "$logs/sender.log"
sentinel "$logs/despool-b.log"
expect_count S02 3
expect_count S03 1
expect_count S05 0
expect_count S06 0
expect_count S07 1
expect_count S09 0
expect_incidents $((3 + sentinel_n))

# logrotate renames despool-b.log to .log.1 and creates it again: .log.1 is
# not read again (it is the old file), the new one is.
hit S02 20 >> "$logs/despool-b.log"
mv "$logs/despool-b.log" "$logs/despool-b.log.1"
hits S02 2 30 | create_file "$logs/despool-b.log"
wait_count S02 6
sentinel "$logs/despool-b.log"

# A restart reads nothing twice and still ignores the rotated names.
stop_daemon
start_daemon
hit S03 2 >> "$a"
hits S02 1 40 >> "$logs/despool-b.log"
wait_count S03 2
sentinel "$a"
sentinel "$logs/despool-b.log"
sentinel "$logs/sender.log"
expect_count S02 7
expect_count S03 2
expect_count S05 0
expect_count S06 0
expect_count S07 1
expect_count S09 0
expect_incidents $((3 + sentinel_n))
stop_daemon
