package org.sparksnn.pipeline.train.allreduce;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparksnn.ops.Checks;
import org.sparksnn.pipeline.train.FixedPointAccumulator;

/**
 * All-gather and exact all-reduce of fixed-length vectors between {@code size} ranks over a full
 * TCP mesh (every rank holds one connection to every other rank; meant for the few tasks of one
 * barrier stage).
 *
 * <p>Call order: {@link #bind} (opens the listening socket on the given address, ephemeral port),
 * publish {@link #address()} to the other ranks (e.g. {@code BarrierTaskContext.allGather}), then
 * {@link #connect} with every rank's address (rank {@code i} connects to each rank {@code j < i}
 * and accepts one connection from each {@code j > i}; the listening socket is closed as soon as
 * the mesh is complete), then any number of {@link #allGather} / {@link #allReduceSum} calls in
 * the same order on every rank, then {@link #close}.
 *
 * <p>Handshake (fixed sizes, big-endian): the connector sends {@code magic "SNNA", version, runId,
 * fromRank, toRank, nonceC[32]}; the acceptor checks run id and ranks and answers {@code
 * nonceA[32], HMAC-SHA256(secret, "acceptor"|runId|from|to|nonceC|nonceA)}; the connector verifies
 * it and answers {@code HMAC-SHA256(secret, "connector"|runId|from|to|nonceA|nonceC)}, which the
 * acceptor verifies. Connections that fail it are closed (the acceptor keeps waiting for the
 * genuine peer until the connect timeout).
 *
 * <p>Frame: {@code magic "SNNF" int, runId long, rank int, sequence long, length int} (28 bytes),
 * then {@code length} payload bytes. A frame with another magic, run id or sender rank, an
 * unexpected sequence number, or a length other than the receiver's expected length is rejected
 * before its payload is read. Connections are authenticated, not encrypted: run it on the cluster
 * network only.
 *
 * <p>Every blocking call is bounded by {@link MeshConfig#ioTimeoutMillis()} (reads and writes) or
 * {@link MeshConfig#connectTimeoutMillis()} (connect); any failure closes the mesh and throws
 * {@link AllReduceException}, so a dead or silent peer cannot hang training. Not thread-safe: one
 * thread per rank.
 */
public final class TcpAllReduce implements Mesh {
  private static final Logger LOG = LoggerFactory.getLogger(TcpAllReduce.class);

  private static final int HELLO_MAGIC = 0x534E4E41; // "SNNA"
  private static final int VERSION = 1;
  private static final int NONCE_BYTES = 32;
  private static final int MAC_BYTES = 32;
  private static final int BUFFER_BYTES = 1 << 16;

  /**
   * From this many ranks on, the {@link AllReduceSchedule#AUTO} schedule goes around the ring if the
   * ranks are on more than one host (with two ranks both schedules move one vector each way, the
   * gathered one in one round instead of two).
   */
  static final int RING_FROM_RANKS = 3;

  private final MeshConfig config;
  private final int rank;
  private final int size;
  private final ServerSocket server;
  private final Peer[] peers;
  private final ExecutorService writers;
  private final SecureRandom random = new SecureRandom();
  private long sequence;
  private boolean ring;
  private boolean connected;
  private boolean closed;

  private TcpAllReduce(MeshConfig config, int rank, int size, ServerSocket server) {
    this.config = config;
    this.rank = rank;
    this.size = size;
    this.server = server;
    this.peers = new Peer[size];
    this.writers =
        size == 1
            ? null
            : Executors.newFixedThreadPool(
                size - 1,
                r -> {
                  Thread t = new Thread(r, "allreduce-writer-rank" + rank);
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * Opens the listening socket of {@code rank} (0-based, {@code < size}) on {@code bindAddress}
   * (an ephemeral port; never the wildcard address unless given).
   */
  public static TcpAllReduce bind(
      MeshConfig config, int rank, int size, InetAddress bindAddress) {
    Checks.notNull("TcpAllReduce.config", config);
    Checks.positive("TcpAllReduce.size", size);
    Checks.inRange("TcpAllReduce.rank", rank, 0, size - 1);
    Checks.notNull("TcpAllReduce.bindAddress", bindAddress);
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(false);
      server.bind(new InetSocketAddress(bindAddress, 0), Math.max(size, 8));
      return new TcpAllReduce(config, rank, size, server);
    } catch (IOException e) {
      throw new AllReduceException(
          "rank " + rank + ": cannot listen on " + bindAddress.getHostAddress() + ": " + e, e);
    }
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int size() {
    return size;
  }

  /** The listening address as {@code host:port} (the form {@link #connect} takes). */
  public String address() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  /**
   * Builds the mesh: {@code addresses.get(r)} is rank {@code r}'s {@link #address()}. Returns when
   * this rank is connected to and authenticated with every other rank.
   */
  public void connect(List<String> addresses) {
    Checks.check(
        addresses.size() == size, "TcpAllReduce.addresses.size", "must be " + size, addresses);
    Checks.check(!connected && !closed, "TcpAllReduce", "must be connected once", "again");
    long deadline = System.nanoTime() + config.connectTimeoutMillis() * 1_000_000L;
    try {
      for (int j = 0; j < rank; j++) {
        peers[j] = connectTo(j, parse(addresses.get(j)), deadline);
      }
      int expected = size - 1 - rank;
      int accepted = 0;
      while (accepted < expected) {
        int remaining = remainingMillis(deadline);
        if (remaining <= 0) {
          throw new AllReduceException(
              "rank "
                  + rank
                  + ": "
                  + (expected - accepted)
                  + " of "
                  + expected
                  + " higher-ranked peers did not connect within "
                  + config.connectTimeoutMillis()
                  + " ms");
        }
        server.setSoTimeout(remaining);
        Socket s;
        try {
          s = server.accept();
        } catch (SocketTimeoutException e) {
          continue;
        }
        Peer p = acceptFrom(s);
        if (p != null) {
          peers[p.rank] = p;
          accepted++;
        }
      }
      ring = usesRing(config.schedule(), size, addresses);
      connected = true;
    } catch (IOException e) {
      close();
      throw new AllReduceException("rank " + rank + ": building the mesh failed: " + e, e);
    } catch (RuntimeException e) {
      close();
      throw e;
    } finally {
      closeQuietly(server);
    }
  }

  /**
   * Sends {@code mine} to every rank and returns every rank's payload, indexed by rank ({@code
   * result[rank()]} is {@code mine}). {@code expectedLengths[r]} is the exact byte length rank
   * {@code r} sends; {@code mine.length} must equal {@code expectedLengths[rank()]}.
   */
  @Override
  public byte[][] allGather(byte[] mine, int[] expectedLengths) {
    Checks.check(connected && !closed, "TcpAllReduce", "must be connected and open", closed);
    Checks.check(
        expectedLengths.length == size,
        "TcpAllReduce.expectedLengths.length",
        "must be " + size,
        expectedLengths.length);
    Checks.check(
        mine.length == expectedLengths[rank],
        "TcpAllReduce.mine.length",
        "must be " + expectedLengths[rank],
        mine.length);
    long seq = sequence++;
    byte[][] out = new byte[size][];
    out[rank] = mine;
    if (size == 1) {
      return out;
    }
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int j = 0; j < size; j++) {
        if (j != rank) {
          Peer p = peers[j];
          sends.add(writers.submit(() -> p.send(seq, mine)));
        }
      }
      for (int j = 0; j < size; j++) {
        if (j != rank) {
          out[j] = peers[j].receive(seq, expectedLengths[j]);
        }
      }
      awaitSends(sends);
      return out;
    } catch (Exception e) {
      throw failed("all-gather", seq, e);
    }
  }

  /**
   * The element-wise reduction {@code op} of every rank's {@code mine} (all of one length),
   * identical on every rank, by the mesh's {@link AllReduceSchedule} ({@link #usesRing}): around
   * the ring ({@link RingAllReduce}: each rank sends and receives about two vectors, whatever the
   * number of ranks), or gathered and folded in rank order. {@code op} must be order-independent
   * ({@link LongReducer}).
   */
  @Override
  public long[] allReduce(long[] mine, LongReducer op) {
    return ring ? allReduceRing(mine, op) : Mesh.super.allReduce(mine, op);
  }

  /** {@code "TCP, ring"} or {@code "TCP, gathered"} (fixed by {@link #connect}). */
  @Override
  public String description() {
    return ring ? "TCP, ring" : "TCP, gathered";
  }

  /** Whether {@link #allReduce} goes around the ring (decided by {@link #connect}). */
  @Override
  public boolean usesRing() {
    return ring;
  }

  /**
   * Whether {@code schedule} means the ring for {@code size} ranks at {@code addresses} ({@code
   * host:port} each): {@code RING} from 2 ranks, {@code AUTO} from {@link #RING_FROM_RANKS} ranks
   * on more than one host.
   */
  static boolean usesRing(AllReduceSchedule schedule, int size, List<String> addresses) {
    return switch (schedule) {
      case GATHER -> false;
      case RING -> size >= 2;
      case AUTO ->
          size >= RING_FROM_RANKS
              && addresses.stream().map(a -> parse(a).getHostString()).distinct().count() > 1;
    };
  }

  /** {@link #allReduce} around the ring, for any number of ranks (tests and benchmarks). */
  long[] allReduceRing(long[] mine, LongReducer op) {
    Checks.check(connected && !closed, "TcpAllReduce", "must be connected and open", closed);
    return RingAllReduce.allReduce(rank, size, mine, op, this::shift);
  }

  /** {@link #allReduce} by gathering and folding in rank order (tests and benchmarks). */
  long[] allReduceGathered(long[] mine, LongReducer op) {
    return Mesh.super.allReduce(mine, op);
  }

  /**
   * The element-wise exact sum of every rank's {@code mine} (all of one length), identical on all
   * ranks: {@link #allReduce} with {@link FixedPointAccumulator#addExact}, which throws on the rank
   * whose partial sum overflows (a test helper; training uses an overflow-marking reducer).
   */
  public long[] allReduceSum(long[] mine) {
    return allReduce(
        mine,
        (acc, in, from, to) -> {
          for (int k = from; k < to; k++) {
            acc[k] = FixedPointAccumulator.addExact(k, acc[k], in[k]);
          }
        });
  }

  /** One ring step: sends to rank + 1 while receiving from rank − 1. */
  private byte[] shift(byte[] toNext, int expectedFromPrevious) {
    long seq = sequence++;
    Peer next = peers[(rank + 1) % size];
    Peer previous = peers[Math.floorMod(rank - 1, size)];
    try {
      Future<?> send = writers.submit(() -> next.send(seq, toNext));
      byte[] got = previous.receive(seq, expectedFromPrevious);
      awaitSends(List.of(send));
      return got;
    } catch (Exception e) {
      throw failed("ring step", seq, e);
    }
  }

  private void awaitSends(List<Future<?>> sends)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + config.ioTimeoutMillis() * 1_000_000L;
    for (Future<?> f : sends) {
      f.get(Math.max(1, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
    }
  }

  /** Closes the mesh and describes why exchange {@code seq} ({@code what}) failed. */
  private RuntimeException failed(String what, long seq, Exception e) {
    close();
    if (e instanceof SocketTimeoutException) {
      return new AllReduceException(
          "rank " + rank + ": a peer sent nothing within " + config.ioTimeoutMillis() + " ms at "
              + "sequence " + seq + " (dead or stuck peer): " + e.getMessage(), e);
    }
    if (e instanceof IOException) {
      return new AllReduceException(
          "rank " + rank + ": " + what + " " + seq + " failed: " + e.getMessage(), e);
    }
    if (e instanceof TimeoutException) {
      return new AllReduceException(
          "rank " + rank + ": sending " + what + " " + seq + " did not finish within "
              + config.ioTimeoutMillis() + " ms (peer not reading)", e);
    }
    if (e instanceof ExecutionException) {
      return new AllReduceException(
          "rank " + rank + ": sending " + what + " " + seq + " failed: " + e.getCause(), e);
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new AllReduceException("rank " + rank + ": interrupted in " + what + " " + seq, e);
    }
    return e instanceof RuntimeException r ? r : new AllReduceException(e.toString(), e);
  }

  /** Closes every connection and the listening socket; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    for (Peer p : peers) {
      if (p != null) {
        closeQuietly(p.socket);
      }
    }
    if (writers != null) {
      writers.shutdownNow();
    }
  }

  private Peer connectTo(int peerRank, InetSocketAddress address, long deadline)
      throws IOException {
    IOException last = null;
    while (remainingMillis(deadline) > 0) {
      Socket s = new Socket();
      try {
        // leave from the address this rank listens on: a multi-homed host sends the exchange over
        // the interface Spark named, and each rank's traffic carries its own source address
        s.bind(new InetSocketAddress(server.getInetAddress(), 0));
        s.connect(address, Math.max(1, remainingMillis(deadline)));
        configure(s);
        DataOutputStream out = output(s);
        DataInputStream in = input(s);
        byte[] nonceC = nonce();
        out.writeInt(HELLO_MAGIC);
        out.writeInt(VERSION);
        out.writeLong(config.runId());
        out.writeInt(rank);
        out.writeInt(peerRank);
        out.write(nonceC);
        out.flush();
        byte[] nonceA = new byte[NONCE_BYTES];
        byte[] macA = new byte[MAC_BYTES];
        in.readFully(nonceA);
        in.readFully(macA);
        if (!MessageDigest.isEqual(macA, mac("acceptor", rank, peerRank, nonceC, nonceA))) {
          closeQuietly(s);
          throw new AllReduceException(
              "rank "
                  + rank
                  + ": authentication of rank "
                  + peerRank
                  + " at "
                  + address
                  + " failed (wrong shared secret or not a peer of this run)");
        }
        out.write(mac("connector", rank, peerRank, nonceA, nonceC));
        out.flush();
        return new Peer(peerRank, s, in, out);
      } catch (java.net.ConnectException e) {
        closeQuietly(s);
        last = e;
        sleepBriefly();
      } catch (EOFException e) {
        closeQuietly(s);
        throw new AllReduceException(
            "rank " + rank + ": rank " + peerRank + " at " + address + " refused the handshake",
            e);
      } catch (IOException | RuntimeException e) {
        closeQuietly(s);
        throw e;
      }
    }
    throw new AllReduceException(
        "rank "
            + rank
            + ": could not connect to rank "
            + peerRank
            + " at "
            + address
            + " within "
            + config.connectTimeoutMillis()
            + " ms",
        last);
  }

  /** The authenticated peer, or null (connection closed) if the handshake fails. */
  private Peer acceptFrom(Socket s) {
    try {
      configure(s);
      DataInputStream in = input(s);
      DataOutputStream out = output(s);
      int magic = in.readInt();
      int version = in.readInt();
      long runId = in.readLong();
      int from = in.readInt();
      int to = in.readInt();
      byte[] nonceC = new byte[NONCE_BYTES];
      in.readFully(nonceC);
      if (magic != HELLO_MAGIC
          || version != VERSION
          || runId != config.runId()
          || to != rank
          || from <= rank
          || from >= size
          || peers[from] != null) {
        LOG.warn(
            "rank {}: rejected connection from {} (rank {}, run {}): not an expected peer",
            rank,
            s.getRemoteSocketAddress(),
            from,
            runId);
        closeQuietly(s);
        return null;
      }
      byte[] nonceA = nonce();
      out.write(nonceA);
      out.write(mac("acceptor", from, rank, nonceC, nonceA));
      out.flush();
      byte[] macC = new byte[MAC_BYTES];
      in.readFully(macC);
      if (!MessageDigest.isEqual(macC, mac("connector", from, rank, nonceA, nonceC))) {
        LOG.warn(
            "rank {}: rejected connection from {} claiming rank {}: authentication failed",
            rank,
            s.getRemoteSocketAddress(),
            from);
        closeQuietly(s);
        return null;
      }
      return new Peer(from, s, in, out);
    } catch (IOException e) {
      LOG.warn("rank {}: dropped connection from {}: {}", rank, s.getRemoteSocketAddress(), e);
      closeQuietly(s);
      return null;
    }
  }

  private byte[] mac(String role, int from, int to, byte[] first, byte[] second) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(config.secret(), "HmacSHA256"));
      m.update(role.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      m.update(ByteBuffer.allocate(16).putLong(config.runId()).putInt(from).putInt(to).array());
      m.update(first);
      m.update(second);
      return m.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
    }
  }

  private byte[] nonce() {
    byte[] b = new byte[NONCE_BYTES];
    random.nextBytes(b);
    return b;
  }

  private void configure(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    s.setSoTimeout(config.ioTimeoutMillis());
    s.setSendBufferSize(1 << 20);
    s.setReceiveBufferSize(1 << 20);
  }

  private static DataOutputStream output(Socket s) throws IOException {
    return new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), BUFFER_BYTES));
  }

  private static DataInputStream input(Socket s) throws IOException {
    return new DataInputStream(new BufferedInputStream(s.getInputStream(), BUFFER_BYTES));
  }

  private static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    Checks.check(colon > 0, "TcpAllReduce.address", "must be host:port", hostPort);
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static int remainingMillis(long deadlineNanos) {
    long ms = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ms));
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AllReduceException("interrupted while connecting", e);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.debug("close failed: {}", e.toString());
    }
  }

  /** One authenticated connection. */
  private final class Peer {
    final int rank;
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;

    Peer(int rank, Socket socket, DataInputStream in, DataOutputStream out) {
      this.rank = rank;
      this.socket = socket;
      this.in = in;
      this.out = out;
    }

    Void send(long seq, byte[] payload) throws IOException {
      Frame.write(out, config.runId(), TcpAllReduce.this.rank, seq, payload);
      return null;
    }

    byte[] receive(long seq, int expectedLength) throws IOException {
      return Frame.read(in, TcpAllReduce.this.rank, rank, config.runId(), seq, expectedLength);
    }
  }
}
