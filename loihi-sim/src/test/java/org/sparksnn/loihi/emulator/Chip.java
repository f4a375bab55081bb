package org.sparksnn.loihi.emulator;

import java.util.List;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.validate.ChipValidator;

/** Test helper: map, validate, discretize and wrap a network in an emulator. */
final class Chip {
  private Chip() {}

  static LoihiEmulator fixed(LoihiNetwork net, Strictness s) {
    List<LayerMapping> m = CoreMapper.map(net, ChipLimits.loihi());
    new ChipValidator(ChipLimits.loihi()).validate(net, m);
    return LoihiEmulator.fixed(Discretizer.discretize(ChipBuilder.build(net), m), net.inputSize(), s);
  }

  static LoihiEmulator simreal(LoihiNetwork net) {
    return LoihiEmulator.simreal(ChipBuilder.build(net), net.inputSize());
  }

  static HostSpikes silent() {
    return (step, stream, out) -> 0;
  }
}
