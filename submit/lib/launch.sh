# Shared by submit/bnsweep and data-prep/prepare: builds the project when needed and runs
# bnsweep.cli.Main through spark-submit: $SPARK_HOME/bin/spark-submit when SPARK_HOME has one,
# else org.apache.spark.deploy.SparkSubmit from the project's own Spark jars, so no Spark
# installation is needed. Either way the application is target/bnsweep-app.jar (Spark left out).
# Source it; do not run it.
#
# Environment (all optional):
#   SPARK_HOME             a Spark 3.5 installation to submit with
#   BNSWEEP_DRIVER_MEMORY  heap of the driver JVM (default 4g; in local mode it holds the workers too)
#   BNSWEEP_LOG_LEVEL      log level of Spark/DL4J (default WARN)
#   OMP_NUM_THREADS        ND4J threads per task (default 1: Spark's tasks already fill the cores)
#   OPENBLAS_CORETYPE      OpenBLAS kernels (default: SkylakeX on a CPU with AVX-512, else OpenBLAS's choice)
#   BNSWEEP_NATIVE_BUILD   auto (default: each JVM loads the best ND4J build its CPU runs, of those in
#                          target/natives and the generic one) or generic (target/natives left out)
#   SPARK_LOCAL_IP         address the driver binds to and advertises (default: 127.0.0.1 for local
#                          masters; for a cluster master Spark's own choice, an address executors
#                          on other hosts can reach; set it on a driver with several interfaces)

BNSWEEP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

bnsweep_build_if_needed() {
  # the application jar is rewritten by every package: sources newer than it mean a rebuild
  local stamp="$BNSWEEP_ROOT/target/bnsweep-app.jar"
  if [[ ! -f "$stamp" || ! -f "$BNSWEEP_ROOT/target/provided-classpath.txt" \
        || -n "$(find "$BNSWEEP_ROOT/src/main" "$BNSWEEP_ROOT/pom.xml" -newer "$stamp" -print -quit)" ]]; then
    echo "bnsweep: building (mvn package -DskipTests) ..." >&2
    # (Maven 3.8 prints stray colour resets even with colour off: strip them)
    if ! (cd "$BNSWEEP_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package 2>&1 \
          | sed -u 's/\x1b\[[0-9;]*m//g' >&2; exit "${PIPESTATUS[0]}"); then
      echo "bnsweep: build failed" >&2; exit 1
    fi
  fi
}

# The OpenBLAS that ND4J bundles (0.3.19) gives AMD Zen CPUs its AVX2 kernels even when they have
# AVX-512; its SkylakeX kernels are faster there (docs/platforms.md). Set only where this CPU has
# AVX-512 F/BW/DQ/VL, and never over an OPENBLAS_CORETYPE already in the environment (even an empty
# one). It reaches this machine's JVMs (the driver; in local mode the workers); executors elsewhere
# keep their own environment (spark.executorEnv.OPENBLAS_CORETYPE sets it there).
bnsweep_openblas_coretype() {
  [[ -n "${OPENBLAS_CORETYPE+set}" ]] && return 0
  local flags f
  flags="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)"
  for f in avx512f avx512bw avx512dq avx512vl; do
    [[ " $flags " == *" $f "* ]] || return 0
  done
  export OPENBLAS_CORETYPE=SkylakeX
}

# spark-submit's own options among a bnsweep command line (they go to spark-submit, not to bnsweep):
# with a value (--conf k=v or --conf=k=v) and the two flags below
BNSWEEP_SPARK_VALUE_OPTS=" --conf -c --jars --packages --exclude-packages --repositories --properties-file --files --archives
  --driver-memory --driver-java-options --driver-library-path --driver-class-path --driver-cores --executor-memory
  --executor-cores --total-executor-cores --num-executors --queue --principal --keytab --name --deploy-mode --proxy-user "
BNSWEEP_SPARK_FLAGS=" --supervise --verbose "

# bnsweep_split_args ARGS...: sets BNSWEEP_APP_ARGS (bnsweep's own arguments, in order), BNSWEEP_SPARK_ARGS
# (spark-submit options), BNSWEEP_USER_JARS (--jars, merged with the native builds), BNSWEEP_DRIVER_MEM
# (--driver-memory, else BNSWEEP_DRIVER_MEMORY, else 4g) and BNSWEEP_USER_DRIVER_OPTS (--driver-java-options,
# added to the launcher's own)
bnsweep_split_args() {
  BNSWEEP_APP_ARGS=() BNSWEEP_SPARK_ARGS=() BNSWEEP_USER_JARS="" BNSWEEP_USER_DRIVER_OPTS=""
  BNSWEEP_DRIVER_MEM="${BNSWEEP_DRIVER_MEMORY:-4g}"
  local opt val
  while (($#)); do
    opt="${1%%=*}"
    if [[ "$1" == --*=* && "$BNSWEEP_SPARK_VALUE_OPTS" == *" $opt "* ]]; then
      val="${1#*=}"; shift
    elif [[ "$BNSWEEP_SPARK_VALUE_OPTS" == *" $1 "* ]]; then
      if (($# < 2)); then echo "bnsweep: $1 needs a value" >&2; exit 2; fi
      opt="$1" val="$2"; shift 2
    elif [[ "$BNSWEEP_SPARK_FLAGS" == *" $1 "* ]]; then
      BNSWEEP_SPARK_ARGS+=("$1"); shift; continue
    else
      BNSWEEP_APP_ARGS+=("$1"); shift; continue
    fi
    case "$opt" in
      --jars) BNSWEEP_USER_JARS="${BNSWEEP_USER_JARS:+$BNSWEEP_USER_JARS,}$val" ;;
      --driver-memory) BNSWEEP_DRIVER_MEM="$val" ;;
      --driver-java-options) BNSWEEP_USER_DRIVER_OPTS+=" $val" ;;
      -c) BNSWEEP_SPARK_ARGS+=(--conf "$val") ;;
      *) BNSWEEP_SPARK_ARGS+=("$opt" "$val") ;;
    esac
  done
}

# Paths are bytes on Linux, but the JVM turns them into strings with the locale's charset: under
# LANG=C (cron, many containers) a path with é or 日本 in it is refused. Where the locale is not
# UTF-8, the launched JVMs get a UTF-8 one (C.UTF-8 where it exists, else en_US.UTF-8); messages stay in English.
bnsweep_utf8_locale() {
  [[ "$(locale charmap 2>/dev/null)" == "UTF-8" ]] && return 0
  local l
  for l in C.UTF-8 en_US.UTF-8; do
    if [[ "$(LC_ALL="$l" locale charmap 2>/dev/null)" == "UTF-8" ]]; then
      export LC_ALL="$l"
      return 0
    fi
  done
}

# bnsweep_submit ARGS...: runs `bnsweep ARGS...` (a bnsweep.cli.Main command line) through spark-submit
bnsweep_submit() {
  bnsweep_build_if_needed
  local app="$BNSWEEP_ROOT/target/bnsweep-app.jar"
  local flags master="" a prev=""
  flags="$(cat "$BNSWEEP_ROOT/target/classes/bnsweep-jvm-flags.txt")"
  bnsweep_split_args "$@"
  set -- "${BNSWEEP_APP_ARGS[@]+"${BNSWEEP_APP_ARGS[@]}"}"
  for a in "$@"; do
    [[ "$prev" == "--master" ]] && master="$a"
    [[ "$a" == --master=* ]] && master="${a#--master=}"
    prev="$a"
  done
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
  bnsweep_openblas_coretype
  bnsweep_utf8_locale
  # loopback only where nothing outside this machine must reach the driver: local masters (and no
  # --master, where the application picks local[workers]); a cluster's executors need a real address
  if [[ -z "$master" || "$master" == local* ]]; then
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  fi
  # Spark's defaults would log at INFO before the application's own configuration is seen
  local driver_opts="$flags -Dlog4j2.configurationFile=$BNSWEEP_ROOT/src/main/resources/log4j2.properties"
  driver_opts+=" -Dbnsweep.log.level=${BNSWEEP_LOG_LEVEL:-WARN}"
  # without --master the application picks local[<workers>] itself
  [[ -z "$master" ]] && driver_opts+=" -Dbnsweep.master.chosen-by-application=true"
  [[ -n "$BNSWEEP_USER_DRIVER_OPTS" ]] && driver_opts+=" $BNSWEEP_USER_DRIVER_OPTS"
  local submit_args=(--class bnsweep.cli.Main --driver-memory "$BNSWEEP_DRIVER_MEM"
                     --conf spark.executorEnv.OMP_NUM_THREADS="$OMP_NUM_THREADS")
  [[ -n "$master" ]] && submit_args+=(--master "$master")
  # the user's spark-submit options after the launcher's, so that a user's --conf wins
  submit_args+=("${BNSWEEP_SPARK_ARGS[@]+"${BNSWEEP_SPARK_ARGS[@]}"}")
  # ND4J's builds for newer CPUs (target/natives, beside the application jar: -avx2, -avx512 on
  # x86-64, and any executor platform the build was asked for) for the driver and the executors;
  # each JVM loads the best its own CPU runs (bnsweep.util.NativeBuild).
  # BNSWEEP_NATIVE_BUILD=generic leaves them out: every JVM runs the generic build.
  local natives=() jar
  case "${BNSWEEP_NATIVE_BUILD:-auto}" in
    auto) for jar in "$BNSWEEP_ROOT"/target/natives/*.jar; do [[ -f "$jar" ]] && natives+=("$jar"); done ;;
    generic) ;;
    *) echo "bnsweep: BNSWEEP_NATIVE_BUILD must be auto or generic, not '$BNSWEEP_NATIVE_BUILD'" >&2; exit 2 ;;
  esac
  local natives_csv natives_cp
  natives_csv="$(IFS=,; echo "${natives[*]}")"
  [[ -n "$BNSWEEP_USER_JARS" ]] && natives_csv="${natives_csv:+$natives_csv,}$BNSWEEP_USER_JARS"
  natives_cp="$(IFS=:; echo "${natives[*]}")"
  [[ -n "$natives_csv" ]] && submit_args+=(--jars "$natives_csv")
  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
    exec "$SPARK_HOME/bin/spark-submit" "${submit_args[@]}" --driver-java-options "$driver_opts" "$app" "$@"
  fi
  # no Spark installation: SparkSubmit from the project's own dependency jars (Spark and what it
  # shares with DL4J, e.g. Scala), in this JVM. ND4J then loads from this class path (the parent of
  # the loader spark-submit gives the application), so the native builds go on it too.
  # shellcheck disable=SC2086  # driver_opts is a list of JVM options
  exec java $driver_opts -Xmx"$BNSWEEP_DRIVER_MEM" \
    -cp "$(cat "$BNSWEEP_ROOT/target/provided-classpath.txt"):$(cat "$BNSWEEP_ROOT/target/runtime-classpath.txt")${natives_cp:+:$natives_cp}" \
    org.apache.spark.deploy.SparkSubmit "${submit_args[@]}" "$app" "$@"
}
