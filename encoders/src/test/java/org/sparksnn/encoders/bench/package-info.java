/**
 * Benchmark harnesses ({@code main} classes, not unit tests) for the encoders; commands and results
 * are recorded in {@code BENCHMARKS.md}.
 */
package org.sparksnn.encoders.bench;
