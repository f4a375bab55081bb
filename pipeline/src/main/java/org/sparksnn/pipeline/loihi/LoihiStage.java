package org.sparksnn.pipeline.loihi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.loihi.emulator.Strictness;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.pipeline.schema.Tables;

/**
 * Emulates an images table on the Loihi emulator, one Spark task per partition: each task maps
 * and discretizes the model once (cheap, and identical everywhere), then emulates its images in
 * batches of streams; the tallies are summed on the driver.
 *
 * @param spec the trained network, with evaluation settings (scales, synapses) applied
 * @param weights its weights
 * @param blockShapes explicit core tilings by on-chip layer name
 * @param encoder the host input encoder (binary) for a model without an off-chip to-spikes layer;
 *     null otherwise
 * @param steps emulated steps per image with an off-chip to-spikes layer, > 0 (ignored with an
 *     encoder)
 * @param strictness register overflow handling
 * @param simreal float build instead of the integer emulator
 * @param batch images emulated at once per task, ≥ 1
 */
public record LoihiStage(
    NetworkSpec spec,
    ParameterSet weights,
    Map<String, int[]> blockShapes,
    SpikeEncoder encoder,
    int steps,
    Strictness strictness,
    boolean simreal,
    int batch)
    implements java.io.Serializable {

  /** Validates the mapping on the driver (fails before any data moves), then emulates. */
  public ChipEvaluation.Tally run(Dataset<Row> images) {
    Tables.requireColumns(images.schema(), Tables.IMAGES);
    ChipModel model = ChipModel.of(spec, weights, blockShapes);
    new ChipEvaluation(model, encoder, steps, strictness, simreal); // chip limits, on the driver
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(images.sparkSession().sparkContext());
    Broadcast<LoihiStage> bc = jsc.broadcast(this);
    return images
        .select("id", "label", "pixels")
        .javaRDD()
        .mapPartitions((Iterator<Row> rows) -> List.of(bc.value().evaluate(rows)).iterator())
        .filter(t -> t.images() > 0)
        .reduce(ChipEvaluation.Tally::plus);
  }

  private ChipEvaluation.Tally evaluate(Iterator<Row> rows) {
    ChipEvaluation eval =
        new ChipEvaluation(
            ChipModel.of(spec, weights, blockShapes), encoder, steps, strictness, simreal);
    ChipEvaluation.Tally total = null;
    List<Row> chunk = new ArrayList<>(batch);
    while (rows.hasNext()) {
      chunk.add(rows.next());
      if (chunk.size() == batch || !rows.hasNext()) {
        ChipEvaluation.Tally t = evaluateChunk(eval, chunk);
        total = total == null ? t : total.plus(t);
        chunk.clear();
      }
    }
    return total == null ? ChipEvaluation.Tally.empty() : total;
  }

  private static ChipEvaluation.Tally evaluateChunk(ChipEvaluation eval, List<Row> chunk) {
    int n = chunk.size();
    long[] ids = new long[n];
    int[] labels = new int[n];
    float[][] pixels = new float[n][];
    for (int i = 0; i < n; i++) {
      Row r = chunk.get(i);
      ids[i] = r.getLong(0);
      labels[i] = r.getInt(1);
      byte[] px = (byte[]) r.get(2);
      pixels[i] = new float[px.length];
      for (int k = 0; k < px.length; k++) {
        pixels[i][k] = (px[k] & 0xFF) / 255f;
      }
    }
    return eval.evaluate(ids, pixels, labels);
  }
}
