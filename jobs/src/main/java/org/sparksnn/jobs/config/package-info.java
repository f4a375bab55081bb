/**
 * YAML configuration parsed into typed, validated records (Jackson at Spark's version). Unknown
 * keys are errors; every error names the file and the key path. Each record maps itself to the
 * domain or stage objects, so the core modules stay free of Jackson.
 */
package org.sparksnn.jobs.config;
