package org.sparksnn.loihi.discretize;

/**
 * The integer parameters of one core (nengo-loihi's discretized block), in chip units.
 *
 * @param layer layer name
 * @param index core index within the layer
 * @param compartments layer indices of this core's compartments
 * @param nPre input axons (presynaptic neurons)
 * @param vth threshold per compartment ({@code mantissa · 64})
 * @param bias bias per compartment ({@code mantissa · 2^exp}, |mantissa| <= 4095, exp <= 7)
 * @param decayU 12-bit current decay per compartment (4094 with no synapse)
 * @param decayV 12-bit voltage decay per compartment
 * @param refractDelay refractory delay in steps per compartment
 * @param vmin lowest voltage
 * @param vmax highest voltage
 * @param weights synapse weights {@code [pre][post]} flattened pre-major, in U units ({@code
 *     (m << (1 + wExp)) << 6})
 * @param wExp shared weight exponent of the core, in [−7, 0]
 * @param wMax largest |float weight| into the core (float32 value)
 * @param wScale weight scale {@code 255 / wMax}
 * @param vScale voltage scale: float voltage × vScale = integer voltage
 * @param bScale bias scale per compartment
 */
public record DiscretizedCore(
    String layer,
    int index,
    int[] compartments,
    int nPre,
    int[] vth,
    int[] bias,
    int[] decayU,
    int[] decayV,
    int[] refractDelay,
    int vmin,
    int vmax,
    int[] weights,
    int wExp,
    double wMax,
    double wScale,
    double vScale,
    double[] bScale) {

  /** Number of compartments. */
  public int size() {
    return compartments.length;
  }

  /** Integer weight from input axon {@code pre} to core compartment {@code post}. */
  public int weight(int pre, int post) {
    return weights[pre * compartments.length + post];
  }
}
