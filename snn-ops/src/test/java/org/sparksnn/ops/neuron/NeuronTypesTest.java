package org.sparksnn.ops.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeuronTypesTest {

  @Test
  void rejectsUnknownTypeListingTheKnownOnes() {
    assertEquals(
        "neuron type must be one of relu, spiking-relu, lif-rate, lif, loihi-relu, loihi-lif,"
            + " got 'izhikevich'",
        assertThrows(IllegalArgumentException.class, () -> NeuronTypes.create("izhikevich", null))
            .getMessage());
  }

  @Test
  void rejectsUnknownParameterListingTheAcceptedOnes() {
    assertEquals(
        "lif has no parameter 'tau'; accepted: tauRc, tauRef, minVoltage, amplitude, sigma",
        assertThrows(
                IllegalArgumentException.class, () -> NeuronTypes.create("lif", Map.of("tau", 0.1)))
            .getMessage());
    assertEquals(
        "relu has no parameter 'tauRc'; accepted: amplitude",
        assertThrows(
                IllegalArgumentException.class,
                () -> NeuronTypes.create("relu", Map.of("tauRc", 0.1)))
            .getMessage());
  }

  @Test
  void rejectsNullAndInvalidValuesWithTheTypesOwnMessage() {
    Map<String, Double> withNull = new HashMap<>();
    withNull.put("sigma", null);
    assertEquals(
        "lif-rate.sigma must be set, got null",
        assertThrows(IllegalArgumentException.class, () -> NeuronTypes.create("lif-rate", withNull))
            .getMessage());
    assertEquals(
        "lif.tauRc must be > 0, got -0.02",
        assertThrows(
                IllegalArgumentException.class,
                () -> NeuronTypes.create("lif", Map.of("tauRc", -0.02)))
            .getMessage());
  }

  @Test
  void missingParametersTakeTheDefaults() {
    assertEquals(Relu.standard(), NeuronTypes.create("relu"));
    assertEquals(SpikingRelu.standard(), NeuronTypes.create("spiking-relu", Map.of()));
    assertEquals(LifRate.standard(), NeuronTypes.create("lif-rate"));
    assertEquals(Lif.standard(), NeuronTypes.create("lif"));
    assertEquals(LoihiRelu.standard(), NeuronTypes.create("loihi-relu"));
    assertEquals(LoihiLif.standard(), NeuronTypes.create("loihi-lif"));
    assertEquals(
        new Lif(0.05, 0.002, 0, 1, 0.01), NeuronTypes.create("lif", Map.of("tauRc", 0.05)));
  }

  @Test
  void paramsAreOrderedAndRoundTripEveryType() {
    for (String name : NeuronTypes.NAMES) {
      Map<String, Double> custom = new HashMap<>();
      for (String p : NeuronTypes.parameterNames(name)) {
        custom.put(p, p.equals("minVoltage") ? -0.25 : 0.75 * (p.length() % 3 + 1) / 100);
      }
      NeuronModel m = NeuronTypes.create(name, custom);
      assertEquals(name, m.typeName());
      Map<String, Double> params = NeuronTypes.params(m);
      assertEquals(NeuronTypes.parameterNames(name), List.copyOf(params.keySet()));
      assertEquals(custom, params);
      assertEquals(m, NeuronTypes.create(name, params));
    }
  }

  @Test
  void paramsRejectsModelsItCannotCreate() {
    NeuronModel foreign = new Foreign();
    assertEquals(
        "model must be one of relu, spiking-relu, lif-rate, lif, loihi-relu, loihi-lif, got"
            + " foreign",
        assertThrows(IllegalArgumentException.class, () -> NeuronTypes.params(foreign))
            .getMessage());
  }

  /** A model type this package does not know (delegates to relu). */
  private static final class Foreign implements NeuronModel {
    private static final long serialVersionUID = 1L;
    private final Relu relu = Relu.standard();

    @Override
    public String typeName() {
      return "foreign";
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
      return relu.rate(current, dt);
    }

    @Override
    public double rateDerivative(double current, double dt) {
      return relu.rateDerivative(current, dt);
    }

    @Override
    public NeuronState newState(long[] sampleIds, int neurons, InitialVoltage init) {
      return relu.newState(sampleIds, neurons, init);
    }

    @Override
    public void step(double dt, double[] current, double[] out, NeuronState state) {
      relu.step(dt, current, out, state);
    }

    @Override
    public void step(double dt, float[] current, float[] out, NeuronState state) {
      relu.step(dt, current, out, state);
    }

    @Override
    public String toString() {
      return "foreign";
    }
  }
}
