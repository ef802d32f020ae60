/*
 * schema — the store's SQL: the migrations and the prepared statements.
 *
 * Schema changes are migrations: the database's user_version says which
 * have run, and each runs in its own transaction.  Never edit a migration
 * that has shipped; add the next one.
 */
#include "store/store-int.h"


/* Severities compare by rank, not by name. */
#define SEV_RANK(x)	"(CASE " x " WHEN 'critical' THEN 3 WHEN 'error' " \
			"THEN 2 ELSE 1 END)"
#define ACTIVE		"state IN ('open', 'acknowledged')"
/*
 * The filters of the incident lists, every one optional (NULL = any):
 * ?1 state, ?8 active only, ?2 severity, ?3 product, ?4 signature, ?5
 * since, ?10 source.  ?6/?7 is the keyset cursor (last_seen, id) of the
 * previous page's last row, ?9 the limit.
 */
#define FILTER		"(?1 IS NULL OR state = ?1) AND (?8 = 0 OR " ACTIVE \
			") AND (?2 IS NULL OR severity = ?2) AND (?3 IS NULL " \
			"OR product = ?3) AND (?4 IS NULL OR signature = ?4) " \
			"AND (?5 IS NULL OR last_seen >= ?5) AND (?10 IS NULL " \
			"OR source = ?10)"
#define INCIDENT_COLS	"id, signature, source, fields, severity, state, " \
			"first_seen, last_seen, count, state_changed_at, " \
			"state_by, product, resolution, snoozed_until"

const char *const store_migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE files ("
	"  source TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  dev INTEGER NOT NULL,"
	"  ino INTEGER NOT NULL,"
	"  fingerprint INTEGER NOT NULL,"
	"  fp_len INTEGER NOT NULL,"
	"  offset INTEGER NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  encoding INTEGER NOT NULL,"
	"  format INTEGER NOT NULL,"
	"  PRIMARY KEY (source, path));"
	"CREATE TABLE incidents ("
	"  id INTEGER PRIMARY KEY,"
	"  signature TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  fields TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  first_seen INTEGER NOT NULL,"
	"  last_seen INTEGER NOT NULL,"
	"  count INTEGER NOT NULL,"
	"  state TEXT NOT NULL"
	"    CHECK (state IN ('open', 'acknowledged', 'resolved')),"
	"  state_changed_at INTEGER NOT NULL,"
	"  state_by TEXT,"
	"  UNIQUE (signature, source, key));"
	"CREATE INDEX incidents_state ON incidents (state, last_seen);"
	"CREATE TABLE samples ("
	"  id INTEGER PRIMARY KEY,"
	"  incident_id INTEGER NOT NULL"
	"    REFERENCES incidents (id) ON DELETE CASCADE,"
	"  file TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  text TEXT NOT NULL);"
	"CREATE INDEX samples_incident ON samples (incident_id, id);"
	"CREATE TABLE timeline ("
	"  incident_id INTEGER NOT NULL"
	"    REFERENCES incidents (id) ON DELETE CASCADE,"
	"  minute INTEGER NOT NULL,"
	"  hits INTEGER NOT NULL,"
	"  PRIMARY KEY (incident_id, minute));"
	"CREATE TABLE history ("
	"  id INTEGER PRIMARY KEY,"
	"  incident_id INTEGER NOT NULL"
	"    REFERENCES incidents (id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  state TEXT NOT NULL,"
	"  by TEXT);",
	/* 2: sources the daemon has followed, for start_at's "first start". */
	"CREATE TABLE sources ("
	"  name TEXT PRIMARY KEY,"
	"  since INTEGER NOT NULL);",
	/* 3: the product, for the API's filters. */
	"ALTER TABLE incidents ADD COLUMN product TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX incidents_product ON incidents (product, last_seen);",
	/*
	 * 4: incident rules.  How an incident was resolved when syncwatch
	 * resolved it; a note on each history entry; hits waiting for a
	 * signature's threshold; started sequences.
	 */
	"ALTER TABLE incidents ADD COLUMN resolution TEXT;"
	"ALTER TABLE history ADD COLUMN note TEXT;"
	"CREATE TABLE rule_hits ("
	"  id INTEGER PRIMARY KEY,"
	"  signature TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  fields TEXT NOT NULL,"
	"  product TEXT NOT NULL,"
	"  severity TEXT NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  file TEXT NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  text TEXT NOT NULL,"
	"  added INTEGER NOT NULL DEFAULT (strftime('%s', 'now') * 1000));"
	"CREATE INDEX rule_hits_key ON rule_hits (signature, source, key, time);"
	"CREATE TABLE sequences ("
	"  signature TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  started INTEGER NOT NULL,"
	"  added INTEGER NOT NULL DEFAULT (strftime('%s', 'now') * 1000),"
	"  PRIMARY KEY (signature, source, key));",
	/*
	 * 5: hits counted for the metrics, per signature and source, kept
	 * when the incidents they went into are pruned (a counter only ever
	 * grows).  It starts from what the incidents kept count.
	 */
	"CREATE TABLE hit_totals ("
	"  signature TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  hits INTEGER NOT NULL,"
	"  PRIMARY KEY (signature, source));"
	"INSERT INTO hit_totals SELECT signature, source, sum(count) "
	"FROM incidents GROUP BY signature, source;",
	/*
	 * 6: a rotated file still read for a writer that keeps appending to
	 * it (the grace window after a rename), with its position, so that a
	 * restart resumes it too.  One per followed path.
	 */
	"CREATE TABLE retired ("
	"  source TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  dev INTEGER NOT NULL,"
	"  ino INTEGER NOT NULL,"
	"  fingerprint INTEGER NOT NULL,"
	"  fp_len INTEGER NOT NULL,"
	"  offset INTEGER NOT NULL,"
	"  line INTEGER NOT NULL,"
	"  encoding INTEGER NOT NULL,"
	"  format INTEGER NOT NULL,"
	"  PRIMARY KEY (source, path));",
	/*
	 * 7: an operator's snooze: until then the incident needs no
	 * attention (the dashboard lists it last, the status does not count
	 * it), after it counts again by itself.
	 */
	"ALTER TABLE incidents ADD COLUMN snoozed_until INTEGER;",
	/*
	 * 8: lines, bytes, cut records and rotations read per followed file,
	 * for the metrics' counters: added to in the transaction that moves
	 * the file's position, so a restart, a reload or a prune never makes
	 * them fall.
	 */
	"CREATE TABLE source_totals ("
	"  source TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  lines INTEGER NOT NULL,"
	"  bytes INTEGER NOT NULL,"
	"  cut INTEGER NOT NULL,"
	"  rotations INTEGER NOT NULL,"
	"  PRIMARY KEY (source, path));",
};
const int store_nmigrations = (int)(sizeof(store_migrations) /
    sizeof(store_migrations[0]));

const char *const store_stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_FILE_GET] = "SELECT dev, ino, fingerprint, fp_len, offset, line, "
	    "encoding, format FROM files WHERE source = ?1 AND path = ?2",
	[S_FILE_PUT] = "INSERT INTO files (source, path, dev, ino, fingerprint,"
	    " fp_len, offset, line, encoding, format) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (source, path) DO UPDATE SET "
	    "dev = excluded.dev, ino = excluded.ino, fingerprint = "
	    "excluded.fingerprint, fp_len = excluded.fp_len, offset = "
	    "excluded.offset, line = excluded.line, encoding = "
	    "excluded.encoding, format = excluded.format",
	[S_RETIRED_GET] = "SELECT dev, ino, fingerprint, fp_len, offset, "
	    "line, encoding, format FROM retired WHERE source = ?1 AND path = "
	    "?2",
	[S_RETIRED_PUT] = "INSERT INTO retired (source, path, dev, ino, "
	    "fingerprint, fp_len, offset, line, encoding, format) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (source, path) DO "
	    "UPDATE SET dev = excluded.dev, ino = excluded.ino, fingerprint = "
	    "excluded.fingerprint, fp_len = excluded.fp_len, offset = "
	    "excluded.offset, line = excluded.line, encoding = "
	    "excluded.encoding, format = excluded.format",
	[S_RETIRED_DEL] = "DELETE FROM retired WHERE source = ?1 AND path = ?2",
	[S_INCIDENT_STATE] = "SELECT state FROM incidents WHERE signature = ?1 "
	    "AND source = ?2 AND key = ?3",
	/* A hit on a resolved incident reopens it. */
	[S_INCIDENT_UPSERT] = "INSERT INTO incidents (signature, source, key, "
	    "fields, severity, first_seen, last_seen, count, state, "
	    "state_changed_at, product) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1, "
	    "'open', ?7, ?8) ON CONFLICT (signature, source, key) DO UPDATE SET "
	    "product = excluded.product, "
	    "first_seen = min(first_seen, excluded.first_seen), "
	    "last_seen = max(last_seen, excluded.last_seen), "
	    "count = count + 1, fields = excluded.fields, "
	    /* An escalated severity stays until the incident resolves. */
	    "severity = CASE WHEN state = 'resolved' OR " SEV_RANK("excluded.severity")
	    " > " SEV_RANK("severity") " THEN excluded.severity ELSE severity END, "
	    "resolution = CASE WHEN state = 'resolved' THEN NULL "
	    "ELSE resolution END, "
	    "snoozed_until = CASE WHEN state = 'resolved' THEN NULL "
	    "ELSE snoozed_until END, "
	    "state_by = CASE WHEN state = 'resolved' THEN NULL "
	    "ELSE state_by END, "
	    "state_changed_at = CASE WHEN state = 'resolved' THEN "
	    "excluded.state_changed_at ELSE state_changed_at END, "
	    "state = CASE WHEN state = 'resolved' THEN 'open' ELSE state END "
	    "RETURNING id, count, first_seen",
	[S_SAMPLE_ADD] = "INSERT INTO samples (incident_id, file, line, time, "
	    "text) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_SAMPLE_TRIM] = "DELETE FROM samples WHERE incident_id = ?1 AND id "
	    "NOT IN (SELECT id FROM samples WHERE incident_id = ?1 ORDER BY id "
	    "DESC LIMIT ?2)",
	[S_TIMELINE_ADD] = "INSERT INTO timeline (incident_id, minute, hits) "
	    "VALUES (?1, ?2, 1) ON CONFLICT (incident_id, minute) DO UPDATE "
	    "SET hits = hits + 1",
	[S_HISTORY_ADD] = "INSERT INTO history (incident_id, at, state, by, "
	    "note) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* A resolved incident is not snoozed: its next hit is news. */
	[S_SET_STATE] = "UPDATE incidents SET state = ?2, state_changed_at = "
	    "?3, state_by = ?4, resolution = ?5, snoozed_until = CASE WHEN ?2 = "
	    "'resolved' THEN NULL ELSE snoozed_until END WHERE id = ?1",
	[S_STATE_OF] = "SELECT state FROM incidents WHERE id = ?1",
	[S_SNOOZE] = "UPDATE incidents SET snoozed_until = ?2 WHERE id = ?1",
	[S_LIST_ALL] = "SELECT " INCIDENT_COLS " FROM incidents ORDER BY "
	    "last_seen DESC, id DESC",
	[S_LIST_STATE] = "SELECT " INCIDENT_COLS " FROM incidents WHERE "
	    "state = ?1 ORDER BY last_seen DESC, id DESC",
	[S_GET] = "SELECT " INCIDENT_COLS " FROM incidents WHERE id = ?1",
	[S_PRUNE_INCIDENTS] = "DELETE FROM incidents WHERE state = 'resolved' "
	    "AND state_changed_at < ?1 AND last_seen < ?1",
	[S_PRUNE_SAMPLES] = "DELETE FROM samples WHERE time < ?1 AND id NOT IN "
	    "(SELECT max(id) FROM samples GROUP BY incident_id)",
	[S_PRUNE_TIMELINE] = "DELETE FROM timeline WHERE minute < ?1 / 60000",
	[S_SOURCE_GET] = "SELECT since FROM sources WHERE name = ?1",
	[S_SOURCE_ADD] = "INSERT OR IGNORE INTO sources (name, since) VALUES "
	    "(?1, ?2)",
	/* FILTER; the parameters one statement does not use stay unbound. */
	[S_QUERY] = "SELECT " INCIDENT_COLS " FROM incidents WHERE " FILTER
	    " AND (?6 IS NULL OR last_seen < ?6 OR (last_seen = ?6 AND id < "
	    "?7)) ORDER BY last_seen DESC, id DESC LIMIT ?9",
	/*
	 * The triage order: what needs attention first (not snoozed at ?11),
	 * then the worst severity, then the longest open.
	 */
	[S_QUERY_TRIAGE] = "SELECT " INCIDENT_COLS " FROM incidents WHERE "
	    FILTER " ORDER BY "
	    "coalesce(snoozed_until > ?11, 0), " SEV_RANK("severity") " DESC, "
	    "first_seen, id LIMIT ?9",
	[S_QUERY_COUNT] = "SELECT count(*) FROM incidents WHERE " FILTER,
	/* A snoozed incident counts again once ?1 is past its snooze. */
	[S_OPEN_COUNTS] = "SELECT severity, count(*) FROM incidents WHERE "
	    "state = 'open' AND (snoozed_until IS NULL OR snoozed_until <= ?1) "
	    "GROUP BY severity",
	[S_SAMPLES] = "SELECT file, line, time, text FROM samples WHERE "
	    "incident_id = ?1 ORDER BY id DESC",
	[S_TIMELINE] = "SELECT minute, hits FROM timeline WHERE incident_id = "
	    "?1 ORDER BY minute",
	[S_HISTORY] = "SELECT at, state, by, note FROM history WHERE "
	    "incident_id = ?1 ORDER BY id",
	[S_HITS_BY_SIG] = "SELECT signature, hits, source FROM hit_totals "
	    "ORDER BY signature, source",
	[S_TOTALS_ADD] = "INSERT INTO source_totals (source, path, lines, "
	    "bytes, cut, rotations) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT "
	    "(source, path) DO UPDATE SET lines = lines + excluded.lines, "
	    "bytes = bytes + excluded.bytes, cut = cut + excluded.cut, "
	    "rotations = rotations + excluded.rotations",
	[S_TOTALS] = "SELECT source, path, lines, bytes, cut, rotations FROM "
	    "source_totals ORDER BY source, path",
	[S_ACTIVE_LIST] = "SELECT " INCIDENT_COLS " FROM incidents WHERE "
	    ACTIVE " ORDER BY " SEV_RANK("severity") " DESC, last_seen DESC, "
	    "id DESC LIMIT ?1",
	[S_ACTIVE_COUNT] = "SELECT count(*) FROM incidents WHERE " ACTIVE,
	[S_HIT_COUNT] = "INSERT INTO hit_totals (signature, source, hits) "
	    "VALUES (?1, ?2, 1) ON CONFLICT (signature, source) DO UPDATE SET "
	    "hits = hits + 1",
	[S_OPEN_BY_SIG] = "SELECT severity, signature, count(*) FROM incidents "
	    "WHERE state = 'open' GROUP BY severity, signature ORDER BY "
	    "severity, signature",
	[S_DB_SIZE] = "SELECT page_count * page_size FROM pragma_page_count(), "
	    "pragma_page_size()",
	[S_PENDING_ADD] = "INSERT INTO rule_hits (signature, source, key, "
	    "fields, product, severity, time, file, line, text) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_PENDING_TRIM] = "DELETE FROM rule_hits WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3 AND time < ?4",
	[S_PENDING_COUNT] = "SELECT count(*) FROM rule_hits WHERE signature = "
	    "?1 AND source = ?2 AND key = ?3",
	[S_PENDING_LIST] = "SELECT fields, product, severity, time, file, line, "
	    "text FROM rule_hits WHERE signature = ?1 AND source = ?2 AND key "
	    "= ?3 ORDER BY time, id",
	[S_PENDING_CLEAR] = "DELETE FROM rule_hits WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3",
	/* ?3 NULL: every key; ?4 NULL: no quiet condition. */
	[S_RESOLVABLE] = "SELECT id FROM incidents WHERE signature = ?1 AND "
	    "(?2 IS NULL OR source = ?2) AND (?3 IS NULL OR key = ?3) AND "
	    ACTIVE " AND (?4 IS NULL OR last_seen <= ?4) ORDER BY id",
	[S_RESOLVE] = "UPDATE incidents SET state = 'resolved', "
	    "state_changed_at = ?2, state_by = 'syncwatch', resolution = ?3, "
	    "snoozed_until = NULL "
	    "WHERE id = ?1 AND " ACTIVE " RETURNING state",
	[S_ESCALATE] = "UPDATE incidents SET severity = ?2 WHERE id = ?1 AND "
	    ACTIVE " AND " SEV_RANK("severity") " < " SEV_RANK("?2")
	    " RETURNING state",
	[S_AGED] = "SELECT id FROM incidents WHERE signature = ?1 AND (?2 IS "
	    "NULL OR source = ?2) AND " ACTIVE " AND first_seen <= ?3 AND "
	    SEV_RANK("severity") " < " SEV_RANK("?4") " ORDER BY id",
	[S_QUIET_DUE] = "SELECT source, min(last_seen) FROM incidents WHERE "
	    "signature = ?1 AND " ACTIVE " GROUP BY source",
	[S_AGED_DUE] = "SELECT source, min(first_seen) FROM incidents WHERE "
	    "signature = ?1 AND " ACTIVE " AND " SEV_RANK("severity") " < "
	    SEV_RANK("?2") " GROUP BY source",
	[S_TOUCH] = "UPDATE incidents SET fields = ?4, last_seen = max("
	    "last_seen, ?5) WHERE signature = ?1 AND source = ?2 AND key = ?3 "
	    "AND " ACTIVE,
	[S_SEQ_GET] = "SELECT started FROM sequences WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3",
	[S_SEQ_SET] = "INSERT INTO sequences (signature, source, key, started) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (signature, source, key) DO "
	    "UPDATE SET started = excluded.started, added = excluded.added",
	[S_SEQ_CLEAR] = "DELETE FROM sequences WHERE signature = ?1 AND "
	    "source = ?2 AND key = ?3",
	/* Active incidents, or hits held for a threshold. */
	[S_ANY_ACTIVE] = "SELECT EXISTS (SELECT 1 FROM incidents WHERE "
	    "signature = ?1 AND " ACTIVE ") OR EXISTS (SELECT 1 FROM rule_hits "
	    "WHERE signature = ?1)",
	[S_SOURCE_FILES] = "SELECT EXISTS (SELECT 1 FROM files WHERE source = "
	    "?1)",
	[S_LIST_OLDEST] = "SELECT " INCIDENT_COLS " FROM incidents ORDER BY id",
	/*
	 * Rule state is pruned by when it was written, not by the record's
	 * time: an old log read today still needs its window.
	 */
	[S_PRUNE_SEQUENCES] = "DELETE FROM sequences WHERE added < ?1",
	[S_PRUNE_RULE_HITS] = "DELETE FROM rule_hits WHERE added < ?1",
};
