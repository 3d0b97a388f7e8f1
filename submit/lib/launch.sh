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
    echo "bnsweep: building (mvn package -DskipTests); a first build downloads about 400 MB of dependencies into ~/.m2 ..." >&2
    # Maven's output reduced to its problems and, while it downloads, a line every 10 s: how many files and MB so far
    # (Maven 3.8 prints stray colour resets even with colour off: stripped)
    if ! (cd "$BNSWEEP_ROOT" && mvn -B -Dstyle.color=never -DskipTests package 2>&1 \
          | sed -u 's/\x1b\[[0-9;]*m//g' | bnsweep_build_progress >&2; exit "${PIPESTATUS[0]}"); then
      echo "bnsweep: build failed" >&2; exit 1
    fi
  fi
}

# Reads Maven's output: prints its errors and warnings, and while it downloads, every 40 files, the files and
# megabytes downloaded so far ("Downloaded from central: URL (2.1 MB at 5.3 MB/s)"). POSIX awk (mawk too).
bnsweep_build_progress() {
  awk '
    function mb(size, unit) { return unit == "MB" ? size : unit == "kB" ? size / 1024 : unit == "GB" ? size * 1024 : size / 1048576 }
    /^\[(ERROR|WARNING)\]/ && !/deprecated|SLF4J/ { print; fflush() }
    /Downloaded from/ && match($0, /\([0-9.]+ [kMG]?B/) {
      split(substr($0, RSTART + 1, RLENGTH - 1), part, " ")
      files++; total += mb(part[1], part[2])
      if (files % 40 == 0) { printf "bnsweep: downloaded %d files, %.0f MB so far\n", files, total; fflush() }
    }
    END { if (files) printf "bnsweep: downloaded %d files, %.0f MB\n", files, total }'
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
# (one list of words: the line breaks above are spaces)
BNSWEEP_SPARK_VALUE_OPTS="${BNSWEEP_SPARK_VALUE_OPTS//$'\n'/ }"
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

# Spark on YARN (--master yarn): what spark-submit needs from the launcher, through Spark's own
# settings so that it reaches the YARN containers (never through this machine's environment).
# Sets BNSWEEP_YARN_ARGS (spark-submit options) and, in cluster deploy mode, rewrites BNSWEEP_APP_ARGS
# (the --config file is shipped with --files and named by its file name, which is where YARN puts
# it in the driver's container). Refuses, in one line, what cannot work. Arguments: the JVM flags.
bnsweep_yarn() {
  local flags="$1" mode="client" i a prev=""
  BNSWEEP_YARN_ARGS=() BNSWEEP_YARN_MODE=client
  if [[ -z "${HADOOP_CONF_DIR:-}" && -z "${YARN_CONF_DIR:-}" ]]; then
    echo "bnsweep: --master yarn needs HADOOP_CONF_DIR (or YARN_CONF_DIR): the directory with the cluster's core-site.xml and yarn-site.xml" >&2
    exit 2
  fi
  for a in "${BNSWEEP_SPARK_ARGS[@]+"${BNSWEEP_SPARK_ARGS[@]}"}"; do
    [[ "$prev" == "--deploy-mode" ]] && mode="$a"
    [[ "$prev" == "--conf" && "$a" == spark.submit.deployMode=* ]] && mode="${a#*=}"
    prev="$a"
  done
  BNSWEEP_YARN_MODE="$mode"
  # the YARN containers get Spark from the project's jars (uploaded to the application's staging a Spark installation submits, or the user names spark.yarn.jars/archive (--conf after these wins)
  # directory), unless a Spark installation submits, or the user names spark.yarn.jars/archive (--conf after these wins):
  # Spark's jars and the application's dependencies, which Spark's own classes need too (Scala), so the
  # application itself is then the project's thin jar (BNSWEEP_YARN_APP), not the 171 MB one.
  BNSWEEP_YARN_APP=""
  if [[ -z "${SPARK_HOME:-}" || ! -x "${SPARK_HOME:-}/bin/spark-submit" ]]; then
    bnsweep_yarn_archive
    BNSWEEP_YARN_ARGS+=(--conf "spark.yarn.archive=$BNSWEEP_ROOT/target/yarn-libs.zip")
    BNSWEEP_YARN_APP="$(ls "$BNSWEEP_ROOT"/target/bnsweep-[0-9]*.jar | head -1)"
  fi
  # the JVM flags Spark needs on Java 17, for executors (and the driver when it runs in a container)
  BNSWEEP_YARN_ARGS+=(--conf "spark.executor.defaultJavaOptions=$flags")
  [[ "$mode" == "cluster" ]] || return 0
  BNSWEEP_YARN_ARGS+=(--conf "spark.driver.defaultJavaOptions=$flags -Dbnsweep.log.level=${BNSWEEP_LOG_LEVEL:-WARN}")
  for ((i = 0; i < ${#BNSWEEP_APP_ARGS[@]}; i++)); do
    a="${BNSWEEP_APP_ARGS[$i]}"
    case "$a" in
      --out|--data-dir)
        local where="${BNSWEEP_APP_ARGS[$((i + 1))]:-}"
        if [[ ! "$where" =~ ^[A-Za-z][A-Za-z0-9+.-]*:/ || "$where" =~ ^file: ]]; then
          echo "bnsweep: $a '$where' is on this machine's disk, but with --deploy-mode cluster the driver runs in a YARN container" \
               "elsewhere: give a path on the cluster's filesystem (e.g. hdfs:///user/$(id -un)/runs/name)" >&2
          exit 2
        fi ;;
      --config)
        local conf="${BNSWEEP_APP_ARGS[$((i + 1))]:-}"
        if [[ ! -f "$conf" ]]; then echo "bnsweep: --config $conf: no such file" >&2; exit 2; fi
        BNSWEEP_YARN_ARGS+=(--files "$conf")
        BNSWEEP_APP_ARGS[$((i + 1))]="$(basename "$conf")" ;;
    esac
  done
}

# target/yarn-libs.zip: Spark's jars and the application's dependencies in one uncompressed archive
# (spark.yarn.archive), made again when the build's class path lists are newer: one file to upload
# per application instead of 224 (about 80 s less on a MiniDFSCluster).
bnsweep_yarn_archive() {
  local zip="$BNSWEEP_ROOT/target/yarn-libs.zip" lists=("$BNSWEEP_ROOT/target/provided-classpath.txt" "$BNSWEEP_ROOT/target/runtime-classpath.txt")
  [[ -f "$zip" && ! "${lists[0]}" -nt "$zip" && ! "${lists[1]}" -nt "$zip" ]] && return 0
  local tmp jar
  tmp="$(mktemp -d "$BNSWEEP_ROOT/target/.yarn-libs.XXXXXX")"
  for jar in $(cat "${lists[0]}" <(echo ":") "${lists[1]}" | tr -d '\n' | tr ':' ' '); do ln -s "$jar" "$tmp/"; done
  if ! jar -c -M -0 -f "$zip.tmp" -C "$tmp" .; then
    rm -rf "$tmp" "$zip.tmp"; echo "bnsweep: cannot write $zip" >&2; exit 1
  fi
  rm -rf "$tmp"
  mv "$zip.tmp" "$zip"
}

# Copies spark-submit's error stream through, and after the first line naming a YARN application
# says which application it is and how to follow it.
bnsweep_yarn_follow() {
  local line shown=""
  while IFS= read -r line; do
    printf '%s\n' "$line"
    if [[ -z "$shown" && "$line" =~ (application_[0-9]+_[0-9]+) ]]; then
      shown=1
      printf 'bnsweep: YARN application %s; follow it with: yarn application -status %s; its logs: yarn logs -applicationId %s\n' \
        "${BASH_REMATCH[1]}" "${BASH_REMATCH[1]}" "${BASH_REMATCH[1]}"
    fi
  done
}

# Runs a command with its error stream through bnsweep_yarn_follow; TERM, INT and HUP go on to it; exits with its status.
bnsweep_run_following_yarn() {
  "$@" 2> >(bnsweep_yarn_follow >&2) &
  local pid=$! rc=0
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
  while true; do
    rc=0
    wait "$pid" || rc=$?
    kill -0 "$pid" 2>/dev/null || break
  done
  wait 2>/dev/null # the filter's last lines
  exit "$rc"
}

# --help and --version answered at once, without a build and without a JVM: the help texts are picocli's
# usage of each command, kept in submit/lib/help/ (HelpTextTest keeps them equal to the code's); the
# version is the POM's. Returns (does nothing) when ARGS ask for neither.
bnsweep_help() {
  local a cmd="" want=""
  for a in "$@"; do
    case "$a" in
      -h|--help) want=help ;;
      -V|--version) want=version ;;
      train|sweep|prepare|report) [[ -z "$cmd" ]] && cmd="$a" ;;
    esac
  done
  case "$want" in
    help) cat "$BNSWEEP_ROOT/submit/lib/help/${cmd:-bnsweep}.txt"; exit 0 ;;
    version) echo "bnsweep $(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$BNSWEEP_ROOT/pom.xml" | head -1)"; exit 0 ;;
  esac
}

# bnsweep_submit ARGS...: runs `bnsweep ARGS...` (a bnsweep.cli.Main command line) through spark-submit
bnsweep_submit() {
  bnsweep_help "$@"
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
  local yarn=""
  if [[ "$master" == yarn* ]]; then
    yarn=1
    bnsweep_yarn "$flags"
    set -- "${BNSWEEP_APP_ARGS[@]}"
    submit_args+=("${BNSWEEP_YARN_ARGS[@]}")
    if [[ -n "$BNSWEEP_YARN_APP" ]]; then
      app="$BNSWEEP_YARN_APP"
      # ND4J comes from the archive, on the containers' system class path: its builds must be there
      # too, not in the application's loader. YARN puts --jars in each container's working directory,
      # so their file names are class path entries there.
      if ((${#natives[@]})); then
        local names=() rel
        for jar in "${natives[@]}"; do names+=("$(basename "$jar")"); done
        rel="$(IFS=:; echo "${names[*]}")"
        submit_args+=(--conf "spark.executor.extraClassPath=$rel")
        [[ "$BNSWEEP_YARN_MODE" == cluster ]] && submit_args+=(--conf "spark.driver.extraClassPath=$rel")
      fi
    fi
  fi
  # the user's spark-submit options after the launcher's, so that a user's --conf wins
  submit_args+=("${BNSWEEP_SPARK_ARGS[@]+"${BNSWEEP_SPARK_ARGS[@]}"}")
  local natives_csv natives_cp
  natives_csv="$(IFS=,; echo "${natives[*]}")"
  [[ -n "$BNSWEEP_USER_JARS" ]] && natives_csv="${natives_csv:+$natives_csv,}$BNSWEEP_USER_JARS"
  natives_cp="$(IFS=:; echo "${natives[*]}")"
  [[ -n "$natives_csv" ]] && submit_args+=(--jars "$natives_csv")
  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
    local cmd=("$SPARK_HOME/bin/spark-submit" "${submit_args[@]}" --driver-java-options "$driver_opts" "$app" "$@")
    [[ -n "$yarn" ]] && bnsweep_run_following_yarn "${cmd[@]}"
    exec "${cmd[@]}"
  fi
  # no Spark installation: SparkSubmit from the project's own dependency jars (Spark and what it
  # shares with DL4J, e.g. Scala), in this JVM. ND4J then loads from this class path (the parent of
  # the loader spark-submit gives the application), so the native builds go on it too.
  # The Hadoop/YARN configuration directories go first on the class path, as Spark's own spark-class puts them.
  local conf_cp="${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}${YARN_CONF_DIR:+$YARN_CONF_DIR:}"
  # shellcheck disable=SC2086  # driver_opts is a list of JVM options
  local cmd=(java $driver_opts -Xmx"$BNSWEEP_DRIVER_MEM"
    -cp "$conf_cp$(cat "$BNSWEEP_ROOT/target/provided-classpath.txt"):$(cat "$BNSWEEP_ROOT/target/runtime-classpath.txt")${natives_cp:+:$natives_cp}"
    org.apache.spark.deploy.SparkSubmit "${submit_args[@]}" "$app" "$@")
  [[ -n "$yarn" ]] && bnsweep_run_following_yarn "${cmd[@]}"
  exec "${cmd[@]}"
}
