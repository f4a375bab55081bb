package org.sparksnn.pipeline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommitTest {
  @TempDir Path tmp;

  private static String git(Path dir, String... args) throws Exception {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void gitCommitIsTheHeadOfTheCheckoutNamedNotOfTheWorkingDirectory() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("checkout"));
    git(repo, "init", "-q");
    Files.writeString(repo.resolve("a.txt"), "a\n");
    git(repo, "add", "a.txt");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "a");
    String head = git(repo, "rev-parse", "HEAD");
    assertTrue(head.matches("[0-9a-f]{40}"), head);
    assertEquals(head, GitCommit.of(repo.toString()));
  }

  @Test
  void gitCommitOutsideACheckoutIsUnknown() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    assertEquals("unknown", GitCommit.of(plain.toString()));
  }
}
