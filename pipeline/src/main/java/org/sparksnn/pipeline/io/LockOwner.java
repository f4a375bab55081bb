package org.sparksnn.pipeline.io;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.sparksnn.ops.Checks;

/**
 * Who holds an {@link OutputLock}: the content of its lock file, one {@code key=value} per line.
 *
 * @param host host name of the owning process
 * @param pid process id of the owner
 * @param user OS user of the owner ({@code user.name})
 * @param started when the lock was taken
 * @param processStart when the owning process started, or null if unknown (tells a live owner
 *     from a new process that reuses a dead owner's pid)
 * @param token random id of this acquisition; only the holder of the token releases the lock
 * @param command what the owner runs, e.g. {@code train}
 */
public record LockOwner(
    String host,
    long pid,
    String user,
    Instant started,
    Instant processStart,
    String token,
    String command) {
  public LockOwner {
    Checks.notNull("LockOwner.host", host);
    Checks.notNull("LockOwner.user", user);
    Checks.notNull("LockOwner.started", started);
    Checks.notNull("LockOwner.token", token);
    Checks.notNull("LockOwner.command", command);
  }

  /** The current process as owner, with a fresh token. */
  public static LockOwner current(String command) {
    ProcessHandle self = ProcessHandle.current();
    return new LockOwner(
        localHost(),
        self.pid(),
        System.getProperty("user.name", "unknown"),
        Instant.now(),
        self.info().startInstant().orElse(null),
        UUID.randomUUID().toString(),
        command);
  }

  /** This machine's host name, as written into lock files. */
  public static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** The lock file content. */
  public byte[] toBytes() {
    StringBuilder sb = new StringBuilder();
    sb.append("host=").append(host).append('\n');
    sb.append("pid=").append(pid).append('\n');
    sb.append("user=").append(user).append('\n');
    sb.append("started=").append(started).append('\n');
    if (processStart != null) {
      sb.append("processStart=").append(processStart).append('\n');
    }
    sb.append("token=").append(token).append('\n');
    sb.append("command=").append(command).append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses lock file content; empty if it is incomplete or not a lock file. */
  public static Optional<LockOwner> parse(byte[] content) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        kv.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    try {
      String ps = kv.get("processStart");
      return Optional.of(
          new LockOwner(
              kv.get("host"),
              Long.parseLong(kv.getOrDefault("pid", "")),
              kv.get("user"),
              Instant.parse(kv.getOrDefault("started", "")),
              ps == null ? null : Instant.parse(ps),
              kv.get("token"),
              kv.get("command")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * True if this owner is verifiably gone: it ran on this host and its pid is not alive, or the
   * pid now belongs to a process that started at another time. An owner on another host is never
   * verifiably gone (its process cannot be checked from here).
   */
  public boolean isDeadOnThisHost() {
    if (!host.equals(localHost())) {
      return false;
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return true;
    }
    Optional<Instant> start = p.get().info().startInstant();
    return processStart != null && start.isPresent() && !start.get().equals(processStart);
  }

  /** {@code "pid 123 on host h (user u, command train), started 2026-…Z"}. */
  public String describe() {
    return "pid "
        + pid
        + " on host "
        + host
        + " (user "
        + user
        + ", command "
        + command
        + "), started "
        + started;
  }
}
