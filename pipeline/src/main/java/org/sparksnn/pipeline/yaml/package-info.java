/**
 * YAML into typed records with errors that name the file and the key path (configs and {@code
 * model.yaml} alike).
 */
package org.sparksnn.pipeline.yaml;
