package org.sparksnn.loihi.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits every layer into cores before discretization (nengo-loihi {@code split_blocks}).
 *
 * <p>Default split of a layer of n compartments with {@code nPre} inputs: {@code k = max(ceil(n /
 * maxCompartments), ceil(nPre / maxInAxons), ceil(nOut / maxOutAxons), ceil(bits / maxSynapseBits))}
 * where {@code nOut = n} if another layer follows (else 0) and {@code bits = nPre ·
 * synapseRowBits(n)} of the unsplit layer; the layer is then cut sequentially into cores of {@code
 * ceil(n/k)} compartments (the last one smaller). With a {@code blockShape} the layer is tiled
 * instead: {@code (s,)} cuts sequentially into cores of s; {@code (r, c, ch)} tiles the {@code
 * outputShape} volume (row-major, channels last), each tile being one core. The default split can
 * still exceed a limit (its core size ignores rounding of synapse rows); {@link
 * org.sparksnn.loihi.validate.ChipValidator} reports that.
 */
public final class CoreMapper {
  private CoreMapper() {}

  /** Maps every layer of {@code net} to cores with the given limits. */
  public static List<LayerMapping> map(LoihiNetwork net, ChipLimits limits) {
    List<LoihiLayer> layers = net.layers();
    List<int[]> shapes = new ArrayList<>();
    List<List<int[]>> parts = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      LoihiLayer l = layers.get(k);
      int[] shape = l.blockShape();
      if (shape == null) {
        boolean hasNext = k + 1 < layers.size();
        shape = new int[] {defaultCoreSize(l.size(), net.preSize(k), hasNext, limits)};
      }
      shapes.add(shape);
      parts.add(tile(l.size(), l.outputShape(), shape));
    }
    List<LayerMapping> out = new ArrayList<>();
    for (int k = 0; k < layers.size(); k++) {
      LoihiLayer l = layers.get(k);
      int nextCores = k + 1 < layers.size() ? parts.get(k + 1).size() : 0;
      List<Core> cores = new ArrayList<>();
      List<int[]> p = parts.get(k);
      for (int c = 0; c < p.size(); c++) {
        int[] comps = p.get(c);
        cores.add(core(l.name(), c, comps, net.preSize(k), nextCores));
      }
      out.add(new LayerMapping(l.name(), l.size(), shapes.get(k), l.blockShape() != null, cores));
    }
    return out;
  }

  /** Builds the resource counts of one core of a dense layer. */
  static Core core(String layer, int index, int[] comps, int nPre, int nextCores) {
    long bits = nPre * ChipLimits.synapseRowBits(comps.length);
    return new Core(layer, index, comps, nPre, comps.length * nextCores, bits);
  }

  /** The core size of nengo-loihi's default sequential split. */
  public static int defaultCoreSize(int n, int nPre, boolean hasNext, ChipLimits limits) {
    long bits = nPre * ChipLimits.synapseRowBits(n);
    long split =
        Math.max(
            Math.max(ceilDiv(n, limits.maxCompartments()), ceilDiv(nPre, limits.maxInAxons())),
            Math.max(
                ceilDiv(hasNext ? n : 0, limits.maxOutAxons()),
                ceilDiv(bits, limits.maxSynapseBits())));
    split = Math.max(split, 1);
    return (int) ceilDiv(n, split);
  }

  /**
   * Tiles {@code n} compartments: sequentially for a 1-d block shape, or over {@code outputShape}
   * for a 3-d one. Returns the compartment indices of each tile.
   */
  public static List<int[]> tile(int n, int[] outputShape, int[] blockShape) {
    List<int[]> tiles = new ArrayList<>();
    if (blockShape.length == 1) {
      int s = blockShape[0];
      for (int start = 0; start < n; start += s) {
        int end = Math.min(n, start + s);
        int[] idx = new int[end - start];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = start + i;
        }
        tiles.add(idx);
      }
      return tiles;
    }
    int rows = outputShape[0];
    int cols = outputShape[1];
    int chans = outputShape[2];
    for (int r0 = 0; r0 < rows; r0 += blockShape[0]) {
      for (int c0 = 0; c0 < cols; c0 += blockShape[1]) {
        for (int h0 = 0; h0 < chans; h0 += blockShape[2]) {
          int r1 = Math.min(rows, r0 + blockShape[0]);
          int c1 = Math.min(cols, c0 + blockShape[1]);
          int h1 = Math.min(chans, h0 + blockShape[2]);
          int[] idx = new int[(r1 - r0) * (c1 - c0) * (h1 - h0)];
          int i = 0;
          for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
              for (int h = h0; h < h1; h++) {
                idx[i++] = (r * cols + c) * chans + h;
              }
            }
          }
          tiles.add(idx);
        }
      }
    }
    return tiles;
  }

  /**
   * A block shape that makes every core of the layer fit the per-core limits, or null if none
   * exists (e.g. more inputs than input axons). Flat layers get the balanced {@code
   * (ceil(n/k),)} for the smallest core count k that fits; volumes halve their largest tile
   * dimension until the tiles fit.
   */
  public static int[] suggestBlockShape(
      int n, int[] outputShape, int nPre, int nextCores, ChipLimits limits) {
    if (nPre > limits.maxInAxons()) {
      return null;
    }
    if (outputShape == null) {
      for (int k = 1; k <= n; k++) {
        int s = (int) ceilDiv(n, k);
        if (tilesFit(tile(n, null, new int[] {s}), nPre, nextCores, limits)) {
          return new int[] {s};
        }
      }
      return null;
    }
    int[] shape = outputShape.clone();
    while (true) {
      if (tilesFit(tile(n, outputShape, shape), nPre, nextCores, limits)) {
        return shape;
      }
      int big = 0;
      for (int d = 1; d < 3; d++) {
        if (shape[d] > shape[big]) {
          big = d;
        }
      }
      if (shape[big] == 1) {
        return null;
      }
      shape[big] = (shape[big] + 1) / 2;
    }
  }

  private static boolean tilesFit(List<int[]> tiles, int nPre, int nextCores, ChipLimits limits) {
    for (int[] t : tiles) {
      Core c = core("", 0, t, nPre, nextCores);
      if (!limits.fits(c.size(), c.inAxons(), c.outAxons(), c.synapseBits())) {
        return false;
      }
    }
    return true;
  }

  /** Formats a block shape as nengo-loihi prints it: {@code (125,)} or {@code (16, 16, 4)}. */
  public static String formatShape(int[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    String s = Arrays.toString(shape);
    return "(" + s.substring(1, s.length() - 1) + ")";
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
