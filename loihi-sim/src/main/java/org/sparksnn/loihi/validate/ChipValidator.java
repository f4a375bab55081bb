package org.sparksnn.loihi.validate;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.Core;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;

/**
 * Validates a core mapping against per-core limits (compartments, input axons, output axons,
 * synapse bits) and the refractory-delay limit.
 */
public final class ChipValidator {
  private final ChipLimits limits;

  /** A validator for the given limits. */
  public ChipValidator(ChipLimits limits) {
    this.limits = limits;
  }

  /** Throws {@link ChipLimitException} with the first violation; returns normally if all fit. */
  public void validate(LoihiNetwork net, List<LayerMapping> mapping) {
    List<String> v = violations(net, mapping);
    if (!v.isEmpty()) {
      throw new ChipLimitException(v.get(0));
    }
  }

  /** Every violation as a message, in layer / core order (empty if the mapping fits). */
  public List<String> violations(LoihiNetwork net, List<LayerMapping> mapping) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < mapping.size(); k++) {
      LayerMapping m = mapping.get(k);
      LoihiLayer layer = net.layers().get(k);
      String hint = null;
      boolean hintDone = false;
      int refract = (int) Math.rint(layer.neuron().tauRef() / net.dt()) + 1;
      if (refract > limits.maxRefractDelay()) {
        out.add(
            String.format(
                "layer '%s': refractory delay (%d steps) exceeds max (%d); use tauRef <= %s s",
                m.layer(), refract, limits.maxRefractDelay(),
                (limits.maxRefractDelay() - 1) * net.dt()));
      }
      for (Core c : m.cores()) {
        List<String> problems = new ArrayList<>();
        check(problems, "compartments", c.size(), limits.maxCompartments());
        check(problems, "input axons", c.inAxons(), limits.maxInAxons());
        check(problems, "output axons", c.outAxons(), limits.maxOutAxons());
        check(problems, "synapse bits", c.synapseBits(), limits.maxSynapseBits());
        if (problems.isEmpty()) {
          continue;
        }
        if (!hintDone) {
          int[] s = CoreMapper.suggestBlockShape(net, k, mapping, limits);
          hint = s == null ? null : "try block_shape " + CoreMapper.formatShape(s);
          if (s == null && c.inAxons() > limits.maxInAxons()) {
            hint = "reduce the inputs of this layer (no split reduces input axons)";
          }
          hintDone = true;
        }
        for (String p : problems) {
          out.add(
              String.format("layer '%s' core %d: %s", m.layer(), c.index(), p)
                  + (hint == null ? "" : "; " + hint));
        }
      }
    }
    return out;
  }

  private static void check(List<String> out, String what, long value, long max) {
    if (value > max) {
      out.add(String.format("%s (%d) exceed max (%d)", what, value, max));
    }
  }
}
