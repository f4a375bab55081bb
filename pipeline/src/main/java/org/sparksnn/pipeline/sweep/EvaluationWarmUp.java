package org.sparksnn.pipeline.sweep;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.Readout;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.random.KeyedRandom;

/**
 * Pays a JVM's JIT warm-up of the sweep's evaluation path ahead of its first task: evaluates a
 * made-up dense network (784 inputs, 128 spiking-relu neurons, 10 outputs, 30 steps of 1 ms) on
 * made-up images with a fifth of their pixels lit, as a sweep evaluates a synapse × scale grid (2 ×
 * 2 points sharing their layers, {@link PointGroupEvaluator}) and a point alone ({@link
 * PointEvaluator}), in {@code batches} batches of 20 images. The layers' and the statistics' step
 * methods then reach C2 here, not in the first point's job, where on two busy cores the compiler
 * takes a core from one task and the job waits for it (BENCHMARKS.md, session 30).
 *
 * <p>Changes speed only: its networks, images and results are its own and are discarded. Safe to
 * run on several threads at once. {@code KernelWarmUpPlugin} runs it on each executor as the
 * executor starts.
 */
public final class EvaluationWarmUp {
  /**
   * Batches by default: 0.37–0.41 s on a spare core of the 2-core VM, after which the MLP sweep's
   * first job found most of its step methods compiled (BENCHMARKS.md, session 30).
   */
  public static final int DEFAULT_BATCHES = 120;

  private static final int INPUTS = 784;
  private static final int HIDDEN = 128;
  private static final int CLASSES = 10;
  /** Not a multiple of the vector loops' 8 or 16 lanes, so that their scalar tails run too. */
  private static final int BATCH = 20;

  private static final int IMAGES = 160;
  private static final long SEED = 0x5eed_3a11L;

  private EvaluationWarmUp() {}

  /**
   * Evaluates {@code batches} batches ({@code >= 0}) of the made-up grid, then about a tenth as
   * many of a point alone (whole passes over the 160 images, at least one); returns the image-steps
   * evaluated.
   */
  public static long run(int batches) {
    Checks.check(batches >= 0, "EvaluationWarmUp.batches", "must be >= 0", batches);
    if (batches == 0) {
      return 0;
    }
    NetworkSpec spec = spec();
    ParameterSet weights = weights();
    EvalImages images = images();
    SerializableNeuronResolver resolver = NeuronTypes::create;
    List<PointNetwork.Prepared> grid = new ArrayList<>();
    for (double scale : new double[] {1, 20}) {
      for (double tau : new double[] {0.005, 0.01}) {
        GridPoint p =
            new GridPoint(
                "warm-up",
                null,
                null,
                "spiking-relu",
                SynapseSetting.lowpass(tau),
                ScaleSetting.global(scale));
        grid.add(PointNetwork.prepare(spec, weights, p, resolver));
      }
    }
    List<Integer> all = List.of(0, 1, 2, 3);
    List<PointGroups.Group> groups = PointGroups.of(all, grid, new int[grid.size()], resolver, true);
    // a new evaluator every pass over the images, as every task has its own: the branches that
    // size its buffers stay in the compiled code's profile
    int perPass = PointEvaluator.batchCount(images.count(), BATCH);
    long imageSteps = 0;
    for (int done = 0; done < batches; done += perPass) {
      int end = Math.min(perPass, batches - done);
      for (PointGroups.Group group : groups) {
        List<PointNetwork.Prepared> members = new ArrayList<>();
        group.points().forEach(g -> members.add(grid.get(g)));
        new PointGroupEvaluator(members, group, resolver).evaluate(images, 0, end, BATCH, 0);
      }
      imageSteps += (long) Math.min(end * BATCH, images.count()) * spec.steps() * grid.size();
    }
    for (int done = 0; done < Math.max(1, batches / 10); done += perPass) {
      new PointEvaluator(grid.get(0), resolver).evaluate(images, 0, perPass, BATCH, 0);
      imageSteps += (long) images.count() * spec.steps();
    }
    return imageSteps;
  }

  private static NetworkSpec spec() {
    return new NetworkSpec(
        new int[] {INPUTS},
        List.of(
            new LayerSpec.Dense("dense0", HIDDEN, true),
            LayerSpec.Activation.of("act0", "relu"),
            new LayerSpec.Dense("out", CLASSES, true)),
        0.001,
        30,
        Readout.LAST_STEP,
        0.0,
        InitialVoltage.uniform(SEED));
  }

  /**
   * Weights that drive the hidden neurons at about 0 to 50 Hz on these images (a fifth of them
   * silent), so that scale 1 spikes rarely and scale 20 often, as a trained network's neurons do.
   */
  private static ParameterSet weights() {
    ParameterSet.Builder b = ParameterSet.builder();
    addDense(b, "dense0", INPUTS, HIDDEN, 1, 0.48, 6);
    addDense(b, "out", HIDDEN, CLASSES, 2, 0.5, 1);
    return b.build();
  }

  /**
   * Adds dense layer {@code name}'s kernel, {@code (u − center) · width} for uniform {@code u} of
   * random stream {@code stream}, and a zero bias.
   */
  private static void addDense(
      ParameterSet.Builder b,
      String name,
      int in,
      int out,
      int stream,
      double center,
      double width) {
    float[] kernel = new float[in * out];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = (float) ((KeyedRandom.uniform(SEED, stream, i, 0) - center) * width);
    }
    b.add(name + "/kernel", new int[] {in, out}, kernel);
    b.add(name + "/bias", new int[] {out}, new float[out]);
  }

  /** {@link #IMAGES} images with a fifth of their pixels lit (as MNIST's), labels cycling. */
  private static EvalImages images() {
    long[] ids = new long[IMAGES];
    int[] labels = new int[IMAGES];
    byte[] px = new byte[IMAGES * INPUTS];
    for (int i = 0; i < IMAGES; i++) {
      ids[i] = i;
      labels[i] = i % CLASSES;
      for (int k = 0; k < INPUTS; k++) {
        double u = KeyedRandom.uniform(SEED, 3, i, k);
        px[i * INPUTS + k] = u < 0.2 ? (byte) (55 + (int) (u * 1000)) : 0;
      }
    }
    return new EvalImages(ids, labels, INPUTS, px);
  }
}
