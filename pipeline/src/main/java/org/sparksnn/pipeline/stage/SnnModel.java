package org.sparksnn.pipeline.stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparksnn.encoders.EncodedInput;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.ops.net.InputSource;
import org.sparksnn.ops.net.Network;
import org.sparksnn.ops.net.NetworkRunner;
import org.sparksnn.ops.net.NetworkSpec;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.neuron.NeuronTypes;
import org.sparksnn.pipeline.io.OutputDir;
import org.sparksnn.pipeline.model.LoadedModel;
import org.sparksnn.pipeline.model.ModelDirectory;
import org.sparksnn.pipeline.model.ModelFile;
import org.sparksnn.pipeline.report.TrainingHistory;

/**
 * A trained spiking network as a Spark ML {@link Model}: {@link #transform} runs every row of an
 * images or encoded table through the network in evaluation mode (spiking neurons spike, over the
 * model's steps, with its readout) and appends {@code prediction} (the class index, as a double)
 * and {@code probability} (a vector: the softmax of the readout).
 *
 * <p>Made by {@link TrainStage#fit}, or from any model directory with {@link #fromDirectory}.
 * {@code write().save(path)} writes Spark's metadata and the model directory ({@code
 * <path>/model}: model.yaml, weights.npz, history.csv, learning-curve.png); {@link #load} reads
 * it back.
 */
public final class SnnModel extends Model<SnnModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** Rows per forward pass in {@link #transform}. */
  private static final int BATCH = 128;

  private final String uid;
  private final ModelFile file;
  private final ParameterSet weights;
  private final EncoderSettings encoder;
  private final TrainingHistory history;

  SnnModel(
      String uid,
      ModelFile file,
      ParameterSet weights,
      EncoderSettings encoder,
      TrainingHistory history) {
    this.uid = uid;
    this.file = file;
    this.weights = weights;
    this.encoder = encoder;
    this.history = history;
    Network.compile(spec(), NeuronTypes::create).validate(weights);
  }

  /** The model of a model directory (any Hadoop path), e.g. one {@code spark-snn train} wrote. */
  public static SnnModel fromDirectory(Path dir, Configuration conf) {
    LoadedModel m = ModelDirectory.read(dir, conf);
    return new SnnModel(
        "snn-" + dir.getName(),
        m.file(),
        m.weights(),
        EncoderSettings.fromTraining(m.file().training()),
        new TrainingHistory());
  }

  /** The architecture. */
  public NetworkSpec spec() {
    return file.architecture().toSpec();
  }

  /** A copy of the trained weights. */
  public ParameterSet weights() {
    return weights.copy();
  }

  /** model.yaml's contents: architecture, training settings, provenance. */
  public ModelFile modelFile() {
    return file;
  }

  /** The encoder of images-table input. */
  public EncoderSettings encoder() {
    return encoder;
  }

  /** The per-epoch training history (empty for a model loaded from a directory without one). */
  public TrainingHistory history() {
    return history;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** {@code schema} plus {@code prediction} (double) and {@code probability} (vector). */
  static StructType outputSchema(StructType schema) {
    for (String c : new String[] {"prediction", "probability"}) {
      if (Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("Output column '" + c + "' already exists in the input");
      }
    }
    return schema
        .add("prediction", DataTypes.DoubleType, false)
        .add("probability", new VectorUDT(), false);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    TrainingTable.checkSchema(schema);
    return outputSchema(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    Dataset<Row> rows = dataset.toDF();
    Predict fn = new Predict(spec(), weights, encoder, new RowDecoder(rows.schema(), spec()));
    return rows.mapPartitions(fn, Encoders.row(out)).toDF();
  }

  @Override
  public SnnModel copy(ParamMap extra) {
    SnnModel copy = new SnnModel(uid, file, weights, encoder, history);
    return copyValues(copy, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Reads a model saved with {@code write().save(path)}. */
  public static MLReader<SnnModel> read() {
    return new Reader();
  }

  /** Loads a model saved with {@code write().save(path)}. */
  public static SnnModel load(String path) {
    return read().load(path);
  }

  /** Forward passes over one partition, {@link #BATCH} rows at a time. */
  private static final class Predict implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final NetworkSpec spec;
    private final ParameterSet weights;
    private final EncoderSettings settings;
    private final RowDecoder decoder;

    Predict(NetworkSpec spec, ParameterSet weights, EncoderSettings settings, RowDecoder decoder) {
      this.spec = spec;
      this.weights = weights;
      this.settings = settings;
      this.decoder = decoder;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      NetworkRunner runner = new NetworkRunner(Network.compile(spec, NeuronTypes::create));
      SpikeEncoder encoder = settings.toEncoder(spec.steps(), spec.dt());
      int classes = runner.network().outputSize();
      int size = runner.network().inputSize();
      return new Iterator<>() {
        private final List<Row> ready = new ArrayList<>();
        private int next;

        @Override
        public boolean hasNext() {
          if (next < ready.size()) {
            return true;
          }
          ready.clear();
          next = 0;
          List<Row> batch = new ArrayList<>(BATCH);
          while (batch.size() < BATCH && in.hasNext()) {
            batch.add(in.next());
          }
          if (batch.isEmpty()) {
            return false;
          }
          long[] ids = new long[batch.size()];
          EncodedInput[] inputs = new EncodedInput[batch.size()];
          for (int b = 0; b < ids.length; b++) {
            ids[b] = decoder.id(batch.get(b));
            inputs[b] = decoder.input(batch.get(b), encoder);
          }
          float[] logits = runner.evaluate(weights, new BatchInput(inputs, size), ids, null);
          for (int b = 0; b < ids.length; b++) {
            double[] p = softmax(logits, b * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++) {
              if (logits[b * classes + k] > logits[b * classes + best]) {
                best = k;
              }
            }
            Row r = batch.get(b);
            Object[] values = new Object[r.length() + 2];
            for (int c = 0; c < r.length(); c++) {
              values[c] = r.get(c);
            }
            values[r.length()] = (double) best;
            values[r.length() + 1] = Vectors.dense(p);
            ready.add(RowFactory.create(values));
          }
          return true;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new java.util.NoSuchElementException();
          }
          return ready.get(next++);
        }
      };
    }

    private static double[] softmax(float[] logits, int offset, int n) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        max = Math.max(max, logits[offset + k]);
      }
      double[] p = new double[n];
      double sum = 0;
      for (int k = 0; k < n; k++) {
        p[k] = Math.exp(logits[offset + k] - max);
        sum += p[k];
      }
      for (int k = 0; k < n; k++) {
        p[k] /= sum;
      }
      return p;
    }
  }

  /**
   * The inputs of one batch by position (row {@code b} of the batch is {@code inputs[b]}), so rows
   * that share an id still get their own input.
   */
  private record BatchInput(EncodedInput[] inputs, int size) implements InputSource {
    @Override
    public boolean timeInvariant() {
      for (EncodedInput e : inputs) {
        if (!(e instanceof org.sparksnn.encoders.TiledIntensities)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void fill(long[] sampleIds, int step, float[] out) {
      for (int b = 0; b < sampleIds.length; b++) {
        inputs[b].fillStep(step, out, b * size);
      }
    }
  }

  /** Spark metadata at {@code path}, the model directory at {@code path/model}. */
  private static final class Writer extends MLWriter {
    private final SnnModel model;

    Writer(SnnModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
      Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
      OutputDir out = OutputDir.create(new Path(path, "model"), conf, true);
      try {
        ModelDirectory.writeInto(out.tempPath(), model.file, model.weights, conf);
        if (!model.history.epochs().isEmpty()) {
          model.history.writeTo(out.tempPath(), conf);
        }
        out.commit();
      } catch (RuntimeException | Error e) {
        out.abort();
        throw e;
      }
    }
  }

  private static final class Reader extends MLReader<SnnModel> {
    @Override
    public SnnModel load(String path) {
      DefaultParamsReader.Metadata meta =
          DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), SnnModel.class.getName());
      Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
      LoadedModel m = ModelDirectory.read(new Path(path, "model"), conf);
      SnnModel model =
          new SnnModel(
              meta.uid(),
              m.file(),
              m.weights(),
              EncoderSettings.fromTraining(m.file().training()),
              TrainingHistory.readFrom(new Path(path, "model"), conf));
      meta.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
