package org.sparksnn.loihi.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits every layer into cores before discretization (nengo-loihi {@code split_blocks}).
 *
 * <p>Convolutional layers ({@link LoihiLayer#isConv()}) are costed as nengo-loihi builds them, with
 * shared weights and one input axon per input pixel (see {@code ConvSynapses}); dense layers as
 * dense synapse rows.
 *
 * <p>Default split of a layer of n compartments: {@code k = max(ceil(n / maxCompartments),
 * ceil(inAxons / maxInAxons), ceil(outAxons / maxOutAxons), ceil(bits / maxSynapseBits))} over the
 * unsplit layer, where a dense layer has {@code inAxons = nPre} and {@code bits = nPre ·
 * synapseRowBits(n)}, a conv layer its shared-weight counts, and {@code outAxons} is n if a dense
 * layer follows, 2 per input pixel of a following conv layer, else 0; the layer is then cut
 * sequentially into cores of {@code ceil(n/k)} compartments (the last one smaller). With a {@code blockShape} the layer is tiled
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
    int nl = layers.size();
    ConvSynapses[] cs = new ConvSynapses[nl];
    for (int k = 0; k < nl; k++) {
      if (layers.get(k).isConv()) {
        cs[k] = new ConvSynapses(layers.get(k).conv());
      }
    }
    List<int[]> shapes = new ArrayList<>();
    List<List<int[]>> parts = new ArrayList<>();
    for (int k = 0; k < nl; k++) {
      LoihiLayer l = layers.get(k);
      int[] shape = l.blockShape();
      if (shape == null) {
        shape = new int[] {defaultCoreSize(net, k, cs, limits)};
      }
      shapes.add(shape);
      parts.add(tile(l.size(), l.outputShape(), shape));
    }
    ConvSynapses.Split[] splits = new ConvSynapses.Split[nl];
    for (int k = 0; k < nl; k++) {
      if (cs[k] != null && parts.get(k).size() > 1) {
        splits[k] = cs[k].split(parts.get(k));
      }
    }
    List<LayerMapping> out = new ArrayList<>();
    for (int k = 0; k < nl; k++) {
      LoihiLayer l = layers.get(k);
      List<Core> cores = new ArrayList<>();
      List<int[]> p = parts.get(k);
      for (int c = 0; c < p.size(); c++) {
        cores.add(evalCore(net, k, c, p, cs, splits, parts));
      }
      out.add(new LayerMapping(l.name(), l.size(), shapes.get(k), l.blockShape() != null, cores));
    }
    return out;
  }

  /**
   * The resource counts of core {@code c} of layer {@code k} (split into {@code parts.get(k)}),
   * given how the next layer is split. Dense input: one axon per presynaptic neuron and {@link
   * ChipLimits#synapseRowBits} per axon; conv input: {@link ConvSynapses}. Output axons: one per
   * compartment and next-layer core for a dense next layer; for a conv next layer 2 slots (pop32)
   * per distinct input pixel of this core that the next core uses (all pixels if it is unsplit).
   */
  static Core evalCore(LoihiNetwork net, int k, int c, List<List<int[]>> parts,
      ConvSynapses[] cs, ConvSynapses.Split[] splits) {
    return evalCore(net, k, c, parts.get(k), cs, splits, parts);
  }

  private static Core evalCore(LoihiNetwork net, int k, int c, List<int[]> own,
      ConvSynapses[] cs, ConvSynapses.Split[] splits, List<List<int[]>> parts) {
    LoihiLayer l = net.layers().get(k);
    int[] comps = own.get(c);
    int inAxons;
    long bits;
    if (cs[k] == null) {
      inAxons = net.preSize(k);
      bits = (long) inAxons * ChipLimits.synapseRowBits(comps.length);
    } else if (splits[k] == null) {
      inAxons = cs[k].unsplitAxons();
      bits = cs[k].unsplitBits();
    } else {
      inAxons = splits[k].inAxons()[c];
      bits = splits[k].bits()[c];
    }
    int outAxons = 0;
    int next = k + 1;
    if (next < net.layers().size()) {
      if (cs[next] == null) {
        outAxons = comps.length * parts.get(next).size();
      } else {
        ConvSynapses ncs = cs[next];
        boolean[] seen = new boolean[ncs.unsplitAxons()];
        if (splits[next] == null) {
          for (int j : comps) {
            int px = ncs.pixelOf(j);
            if (!seen[px]) {
              seen[px] = true;
              outAxons += 2;
            }
          }
        } else {
          for (boolean[] used : splits[next].pixelUsedByCore()) {
            java.util.Arrays.fill(seen, false);
            for (int j : comps) {
              int px = ncs.pixelOf(j);
              if (used[px] && !seen[px]) {
                seen[px] = true;
                outAxons += 2;
              }
            }
          }
        }
      }
    }
    return new Core(l.name(), c, comps, inAxons, outAxons, bits);
  }

  /** Builds the resource counts of one core of a dense layer. */
  static Core core(String layer, int index, int[] comps, int nPre, int nextCores) {
    long bits = nPre * ChipLimits.synapseRowBits(comps.length);
    return new Core(layer, index, comps, nPre, comps.length * nextCores, bits);
  }

  /**
   * The core size of nengo-loihi's default sequential split of layer {@code k}: the unsplit
   * layer's compartments, input axons, output axons and synapse bits, each divided by its limit.
   */
  static int defaultCoreSize(LoihiNetwork net, int k, ConvSynapses[] cs, ChipLimits limits) {
    LoihiLayer l = net.layers().get(k);
    int n = l.size();
    long in = cs[k] == null ? net.preSize(k) : cs[k].unsplitAxons();
    long bits = cs[k] == null
        ? (long) net.preSize(k) * ChipLimits.synapseRowBits(n) : cs[k].unsplitBits();
    long outAx = 0;
    if (k + 1 < net.layers().size()) {
      LoihiLayer nx = net.layers().get(k + 1);
      outAx = nx.isConv() ? 2L * nx.conv().inputShape()[0] * nx.conv().inputShape()[1] : n;
    }
    long split =
        Math.max(
            Math.max(ceilDiv(n, limits.maxCompartments()), ceilDiv(in, limits.maxInAxons())),
            Math.max(ceilDiv(outAx, limits.maxOutAxons()), ceilDiv(bits, limits.maxSynapseBits())));
    split = Math.max(split, 1);
    return (int) ceilDiv(n, split);
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
      if (!halveLargest(shape)) {
        return null;
      }
    }
  }

  /**
   * Halves (rounding up) the largest of the three dimensions of a tile shape (the first of equal
   * ones), in place; false, leaving it unchanged, if that dimension is already 1.
   */
  private static boolean halveLargest(int[] shape) {
    int big = 0;
    for (int d = 1; d < 3; d++) {
      if (shape[d] > shape[big]) {
        big = d;
      }
    }
    if (shape[big] == 1) {
      return false;
    }
    shape[big] = (shape[big] + 1) / 2;
    return true;
  }

  /**
   * A block shape that makes every core of layer {@code k} of {@code net} fit, given the mapping of
   * the other layers (conv-aware: costs as {@link #map} counts them), or null if none exists. Flat
   * layers get {@code (ceil(n/m),)} for the smallest core count m that fits; volumes halve their
   * largest tile dimension until the tiles fit.
   */
  public static int[] suggestBlockShape(
      LoihiNetwork net, int k, List<LayerMapping> mapping, ChipLimits limits) {
    LoihiLayer l = net.layers().get(k);
    int n = l.size();
    int nl = net.layers().size();
    ConvSynapses[] cs = new ConvSynapses[nl];
    ConvSynapses.Split[] splits = new ConvSynapses.Split[nl];
    List<List<int[]>> parts = new ArrayList<>();
    for (int m = 0; m < nl; m++) {
      List<int[]> p = new ArrayList<>();
      for (Core c : mapping.get(m).cores()) {
        p.add(c.compartments());
      }
      parts.add(p);
      if (net.layers().get(m).isConv()) {
        cs[m] = new ConvSynapses(net.layers().get(m).conv());
        if (m != k && p.size() > 1) {
          splits[m] = cs[m].split(p);
        }
      }
    }
    int[] outShape = l.outputShape();
    int[] shape = outShape == null ? new int[] {n} : outShape.clone();
    int attempts = 0;
    while (attempts++ < 4096) {
      List<int[]> tiles = tile(n, outShape, shape);
      parts.set(k, tiles);
      splits[k] = cs[k] != null && tiles.size() > 1 ? cs[k].split(tiles) : null;
      boolean ok = true;
      for (int c = 0; c < tiles.size() && ok; c++) {
        Core core = evalCore(net, k, c, parts, cs, splits);
        ok = limits.fits(core.size(), core.inAxons(), core.outAxons(), core.synapseBits());
      }
      if (ok) {
        return shape;
      }
      if (shape.length == 1) {
        int cores = tiles.size() + 1;
        if (cores > n) {
          return null;
        }
        shape = new int[] {(int) ceilDiv(n, cores)};
        continue;
      }
      if (!halveLargest(shape)) {
        return null;
      }
    }
    return null;
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
