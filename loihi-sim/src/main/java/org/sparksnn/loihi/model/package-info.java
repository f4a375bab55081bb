/**
 * Float description of an on-chip Loihi network (nengo-loihi's {@code block}): the trained layers
 * ({@link org.sparksnn.loihi.model.LoihiNetwork}), their float compartment build ({@link
 * org.sparksnn.loihi.model.ChipBuilder}, before discretization) and the split of every layer into
 * cores ({@link org.sparksnn.loihi.model.CoreMapper}). Nothing here is integer or mutable: the
 * discretizer makes new integer objects from these.
 */
package org.sparksnn.loihi.model;
