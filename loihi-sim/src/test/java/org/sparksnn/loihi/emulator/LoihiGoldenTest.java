package org.sparksnn.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.discretize.DiscretizedCore;
import org.sparksnn.loihi.discretize.DiscretizedLayer;
import org.sparksnn.loihi.discretize.Discretizer;
import org.sparksnn.loihi.model.BuiltLayer;
import org.sparksnn.loihi.model.ChipBuilder;
import org.sparksnn.loihi.model.ChipLimits;
import org.sparksnn.loihi.model.CoreMapper;
import org.sparksnn.loihi.model.LayerMapping;
import org.sparksnn.loihi.model.LoihiLayer;
import org.sparksnn.loihi.model.LoihiNetwork;
import org.sparksnn.loihi.model.NeuronSpec;
import org.sparksnn.loihi.validate.ChipValidator;

/**
 * Bit-exact comparison with one nengo-loihi 1.1 emulator run (shared/golden/loihi-relu-8-16-4.json):
 * the off-chip spiking-relu input, the float build, the discretized parameters and every layer's
 * per-step spikes of the integer emulator ("sim") and of the float one ("simreal").
 */
class LoihiGoldenTest {
  /** shared/ lies beside the checkout: from the module directory that is ../../shared. */
  private static final Path GOLDEN =
      Path.of("").toAbsolutePath().getParent().getParent()
          .resolve("shared/golden/loihi-relu-8-16-4.json");
  private static final String[] BLOCKS = {"<Ensemble 'L1'>", "<Ensemble 'L2'>"};
  private static final double DT = 0.001;

  private static JsonNode golden;
  private static LoihiNetwork net;
  private static int steps;
  private static boolean[][] l0;

  @BeforeAll
  static void load() throws IOException {
    golden = new ObjectMapper().readTree(Files.readString(GOLDEN));
    JsonNode p = golden.get("params");
    net =
        new LoihiNetwork(
            8,
            1.0,
            DT,
            List.of(
                LoihiLayer.dense("L1", NeuronSpec.relu(), matrix(p.get("W1_eff")), vec(p.get("b1"))),
                LoihiLayer.dense(
                    "L2", NeuronSpec.relu(), matrix(p.get("W2_eff")), vec(p.get("b2")))));
    steps = golden.get("loihi_sim").get("L1").size();
    l0 = spikingRelu(vec(p.get("in_rates")), steps, DT);
  }

  /** nengo SpikingRectifiedLinear, v0 = 0: v += max(J,0)·dt; n = floor(v); v −= n. */
  static boolean[][] spikingRelu(double[] j, int steps, double dt) {
    double[] v = new double[j.length];
    boolean[][] out = new boolean[steps][j.length];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < j.length; i++) {
        v[i] += Math.max(j[i], 0) * dt;
        double n = Math.floor(v[i]);
        v[i] -= n;
        out[t][i] = n > 0;
      }
    }
    return out;
  }

  @Test
  void offChipInputMatchesGoldenL0() {
    assertRaster("loihi_sim", "L0", l0);
  }

  @Test
  void floatBuildMatchesGolden() {
    List<BuiltLayer> built = ChipBuilder.build(net);
    for (int k = 0; k < 2; k++) {
      JsonNode b = golden.get("blocks_float_before_discretization").get(BLOCKS[k]);
      JsonNode c = b.get("compartment");
      BuiltLayer l = built.get(k);
      assertArrayEquals(floats(c.get("vth")), l.vth(), BLOCKS[k] + " vth");
      assertArrayEquals(floats(c.get("bias")), l.bias(), BLOCKS[k] + " bias");
      assertArrayEquals(floats(c.get("decay_u")), l.decayU(), BLOCKS[k] + " decay_u");
      assertArrayEquals(floats(c.get("decay_v")), l.decayV(), BLOCKS[k] + " decay_v");
      assertArrayEquals(ints(c.get("refract_delay")), l.refractDelay(), BLOCKS[k] + " ref");
      JsonNode w = b.get("synapses").get(0).get("weights");
      for (int pre = 0; pre < l.nPre(); pre++) {
        for (int post = 0; post < l.n(); post++) {
          assertEquals(
              (float) w.get(pre).get(0).get(post).asDouble(), l.weight(pre, post),
              BLOCKS[k] + " w[" + pre + "][" + post + "]");
        }
      }
      assertEquals(
          c.get("scale_u").asBoolean(), l.scaleU(), BLOCKS[k] + " scale_u");
      assertEquals(
          c.get("scale_v").asBoolean(), l.scaleV(), BLOCKS[k] + " scale_v");
    }
  }

  @Test
  void discretizedParametersMatchGoldenBitForBit() {
    List<DiscretizedLayer> layers = discretized();
    for (int k = 0; k < 2; k++) {
      assertEquals(1, layers.get(k).cores().size());
      DiscretizedCore core = layers.get(k).cores().get(0);
      JsonNode b = golden.get("blocks_discretized").get(BLOCKS[k]);
      JsonNode c = b.get("compartment");
      JsonNode info = c.get("discretize_info");
      String who = BLOCKS[k];
      assertArrayEquals(ints(c.get("vth")), core.vth(), who + " vth");
      assertArrayEquals(ints(c.get("bias")), core.bias(), who + " bias");
      assertArrayEquals(ints(c.get("decay_u")), core.decayU(), who + " decay_u");
      assertArrayEquals(ints(c.get("decay_v")), core.decayV(), who + " decay_v");
      assertArrayEquals(ints(c.get("refract_delay")), core.refractDelay(), who + " ref");
      assertEquals(c.get("vmin").asDouble(), core.vmin(), who + " vmin");
      assertEquals(c.get("vmax").asDouble(), core.vmax(), who + " vmax");
      assertEquals(info.get("w_exp").asInt(), core.wExp(), who + " w_exp");
      assertEquals(info.get("w_max").asDouble(), core.wMax(), who + " w_max");
      assertEquals(info.get("w_scale").asDouble(), core.wScale(), who + " w_scale");
      assertEquals(info.get("v_scale").asDouble(), core.vScale(), who + " v_scale");
      assertEquals(info.get("b_scale").get(0).asDouble(), core.bScale()[0], who + " b_scale");
      JsonNode w = b.get("synapses").get(0).get("weights");
      for (int pre = 0; pre < core.nPre(); pre++) {
        assertArrayEquals(ints(w.get(pre).get(0)), row(core, pre), who + " weights[" + pre + "]");
      }
      assertEquals(
          b.get("synapses").get(0).get("bits").asLong(),
          CoreMapper.map(net, ChipLimits.loihi()).get(k).cores().get(0).synapseBits(),
          who + " synapse bits");
    }
  }

  @Test
  void integerEmulatorSpikesMatchGoldenEveryStep() {
    LoihiEmulator emu = LoihiEmulator.fixed(discretized(), 8, Strictness.FAIL);
    EmulatorRun run = emu.run(HostSpikes.ofRaster(batchOf(l0)), 1, steps, true);
    assertLayer(run, 0, "loihi_sim", "L1", 0);
    assertLayer(run, 1, "loihi_sim", "L2", 0);
    assertEquals(0, run.overflowWarnings());
  }

  @Test
  void floatEmulatorSpikesMatchGoldenSimreal() {
    LoihiEmulator emu = LoihiEmulator.simreal(ChipBuilder.build(net), 8);
    EmulatorRun run = emu.run(HostSpikes.ofRaster(batchOf(l0)), 1, steps, true);
    assertLayer(run, 0, "loihi_simreal", "L1", 0);
    assertLayer(run, 1, "loihi_simreal", "L2", 0);
  }

  @Test
  void eachStreamOfABatchEqualsItsSoloRun() {
    // stream 0 and 2: the golden input; stream 1: another input (inputs 0..3 silenced)
    boolean[][][] in = new boolean[steps][3][];
    for (int t = 0; t < steps; t++) {
      in[t][0] = l0[t];
      in[t][1] = l0[t].clone();
      for (int i = 0; i < 4; i++) {
        in[t][1][i] = false;
      }
      in[t][2] = l0[t];
    }
    LoihiEmulator emu = LoihiEmulator.fixed(discretized(), 8, Strictness.FAIL);
    EmulatorRun run = emu.run(HostSpikes.ofRaster(in), 3, steps, true);
    assertLayer(run, 0, "loihi_sim", "L1", 0);
    assertLayer(run, 1, "loihi_sim", "L2", 0);
    assertLayer(run, 0, "loihi_sim", "L1", 2);
    assertLayer(run, 1, "loihi_sim", "L2", 2);
    boolean[][][] solo = new boolean[steps][1][];
    for (int t = 0; t < steps; t++) {
      solo[t][0] = in[t][1];
    }
    EmulatorRun alone = emu.run(HostSpikes.ofRaster(solo), 1, steps, true);
    for (int k = 0; k < 2; k++) {
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < run.layerSize(k); j++) {
          assertEquals(alone.spiked(k, t, 0, j), run.spiked(k, t, 1, j), "k=" + k + " t=" + t);
        }
      }
    }
  }

  private static List<DiscretizedLayer> discretized() {
    List<LayerMapping> mapping = CoreMapper.map(net, ChipLimits.loihi());
    new ChipValidator(ChipLimits.loihi()).validate(net, mapping);
    return Discretizer.discretize(ChipBuilder.build(net), mapping);
  }

  private static boolean[][][] batchOf(boolean[][] r) {
    boolean[][][] out = new boolean[r.length][1][];
    for (int t = 0; t < r.length; t++) {
      out[t][0] = r[t];
    }
    return out;
  }

  private static void assertLayer(EmulatorRun run, int k, String sim, String name, int b) {
    JsonNode g = golden.get(sim).get(name);
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < run.layerSize(k); j++) {
        boolean want = g.get(t).get(j).asDouble() > 0;
        if (want != run.spiked(k, t, b, j)) {
          StringBuilder sb = new StringBuilder();
          sb.append(sim).append(' ').append(name).append(" stream ").append(b)
              .append(": first mismatch at step ").append(t).append(" neuron ").append(j)
              .append(" (golden ").append(want).append(")\n");
          JsonNode tr = golden.get("loihi_sim_state_trace_after_each_step")
              .get("<Ensemble '" + name + "'>");
          for (int s = Math.max(0, t - 2); s <= t; s++) {
            sb.append("golden step ").append(s).append(": u=").append(tr.get("u").get(s))
                .append(" v=").append(tr.get("v").get(s)).append(" spiked=")
                .append(tr.get("spiked").get(s)).append('\n');
            sb.append("ours   step ").append(s).append(": spiked=[");
            for (int i = 0; i < run.layerSize(k); i++) {
              sb.append(run.spiked(k, s, b, i) ? 1 : 0).append(i + 1 < run.layerSize(k) ? "," : "");
            }
            sb.append("]\n");
          }
          fail(sb.toString());
        }
      }
    }
  }

  private static void assertRaster(String sim, String name, boolean[][] r) {
    JsonNode g = golden.get(sim).get(name);
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < r[t].length; j++) {
        assertEquals(g.get(t).get(j).asDouble() > 0, r[t][j], name + " step " + t + " neuron " + j);
      }
    }
  }

  private static int[] row(DiscretizedCore c, int pre) {
    int[] r = new int[c.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = c.weight(pre, i);
    }
    return r;
  }

  static double[][] matrix(JsonNode a) {
    double[][] m = new double[a.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vec(a.get(i));
    }
    return m;
  }

  static double[] vec(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  private static float[] floats(JsonNode a) {
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) a.get(i).asDouble();
    }
    return v;
  }

  private static int[] ints(JsonNode a) {
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asInt();
    }
    return v;
  }
}
