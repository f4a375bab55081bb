package org.sparksnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class HadoopSettingsTest {
  @Test
  void sparkHadoopPropertiesBecomeHadoopKeysAndOthersAreIgnored() {
    Properties p = new Properties();
    p.setProperty("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000");
    p.setProperty("spark.hadoop.dfs.replication", "1");
    p.setProperty("spark.hadoop.", "empty key");
    p.setProperty("spark.executor.memory", "2g");
    Configuration conf = HadoopSettings.from(p);
    assertEquals("http://127.0.0.1:9000", conf.get("fs.s3a.endpoint"));
    assertEquals(1, conf.getInt("dfs.replication", 3));
    assertNull(conf.get("spark.executor.memory"));
    assertNull(conf.get("executor.memory"));
  }
}
