package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistical assertions for Bernoulli spike counts. */
final class BinomialAssert {
  private BinomialAssert() {}

  /** Asserts {@code |count − trials·q| ≤ 5 standard deviations of Binomial(trials, q)}. */
  static void withinFiveSigma(long count, long trials, double q, String what) {
    double mean = trials * q;
    double sd = Math.sqrt(trials * q * (1 - q));
    assertTrue(
        Math.abs(count - mean) <= 5 * sd + 1e-9,
        what
            + ": "
            + count
            + " spikes in "
            + trials
            + " trials, expected "
            + mean
            + " ± "
            + 5 * sd);
  }

  /**
   * Checks spike counts of {@code records} images of {@code inputs} equal intensities: the total
   * (5-sigma), every step's total (5-sigma), and the variance of the per-input counts over the
   * steps, which independent draws make {@code steps·q·(1 − q)} (within 5 standard errors).
   */
  static void bernoulliTrains(SpikeEncoder enc, float p, double q, int records, int inputs) {
    float[] image = new float[inputs];
    java.util.Arrays.fill(image, p);
    int steps = enc.steps();
    long total = 0;
    long[] perStep = new long[steps];
    double sum = 0;
    double sumSq = 0;
    for (long id = 0; id < records; id++) {
      SpikeTrain t = (SpikeTrain) enc.encode(id, image);
      total += t.totalSpikes();
      for (int s = 0; s < steps; s++) {
        for (int i = 0; i < inputs; i++) {
          perStep[s] += t.get(s, i) ? 1 : 0;
        }
      }
      for (int c : t.countPerInput()) {
        sum += c;
        sumSq += (double) c * c;
      }
    }
    String what = enc + " p=" + p;
    withinFiveSigma(total, (long) records * inputs * steps, q, what);
    for (int s = 0; s < steps; s++) {
      withinFiveSigma(perStep[s], (long) records * inputs, q, what + " step " + s);
    }
    long n = (long) records * inputs;
    double mean = sum / n;
    double variance = sumSq / n - mean * mean;
    double expected = steps * q * (1 - q);
    // standard error of a sample variance ≈ sqrt((mu4 − sigma^4) / n); for a binomial
    // mu4 = sigma^2 (1 + 3 (steps − 2) q (1 − q))
    double mu4 = expected * (1 + 3 * (steps - 2) * q * (1 - q));
    double se = Math.sqrt(Math.max(mu4 - expected * expected, 0) / n);
    assertTrue(
        Math.abs(variance - expected) <= 5 * se + 1e-9,
        what
            + ": variance of per-input counts "
            + variance
            + ", expected "
            + expected
            + " ± "
            + 5 * se);
  }
}
