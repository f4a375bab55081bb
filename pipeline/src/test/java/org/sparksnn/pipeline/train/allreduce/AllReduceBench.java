package org.sparksnn.pipeline.train.allreduce;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (not a test): {@link TcpAllReduce#allReduce} of one fixed-point gradient vector between
 * {@code n} ranks in threads of one JVM over loopback TCP, gathered and folded in rank order
 * against the ring reduce-scatter + all-gather, alternated round by round on the same mesh. Prints
 * the median milliseconds per all-reduce of each schedule and the bytes each rank sends. Args:
 * {@code [elements [rounds [ranks…]]]}; default 101,775 elements (the 784-128-10 network's 101,770
 * gradients + 5), 200 rounds, ranks 2 3 4 8. With {@code -Dbench.hosts=127.0.0.11} rank {@code r}
 * binds to 127.0.0.{@code 11 + r} instead of the loopback address, so that {@code
 * bench/allreduce.sh} can cap each rank's sending rate with {@code tc} like a host's network link.
 *
 * <p>Run: {@code mvn -o -q -pl pipeline test-compile dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt}, then {@code java -cp
 * "pipeline/target/test-classes:pipeline/target/classes:$(cat /tmp/cp.txt)"
 * org.sparksnn.pipeline.train.allreduce.AllReduceBench}.
 */
public final class AllReduceBench {
  private AllReduceBench() {}

  private static final LongReducer SUM =
      (acc, in, from, to) -> {
        for (int k = from; k < to; k++) {
          acc[k] += in[k];
        }
      };

  public static void main(String[] args) throws Exception {
    int elements = args.length > 0 ? Integer.parseInt(args[0]) : 101_775;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int[] sizes =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {2, 3, 4, 8};
    System.out.printf(
        "%d longs (%.0f KB) per rank, %d rounds per schedule, %d cores%n",
        elements, elements * 8 / 1024.0, rounds, Runtime.getRuntime().availableProcessors());
    for (int n : sizes) {
      double[][] millis = run(n, elements, rounds);
      double gatheredKb = (n - 1) * elements * 8 / 1024.0;
      double ringKb = 2.0 * (n - 1) / n * elements * 8 / 1024.0;
      System.out.printf(
          "ranks %d: gathered %.3f ms (sends %.0f KB per rank), ring %.3f ms (%.0f KB): ring/gathered"
              + " %.2f%n",
          n, median(millis[0]), gatheredKb, median(millis[1]), ringKb,
          median(millis[1]) / median(millis[0]));
    }
  }

  /** Per round and schedule, rank 0's milliseconds: {@code [0]} gathered, {@code [1]} ring. */
  private static double[][] run(int n, int elements, int rounds) throws Exception {
    MeshConfig cfg = MeshConfig.generate(10_000, 60_000);
    String first = System.getProperty("bench.hosts");
    List<TcpAllReduce> meshes = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      InetAddress host = InetAddress.getLoopbackAddress();
      if (first != null) {
        byte[] a = InetAddress.getByName(first).getAddress();
        a[3] += (byte) r;
        host = InetAddress.getByAddress(a);
      }
      meshes.add(TcpAllReduce.bind(cfg, r, n, host));
    }
    List<String> addresses = meshes.stream().map(TcpAllReduce::address).toList();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<double[][]>> out = new ArrayList<>();
      for (TcpAllReduce mesh : meshes) {
        out.add(
            pool.submit(
                () -> {
                  try (mesh) {
                    mesh.connect(addresses);
                    long[] mine = new long[elements];
                    SplittableRandom rnd = new SplittableRandom(mesh.rank());
                    for (int k = 0; k < elements; k++) {
                      mine[k] = rnd.nextLong(-(1L << 50), 1L << 50);
                    }
                    double[][] m = new double[2][rounds];
                    int warm = Math.max(10, rounds / 5);
                    for (int i = -warm; i < rounds; i++) {
                      for (int schedule = 0; schedule < 2; schedule++) {
                        long t0 = System.nanoTime();
                        long[] sum =
                            schedule == 0
                                ? mesh.allReduceGathered(mine, SUM)
                                : mesh.allReduceRing(mine, SUM);
                        if (i >= 0) {
                          m[schedule][i] = (System.nanoTime() - t0) / 1e6;
                        }
                        if (sum.length != elements) {
                          throw new IllegalStateException("length " + sum.length);
                        }
                      }
                    }
                    return m;
                  }
                }));
      }
      double[][] rank0 = null;
      for (Future<double[][]> f : out) {
        double[][] m = f.get(30, TimeUnit.MINUTES);
        rank0 = rank0 == null ? m : rank0;
      }
      return rank0;
    } finally {
      pool.shutdownNow();
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
