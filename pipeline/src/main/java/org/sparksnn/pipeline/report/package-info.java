/** Human-readable outputs: PNG charts (XChart) and Markdown / HTML reports. */
package org.sparksnn.pipeline.report;
