/** Printing spark-snn's tables for people: aligned text, CSV, JSON, decoded spike trains. */
package org.sparksnn.jobs.tables;
