package org.sparksnn.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.ConfigException;

/** When the SPARK_HOME of Maven jars counts as built, and its classpath. */
class SparkDistributionTest {
  @TempDir Path root;

  private SparkDistribution withPoms() throws Exception {
    Files.createDirectories(root.resolve("bin/cluster"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.writeString(root.resolve("bin/cluster/spark-dist-pom.xml"), "<project/>");
    Instant old = Instant.parse("2020-01-01T00:00:00Z");
    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(old));
    Files.setLastModifiedTime(root.resolve("bin/cluster/spark-dist-pom.xml"), FileTime.from(old));
    return new SparkDistribution(root.resolve("home"), root);
  }

  @Test
  void completeOnlyWithAMarkerNewerThanThePoms() throws Exception {
    SparkDistribution d = withPoms();
    assertFalse(d.isComplete());
    Files.createDirectories(d.home());
    Files.writeString(d.home().resolve(".complete"), "230 jars\n");
    assertTrue(d.isComplete());
    assertEquals(d, d.ensure(), "a complete layout is not rebuilt");
    Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now().plusSeconds(60)));
    assertFalse(d.isComplete(), "a newer project pom (Spark version) invalidates it");
  }

  @Test
  void classpathIsConfThenAllJars() throws Exception {
    SparkDistribution d = withPoms();
    assertEquals(d.home() + "/conf:" + d.home() + "/jars/*", d.classpath());
  }

  @Test
  void ensureOutsideACheckoutNamesTheMissingPom() {
    SparkDistribution d = new SparkDistribution(root.resolve("home"), root);
    ConfigException e = assertThrows(ConfigException.class, d::ensure);
    assertTrue(e.getMessage().contains("spark-dist-pom.xml"), e.getMessage());
  }
}
