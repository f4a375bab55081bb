package org.sparksnn.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.sparksnn.pipeline.report.TrainingHistory;

class ProgressServerTest {
  @Test
  void linesArriveInOrderWhileTheSenderGoesOnAndCloseDrainsTheRest() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    CountDownLatch first = new CountDownLatch(1);
    try (ProgressServer server =
        ProgressServer.start(
            "127.0.0.1",
            line -> {
              got.add(line);
              first.countDown();
            })) {
      assertTrue(server.address().startsWith("127.0.0.1:"), server.address());
      ProgressSender sender = ProgressSender.to(server.address());
      sender.send("0\tepoch 1/3");
      // the first line is there before the sender sends anything more
      assertTrue(first.await(10, TimeUnit.SECONDS), "the first line arrived while sending went on");
      sender.send("1\tepoch 2/3\nwith a break");
      sender.send("2\tepoch 3/3");
      sender.close();
    }
    assertEquals(List.of("0\tepoch 1/3", "1\tepoch 2/3 with a break", "2\tepoch 3/3"), got);
  }

  @Test
  void aDriverThatCannotBeReachedDoesNotStopTheSender() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    ProgressSender sender = ProgressSender.to("127.0.0.1:" + port);
    assertDoesNotThrow(() -> sender.send("0\tepoch 1/2"));
    assertDoesNotThrow(() -> sender.send("1\tepoch 2/2"));
    assertDoesNotThrow(sender::close);
  }

  @Test
  void anAddressThatCannotBeListenedOnLeavesTrainingWithoutLiveLines() {
    SyncTrainConfig cfg = SyncTrainConfig.of(1, GradientReduction.ORDERED_FLOAT);
    List<String> shown = new CopyOnWriteArrayList<>();
    // 192.0.2.1 (TEST-NET-1) is no address of this machine
    try (EpochProgress p = EpochProgress.start("192.0.2.1", shown::add)) {
      assertEquals(cfg, p.attach(cfg));
      LocalTrainer.fit(
          SoftmaxRegressionModel.of(6, 3, 1, 10, 3),
          SoftmaxRegressionModel.data(20, 6, 3, 1),
          p.attach(cfg),
          new Configuration());
      assertFalse(p.shown(0));
    }
    assertEquals(List.of(), shown);
  }

  @Test
  void aTrainingLoopReportsEveryEpochWithTheLineOfItsHistory() {
    // 37 samples, batches of 10 (micro-batches of 3): 4 steps per epoch, 3 epochs
    SoftmaxRegressionModel model = SoftmaxRegressionModel.of(6, 3, 3, 10, 3);
    TrainSamples data = SoftmaxRegressionModel.data(37, 6, 3, 1);
    List<String> shown = new CopyOnWriteArrayList<>();
    TrainingResult result;
    EpochProgress progress;
    try (EpochProgress p = EpochProgress.start("127.0.0.1", shown::add)) {
      progress = p;
      SyncTrainConfig cfg = p.attach(SyncTrainConfig.of(1, GradientReduction.ORDERED_FLOAT));
      result = LocalTrainer.fit(model, data, cfg, new Configuration());
    }
    TrainingHistory history = result.history(10, 3, 37, Double.NaN);
    assertEquals(
        history.epochs().stream().map(e -> e.progressLine(3)).toList(), shown, "one line an epoch");
    for (int e = 0; e < 3; e++) {
      assertTrue(progress.shown(e), "epoch " + e);
    }
  }
}
