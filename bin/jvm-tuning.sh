# Sourced by bin/spark-snn and bench/jobs-classpath.sh: the JVM options spark-snn adds for the
# machine it runs on (in local mode one JVM holds the driver and the executors' task threads).
#   spark_snn_tuning COMMAND CPUS USER_OPTS   prints the options, one per line
#   spark_snn_cpus                            the CPUs this process may use (nproc: taskset too)
#   spark_snn_command ARGS…                   the CLI command named in ARGS (first match), or ""

spark_snn_cpus() {
  # nproc also honours OMP_NUM_THREADS / OMP_THREAD_LIMIT, which the launcher sets to 1 for BLAS
  env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc 2>/dev/null || getconf _NPROCESSORS_ONLN
}

spark_snn_command() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      fetch-data|encode|show|train|sweep|neuron|loihi|loihi-emulate|run|cluster|help)
        echo "$arg"
        return
        ;;
    esac
  done
  echo ""
}

spark_snn_tuning() {
  local command="$1" cpus="$2" user="$3"
  # At most two CPUs: the serial collector, as the JVM itself picks on one CPU (G1's concurrent
  # threads have no core of their own there). On the 2-core VM it was faster in 7 of 9 alternated
  # MLP sweeps on local[2] (median +7 %) and in 6 of 7 barrier trainings (local[1] +12 %, local[2]
  # +4 %; BENCHMARKS.md, session 23). Options naming a collector win.
  if [[ "$cpus" -le 2 && "$user" != *Use*GC* ]]; then
    echo "-XX:+UseSerialGC"
  fi
  # A sweep on one CPU: compile only the hotter code (JIT thresholds ×3; the vector loops keep
  # their own, lower ones). There the compilers share the one core with the tasks, and much of what
  # they compile is Spark's start-up code. One pinned core, the 54-point grid sweep, seven
  # alternated pairs: the points 3–18 % faster, the whole command 1.6–3.2 s (8–13 %) shorter. Not
  # for training (its warm epochs ran 10 % slower with it) nor with two CPUs (the compilers have a
  # core of their own; the plain local[1] sweep was 1–5 % slower). BENCHMARKS.md, session 28.
  # Options naming CompileThresholdScaling win.
  if [[ "$command" == sweep && "$cpus" -eq 1 && "$user" != *CompileThresholdScaling* ]]; then
    echo "-XX:CompileThresholdScaling=3"
  fi
}
