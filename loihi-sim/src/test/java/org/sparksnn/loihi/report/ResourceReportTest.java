package org.sparksnn.loihi.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.emulator.EmulatorRun;
import org.sparksnn.loihi.emulator.LoihiEmulator;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;

class ResourceReportTest {
  @Test
  void reportsCoresBitsAndChips() {
    LoihiLayer l = LoihiLayer.dense("d\"0", NeuronSpec.relu(), new double[1000][784],
        new double[1000]).withBlockShape(125);
    LoihiNetwork net = new LoihiNetwork(784, 1, 0.001, List.of(l));
    ResourceReport r = new ResourceReport(CoreMapper.map(net, ChipLimits.loihi()),
        ChipLimits.loihi());
    assertEquals(8, r.totalCores());
    assertEquals(1, r.chips());
    String json = r.toJson();
    assertTrue(json.contains("\"name\":\"d\\\"0\""), json);
    assertTrue(json.contains("\"synapseBits\":852992"), json);
    assertTrue(r.toMarkdown().contains("| 852992 / 1048576 |"), r.toMarkdown());
    assertEquals(852992.0 / 1048576, r.utilization(r.layers().get(0)), 1e-12);
  }

  @Test
  void energyCountsDeliveredSpikesOnLoihiAndEverySynapseOnCpu() {
    LoihiLayer l = LoihiLayer.dense("a", NeuronSpec.relu(), new double[3][2], new double[3]);
    LoihiNetwork net = new LoihiNetwork(2, 1, 0.001, List.of(l));
    EmulatorRun run = LoihiEmulator.simreal(ChipBuilder.build(net), 2)
        .run((t, b, out) -> { out[0] = 1; return 1; }, 2, 10, false);
    EnergyEstimate e = EnergyEstimate.of(net, run);
    assertEquals(9 * 3.0, e.loihiSynOps()); // host steps 0..8 arrive at steps 1..9, 3 targets
    assertEquals(30, e.neuronUpdates());
    assertEquals(60, e.denseSynOps());
    assertEquals(27 * 27.1e-12 + 30 * 81e-12, e.loihiJoules(), 1e-20);
    assertEquals(90 * 8.6e-9, e.cpuJoules(), 1e-18);
  }
}
