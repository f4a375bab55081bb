/** The Parquet table schemas spark-snn reads and writes, as {@code StructType} constants. */
package org.sparksnn.pipeline.schema;
