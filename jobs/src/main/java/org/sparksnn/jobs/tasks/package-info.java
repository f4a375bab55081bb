/**
 * The wiring of each stage of a run: read its config section, call the pipeline stage, write the
 * output atomically with the resolved config beside it. Shared by the CLI and spark-submit mains.
 */
package org.sparksnn.jobs.tasks;
