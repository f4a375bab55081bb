package org.sparksnn.pipeline.sweep;

/**
 * Firing statistics of one activation layer at one grid point, over all evaluated images and steps.
 * A neuron's rate is its spike count / (images · steps · dt) in Hz; for rate neurons (e.g. {@code
 * relu}) the "spike count" is {@code Σ output·s/amplitude·dt}, the spikes a spiking neuron of that
 * rate would emit.
 *
 * @param name layer name
 * @param neuron neuron type
 * @param neurons neurons in the layer
 * @param rateMinHz lowest rate among active neurons (rate &gt; 0), Hz; 0 if none is active
 * @param rateMeanHz mean rate over active neurons, Hz; 0 if none
 * @param rateMaxHz highest rate, Hz
 * @param activeFraction fraction of neurons with rate &gt; 0
 * @param spikesPerNeuronPerStep spikes per neuron per step, over all neurons
 * @param histogramEdges {@code bins + 1} rate bin edges, Hz, from 0 to the highest rate
 * @param histogramCounts neurons per rate bin (the last bin includes its upper edge)
 */
public record LayerStats(
    String name,
    String neuron,
    int neurons,
    double rateMinHz,
    double rateMeanHz,
    double rateMaxHz,
    double activeFraction,
    double spikesPerNeuronPerStep,
    double[] histogramEdges,
    long[] histogramCounts) {}
