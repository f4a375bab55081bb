package org.sparksnn.pipeline.train;

import java.io.Serializable;

/**
 * Where the wall time of a replica's training steps went, accumulated over the steps it ran: the
 * gradients of its own micro-batches ({@code compute}), the exchange of payloads with the other
 * replicas ({@code exchange}; for the job-per-step reference mode the whole Spark job), and the
 * reduction plus optimizer step ({@code update}). Times in nanoseconds; one instance per replica,
 * used by one thread.
 */
public final class StepTimings implements Serializable {
  private static final long serialVersionUID = 1L;

  private long steps;
  private long computeNanos;
  private long exchangeNanos;
  private long updateNanos;
  private String exchange;

  /** Adds the time of computing this replica's own payload. */
  void addCompute(long nanos) {
    computeNanos += nanos;
  }

  /**
   * Adds one step: {@code payloadNanos} to obtain every payload, of which {@code computedNanos}
   * (already added with {@link #addCompute}) was computing and the rest exchange, and {@code
   * updateNanos} to reduce and apply them.
   */
  void addStep(long payloadNanos, long computedNanos, long updateNanos) {
    steps++;
    exchangeNanos += payloadNanos - computedNanos;
    this.updateNanos += updateNanos;
  }

  /** Names how the payloads were exchanged (e.g. {@code "TCP, ring"}), for {@link #toString}. */
  void describeExchange(String how) {
    exchange = how;
  }

  long computeNanos() {
    return computeNanos;
  }

  /** Steps timed. */
  public long steps() {
    return steps;
  }

  /** Mean time per step computing this replica's own micro-batch gradients, ms. */
  public double computeMillisPerStep() {
    return perStep(computeNanos);
  }

  /** Mean time per step exchanging payloads (waiting for the slowest replica included), ms. */
  public double exchangeMillisPerStep() {
    return perStep(exchangeNanos);
  }

  /** Mean time per step reducing the payloads and applying the optimizer step, ms. */
  public double updateMillisPerStep() {
    return perStep(updateNanos);
  }

  /**
   * {@code "compute 2.10 + exchange 0.80 + update 0.30 ms/step"}, with how the payloads were
   * exchanged when that was named: {@code "… + exchange 0.80 (TCP, ring) + …"}.
   */
  @Override
  public String toString() {
    return String.format(
        "compute %.2f + exchange %.2f%s + update %.2f ms/step",
        computeMillisPerStep(),
        exchangeMillisPerStep(),
        exchange == null ? "" : " (" + exchange + ")",
        updateMillisPerStep());
  }

  private double perStep(long nanos) {
    return steps == 0 ? 0 : nanos * 1e-6 / steps;
  }
}
