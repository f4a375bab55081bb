/**
 * Printing spark-snn's tables for people: aligned text, CSV, JSON, decoded spike trains; and
 * errors naming the part file when a table cannot be read.
 */
package org.sparksnn.jobs.tables;
