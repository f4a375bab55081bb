package org.sparksnn.ops.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;

class WeightsFileTest {

  private static final NetworkSpec SPEC =
      new NetworkSpec(
          new int[] {6, 6, 1},
          List.of(
              new LayerSpec.Conv2d("conv0", 4, 3, 1, LayerSpec.Padding.VALID, true),
              LayerSpec.Activation.of("a0", "relu"),
              new LayerSpec.Lowpass("lp", 0.005, true, 0),
              new LayerSpec.Flatten("flat"),
              new LayerSpec.Dense("dense0", 10, false)),
          0.001,
          3);

  private static ParameterSet initial() {
    // Parameter layout needs no neuron types: build it from the shapes alone.
    ParameterSet.Builder b = ParameterSet.builder();
    int seed = 1;
    for (Map.Entry<String, int[]> e : Network.parameterShapes(SPEC).entrySet()) {
      int n = 1;
      for (int d : e.getValue()) {
        n *= d;
      }
      float[] v = new float[n];
      for (int k = 0; k < n; k++) {
        v[k] = (float) Math.sin(seed++ * 1.37) / 3f;
      }
      b.add(e.getKey(), e.getValue(), v);
    }
    return b.build();
  }

  private static byte[] bytes(ParameterSet p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WeightsFile.write(out, p);
    return out.toByteArray();
  }

  @Test
  void declaresParametersInLayerOrderWithKerasShapes() {
    Map<String, int[]> shapes = Network.parameterShapes(SPEC);
    assertEquals(
        List.of("conv0/kernel", "conv0/bias", "lp/tau", "dense0/kernel"),
        List.copyOf(shapes.keySet()));
    assertEquals("[3, 3, 1, 4]", java.util.Arrays.toString(shapes.get("conv0/kernel")));
    assertEquals("[4]", java.util.Arrays.toString(shapes.get("lp/tau")));
    assertEquals("[64, 10]", java.util.Arrays.toString(shapes.get("dense0/kernel")));
  }

  @Test
  void saveLoadRoundTripIsBitIdentical(@TempDir Path dir) throws IOException {
    ParameterSet p = initial();
    Path file = dir.resolve("weights.npz");
    WeightsFile.save(file, p);
    ParameterSet back = WeightsFile.load(file, SPEC);
    assertEquals(p.contentHash(), back.contentHash());
    assertTrue(Files.size(file) > 0);
  }

  @Test
  void rejectsWrongShapeNamingTheLayer() throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    ParameterSet p = initial();
    for (String name : p.names()) {
      arrays.put(name, NpyArray.ofFloats(p.shape(name), p.get(name)));
    }
    arrays.put("dense0/kernel", NpyArray.ofFloats(new int[] {10, 64}, p.get("dense0/kernel")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npz.write(out, arrays);
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> WeightsFile.read(new ByteArrayInputStream(out.toByteArray()), "w.npz", SPEC));
    assertTrue(e.getMessage().contains("w.npz: layer 'dense0'"), e.getMessage());
    assertTrue(e.getMessage().contains("[10, 64], expected [64, 10]"), e.getMessage());
  }

  @Test
  void rejectsNonFiniteWeightsNamingTheArray() throws IOException {
    ParameterSet p = initial();
    p.get("lp/tau")[2] = Float.NaN;
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> WeightsFile.read(new ByteArrayInputStream(bytes(p)), "w.npz", SPEC));
    assertTrue(e.getMessage().contains("array 'lp/tau'"), e.getMessage());
    p.get("lp/tau")[2] = 0.01f;
    p.get("conv0/bias")[0] = Float.POSITIVE_INFINITY;
    e =
        assertThrows(
            DataFormatException.class,
            () -> WeightsFile.read(new ByteArrayInputStream(bytes(p)), "w.npz", SPEC));
    assertTrue(e.getMessage().contains("array 'conv0/bias'"), e.getMessage());
  }

  @Test
  void rejectsMissingAndExtraArrays() throws IOException {
    ParameterSet p = initial();
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (String name : p.names()) {
      if (!name.equals("conv0/bias")) {
        arrays.put(name, NpyArray.ofFloats(p.shape(name), p.get(name)));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npz.write(out, arrays);
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> WeightsFile.read(new ByteArrayInputStream(out.toByteArray()), "w.npz", SPEC));
    assertTrue(e.getMessage().contains("missing array 'conv0/bias'"), e.getMessage());

    arrays.put("conv0/bias", NpyArray.ofFloats(new int[] {4}, new float[4]));
    arrays.put("ghost/kernel", NpyArray.ofFloats(new int[] {1}, new float[1]));
    ByteArrayOutputStream out2 = new ByteArrayOutputStream();
    Npz.write(out2, arrays);
    e =
        assertThrows(
            DataFormatException.class,
            () -> WeightsFile.read(new ByteArrayInputStream(out2.toByteArray()), "w.npz", SPEC));
    assertTrue(e.getMessage().contains("'ghost/kernel'"), e.getMessage());
  }

  @Test
  void acceptsFloat64ArraysWrittenByHand() throws IOException {
    ParameterSet p = initial();
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (String name : p.names()) {
      float[] f = p.get(name);
      double[] d = new double[f.length];
      for (int k = 0; k < f.length; k++) {
        d[k] = f[k];
      }
      arrays.put(name, NpyArray.ofDoubles(p.shape(name), d));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npz.write(out, arrays);
    ParameterSet back =
        WeightsFile.read(new ByteArrayInputStream(out.toByteArray()), "w.npz", SPEC);
    assertEquals(p.contentHash(), back.contentHash());
  }
}
