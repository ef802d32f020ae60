# A database that stays locked longer than the daemon's busy timeout: the
# batch is held (positions do not move), the daemon says so, and once the
# lock is gone everything is committed exactly once.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
routine > "$f"
source_section despool "$f" start_at=beginning | write_config
start_daemon
wait_following "$f"

# Another writer holds the lock for 8 s (the daemon waits 5 s per try).
( printf 'BEGIN IMMEDIATE;\nINSERT INTO sources VALUES ("lock", 0);\n'
  sleep 8
  printf 'ROLLBACK;\n' ) | sqlite3 "$state/syncwatch.db" &
locker=$!
wait_for 5 sh -c "sqlite3 '$state/syncwatch.db' 'BEGIN IMMEDIATE; ROLLBACK;' 2>&1 | grep -q locked"
hits S02 5 1 >> "$f"
wait_for 15 log_has "cannot commit to the database"
[ "$(total_count)" -eq 0 ] || fail "hits committed through a lock"
wait "$locker"
wait_for 10 log_has "database writable again"
wait_count S02 5
sentinel "$f"
expect_count S02 5
expect_incidents 2	# and the sentinel
