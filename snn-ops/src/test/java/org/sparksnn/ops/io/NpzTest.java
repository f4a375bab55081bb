package org.sparksnn.ops.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.DataFormatException;

class NpzTest {

  /**
   * {@code np.savez(b, **{'dense0/kernel': arange(6, f4).reshape(2,3)*0.5, 'd': [1.5,-2.25], 'i':
   * [[1,-2]] i4, 'l': 7 i8})}, numpy 2.4.
   */
  private static final String NUMPY_NPZ =
      "UEsDBC0AAAAAAAAAIQALwLB2//////////8RABQAZGVuc2UwL2tlcm5lbC5ucHkBABAAmAAAAAAAAACY"
          + "AAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdz"
          + "aGFwZSc6ICgyLCAzKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
          + "ICAgICAgICAgICAgICAKAAAAAAAAAD8AAIA/AADAPwAAAEAAACBAUEsDBC0AAAAAAAAAIQAy+vNz////"
          + "//////8FABQAZC5ucHkBABAAkAAAAAAAAACQAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmOCcs"
          + "ICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCksIH0gICAgICAgICAgICAgICAgICAg"
          + "ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAAA+D8AAAAAAAACwFBL"
          + "AwQtAAAAAAAAACEALfpK7P//////////BQAUAGkubnB5AQAQAIgAAAAAAAAAiAAAAAAAAACTTlVNUFkB"
          + "AHYAeydkZXNjcic6ICc8aTQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMiks"
          + "IH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
          + "CgEAAAD+////UEsDBC0AAAAAAAAAIQAjuPBs//////////8FABQAbC5ucHkBABAAiAAAAAAAAACIAAAA"
          + "AAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpOCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFw"
          + "ZSc6ICgpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
          + "ICAgICAgICAgICAKBwAAAAAAAABQSwECLQMtAAAAAAAAACEAC8CwdpgAAACYAAAAEQAAAAAAAAAAAAAA"
          + "gAEAAAAAZGVuc2UwL2tlcm5lbC5ucHlQSwECLQMtAAAAAAAAACEAMvrzc5AAAACQAAAABQAAAAAAAAAA"
          + "AAAAgAHbAAAAZC5ucHlQSwECLQMtAAAAAAAAACEALfpK7IgAAACIAAAABQAAAAAAAAAAAAAAgAGiAQAA"
          + "aS5ucHlQSwECLQMtAAAAAAAAACEAI7jwbIgAAACIAAAABQAAAAAAAAAAAAAAgAFhAgAAbC5ucHlQSwUG"
          + "AAAAAAQABADYAAAAIAMAAAAA";

  /** {@code np.save} of small arrays of the one- and two-byte types, numpy 2.4. */
  private static final Map<String, String> NUMPY_SMALL_TYPES =
      Map.of(
          "|u1 [[0, 1, 255]]",
          "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzog"
              + "KDEsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
              + "ICAgICAgIAoAAf8=",
          "|b1 [True, False, True]",
          "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzog"
              + "KDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
              + "ICAgICAgIAoBAAE=",
          "|i1 [-128, 0, 127]",
          "k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzog"
              + "KDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
              + "ICAgICAgIAqAAH8=",
          "<u2 [0, 65535]",
          "k05VTVBZAQB2AHsnZGVzY3InOiAnPHUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzog"
              + "KDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
              + "ICAgICAgIAoAAP//",
          "<i2 [-32768, 5]",
          "k05VTVBZAQB2AHsnZGVzY3InOiAnPGkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzog"
              + "KDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
              + "ICAgICAgIAoAgAUA");

  @Test
  void readsOneAndTwoByteIntegersAndBoolSavedByNumpy() {
    Map<String, long[]> want =
        Map.of(
            "|u1 [[0, 1, 255]]", new long[] {0, 1, 255},
            "|b1 [True, False, True]", new long[] {1, 0, 1},
            "|i1 [-128, 0, 127]", new long[] {-128, 0, 127},
            "<u2 [0, 65535]", new long[] {0, 65535},
            "<i2 [-32768, 5]", new long[] {-32768, 5});
    for (Map.Entry<String, String> e : NUMPY_SMALL_TYPES.entrySet()) {
      NpyArray a = Npz.parseNpy(Base64.getDecoder().decode(e.getValue()), "a.npy");
      long[] values = want.get(e.getKey());
      assertEquals(e.getKey().substring(0, 3), a.dtype().descr(), e.getKey());
      assertArrayEquals(values, a.toLongs(), e.getKey());
      double[] asDoubles = new double[values.length];
      float[] asFloats = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        asDoubles[i] = values[i];
        asFloats[i] = values[i];
      }
      assertArrayEquals(asDoubles, a.toDoubles(), e.getKey());
      assertArrayEquals(asFloats, a.toFloats(), e.getKey());
    }
    byte[] u1 = Base64.getDecoder().decode(NUMPY_SMALL_TYPES.get("|u1 [[0, 1, 255]]"));
    assertArrayEquals(new int[] {1, 3}, Npz.parseNpy(u1, "a.npy").shape());
  }

  @Test
  void plainNpyErrorsNameTheFileAndNoEntry() throws IOException {
    byte[] good = npy(NpyArray.ofFloats(new int[] {2}, new float[] {1, 2}));
    byte[] half =
        new String(good, StandardCharsets.ISO_8859_1)
            .replace("<f4", "<f2")
            .getBytes(StandardCharsets.ISO_8859_1);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> Npz.parseNpy(half, "runs/in.npy"));
    assertEquals(
        "runs/in.npy: unsupported dtype '<f2', expected one of <f4, <f8, |b1, |i1, |u1, <i2, <u2,"
            + " <i4, <i8 (little-endian or single-byte)",
        e.getMessage());
    byte[] hugeHeader = good.clone();
    hugeHeader[9] = (byte) 0x7f;
    e = assertThrows(DataFormatException.class, () -> Npz.parseNpy(hugeHeader, "runs/in.npy"));
    assertEquals(
        "runs/in.npy: header length 32630 exceeds the file size " + good.length, e.getMessage());
    e =
        assertThrows(
            DataFormatException.class,
            () -> Npz.read(new ByteArrayInputStream(zip("x.npy", half)), "m.npz"));
    assertTrue(
        e.getMessage().startsWith("m.npz: entry 'x.npy': unsupported dtype '<f2'"), e.getMessage());
  }

  @Test
  void floatArraysAreNotReadAsIntegers() {
    NpyArray f = NpyArray.ofFloats(new int[] {1}, new float[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f::toLongs);
    assertTrue(e.getMessage().startsWith("NpyArray.dtype must be integer or bool"), e.getMessage());
  }

  @Test
  void writingTheSameArraysTwiceGivesIdenticalBytes() throws Exception {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    arrays.put("d/kernel", NpyArray.ofFloats(new int[] {2, 2}, new float[] {1f, -2f, 3.5f, 0f}));
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    Npz.write(a, arrays);
    Thread.sleep(2100); // zip timestamps have 2-second resolution
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Npz.write(b, arrays);
    assertArrayEquals(a.toByteArray(), b.toByteArray());
  }

  @Test
  void readsAnArchiveWrittenByNumpy() throws IOException {
    Map<String, NpyArray> a =
        Npz.read(new ByteArrayInputStream(Base64.getDecoder().decode(NUMPY_NPZ)), "golden.npz");
    assertEquals(List.of("dense0/kernel", "d", "i", "l"), List.copyOf(a.keySet()));
    assertArrayEquals(new int[] {2, 3}, a.get("dense0/kernel").shape());
    assertEquals(NpyDtype.FLOAT32, a.get("dense0/kernel").dtype());
    assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, a.get("dense0/kernel").toFloats());
    assertArrayEquals(new double[] {1.5, -2.25}, a.get("d").toDoubles());
    assertArrayEquals(new long[] {1, -2}, a.get("i").toLongs());
    assertArrayEquals(new int[] {1, 2}, a.get("i").shape());
    assertArrayEquals(new int[0], a.get("l").shape());
    assertArrayEquals(new long[] {7}, a.get("l").toLongs());
  }

  @Test
  void roundTripIsBitIdenticalForEveryDtype() throws IOException {
    Map<String, NpyArray> in = new LinkedHashMap<>();
    float[] f = {0f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-38f, 3.14159f};
    in.put("layer/kernel", NpyArray.ofFloats(new int[] {2, 3}, f));
    in.put("d", NpyArray.ofDoubles(new int[] {1}, new double[] {Math.PI}));
    in.put("i", NpyArray.ofInts(new int[] {2}, new int[] {Integer.MIN_VALUE, 5}));
    in.put("l", NpyArray.ofLongs(new int[] {1, 1}, new long[] {Long.MAX_VALUE}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npz.write(out, in);
    Map<String, NpyArray> back = Npz.read(new ByteArrayInputStream(out.toByteArray()), "x.npz");
    assertEquals(in.keySet(), back.keySet());
    float[] g = back.get("layer/kernel").toFloats();
    for (int i = 0; i < f.length; i++) {
      assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(g[i]));
    }
    assertEquals(Math.PI, back.get("d").toDoubles()[0]);
    assertArrayEquals(new long[] {Integer.MIN_VALUE, 5}, back.get("i").toLongs());
    assertArrayEquals(new long[] {Long.MAX_VALUE}, back.get("l").toLongs());
  }

  @Test
  void headerIsPaddedToSixtyFourBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npz.writeNpy(out, NpyArray.ofFloats(new int[] {3}, new float[] {1, 2, 3}));
    byte[] b = out.toByteArray();
    int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    assertEquals(0, (10 + headerLen) % 64);
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(
        header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
    assertTrue(header.endsWith("\n"));
  }

  private static byte[] zip(String entry, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(entry));
      z.write(content);
      z.closeEntry();
    }
    return out.toByteArray();
  }

  private static byte[] npy(NpyArray a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npz.writeNpy(out, a);
    return out.toByteArray();
  }

  @Test
  void rejectsPathTraversalNamingFileAndEntry() throws IOException {
    byte[] good = npy(NpyArray.ofFloats(new int[] {1}, new float[] {1}));
    for (String bad : new String[] {"../evil.npy", "a/../../evil.npy", "/abs.npy", "a\\b.npy"}) {
      DataFormatException e =
          assertThrows(
              DataFormatException.class,
              () -> Npz.read(new ByteArrayInputStream(zip(bad, good)), "w.npz"));
      assertTrue(e.getMessage().startsWith("w.npz: entry '" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void rejectsEntriesOverTheSizeLimit() throws IOException {
    byte[] big = npy(NpyArray.ofFloats(new int[] {1000}, new float[1000]));
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> Npz.read(new ByteArrayInputStream(zip("big.npy", big)), "w.npz", 1000));
    assertTrue(e.getMessage().contains("entry 'big.npy'"), e.getMessage());
    assertTrue(e.getMessage().contains("limit 1000"), e.getMessage());
  }

  @Test
  void rejectsMalformedHeadersNamingFileAndEntry() throws IOException {
    byte[] good = npy(NpyArray.ofFloats(new int[] {2}, new float[] {1, 2}));
    byte[] badMagic = good.clone();
    badMagic[1] = 'X';
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    byte[] badDtype =
        new String(good, StandardCharsets.ISO_8859_1)
            .replace("<f4", ">f4")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] fortran =
        new String(good, StandardCharsets.ISO_8859_1)
            .replace("False", "True ")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] hugeHeader = good.clone();
    hugeHeader[9] = (byte) 0x7f;
    for (byte[] bad :
        new byte[][] {badMagic, truncated, badDtype, fortran, hugeHeader, new byte[3]}) {
      DataFormatException e =
          assertThrows(
              DataFormatException.class,
              () -> Npz.read(new ByteArrayInputStream(zip("x.npy", bad)), "m.npz"));
      assertTrue(e.getMessage().startsWith("m.npz: entry 'x.npy': "), e.getMessage());
    }
  }
}
