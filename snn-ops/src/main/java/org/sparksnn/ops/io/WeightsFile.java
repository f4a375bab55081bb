package org.sparksnn.ops.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;

/**
 * The weights of a network as {@code weights.npz}: one float32 array per parameter named {@code
 * <layer>/kernel} ({@code [in, out]} dense, {@code [kh, kw, cin, cout]} conv), {@code
 * <layer>/bias}, {@code <layer>/tau}. Loading validates every array against the {@link
 * NetworkSpec}: names, shapes, finiteness; float64 arrays (e.g. written by hand in numpy) are
 * accepted and rounded to float32. Saving then loading is bit-identical.
 */
public final class WeightsFile {
  /** Bytes allowed per array for its {@code .npy} header. */
  private static final long HEADER_ALLOWANCE = 64 * 1024;

  private WeightsFile() {}

  /** Writes {@code params} as an npz archive in parameter order. */
  public static void write(OutputStream out, ParameterSet params) throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (int i = 0; i < params.count(); i++) {
      arrays.put(params.names().get(i), NpyArray.ofFloats(params.shape(i), params.get(i)));
    }
    Npz.write(out, arrays);
  }

  /**
   * Reads the weights of {@code spec} from an npz stream.
   *
   * @param fileName the file's name for error messages
   * @throws DataFormatException naming the file, layer and array if an array is missing, extra, of
   *     the wrong shape or type, or holds NaN/Inf
   */
  public static ParameterSet read(InputStream in, String fileName, NetworkSpec spec)
      throws IOException {
    Map<String, int[]> expected = Network.parameterShapes(spec);
    // a decompression bomb cannot inflate more than the network's arrays as float64, plus headers
    long largest = 0;
    long total = 0;
    for (int[] shape : expected.values()) {
      long bytes = 8L * java.util.Arrays.stream(shape).asLongStream().reduce(1, (x, y) -> x * y);
      largest = Math.max(largest, bytes + HEADER_ALLOWANCE);
      total += bytes + HEADER_ALLOWANCE;
    }
    Map<String, NpyArray> arrays = Npz.read(in, fileName, largest, total);
    ParameterSet.Builder b = ParameterSet.builder();
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      String name = e.getKey();
      String layer = "layer '" + Network.layerOf(name) + "'";
      NpyArray a = arrays.get(name);
      if (a == null) {
        throw new DataFormatException(
            fileName
                + ": "
                + layer
                + ": missing array '"
                + name
                + "' of shape "
                + Arrays.toString(e.getValue()));
      }
      if (!Arrays.equals(a.shape(), e.getValue())) {
        throw new DataFormatException(
            fileName
                + ": "
                + layer
                + ": array '"
                + name
                + "' has shape "
                + Arrays.toString(a.shape())
                + ", expected "
                + Arrays.toString(e.getValue()));
      }
      if (a.dtype() != NpyDtype.FLOAT32 && a.dtype() != NpyDtype.FLOAT64) {
        throw new DataFormatException(
            fileName
                + ": "
                + layer
                + ": array '"
                + name
                + "' has dtype "
                + a.dtype().descr()
                + ", expected <f4 or <f8");
      }
      float[] v = a.toFloats();
      for (int k = 0; k < v.length; k++) {
        if (!Float.isFinite(v[k])) {
          throw new DataFormatException(
              fileName
                  + ": "
                  + layer
                  + ": array '"
                  + name
                  + "' has non-finite value "
                  + v[k]
                  + " at flat index "
                  + k);
        }
      }
      b.add(name, e.getValue(), v);
    }
    for (String name : arrays.keySet()) {
      if (!expected.containsKey(name)) {
        throw new DataFormatException(
            fileName
                + ": array '"
                + name
                + "' does not belong to the network (layer '"
                + Network.layerOf(name)
                + "' has no such parameter)");
      }
    }
    return b.build();
  }

  /** Writes {@code params} to {@code path}. */
  public static void save(Path path, ParameterSet params) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
      write(out, params);
    }
  }

  /** Reads the weights of {@code spec} from {@code path}. */
  public static ParameterSet load(Path path, NetworkSpec spec) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return read(in, path.toString(), spec);
    }
  }
}
