package org.sparksnn.loihi.model;

/** Spatial padding of a {@link Conv2D} layer, with TensorFlow / Keras semantics. */
public enum Padding {
  /**
   * No padding: output size {@code floor((in − k)/stride) + 1}. The only mode of nengo-loihi 1.1.
   */
  VALID,
  /**
   * Zero padding: output size {@code ceil(in/stride)}; {@code max((out − 1)·stride + k − in, 0)}
   * padding split with the smaller half before (top / left), as TensorFlow does.
   */
  SAME
}
