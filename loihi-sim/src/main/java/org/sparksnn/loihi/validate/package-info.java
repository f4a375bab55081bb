/**
 * Checks a core mapping against Loihi's chip limits (nengo-loihi's {@code validate}); failures are
 * {@link org.sparksnn.loihi.validate.ChipLimitException}s naming the layer, core, quantity, value
 * and limit, with a block-shape hint when one exists.
 */
package org.sparksnn.loihi.validate;
