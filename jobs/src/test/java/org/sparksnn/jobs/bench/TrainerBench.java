package org.sparksnn.jobs.bench;

import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.ops.net.LayerSpec;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkRunner;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.TimeTiledInput;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.Dataset;
import org.sparksnn.ops.train.EpochStats;
import org.sparksnn.ops.train.Trainer;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;

/**
 * Benchmark (not a test) of the single-process trainer on the keras-spiking network: 784 → dense
 * 128 → spiking-relu (dt 0.1, spiking-aware) → dense 10, time-tiled input, 10 steps, Adam 1e-3,
 * readout on the last step — the network of shared/bench/torch_snn_mnist.py --mode sat. Prints one
 * JSON line per batch size: training samples/s over one epoch of full MNIST, spiking test
 * accuracy, and inference images/s at 30 steps — by wall clock and per CPU-second of the thread
 * (comparable under load). Batch sizes 32, 256 and 32 again (warm JIT), or those given after the
 * data directory. ND4J's native start-up comes first, timed on its own line and outside the epochs,
 * as the reference's {@code import torch} is outside its timings.
 *
 * <p>Run: {@code bench/trainer.sh} (sets OMP_NUM_THREADS=1 and the class path).
 */
public final class TrainerBench {
  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private TrainerBench() {}

  public static void main(String[] args) {
    String dir = args.length > 0 ? args[0] : "data/mnist";
    int[] batches = args.length > 1
        ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {32, 256, 32}; // the second batch-32 run has a warm JIT
    // ND4J loads its native backend (OpenBLAS, libnd4j) on first use: timed on its own, like the
    // reference's `import torch`, which its timings also leave out
    long started = System.nanoTime();
    org.nd4j.linalg.factory.Nd4j.create(1);
    System.out.printf(
        "{\"impl\": \"spark-snn Trainer\", \"nd4j_startup_s\": %.3f}%n",
        (System.nanoTime() - started) / 1e9);
    Configuration conf = new Configuration();
    IdxDataset.Split train = IdxDataset.read(new Path(dir), IdxFiles.TRAIN, conf);
    IdxDataset.Split test = IdxDataset.read(new Path(dir), IdxFiles.TEST, conf);
    Dataset trainData = dataset(train, 0);
    Dataset testData = dataset(test, 60_000);
    for (int batch : batches) {
      NetworkSpec spec = spec(10);
      Network net = Network.compile(spec, NeuronTypes::create);
      ParameterSet p = net.initParameters(0);
      Adam adam = new Adam(1e-3, 0.9, 0.999, 1e-7);
      Trainer trainer = new Trainer(net, adam, TrainingConfig.of(1, batch, 0));
      OptimizerState state = adam.init(p);
      long cpu0 = CPU.getCurrentThreadCpuTime();
      EpochStats s = trainer.trainEpoch(p, state, 0, trainData);
      double trainCpu = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double acc = trainer.accuracy(p, testData, 1000);
      // inference at 30 steps with the trained weights
      Network net30 = Network.compile(spec(30), NeuronTypes::create);
      NetworkRunner runner = new NetworkRunner(net30);
      long[] ids = testData.ids();
      long t0 = System.nanoTime();
      long evalCpu0 = CPU.getCurrentThreadCpuTime();
      for (int start = 0; start < ids.length; start += 1000) {
        long[] b = java.util.Arrays.copyOfRange(ids, start, Math.min(ids.length, start + 1000));
        runner.evaluate(p, testData.input(), b, null);
      }
      double evalSecs = (System.nanoTime() - t0) / 1e9;
      double evalCpu = (CPU.getCurrentThreadCpuTime() - evalCpu0) / 1e9;
      System.out.printf(
          "{\"impl\": \"spark-snn Trainer\", \"batch\": %d, \"train_samples_per_s\": %.1f,"
              + " \"train_samples_per_cpu_s\": %.1f, \"test_acc_spiking\": %.4f,"
              + " \"eval30_img_per_s\": %.1f, \"eval30_img_per_cpu_s\": %.1f}%n",
          batch, s.samplesPerSecond(), trainData.size() / trainCpu, acc, ids.length / evalSecs,
          ids.length / evalCpu);
    }
  }

  static NetworkSpec spec(int steps) {
    return new NetworkSpec(
        new int[] {784},
        List.of(
            new LayerSpec.Dense("dense0", 128, true),
            new LayerSpec.Activation("act0", "spiking-relu", Map.of(), true, 1.0, null),
            new LayerSpec.Dense("out", 10, true)),
        0.1,
        steps);
  }

  static Dataset dataset(IdxDataset.Split split, long idOffset) {
    ImageSet images = split.images();
    int n = images.count();
    long[] ids = new long[n];
    int[] labels = new int[n];
    float[][] x = new float[n][images.imageSize()];
    for (int i = 0; i < n; i++) {
      ids[i] = idOffset + i;
      labels[i] = split.labels().label(i);
      images.intensities(i, x[i]);
    }
    // the distributed trainer's path (SnnReplicaModel)
    return Dataset.timeTiled(ids, x, labels);
  }
}
