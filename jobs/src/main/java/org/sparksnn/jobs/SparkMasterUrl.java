package org.sparksnn.jobs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Spark master URL given with {@code --master} before Spark sees it, so a typo is one
 * error line instead of Spark's {@code Could not parse Master URL} with a stack trace. Accepted
 * are the forms Spark 4 parses:
 *
 * <ul>
 *   <li>{@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}, {@code local[*,F]}
 *       (N threads, F task failures allowed; N, F &ge; 1)
 *   <li>{@code local-cluster[N,C,M]} (N workers of C cores and M MiB each; all &ge; 1)
 *   <li>{@code spark://HOST:PORT}, also {@code spark://HOST1:PORT1,HOST2:PORT2} (standby masters);
 *       HOST a name, an IPv4 address or a bracketed IPv6 address, PORT in [1, 65535]
 *   <li>{@code yarn}
 *   <li>{@code k8s://HOST:PORT} or {@code k8s://https://HOST:PORT} (also {@code http://}, an
 *       optional path)
 * </ul>
 *
 * Spark 4 has no Mesos support, so {@code mesos://} is rejected.
 */
public final class SparkMasterUrl {
  private static final String COUNT = "\\s*([0-9]+)\\s*";
  private static final Pattern LOCAL_N = Pattern.compile("local\\[([0-9]+|\\*)\\]");
  private static final Pattern LOCAL_N_FAILURES =
      Pattern.compile("local\\[([0-9]+|\\*)\\s*,\\s*([0-9]+)\\]");
  private static final Pattern LOCAL_CLUSTER =
      Pattern.compile("local-cluster\\[" + COUNT + "," + COUNT + "," + COUNT + "\\]");
  /** A host name, an IPv4 address or a bracketed IPv6 address. */
  private static final String HOST =
      "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])";
  private static final Pattern HOST_PORT = Pattern.compile(HOST + ":([0-9]{1,5})");
  private static final Pattern K8S =
      Pattern.compile("k8s://(?:https?://)?" + HOST + "(?::([0-9]{1,5}))?(?:/[^\\s]*)?");

  private SparkMasterUrl() {}

  /**
   * Returns {@code url} if it is one of the forms in the class comment; null passes (no {@code
   * --master} given: Spark's own default or {@code spark-submit}'s).
   *
   * @throws IllegalArgumentException {@code "--master: 'foo://bar' is not a Spark master URL;
   *     expected local[*], local[N], spark://HOST:PORT, yarn or k8s://HOST:PORT"}
   */
  public static String check(String url) {
    if (url == null || isValid(url)) {
      return url;
    }
    throw new IllegalArgumentException(
        "--master: '"
            + url
            + "' is not a Spark master URL; expected local[*], local[N], spark://HOST:PORT, yarn"
            + " or k8s://HOST:PORT");
  }

  /**
   * For a {@code spark://} URL, checks that a TCP connection to at least one of its masters opens
   * within {@code timeoutMillis}, so that a cluster that is not running is one error line at once
   * instead of a minute of Spark's retries and {@code Cannot call methods on a stopped
   * SparkContext}. Other URLs and null pass.
   *
   * @throws IllegalArgumentException {@code "--master spark://127.0.0.1:7078: cannot connect
   *     (Connection refused); is the cluster running? bin/spark-snn cluster status"}
   */
  public static void checkReachable(String url, int timeoutMillis) {
    if (url == null || !url.startsWith("spark://")) {
      return;
    }
    List<String> failures = new java.util.ArrayList<>();
    for (String hostPort : url.substring("spark://".length()).split(",", -1)) {
      int colon = hostPort.lastIndexOf(':');
      String host = hostPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(host, port), timeoutMillis);
        return;
      } catch (java.net.UnknownHostException e) {
        failures.add(hostPort + ": unknown host");
      } catch (java.net.SocketTimeoutException e) {
        failures.add(hostPort + ": no answer within " + timeoutMillis + " ms");
      } catch (java.io.IOException e) {
        failures.add(hostPort + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
    }
    String why =
        failures.size() == 1
            ? failures.get(0).substring(failures.get(0).indexOf(": ") + 2)
            : String.join("; ", failures);
    throw new IllegalArgumentException(
        "--master "
            + url
            + ": cannot connect ("
            + why
            + "); is the cluster running? bin/spark-snn cluster status");
  }

  private static boolean isValid(String url) {
    if (url.equals("local") || url.equals("yarn")) {
      return true;
    }
    Matcher m = LOCAL_N.matcher(url);
    if (m.matches()) {
      return threads(m.group(1));
    }
    m = LOCAL_N_FAILURES.matcher(url);
    if (m.matches()) {
      return threads(m.group(1)) && atLeastOne(m.group(2));
    }
    m = LOCAL_CLUSTER.matcher(url);
    if (m.matches()) {
      return atLeastOne(m.group(1)) && atLeastOne(m.group(2)) && atLeastOne(m.group(3));
    }
    if (url.startsWith("spark://")) {
      // Spark splits the hosts at commas and parses each as spark://HOST:PORT
      List<String> hosts = List.of(url.substring("spark://".length()).split(",", -1));
      return hosts.stream().allMatch(SparkMasterUrl::isHostPort);
    }
    m = K8S.matcher(url);
    if (m.matches()) {
      return m.group(1) == null || isPort(m.group(1));
    }
    return false;
  }

  private static boolean isHostPort(String s) {
    Matcher m = HOST_PORT.matcher(s);
    return m.matches() && isPort(m.group(1));
  }

  private static boolean isPort(String digits) {
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65535;
  }

  private static boolean threads(String s) {
    return s.equals("*") || atLeastOne(s);
  }

  /** A decimal count of at least 1 (and one that fits an int, as Spark parses it). */
  private static boolean atLeastOne(String digits) {
    try {
      return Integer.parseInt(digits) >= 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
