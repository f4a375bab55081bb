package org.sparksnn.pipeline.stage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.sparksnn.encoders.SpikeEncoder;
import org.sparksnn.pipeline.schema.Tables;

/**
 * Encodes the images table into spike trains: a Spark ML {@link Transformer} over the images
 * schema ({@link Tables#IMAGES}) that drops {@code pixels} and appends the encoding columns
 * ({@link Tables#ENCODING_COLUMNS}).
 *
 * <p>Spikes are a pure function of (seed, id, step, input), so any partitioning or ordering of the
 * input gives identical output rows.
 */
public final class EncodeStage extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> encoding;
  private final IntParam steps;
  private final DoubleParam dt;
  private final DoubleParam maxRateHz;
  private final DoubleParam maxSpikes;
  private final DoubleParam threshold;
  private final LongParam seed;

  public EncodeStage() {
    this(Identifiable$.MODULE$.randomUID("encode"));
  }

  public EncodeStage(String uid) {
    this.uid = uid;
    this.encoding =
        new Param<>(
            this,
            "encoding",
            "spike encoding, one of " + String.join(", ", Encoding.names()),
            ParamValidators.inArray(Encoding.names()));
    this.steps = new IntParam(this, "steps", "time steps per image (>= 1)", ParamValidators.gtEq(1));
    this.dt = new DoubleParam(this, "dt", "time step in seconds, in (0, 1]", ParamValidators.inRange(0, 1, false, true));
    this.maxRateHz = EncoderParams.maxRateHz(this);
    this.maxSpikes = EncoderParams.maxSpikes(this);
    this.threshold = EncoderParams.threshold(this);
    this.seed = new LongParam(this, "seed", "seed of the keyed random draws");
    setDefault(encoding, Encoding.RATE.configName());
    setDefault(steps, 30);
    setDefault(dt, 0.001);
    setDefault(maxRateHz, 100.0);
    setDefault(maxSpikes, 10.0);
    setDefault(threshold, 0.0);
    setDefault(seed, 0L);
  }

  public Param<String> encoding() {
    return encoding;
  }

  public IntParam steps() {
    return steps;
  }

  public DoubleParam dt() {
    return dt;
  }

  public DoubleParam maxRateHz() {
    return maxRateHz;
  }

  public DoubleParam maxSpikes() {
    return maxSpikes;
  }

  public DoubleParam threshold() {
    return threshold;
  }

  public LongParam seed() {
    return seed;
  }

  public EncodeStage setEncoding(Encoding value) {
    set(encoding, value.configName());
    return this;
  }

  public EncodeStage setSteps(int value) {
    set(steps, value);
    return this;
  }

  public EncodeStage setDt(double value) {
    set(dt, value);
    return this;
  }

  public EncodeStage setMaxRateHz(double value) {
    set(maxRateHz, value);
    return this;
  }

  public EncodeStage setMaxSpikes(double value) {
    set(maxSpikes, value);
    return this;
  }

  public EncodeStage setThreshold(double value) {
    set(threshold, value);
    return this;
  }

  public EncodeStage setSeed(long value) {
    set(seed, value);
    return this;
  }

  /** The encoding as an enum. */
  public Encoding getEncoding() {
    return Encoding.parse($(encoding));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Tables.requireColumns(schema, Tables.IMAGES);
    Encoding kind = getEncoding();
    if ((kind == Encoding.RATE || kind == Encoding.REGULAR) && getMaxSpikes() > getSteps()) {
      throw new IllegalArgumentException(
          "EncodeStage.maxSpikes must be <= steps (" + getSteps() + "), got " + getMaxSpikes());
    }
    return Tables.encodedFrom(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema());
    SpikeEncoder encoder = toEncoder();
    Object[] constants = {getEncoding().configName(), getSteps(), getDt()};
    @SuppressWarnings("unchecked")
    Dataset<Row> rows = (Dataset<Row>) dataset.select("id", "label", "height", "width", "channels", "pixels");
    MapPartitionsFunction<Row, Row> fn = it -> new EncodingIterator(it, encoder, constants);
    return rows.mapPartitions(fn, Encoders.row(outSchema)).toDF();
  }

  /** The domain encoder these Params describe. */
  public SpikeEncoder toEncoder() {
    return SpikeEncoders.create(
        getEncoding(), getSteps(), getDt(), getMaxRateHz(), getMaxSpikes(), getThreshold(), getSeed());
  }

  @Override
  public EncodeStage copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a stage saved with {@code write().save(path)}. */
  public static MLReader<EncodeStage> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a stage saved with {@code write().save(path)}. */
  public static EncodeStage load(String path) {
    return read().load(path);
  }

  int getSteps() {
    return (Integer) $(steps);
  }

  double getDt() {
    return (Double) $(dt);
  }

  double getMaxRateHz() {
    return (Double) $(maxRateHz);
  }

  double getMaxSpikes() {
    return (Double) $(maxSpikes);
  }

  double getThreshold() {
    return (Double) $(threshold);
  }

  long getSeed() {
    return (Long) $(seed);
  }

  /** Encodes one partition's rows; one intensity buffer reused across rows. */
  private static final class EncodingIterator implements Iterator<Row> {
    private final Iterator<Row> in;
    private final SpikeEncoder encoder;
    private final Object[] constants;
    private float[] intensities = new float[0];

    EncodingIterator(Iterator<Row> in, SpikeEncoder encoder, Object[] constants) {
      this.in = in;
      this.encoder = encoder;
      this.constants = constants;
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public Row next() {
      Row r = in.next();
      long id = r.getLong(0);
      byte[] pixels = (byte[]) r.get(5);
      if (intensities.length != pixels.length) {
        intensities = new float[pixels.length];
      }
      for (int i = 0; i < pixels.length; i++) {
        intensities[i] = (pixels[i] & 0xFF) / 255f;
      }
      byte[][] columns = SpikeEncoders.encodeColumns(encoder, id, intensities);
      List<Object> values = new ArrayList<>(10);
      values.add(id);
      values.add(r.getInt(1));
      values.add(r.getInt(2));
      values.add(r.getInt(3));
      values.add(r.getInt(4));
      values.add(constants[0]);
      values.add(constants[1]);
      values.add(constants[2]);
      values.add(columns[0]);
      values.add(columns[1]);
      return RowFactory.create(values.toArray());
    }
  }
}
