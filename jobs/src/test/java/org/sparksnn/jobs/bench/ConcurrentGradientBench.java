package org.sparksnn.jobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.net.Readout;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.train.Dataset;
import org.sparksnn.ops.train.Trainer;
import org.sparksnn.ops.train.TrainingConfig;
import org.sparksnn.pipeline.data.IdxDataset;
import org.sparksnn.pipeline.data.IdxFiles;

/**
 * Benchmark (not a test): does one JVM compute micro-batch gradients as fast on 2 threads at once
 * as on 1? Times {@code Trainer.computeGradient} of the keras-spiking network on micro-batches of
 * {@code rows} MNIST images: first on one thread, then on {@code threads} threads concurrently
 * (each its own Trainer), reporting ms per gradient per thread for each round.
 * Args: {@code dataDir [rows [threads [iterations]]]}; {@code -Dbench.meanReadout=true} reads out
 * the mean over steps instead of the last step.
 *
 * <p>Run after {@code mvn -o -q -pl jobs test-compile}: {@code OMP_NUM_THREADS=1 java -cp
 * "jobs/target/test-classes:jobs/target/spark-snn-jobs-<version>.jar:jobs/target/lib/*"
 * org.sparksnn.jobs.bench.ConcurrentGradientBench data/mnist 128 2 400}.
 */
public final class ConcurrentGradientBench {
  private ConcurrentGradientBench() {}

  public static void main(String[] args) throws Exception {
    String dir = args.length > 0 ? args[0] : "data/mnist";
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 400;
    IdxDataset.Split train = IdxDataset.read(new Path(dir), IdxFiles.TRAIN, new Configuration());
    Dataset data = TrainerBench.dataset(train, 0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int round = 0; round < 4; round++) {
      for (int t : new int[] {1, threads}) {
        List<Future<Double>> fs = new ArrayList<>();
        for (int k = 0; k < t; k++) {
          int offset = k * rows;
          fs.add(pool.submit(() -> millisPerGradient(data, rows, iterations, offset)));
        }
        StringBuilder sb = new StringBuilder();
        for (Future<Double> f : fs) {
          sb.append(String.format(" %.3f", f.get()));
        }
        System.out.printf("round %d, %d thread(s), %d rows: ms/gradient%s%n", round, t, rows, sb);
      }
    }
    pool.shutdown();
  }

  private static double millisPerGradient(Dataset data, int rows, int iterations, int offset) {
    NetworkSpec last = TrainerBench.spec(10);
    NetworkSpec spec =
        Boolean.getBoolean("bench.meanReadout")
            ? new NetworkSpec(
                last.inputShape(), last.layers(), last.dt(), last.steps(),
                Readout.MEAN_OVER_STEPS, 0.0, last.initialVoltage())
            : last;
    Network net = Network.compile(spec, NeuronTypes::create);
    ParameterSet p = net.initParameters(0);
    Trainer trainer = new Trainer(net, new Adam(1e-3, 0.9, 0.999, 1e-7), TrainingConfig.of(1, rows, 0));
    long[] ids = new long[rows];
    long[] all = data.ids();
    long t0 = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      int start = (offset + i * rows) % (all.length - rows);
      for (int r = 0; r < rows; r++) {
        ids[r] = all[start + r];
      }
      trainer.computeGradient(p, ids, data);
    }
    return (System.nanoTime() - t0) * 1e-6 / iterations;
  }
}
