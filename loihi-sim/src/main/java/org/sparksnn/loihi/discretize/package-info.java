/**
 * Float → integer conversion of a mapped network, core by core (nengo-loihi's {@code
 * discretize}): 12-bit decays, threshold and bias mantissa/exponent, 8-bit weights with a shared
 * exponent. Produces new {@link org.sparksnn.loihi.discretize.DiscretizedCore} / {@link
 * org.sparksnn.loihi.discretize.DiscretizedLayer} objects and never changes the float model.
 */
package org.sparksnn.loihi.discretize;
