package org.sparksnn.pipeline.hdfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.sparksnn.pipeline.SparkTestSession;

/**
 * A real, running HDFS for tests: Hadoop's in-process {@link MiniDFSCluster} (one NameNode, one
 * DataNode, every server bound to 127.0.0.1, storage under a temporary base directory). Start one
 * per test class in {@code @BeforeAll} and {@link #close()} it in {@code @AfterAll}.
 *
 * <p>The cluster runs as the user of the test JVM, who is therefore the HDFS superuser;
 * permission tests act as another user through {@code UserGroupInformation.createRemoteUser}.
 */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private final URI uri;

  private MiniHdfs(MiniDFSCluster cluster) {
    this.cluster = cluster;
    this.uri = URI.create("hdfs://127.0.0.1:" + cluster.getNameNodePort());
  }

  /**
   * Starts a cluster and waits until the DataNode has registered (about 3–8 s on 2 cores).
   *
   * @param baseDir local directory for the NameNode and DataNode storage (a JUnit temp dir)
   */
  public static MiniHdfs start(java.nio.file.Path baseDir) {
    Configuration conf = new Configuration();
    for (String key :
        new String[] {
          "dfs.namenode.rpc-bind-host",
          "dfs.namenode.servicerpc-bind-host",
          "dfs.namenode.http-bind-host",
          "dfs.namenode.https-bind-host"
        }) {
      conf.set(key, "127.0.0.1");
    }
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.setInt("dfs.replication", 1);
    conf.setBoolean("dfs.permissions.enabled", true);
    try {
      MiniDFSCluster c =
          new MiniDFSCluster.Builder(conf, baseDir.toFile())
              .numDataNodes(1)
              .nameNodePort(0)
              .format(true)
              .build();
      c.waitActive();
      return new MiniHdfs(c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start MiniDFSCluster in " + baseDir, e);
    }
  }

  /** The file system URI, {@code hdfs://127.0.0.1:<port>}. */
  public URI uri() {
    return uri;
  }

  /** The fully qualified path of {@code absolute} (starting with {@code /}) on this HDFS. */
  public Path path(String absolute) {
    return new Path(uri.toString() + absolute);
  }

  /** A client configuration for this HDFS ({@code fs.defaultFS} stays {@code file:}). */
  public Configuration conf() {
    Configuration conf = new Configuration();
    conf.setInt("dfs.replication", 1);
    return conf;
  }

  /** The (cached) client file system, as the test JVM's user, the superuser. */
  public FileSystem fs() {
    try {
      return FileSystem.get(uri, conf());
    } catch (IOException e) {
      throw new UncheckedIOException(uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * The Spark settings a job needs for this HDFS: only {@code spark.hadoop.dfs.replication=1}
   * (Spark's Hadoop configuration does not see the cluster's; with 1 DataNode files would otherwise
   * ask for 3 replicas). Paths stay fully qualified, so {@code fs.defaultFS} is not needed.
   */
  public Map<String, String> sparkSettings() {
    return Map.of("spark.hadoop.dfs.replication", "1");
  }

  /** A local[2] session for {@code testClass} with {@link #sparkSettings()}. */
  public SparkSession spark(Class<?> testClass) {
    return SparkTestSession.create(testClass, sparkSettings());
  }

  /** Shuts the cluster down. */
  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
