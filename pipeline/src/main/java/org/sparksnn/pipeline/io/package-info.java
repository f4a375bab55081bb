/**
 * Reading and writing through the Hadoop {@code FileSystem} API only ({@code file:}, {@code
 * hdfs:}, {@code s3a:} alike): dataset files, atomic output directories with a success marker, and
 * output locks.
 */
package org.sparksnn.pipeline.io;
