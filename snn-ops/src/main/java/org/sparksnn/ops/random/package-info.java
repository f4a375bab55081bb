/**
 * Counter-based (keyed) randomness: every random number is a pure function of a seed and a key,
 * never the next value of a stateful generator, so partitioning and ordering cannot change a
 * result.
 */
package org.sparksnn.ops.random;
