/**
 * Reports on a mapped and emulated network: chip resources per layer and core ({@link
 * org.sparksnn.loihi.report.ResourceReport}) and the energy per inference estimated from spike and
 * synaptic-operation counts ({@link org.sparksnn.loihi.report.EnergyEstimate}).
 */
package org.sparksnn.loihi.report;
