/** The {@code spark-snn} command line (picocli): one class per command, wiring only. */
package org.sparksnn.jobs.cli;
