package org.sparksnn.jobs.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a TCP port of 127.0.0.1 is free, and which process listens on it (Linux {@code /proc};
 * processes of other users may stay unnamed).
 */
final class LocalPorts {
  private static final String LISTEN = "0A";

  private LocalPorts() {}

  /** True if a server socket can be bound to {@code 127.0.0.1:port} now. */
  static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The PIDs listening on {@code port} (IPv4 or IPv6, any address), if /proc tells. */
  static Set<Long> listeners(int port) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
          if (f.length > 9 && f[3].equals(LISTEN) && f[1].endsWith(":" + hex(port))) {
            inodes.add("socket:[" + f[9] + "]");
          }
        }
      } catch (IOException | RuntimeException e) {
        // no /proc (not Linux) or no IPv6: nothing to name
      }
    }
    Set<Long> pids = new HashSet<>();
    if (inodes.isEmpty()) {
      return pids;
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
              pids.add(Long.parseLong(proc.getFileName().toString()));
              break;
            }
          }
        } catch (IOException | RuntimeException e) {
          // another user's process, or one that just exited
        }
      }
    } catch (IOException e) {
      // no /proc
    }
    return pids;
  }

  /**
   * Who listens on {@code port}, for an error message: {@code "pid 123: java … Master"}, the run
   * dir of a spark-snn cluster's JVM, or empty if unknown.
   */
  static Optional<String> holder(int port, String clusterMarker) {
    for (long pid : listeners(port)) {
      String cmd = commandLine(pid);
      int m = cmd.indexOf(clusterMarker);
      if (m >= 0) {
        String dir = cmd.substring(m + clusterMarker.length()).split(" ", 2)[0];
        return Optional.of(
            "pid " + pid + ", a JVM of the spark-snn cluster in " + dir
                + "; stop it with bin/spark-snn cluster stop --run-dir " + dir);
      }
      String shown = cmd.length() > 80 ? cmd.substring(0, 77) + "..." : cmd;
      for (String token : cmd.split(" ")) {
        if (token.startsWith("org.apache.spark.deploy.")) {
          shown = "java ... " + token; // another Spark daemon: its main class says which
        }
      }
      return Optional.of("pid " + pid + (shown.isBlank() ? "" : ": " + shown.strip()));
    }
    return Optional.empty();
  }

  private static String hex(int port) {
    return String.format(Locale.ROOT, "%04X", port);
  }

  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replaceAll("[\\s\\x00]+", " ").strip();
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
    }
  }
}
