package org.sparksnn.ops.net;

import java.util.Map;
import org.sparksnn.ops.neuron.InitialVoltage;
import org.sparksnn.ops.neuron.NeuronModel;
import org.sparksnn.ops.neuron.NeuronState;

/**
 * Minimal neuron models for testing the network against numerics.md without depending on the
 * production neuron package: relu, spiking-relu and a smooth softplus rate neuron (for gradient
 * checks away from kinks).
 */
public final class TestNeurons {
  private TestNeurons() {}

  /** Resolves "relu", "spiking-relu", "softplus" (amplitude from params, default 1). */
  public static final NeuronResolver RESOLVER = TestNeurons::resolve;

  static NeuronModel resolve(String type, Map<String, Double> params) {
    double amp = params.getOrDefault("amplitude", 1.0);
    return switch (type) {
      case "relu" -> new Relu(amp, false);
      case "spiking-relu" -> new Relu(amp, true);
      case "softplus" -> new Softplus();
      default -> throw new IllegalArgumentException("unknown neuron type '" + type + "'");
    };
  }

  /** relu / spiking-relu per numerics.md. */
  record Relu(double amplitude, boolean spiking) implements NeuronModel {
    @Override
    public String typeName() {
      return spiking ? "spiking-relu" : "relu";
    }

    @Override
    public double rate(double current, double dt) {
      return amplitude * Math.max(current, 0);
    }

    @Override
    public double rateDerivative(double current, double dt) {
      return current > 0 ? amplitude : 0;
    }

    @Override
    public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
      NeuronState s = new NeuronState(sampleIds.length * neurons, false);
      init.fill(s, sampleIds, neurons);
      return s;
    }

    @Override
    public void step(double dt, double[] current, double[] out, NeuronState state) {
      for (int k = 0; k < current.length; k++) {
        out[k] = stepOne(dt, current[k], state, k);
      }
    }

    @Override
    public void step(double dt, float[] current, float[] out, NeuronState state) {
      for (int k = 0; k < current.length; k++) {
        out[k] = (float) stepOne(dt, current[k], state, k);
      }
    }

    private double stepOne(double dt, double j, NeuronState state, int k) {
      if (!spiking) {
        return rate(j, dt);
      }
      double v = state.voltage[k] + Math.max(j, 0) * dt;
      double n = Math.floor(v);
      state.voltage[k] = v - n;
      return amplitude * n / dt;
    }
  }

  /** A smooth rate neuron {@code log1p(exp(J))} (rate mode only). */
  record Softplus() implements NeuronModel {
    @Override
    public String typeName() {
      return "softplus";
    }

    @Override
    public double amplitude() {
      return 1;
    }

    @Override
    public boolean spiking() {
      return false;
    }

    @Override
    public double rate(double current, double dt) {
      return Math.log1p(Math.exp(current));
    }

    @Override
    public double rateDerivative(double current, double dt) {
      return 1 / (1 + Math.exp(-current));
    }

    @Override
    public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
      return new NeuronState(sampleIds.length * neurons, false);
    }

    @Override
    public void step(double dt, double[] current, double[] out, NeuronState state) {
      for (int k = 0; k < current.length; k++) {
        out[k] = rate(current[k], dt);
      }
    }

    @Override
    public void step(double dt, float[] current, float[] out, NeuronState state) {
      for (int k = 0; k < current.length; k++) {
        out[k] = (float) rate(current[k], dt);
      }
    }
  }
}
