package org.sparksnn.pipeline.sweep;

import java.util.List;

/**
 * The result of one grid point: one row of the results table, plus plot data. Stored as {@code
 * points/<key>.json} as soon as the point finishes.
 *
 * @param key the point's key ({@link GridPoint#key})
 * @param model the model directory as configured
 * @param modelHash the model's content hash (architecture + weights)
 * @param dt time step used, s
 * @param steps steps used
 * @param neuron neuron type(s) of the activations used ({@code +}-joined if several)
 * @param synapse synapse setting ({@link SynapseSetting#label()})
 * @param scale scale setting ({@link ScaleSetting#label()})
 * @param images images evaluated
 * @param accuracy accuracy of the model's readout after the last step
 * @param accuracyLastStep accuracy of the output of the last step
 * @param accuracyMean accuracy of the output averaged over all steps
 * @param accuracyLowpass accuracy of the output through the synapse's lowpass (global synapse
 *     only), else null
 * @param accuracyPerStep accuracy of the readout after each step (time to decision)
 * @param layers firing statistics per activation layer
 * @param synopsPerInference synaptic ops per image as events: spikes into a layer × its fan-out,
 *     plus every synapse every step where the input is not spikes
 * @param denseSynopsPerInference synaptic ops per image with every synapse counted every step
 * @param neuronUpdatesPerInference activation neurons × steps
 * @param seconds wall-clock seconds of the point's Spark job (points may run concurrently); points
 *     evaluated together in one job ({@link SweepOptions#shareLayers()}) get equal shares of it
 * @param taskSeconds evaluation seconds summed over its tasks
 * @param examples output over time of the first few images
 */
public record PointResult(
    String key,
    String model,
    String modelHash,
    double dt,
    int steps,
    String neuron,
    String synapse,
    String scale,
    long images,
    double accuracy,
    double accuracyLastStep,
    double accuracyMean,
    Double accuracyLowpass,
    double[] accuracyPerStep,
    List<LayerStats> layers,
    double synopsPerInference,
    double denseSynopsPerInference,
    double neuronUpdatesPerInference,
    double seconds,
    double taskSeconds,
    List<ExampleTrace> examples) {

  /** Energy per inference on {@code device}, J. */
  public double energy(EnergyDevice device) {
    return device.energy(synopsPerInference, denseSynopsPerInference, neuronUpdatesPerInference);
  }

  /** This result labelled with another model location (the key is location-independent). */
  public PointResult withModel(String location) {
    return new PointResult(
        key,
        location,
        modelHash,
        dt,
        steps,
        neuron,
        synapse,
        scale,
        images,
        accuracy,
        accuracyLastStep,
        accuracyMean,
        accuracyLowpass,
        accuracyPerStep,
        layers,
        synopsPerInference,
        denseSynopsPerInference,
        neuronUpdatesPerInference,
        seconds,
        taskSeconds,
        examples);
  }
}
