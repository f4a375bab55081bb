package org.sparksnn.pipeline.train.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The all-reduce frame: what a receiver accepts and every way a frame is rejected. */
class FrameTest {
  private static final long RUN = 0x1234_5678_9ABC_DEF0L;

  private static byte[] frame(int magic, long run, int from, long seq, int length, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(Frame.HEADER_BYTES + payload.length);
    b.putInt(magic).putLong(run).putInt(from).putLong(seq).putInt(length).put(payload);
    return b.array();
  }

  /** Rank 0 reads the frame it expects from rank 1: this run, sequence 7, 4 bytes. */
  private static byte[] readAsRank0(byte[] wire) throws IOException {
    return Frame.read(new DataInputStream(new ByteArrayInputStream(wire)), 0, 1, RUN, 7, 4);
  }

  private static String rejection(byte[] wire) {
    return assertThrows(AllReduceException.class, () -> readAsRank0(wire)).getMessage();
  }

  @Test
  void writtenFrameIsReadBackWithItsPayload() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Frame.write(new DataOutputStream(bytes), RUN, 1, 7, new byte[] {1, 2, 3, 4});
    assertEquals(Frame.HEADER_BYTES + 4, bytes.size());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, readAsRank0(bytes.toByteArray()));
  }

  @Test
  void frameWithAnotherMagicIsRejectedAsUnknownSender() {
    String m = rejection(frame(0x48545450, RUN, 1, 7, 4, new byte[4])); // "HTTP"
    assertTrue(m.contains("unknown sender (magic 48545450"), m);
  }

  @Test
  void frameOfAnotherRunIsRejected() {
    String m = rejection(frame(Frame.MAGIC, RUN + 1, 1, 7, 4, new byte[4]));
    assertTrue(m.contains("unknown sender") && m.contains("run " + (RUN + 1)), m);
  }

  @Test
  void frameClaimingAnotherSenderRankIsRejected() {
    String m = rejection(frame(Frame.MAGIC, RUN, 2, 7, 4, new byte[4]));
    assertTrue(m.contains("on the connection of rank 1") && m.contains("rank 2)"), m);
  }

  @Test
  void frameWithAnotherSequenceNumberIsRejected() {
    String m = rejection(frame(Frame.MAGIC, RUN, 1, 6, 4, new byte[4]));
    assertTrue(m.contains("has sequence 6, expected 7"), m);
  }

  @Test
  void oversizedLengthIsRejectedBeforeAnyPayloadIsAllocated() {
    String m = rejection(frame(Frame.MAGIC, RUN, 1, 7, Integer.MAX_VALUE, new byte[0]));
    assertTrue(m.contains("expected 4 bytes, got 2147483647"), m);
    String negative = rejection(frame(Frame.MAGIC, RUN, 1, 7, -1, new byte[0]));
    assertTrue(negative.contains("got -1"), negative);
  }

  @Test
  void closedConnectionAndTruncatedFramesAreErrorsNotHangs() {
    String closed = rejection(new byte[0]);
    assertTrue(closed.contains("rank 1 closed its connection"), closed);
    byte[] whole = frame(Frame.MAGIC, RUN, 1, 7, 4, new byte[4]);
    assertThrows(EOFException.class, () -> readAsRank0(Arrays.copyOf(whole, 20)));
    assertThrows(EOFException.class, () -> readAsRank0(Arrays.copyOf(whole, whole.length - 1)));
  }
}
