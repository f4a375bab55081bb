package org.sparksnn.jobs;

import java.util.Properties;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration for file access outside a SparkSession (reading the YAML config, {@code
 * fetch-data}): Hadoop's defaults plus every {@code spark.hadoop.<key>} JVM system property as
 * {@code <key>}, as Spark itself applies them. So {@code
 * SPARK_SNN_JAVA_OPTS=-Dspark.hadoop.fs.s3a.endpoint=…} (or {@code spark-submit --conf
 * spark.hadoop.…}) reaches these reads too.
 */
public final class HadoopSettings {
  private static final String PREFIX = "spark.hadoop.";

  private HadoopSettings() {}

  /** From the JVM's system properties. */
  public static Configuration fromSystemProperties() {
    return from(System.getProperties());
  }

  /** From {@code props}: each {@code spark.hadoop.<key>} set as {@code <key>}. */
  public static Configuration from(Properties props) {
    Configuration conf = new Configuration();
    for (String name : props.stringPropertyNames()) {
      if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
        conf.set(name.substring(PREFIX.length()), props.getProperty(name));
      }
    }
    return conf;
  }
}
