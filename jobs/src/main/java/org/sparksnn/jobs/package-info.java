/**
 * Entry points: {@code spark-submit} main classes (one per stage) and the {@code spark-snn} CLI.
 * Classes here only parse configuration and wire components; no numeric logic.
 */
package org.sparksnn.jobs;
