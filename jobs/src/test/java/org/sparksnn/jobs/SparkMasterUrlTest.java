package org.sparksnn.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparkMasterUrlTest {
  @Test
  void acceptsTheFormsSparkParses() {
    for (String url :
        List.of(
            "local",
            "local[1]",
            "local[16]",
            "local[*]",
            "local[2,3]",
            "local[*,4]",
            "local[2 , 3]",
            "local-cluster[2,1,1024]",
            "local-cluster[ 2 , 1 , 1024 ]",
            "spark://127.0.0.1:7077",
            "spark://master.example.com:7077",
            "spark://host-1:7077,host-2:7078",
            "spark://[::1]:7077",
            "yarn",
            "k8s://api-server:6443",
            "k8s://https://api-server:6443",
            "k8s://http://127.0.0.1:8001",
            "k8s://https://api.example.com")) {
      assertEquals(url, SparkMasterUrl.check(url), url);
    }
  }

  @Test
  void rejectsAnythingElseNamingTheOptionTheValueAndTheForms() {
    for (String url :
        List.of(
            "foo://bar",
            "",
            " ",
            "local[0]",
            "local[-1]",
            "local[]",
            "local[x]",
            "local[2,0]",
            "local[99999999999]",
            "local [2]",
            " local[2]",
            "LOCAL",
            "local-cluster[2,1]",
            "local-cluster[0,1,1024]",
            "spark://",
            "spark://host",
            "spark://host:",
            "spark://host:0",
            "spark://host:65536",
            "spark://host:7077/path",
            "spark://host:7077,",
            "spark://user@host:7077",
            "spark://127.0.0.1:7077 ",
            "yarn-cluster",
            "YARN",
            "k8s://",
            "k8s://ftp://host:21",
            "k8s://host:99999",
            "mesos://host:5050",
            "127.0.0.1:7077")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SparkMasterUrl.check(url), url);
      assertEquals(
          "--master: '"
              + url
              + "' is not a Spark master URL; expected local[*], local[N], spark://HOST:PORT,"
              + " yarn or k8s://HOST:PORT",
          e.getMessage());
    }
  }

  @Test
  void noMasterGivenPasses() {
    assertNull(SparkMasterUrl.check(null));
  }

  @Test
  void aSparkMasterIsReachableIfAnyOfItsHostsAcceptsAConnection() throws Exception {
    try (java.net.ServerSocket open =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        java.net.ServerSocket closed =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int refused = closed.getLocalPort();
      closed.close();
      String standby = "spark://127.0.0.1:" + refused + ",127.0.0.1:" + open.getLocalPort();
      SparkMasterUrl.checkReachable(standby, 1000);
      SparkMasterUrl.checkReachable("local[2]", 1000);
      SparkMasterUrl.checkReachable(null, 1000);
      String both = "spark://127.0.0.1:" + refused + ",no-such-host.invalid:7077";
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SparkMasterUrl.checkReachable(both, 1000));
      assertEquals(
          "--master "
              + both
              + ": cannot connect (127.0.0.1:"
              + refused
              + ": Connection refused; no-such-host.invalid:7077: unknown host); is the cluster"
              + " running? bin/spark-snn cluster status",
          e.getMessage());
    }
  }
}
