package org.sparksnn.pipeline.train;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.Readout;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;

/**
 * Benchmark (not a test): the barrier trainer's replica loop without Spark — {@code n} replicas in
 * threads of one JVM (over loopback TCP or in memory), on full MNIST with the keras-spiking network
 * of {@code ../shared/bench/torch_snn_mnist.py --mode sat} (784-128-10, spiking-relu dt 0.1,
 * spiking-aware, 10 time-tiled steps, last-step readout, Adam 1e-3), 2 micro-batches per step.
 * Prints samples/s of the last epoch and where a step's time
 * went, for 1 and 2 replicas alternately. Separates Spark's share of the distributed trainer's
 * cost from the loop's own. Args: {@code dataDir [batch [epochs]]}.
 *
 * <p>Run: {@code mvn -o -q -pl pipeline test-compile dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt}, then {@code OMP_NUM_THREADS=1 java
 * -Xmx8g -cp "pipeline/target/test-classes:pipeline/target/classes:$(cat /tmp/cp.txt)"
 * org.sparksnn.pipeline.train.ReplicaLoopBench data/mnist 256 4}.
 */
public final class ReplicaLoopBench {
  private ReplicaLoopBench() {}

  public static void main(String[] args) throws Exception {
    String dir = args.length > 0 ? args[0] : "data/mnist";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    IdxDataset.Split train = IdxDataset.read(new Path(dir), IdxFiles.TRAIN, new Configuration());
    ImageSet images = train.images();
    int n = images.count();
    long[] ids = new long[n];
    int[] labels = new int[n];
    float[][] x = new float[n][images.imageSize()];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      labels[i] = train.labels().label(i);
      images.intensities(i, x[i]);
    }
    TrainSamples data = new TrainSamples(ids, labels, x);
    NetworkSpec spec =
        new NetworkSpec(
            new int[] {784},
            List.of(
                new LayerSpec.Dense("dense0", 128, true),
                new LayerSpec.Activation("act0", "spiking-relu", Map.of(), true, 1.0, null),
                new LayerSpec.Dense("out", 10, true)),
            0.1,
            10,
            Readout.LAST_STEP,
            0.0,
            InitialVoltage.uniform(0));
    TrainingConfig tc =
        new TrainingConfig(
            epochs, batch, batch / 2, 0, Loss.SOFTMAX_CROSS_ENTROPY, 0,
            new LearningRateSchedule.Constant());
    ReplicaModel model = new SnnReplicaModel(spec, new Adam(1e-3, 0.9, 0.999, 1e-7), tc, 0);
    SyncTrainConfig cfg = SyncTrainConfig.of(1, GradientReduction.ORDERED_FLOAT);
    int stepsPerEpoch = (n + batch - 1) / batch;
    for (int round = 0; round < 3; round++) {
      for (String mode : new String[] {"1 tcp", "2 tcp", "2 in-process"}) {
        int replicas = mode.charAt(0) - '0';
        TrainingResult r =
            ReplicaLoopTest.runReplicas(
                    replicas, model, data, withReplicas(cfg, replicas), mode.endsWith("in-process"))
                .result();
        double[] ends = r.stepEndSeconds();
        int last = ends.length - 1;
        double epochSeconds = ends[last] - ends[last - stepsPerEpoch];
        System.out.printf(
            "%s replica(s), batch %d: last epoch %.0f samples/s (%.2f ms/step); whole run %s (%s)%n",
            mode, batch, n / epochSeconds, epochSeconds * 1e3 / stepsPerEpoch,
            String.format("%.2f ms/step", r.millisPerStep()), r.timings());
      }
    }
  }

  private static SyncTrainConfig withReplicas(SyncTrainConfig c, int replicas) {
    return new SyncTrainConfig(
        replicas, c.reduction(), null, 0, c.weightCheckEvery(), c.connectTimeoutMillis(),
        c.ioTimeoutMillis(), null, c.transport(), null, c.allReduce());
  }
}
