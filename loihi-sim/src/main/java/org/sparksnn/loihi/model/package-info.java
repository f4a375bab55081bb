/**
 * Float description of an on-chip Loihi network (nengo-loihi's {@code block}): the trained layers
 * ({@link org.sparksnn.loihi.model.LoihiNetwork}; dense or shared-weight convolutional, {@link
 * org.sparksnn.loihi.model.Conv2D}), their float compartment build ({@link
 * org.sparksnn.loihi.model.ChipBuilder}, before discretization) and the split of every layer into
 * cores ({@link org.sparksnn.loihi.model.CoreMapper}) with nengo-loihi's per-core resource
 * counts. Nothing here is integer or mutable: the discretizer makes new integer objects from these.
 */
package org.sparksnn.loihi.model;
