package org.sparksnn.pipeline.train;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.loss.Loss;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.Adam;
import org.sparksnn.ops.optim.LearningRateSchedule;
import org.sparksnn.ops.optim.OptimizerState;
import org.sparksnn.ops.train.MicroBatchGradient;
import org.sparksnn.ops.train.TrainingConfig;

/**
 * A test model in plain Java: softmax regression ({@code logits = x·W + b}, cross-entropy) trained
 * with snn-ops's Adam, so the distributed machinery can be tested in milliseconds.
 */
record SoftmaxRegressionModel(int features, int classes, TrainingConfig training, double lr)
    implements ReplicaModel {

  static SoftmaxRegressionModel of(int features, int classes, int epochs, int batch, int micro) {
    return new SoftmaxRegressionModel(
        features,
        classes,
        new TrainingConfig(
            epochs, batch, micro, 5, Loss.SOFTMAX_CROSS_ENTROPY, 0, new LearningRateSchedule.Constant()),
        0.01);
  }

  /** Seeded data: class-dependent Gaussian blobs; ids 1000, 1003, 1006, … */
  static TrainSamples data(int n, int features, int classes, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] ids = new long[n];
    int[] labels = new int[n];
    float[][] x = new float[n][features];
    for (int i = 0; i < n; i++) {
      ids[i] = 1000 + 3L * i;
      labels[i] = rnd.nextInt(classes);
      for (int k = 0; k < features; k++) {
        x[i][k] = (float) (rnd.nextDouble() * 0.5 + (k % classes == labels[i] ? 0.7 : 0.0));
      }
    }
    return new TrainSamples(ids, labels, x);
  }

  @Override
  public TrainingConfig trainingConfig() {
    return training;
  }

  @Override
  public ParameterSet initialParameters() {
    SplittableRandom rnd = new SplittableRandom(17);
    float[] w = new float[features * classes];
    for (int k = 0; k < w.length; k++) {
      w[k] = (float) ((rnd.nextDouble() - 0.5) * 0.2);
    }
    return ParameterSet.builder()
        .add("dense/kernel", new int[] {features, classes}, w)
        .add("dense/bias", new int[] {classes}, new float[classes])
        .build();
  }

  @Override
  public OptimizerState initialOptimizerState(ParameterSet params) {
    return Adam.withLearningRate(lr).init(params);
  }

  @Override
  public String configFingerprint() {
    return "softmax " + features + " " + classes + " " + training + " lr " + lr;
  }

  @Override
  public Replica open(TrainSamples data) {
    Map<Long, Integer> row = new HashMap<>();
    for (int i = 0; i < data.size(); i++) {
      row.put(data.ids()[i], i);
    }
    return new Replica() {
      @Override
      public MicroBatchGradient gradient(ParameterSet params, long[] microBatch, long step) {
        float[] w = params.get(0);
        float[] b = params.get(1);
        float[] g = new float[w.length + b.length];
        double loss = 0;
        int correct = 0;
        double[] z = new double[classes];
        for (long id : microBatch) {
          int i = row.get(id);
          float[] x = data.features()[i];
          int y = data.labels()[i];
          double max = Double.NEGATIVE_INFINITY;
          int arg = 0;
          for (int c = 0; c < classes; c++) {
            double s = b[c];
            for (int k = 0; k < features; k++) {
              s += x[k] * w[k * classes + c];
            }
            z[c] = s;
            if (s > max) {
              max = s;
              arg = c;
            }
          }
          correct += arg == y ? 1 : 0;
          double sum = 0;
          for (int c = 0; c < classes; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
          }
          loss -= Math.log(z[y] / sum);
          for (int c = 0; c < classes; c++) {
            float d = (float) (z[c] / sum - (c == y ? 1 : 0));
            for (int k = 0; k < features; k++) {
              g[k * classes + c] += x[k] * d;
            }
            g[w.length + c] += d;
          }
        }
        return new MicroBatchGradient(g, loss, 0, correct, microBatch.length);
      }

      @Override
      public void applyStep(ParameterSet params, OptimizerState state, MicroBatchGradient s) {
        if (!Double.isFinite(s.loss())) {
          throw new SimulationException("training step " + state.step() + ": loss is not finite");
        }
        ParameterSet grad = params.zerosLike();
        float[] mean = new float[s.gradient().length];
        for (int k = 0; k < mean.length; k++) {
          mean[k] = (float) (s.gradient()[k] / (double) s.count());
        }
        grad.unflatten(mean);
        Adam.withLearningRate(lr).update(params, grad, state);
      }
    };
  }
}
