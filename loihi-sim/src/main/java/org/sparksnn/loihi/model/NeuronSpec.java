package org.sparksnn.loihi.model;

import org.sparksnn.ops.Checks;

/**
 * The neuron type of an on-chip layer.
 *
 * @param kind relu-type or lif-type compartments
 * @param tauRc membrane time constant in s (LIF only; ignored for relu), must be > 0; default 0.02
 * @param tauRef refractory period in s, >= 0; default 0.002 for LIF, 0 for relu
 */
public record NeuronSpec(NeuronKind kind, double tauRc, double tauRef) {
  public NeuronSpec {
    Checks.notNull("NeuronSpec.kind", kind);
    Checks.positive("NeuronSpec.tauRc", tauRc);
    Checks.nonNegative("NeuronSpec.tauRef", tauRef);
  }

  /** A {@code loihi-relu} neuron (tauRef 0). */
  public static NeuronSpec relu() {
    return new NeuronSpec(NeuronKind.LOIHI_RELU, 0.02, 0.0);
  }

  /** A {@code loihi-lif} neuron with the given time constants in s. */
  public static NeuronSpec lif(double tauRc, double tauRef) {
    return new NeuronSpec(NeuronKind.LOIHI_LIF, tauRc, tauRef);
  }

  /**
   * The rate formula of numerics.md in Hz·amp for constant current {@code j}: loihi-relu {@code
   * (amp/dt)/ceil((1/J)/dt)} for J > 0; loihi-lif {@code (amp/dt)/ceil((tauRef' + tauRc'·log1p(1/(J
   * − 1)))/dt)} for J > 1 with the chip's rounded refractory period and 12-bit decay. The step of
   * the chip disagrees with the relu formula whenever {@code 1/(J·dt)} is a whole number (the
   * threshold test is strict): dt = 1 ms, J = 100 gives 100 Hz here but 90 Hz stepped.
   */
  public double rate(double j, double dt, double amp) {
    if (kind == NeuronKind.LOIHI_RELU) {
      return j > 0 ? (amp / dt) / Math.ceil((1 / j) / dt) : 0.0;
    }
    double tauRefQ = dt * Math.rint(tauRef / dt);
    double tauRcQ = -dt / Math.log1p(-Math.rint(-Math.expm1(-dt / tauRc) * 4095) / 4095);
    double x = j - 1;
    return x > 0 ? (amp / dt) / Math.ceil((tauRefQ + tauRcQ * Math.log1p(1 / x)) / dt) : 0.0;
  }
}
