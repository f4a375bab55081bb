/**
 * The wiring of each stage of a run: read its config section, call the pipeline stage, write the
 * output atomically with the resolved config beside it. {@link
 * org.sparksnn.jobs.tasks.ConfigCommand} is the entry point the CLI and the spark-submit mains
 * share: it holds the run's output locks and runs one command's tasks.
 */
package org.sparksnn.jobs.tasks;
