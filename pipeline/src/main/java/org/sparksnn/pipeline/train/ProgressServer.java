package org.sparksnn.pipeline.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of the live progress of a distributed training run: a TCP listener on the
 * driver's address to which the replica that reports ({@link ProgressSender}, replica 0) sends one
 * line per finished epoch, handed to {@code onLine} as it arrives (on a reader thread). Progress is
 * best effort: nothing here can fail the training.
 */
public final class ProgressServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressServer.class);
  /** How long {@link #close} waits for lines still in flight, ms. */
  private static final long DRAIN_MILLIS = 5_000;
  /** How long {@link #close} waits for a connection still to be accepted, ms. */
  private static final int ACCEPT_MILLIS = 100;

  private final ServerSocket server;
  private final Consumer<String> onLine;
  private final Thread acceptor;
  private final List<Thread> readers = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  private ProgressServer(ServerSocket server, Consumer<String> onLine) {
    this.server = server;
    this.onLine = onLine;
    this.acceptor = new Thread(this::acceptLoop, "spark-snn-progress");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Listens on {@code host} (the address the executors reach the driver at, e.g. {@code
   * spark.driver.host}) on a free port.
   *
   * @throws UncheckedIOException if no socket can be bound there, naming the host
   */
  public static ProgressServer start(String host, Consumer<String> onLine) {
    try {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return new ProgressServer(s, onLine);
    } catch (IOException e) {
      throw new UncheckedIOException("training progress: cannot listen on " + host + ": " + e, e);
    }
  }

  /** {@code host:port} for {@link SyncTrainConfig#withProgress}. */
  public String address() {
    return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        read(server.accept());
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Reads the lines of {@code s} on a thread of its own. */
  private void read(Socket s) {
    Thread reader = new Thread(() -> readLines(s), "spark-snn-progress-reader");
    reader.setDaemon(true);
    synchronized (this) {
      sockets.add(s);
      readers.add(reader);
    }
    reader.start();
  }

  private void readLines(Socket s) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          onLine.accept(line);
        } catch (RuntimeException e) {
          LOG.warn("training progress: a line was not shown: {}", e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("training progress: connection ended: {}", e.toString());
    }
  }

  /**
   * Takes the connections still waiting to be accepted (a sender that connected just before the
   * end of training), stops listening, waits up to 5 s for the lines of open connections (their
   * senders close them at the end of training), then closes them.
   */
  @Override
  public void close() {
    try {
      server.setSoTimeout(ACCEPT_MILLIS);
      while (true) {
        read(server.accept());
      }
    } catch (SocketTimeoutException e) {
      // nothing more is waiting
    } catch (IOException e) {
      LOG.debug("training progress: {}", e.toString());
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("training progress: {}", e.toString());
    }
    List<Thread> running;
    synchronized (this) {
      running = List.copyOf(readers);
    }
    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
    for (Thread t : running) {
      try {
        t.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    synchronized (this) {
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          LOG.debug("training progress: {}", e.toString());
        }
      }
    }
  }
}
