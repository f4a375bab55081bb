/**
 * A real Spark standalone cluster on 127.0.0.1 made from Maven jars (see spark-cluster.md): the
 * Spark "distribution" ({@link org.sparksnn.jobs.cluster.SparkDistribution}), the master and
 * worker JVMs with their PID files, ports and logs under one run directory ({@link
 * org.sparksnn.jobs.cluster.StandaloneCluster}), and {@code bin/spark-snn cluster
 * start|stop|status} ({@link org.sparksnn.jobs.cluster.ClusterCommand}). No training logic.
 */
package org.sparksnn.jobs.cluster;
