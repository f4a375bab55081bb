package org.sparksnn.pipeline.train;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting replica's end of the live progress ({@link ProgressServer}): sends lines to {@code
 * host:port}. Best effort: if the driver cannot be reached or the connection breaks, it logs one
 * warning and drops the rest; training goes on either way.
 */
final class ProgressSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressSender.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String address;
  private Socket socket;
  private OutputStream out;
  private boolean disabled;

  private ProgressSender(String address) {
    this.address = address;
  }

  /** A sender to {@code address} ({@code host:port}), connected on its first line. */
  static ProgressSender to(String address) {
    return new ProgressSender(address);
  }

  /** Sends {@code line} (no line breaks) if the connection is usable. */
  void send(String line) {
    if (disabled) {
      return;
    }
    try {
      if (socket == null) {
        int colon = address.lastIndexOf(':');
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(
            new InetSocketAddress(
                address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
            CONNECT_TIMEOUT_MILLIS);
        out = socket.getOutputStream();
      }
      out.write((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "training progress: cannot report to the driver at {}: {}; training goes on",
          address,
          e.toString());
      close();
      disabled = true;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        LOG.debug("training progress: {}", e.toString());
      }
    }
  }
}
