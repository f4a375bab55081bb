/**
 * A direct all-reduce between the tasks of one barrier stage: a full TCP mesh with an
 * HMAC-SHA256 handshake over a per-run shared secret, fixed binary frames with length, sender and
 * sequence checks, and timeouts on every blocking operation. No Java serialization touches network
 * input.
 */
package org.sparksnn.pipeline.train.allreduce;
