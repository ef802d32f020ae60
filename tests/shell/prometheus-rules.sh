# The shipped Prometheus rules (packaging/prometheus/syncwatch-rules.yml):
# promtool accepts them, and their unit tests beside them pass — each
# alert fires when and with the labels and annotations it should, and
# not before.  A rule whose expression names a metric /metrics does not
# have is caught too.
set -eu
. "$(dirname "$0")/../lib.sh"
command -v promtool > /dev/null ||
    fail "promtool is not installed (packaging/install-deps.sh installs prometheus)"
dir=$top/packaging/prometheus
promtool check rules "$dir/syncwatch-rules.yml" > "$tmp/out" 2>&1 ||
    fail "promtool check rules: $(cat "$tmp/out")"
(cd "$dir" && promtool test rules syncwatch-rules.test.yml) > "$tmp/out" 2>&1 ||
    fail "promtool test rules: $(cat "$tmp/out")"
# Every syncwatch_ metric a rule uses is one the daemon serves (or the
# reload metric of the operator issue); the names come from
# daemon/http/api-*.c.
grep -oh 'syncwatch_[a-z_]*' "$dir/syncwatch-rules.yml" | sort -u | while read -r m; do
	case $m in syncwatch_config_last_reload_successful) continue ;; esac
	grep -q "\"$m\|$m " "$top"/daemon/http/api-*.c || fail "rule metric $m is not served by /metrics"
done
