package org.sparksnn.pipeline.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system ({@code file:}, without checksum files) injecting write faults the way a
 * full disk or a read-only directory shows them to Hadoop clients:
 *
 * <ul>
 *   <li>{@value #FAIL_AFTER_BYTES} = n: a created file whose name matches {@value #FAIL_NAME} (a
 *       regex, default any) accepts n bytes, then every write throws {@code IOException("No space
 *       left on device")} (the bytes before stay in the file, as on a real full disk);
 *   <li>{@value #DENY_WRITES} = true: creating a matching file throws an {@link
 *       AccessControlException} {@code "Permission denied: …"}, as HDFS does.
 * </ul>
 *
 * <p>{@link #configure} makes it the {@code file:} implementation of one configuration (uncached,
 * so each test's settings apply; other configurations keep the normal one). Every injected
 * fault is counted in {@value #INJECTED} of the configuration it was created with.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
  /** Bytes a matching file accepts before "No space left on device"; -1 = no limit. */
  public static final String FAIL_AFTER_BYTES = "faulty.failAfterBytes";

  /** Deny creating matching files. */
  public static final String DENY_WRITES = "faulty.denyWrites";

  /** Regex a file name must match for faults to apply. */
  public static final String FAIL_NAME = "faulty.failName";

  /** Counter of injected faults, incremented in the configuration. */
  public static final String INJECTED = "faulty.injected";

  private Configuration settings;

  /** Makes this the {@code file:} file system of {@code conf}. */
  public static Configuration configure(Configuration conf) {
    conf.setClass("fs.file.impl", FaultyFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  /** The Hadoop path of a local path. */
  public static Path path(java.nio.file.Path local) {
    return new Path(local.toAbsolutePath().toUri());
  }

  @Override
  public String getScheme() {
    return "file";
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(uri, conf);
    this.settings = conf;
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    checkDenied(f);
    return faulty(
        f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    checkDenied(f);
    return faulty(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private void checkDenied(Path f) throws IOException {
    boolean matches = f.getName().matches(settings.get(FAIL_NAME, ".*"));
    if (matches && settings.getBoolean(DENY_WRITES, false)) {
      injected();
      throw new AccessControlException(
          "Permission denied: user=" + System.getProperty("user.name") + ", access=WRITE, path=" + f);
    }
  }

  private FSDataOutputStream faulty(Path f, FSDataOutputStream out) {
    boolean matches = f.getName().matches(settings.get(FAIL_NAME, ".*"));
    long limit = settings.getLong(FAIL_AFTER_BYTES, -1);
    if (!matches || limit < 0) {
      return out;
    }
    return new FSDataOutputStream(new DiskFull(out, limit), statistics);
  }

  private void injected() {
    synchronized (settings) {
      settings.setInt(INJECTED, settings.getInt(INJECTED, 0) + 1);
    }
  }

  /** Accepts {@code limit} bytes, then fails every write like a full disk. */
  private final class DiskFull extends OutputStream {
    private final OutputStream out;
    private long room;

    DiskFull(OutputStream out, long limit) {
      this.out = out;
      this.room = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int fits = (int) Math.min(len, room);
      out.write(b, off, fits);
      room -= fits;
      if (fits < len) {
        out.flush();
        injected();
        throw new IOException("No space left on device");
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
