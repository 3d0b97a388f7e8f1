# Shared by submit/bnsweep and data-prep/prepare: builds the project when needed and runs
# bnsweep.cli.Main in a JVM with the flags Spark needs on Java 17. Source it; do not run it.
#
# Environment (all optional):
#   BNSWEEP_DRIVER_MEMORY  heap of the driver JVM (default 4g; in local mode it holds the workers too)
#   BNSWEEP_LOG_LEVEL      log level of Spark/DL4J (default WARN)
#   OMP_NUM_THREADS        ND4J threads per task (default 1: Spark's tasks already fill the cores)
#   SPARK_LOCAL_IP         address Spark binds to (default 127.0.0.1)

BNSWEEP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

bnsweep_build_if_needed() {
  local stamp="$BNSWEEP_ROOT/target/.bnsweep-built"
  if [[ ! -f "$stamp" || ! -f "$BNSWEEP_ROOT/target/runtime-classpath.txt" \
        || -n "$(find "$BNSWEEP_ROOT/src/main" "$BNSWEEP_ROOT/pom.xml" -newer "$stamp" -print -quit)" ]]; then
    echo "bnsweep: building (mvn package -DskipTests) ..." >&2
    # (Maven 3.8 prints stray colour resets even with colour off: strip them)
    if ! (cd "$BNSWEEP_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package 2>&1 \
          | sed -u 's/\x1b\[[0-9;]*m//g' >&2; exit "${PIPESTATUS[0]}"); then
      echo "bnsweep: build failed" >&2; exit 1
    fi
    touch "$stamp"
  fi
}

bnsweep_java() {
  bnsweep_build_if_needed
  local cp flags
  cp="$BNSWEEP_ROOT/target/classes:$(cat "$BNSWEEP_ROOT/target/runtime-classpath.txt")"
  flags="$(cat "$BNSWEEP_ROOT/target/classes/bnsweep-jvm-flags.txt")"
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  # shellcheck disable=SC2086  # flags is a list of JVM options
  exec java $flags -Xmx"${BNSWEEP_DRIVER_MEMORY:-4g}" \
    -Dbnsweep.log.level="${BNSWEEP_LOG_LEVEL:-WARN}" \
    -cp "$cp" bnsweep.cli.Main "$@"
}
