# Sourced (from the repository root) by the bench scripts that run benchmark main classes of the
# jobs test sources: builds what is missing, pins one OpenMP thread and sets CP.
[[ -d jobs/target/lib ]] || mvn -B -q -DskipTests install
mvn -B -q -o -pl jobs test-compile
export OMP_NUM_THREADS=1
CP="jobs/target/test-classes:$(ls jobs/target/spark-snn-jobs-*.jar | grep -v tests | head -1):jobs/target/lib/*"
