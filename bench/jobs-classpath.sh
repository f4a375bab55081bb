# Sourced (from the repository root) by the bench scripts that run benchmark main classes of the
# jobs test sources: builds what is missing, pins one OpenMP thread and sets CP and JAVA_BENCH
# (the java command with the module options bin/spark-snn uses).
[[ -d jobs/target/lib ]] || mvn -B -q -DskipTests install
mvn -B -q -o -pl jobs test-compile
export OMP_NUM_THREADS=1
# the Vector API module and the vector loops' JIT setting, as bin/spark-snn passes them (snn-ops'
# vector loops; -Dsparksnn.simd=false in JAVA_BENCH_OPTS measures the scalar loops)
JAVA_BENCH=(java --add-modules=jdk.incubator.vector -XX:CompileCommand=quiet
  -XX:CompileCommand=option,org.sparksnn.ops.net.VectorLoops::*,double,CompileThresholdScaling,0.2
  ${JAVA_BENCH_OPTS:-})
# the collector bin/spark-snn picks (bin/jvm-tuning.sh: the serial one on at most two CPUs); the
# benchmark main classes are not `sweep`, so no other tuning
source bin/jvm-tuning.sh
while IFS= read -r option; do
  JAVA_BENCH+=("$option")
done < <(spark_snn_tuning bench "$(spark_snn_cpus)" "${JAVA_BENCH_OPTS:-}")
CP="jobs/target/test-classes:$(ls jobs/target/spark-snn-jobs-*.jar | grep -v tests | head -1):jobs/target/lib/*"
