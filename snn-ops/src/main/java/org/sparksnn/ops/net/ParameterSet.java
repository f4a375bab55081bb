package org.sparksnn.ops.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.sparksnn.ops.Checks;

/**
 * Named float32 arrays in a fixed order (e.g. {@code dense0/kernel}, {@code dense0/bias}): the
 * weights of a network, or a gradient or optimizer slot of the same layout.
 *
 * <p>The arrays are mutable (optimizers update them in place); names, shapes and order are fixed.
 * {@link #flatten()} concatenates the arrays in order into one vector (the distributed trainer
 * all-reduces it) and {@link #unflatten(float[])} is its inverse.
 */
public final class ParameterSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> names;
  private final List<int[]> shapes;
  private final List<float[]> values;
  private final Map<String, Integer> index;

  private ParameterSet(List<String> names, List<int[]> shapes, List<float[]> values) {
    this.names = List.copyOf(names);
    this.shapes = shapes;
    this.values = values;
    this.index = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      if (index.put(names.get(i), i) != null) {
        throw new IllegalArgumentException(
            "ParameterSet.names must be unique, got '" + names.get(i) + "' twice");
      }
    }
  }

  /** A builder that adds arrays in order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Adds named arrays in order; each array is kept (not copied). */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();
    private final List<float[]> values = new ArrayList<>();

    private Builder() {}

    /**
     * Adds {@code name} with {@code shape} and C-order {@code data} (length = product of shape).
     */
    public Builder add(String name, int[] shape, float[] data) {
      Checks.notNull("ParameterSet.name", name);
      Checks.notNull("ParameterSet.shape", shape);
      Checks.notNull("ParameterSet.data", data);
      Checks.check(
          data.length == product(shape),
          "ParameterSet[" + name + "].data.length",
          "must equal the product of shape " + Arrays.toString(shape),
          data.length);
      names.add(name);
      shapes.add(shape.clone());
      values.add(data);
      return this;
    }

    public ParameterSet build() {
      return new ParameterSet(names, shapes, values);
    }
  }

  /** Number of arrays. */
  public int count() {
    return names.size();
  }

  /** The names in order. */
  public List<String> names() {
    return names;
  }

  /** True if an array named {@code name} exists. */
  public boolean contains(String name) {
    return index.containsKey(name);
  }

  /** The array named {@code name} (live, mutable); throws if absent. */
  public float[] get(String name) {
    return values.get(indexOf(name));
  }

  /** The {@code i}-th array (live, mutable). */
  public float[] get(int i) {
    return values.get(i);
  }

  /** The shape of the array named {@code name}. */
  public int[] shape(String name) {
    return shapes.get(indexOf(name)).clone();
  }

  /** The shape of the {@code i}-th array. */
  public int[] shape(int i) {
    return shapes.get(i).clone();
  }

  /** Total number of floats over all arrays. */
  public int totalSize() {
    int n = 0;
    for (float[] v : values) {
      n += v.length;
    }
    return n;
  }

  /** A new set of the same names and shapes filled with zeros. */
  public ParameterSet zerosLike() {
    List<float[]> z = new ArrayList<>();
    for (float[] v : values) {
      z.add(new float[v.length]);
    }
    return new ParameterSet(names, copyShapes(), z);
  }

  /** Sets every value of every array to {@code value}. */
  public void fill(float value) {
    for (float[] v : values) {
      Arrays.fill(v, value);
    }
  }

  /** A deep copy. */
  public ParameterSet copy() {
    List<float[]> c = new ArrayList<>();
    for (float[] v : values) {
      c.add(v.clone());
    }
    return new ParameterSet(names, copyShapes(), c);
  }

  /** True if {@code other} has the same names and shapes in the same order. */
  public boolean sameLayout(ParameterSet other) {
    if (!names.equals(other.names)) {
      return false;
    }
    for (int i = 0; i < shapes.size(); i++) {
      if (!Arrays.equals(shapes.get(i), other.shapes.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** All arrays concatenated in order into one new vector of {@link #totalSize()} floats. */
  public float[] flatten() {
    return flattenInto(new float[totalSize()]);
  }

  /** {@link #flatten()} into {@code flat} (length {@link #totalSize()}), which it returns. */
  public float[] flattenInto(float[] flat) {
    Checks.check(
        flat.length == totalSize(),
        "ParameterSet.flat.length",
        "must be the total size " + totalSize(),
        flat.length);
    int off = 0;
    for (float[] v : values) {
      System.arraycopy(v, 0, flat, off, v.length);
      off += v.length;
    }
    return flat;
  }

  /** Copies {@code flat} (as produced by {@link #flatten()}) back into the arrays, in place. */
  public void unflatten(float[] flat) {
    Checks.check(
        flat.length == totalSize(),
        "ParameterSet.flat.length",
        "must be " + totalSize(),
        flat.length);
    int off = 0;
    for (float[] v : values) {
      System.arraycopy(flat, off, v, 0, v.length);
      off += v.length;
    }
  }

  /** Copies every array of {@code other} (same layout) into this set, in place. */
  public void copyFrom(ParameterSet other) {
    requireSameLayout(other);
    for (int i = 0; i < values.size(); i++) {
      System.arraycopy(other.values.get(i), 0, values.get(i), 0, values.get(i).length);
    }
  }

  /** Adds {@code other} (same layout) element-wise into this set, array by array in order. */
  public void addInPlace(ParameterSet other) {
    requireSameLayout(other);
    for (int i = 0; i < values.size(); i++) {
      float[] a = values.get(i);
      float[] b = other.values.get(i);
      for (int k = 0; k < a.length; k++) {
        a[k] += b[k];
      }
    }
  }

  /** Multiplies every element by {@code factor}, in place. */
  public void scaleInPlace(double factor) {
    for (float[] a : values) {
      for (int k = 0; k < a.length; k++) {
        a[k] = (float) (a[k] * factor);
      }
    }
  }

  /**
   * Whether every element is finite (no NaN, no infinity): the trainer's check of every step's
   * gradient. With the vector loops ({@link Simd#ENABLED}) it takes 3–4 µs for the keras-spiking
   * network's 101,770 parameters, against 23 µs for the scalar loop (which C2 does not vectorize)
   * and 39 µs for the squared norm in double it replaced (sessions 18–19). Session 18's first
   * Vector API version slowed a JVM's later evaluations (C2 gave up the other vector loops'
   * intrinsics); {@link VectorLoops#finitePrefix} uses only the species and operations of the
   * evaluation's own loops, and {@code bench/trainer.sh}'s inference figures did not move with it.
   */
  public boolean allFinite() {
    for (float[] a : values) {
      int from = Simd.ENABLED ? VectorLoops.finitePrefix(a) : 0;
      if (from < 0) {
        return false;
      }
      for (int k = from; k < a.length; k++) {
        if (!Float.isFinite(a[k])) {
          return false;
        }
      }
    }
    return true;
  }

  /** The Euclidean norm over all arrays, accumulated in double in order. */
  public double globalNorm() {
    double s = 0;
    for (float[] a : values) {
      for (float x : a) {
        s += (double) x * x;
      }
    }
    return Math.sqrt(s);
  }

  /**
   * A SHA-256 hex digest of the names, shapes and exact float bits in order: equal hashes mean
   * bit-identical parameters.
   */
  public String contentHash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < names.size(); i++) {
        md.update(names.get(i).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        for (int d : shapes.get(i)) {
          md.update(ByteBuffer.allocate(4).putInt(d).array());
        }
        float[] v = values.get(i);
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        md.update(buf);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ParameterSet[");
    for (int i = 0; i < names.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(Arrays.toString(shapes.get(i)));
    }
    return sb.append(']').toString();
  }

  static int product(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  private int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("ParameterSet has no array '" + name + "', has " + names);
    }
    return i;
  }

  private void requireSameLayout(ParameterSet other) {
    if (!sameLayout(other)) {
      throw new IllegalArgumentException("ParameterSet layouts differ: " + this + " vs " + other);
    }
  }

  private List<int[]> copyShapes() {
    List<int[]> s = new ArrayList<>();
    for (int[] sh : shapes) {
      s.add(sh.clone());
    }
    return s;
  }
}
