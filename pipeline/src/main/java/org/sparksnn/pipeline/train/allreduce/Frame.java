package org.sparksnn.pipeline.train.allreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * One all-reduce frame on an authenticated connection: a fixed 28-byte big-endian header {@code
 * magic "SNNF" int, runId long, sender rank int, sequence long, length int}, then {@code length}
 * payload bytes. {@link #read} accepts only the frame it expects — this run, this connection's
 * peer, this step's sequence number, this exact length — and rejects anything else before reading
 * the payload, so a stray or malicious peer cannot make the receiver allocate or wait for more.
 */
final class Frame {
  static final int MAGIC = 0x534E4E46; // "SNNF"
  static final int HEADER_BYTES = 28;

  private Frame() {}

  /** Writes and flushes one frame from {@code from}. */
  static void write(DataOutputStream out, long runId, int from, long seq, byte[] payload)
      throws IOException {
    out.writeInt(MAGIC);
    out.writeLong(runId);
    out.writeInt(from);
    out.writeLong(seq);
    out.writeInt(payload.length);
    out.write(payload);
    out.flush();
  }

  /**
   * Reads the payload of the frame {@code receiver} expects from {@code peer}.
   *
   * @throws AllReduceException if the peer closed the connection, or the frame has another magic,
   *     run id or sender, another sequence number, or another length
   * @throws EOFException if the connection ends inside the frame
   */
  static byte[] read(
      DataInputStream in, int receiver, int peer, long runId, long seq, int expectedLength)
      throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new AllReduceException("rank " + receiver + ": rank " + peer + " closed its connection", e);
    }
    long frameRun = in.readLong();
    int from = in.readInt();
    long frameSeq = in.readLong();
    int length = in.readInt();
    if (magic != MAGIC || frameRun != runId || from != peer) {
      throw new AllReduceException(
          "rank " + receiver + ": rejected a frame on the connection of rank " + peer
              + ": unknown sender (magic " + Integer.toHexString(magic) + ", run " + frameRun
              + ", rank " + from + ")");
    }
    if (frameSeq != seq) {
      throw new AllReduceException(
          "rank " + receiver + ": frame from rank " + peer + " has sequence " + frameSeq
              + ", expected " + seq);
    }
    if (length != expectedLength) {
      throw new AllReduceException(
          "rank " + receiver + ": rejected a frame of the wrong size from rank " + peer
              + ": expected " + expectedLength + " bytes, got " + length);
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    return payload;
  }
}
