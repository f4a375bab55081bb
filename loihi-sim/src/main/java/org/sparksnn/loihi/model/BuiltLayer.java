package org.sparksnn.loihi.model;

/**
 * The float compartment description of one on-chip layer before discretization (nengo-loihi's
 * float {@code LoihiBlock}), in float32 as nengo-loihi stores it.
 *
 * <p>Units: voltage is in "J·dt" units scaled so that relu compartments integrate {@code J} per
 * step against a threshold of {@code 1/dt}; lif compartments use threshold 1 and a voltage decay.
 * Weights are the effective neuron→neuron weights {@code W·(1/dt)·amp_pre·gain_post}, stored
 * pre-major: {@code weights[pre·n + post]}. Arrays are shared read-only views: callers must not
 * modify them (use the accessor copies for that).
 *
 * @param name layer name
 * @param n number of compartments
 * @param nPre number of input axons (presynaptic neurons)
 * @param vth threshold per compartment
 * @param bias bias per compartment, added to the voltage input every step
 * @param decayU current decay per compartment in [0, 1] (1 = no synapse)
 * @param decayV voltage decay per compartment in [0, 1] (0 = no leak)
 * @param refractDelay refractory delay in steps per compartment, >= 1
 * @param vmin lower voltage clip (0)
 * @param vmax upper voltage clip (+infinity)
 * @param scaleU whether the current is scaled by its decay (nengo-loihi {@code scale_u})
 * @param scaleV whether the voltage input is scaled by its decay (nengo-loihi {@code scale_v})
 * @param weights float32 weights {@code [pre][post]} flattened pre-major
 */
public record BuiltLayer(
    String name,
    int n,
    int nPre,
    float[] vth,
    float[] bias,
    float[] decayU,
    float[] decayV,
    int[] refractDelay,
    float vmin,
    float vmax,
    boolean scaleU,
    boolean scaleV,
    float[] weights) {

  /** Weight from presynaptic neuron {@code pre} to compartment {@code post}. */
  public float weight(int pre, int post) {
    return weights[pre * n + post];
  }
}
