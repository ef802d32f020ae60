# The crash-consistency test (tests/stress/crash.sh), a short run: kill -9
# at random while a writer rotates its log every way; 0 lines lost, 0 read
# twice.  `make stress` runs a long one.
set -eu
STRESS_LINES=${STRESS_LINES:-5000} STRESS_RATE=${STRESS_RATE:-500} \
    exec sh "$(dirname "$0")/../stress/crash.sh" "$@"
