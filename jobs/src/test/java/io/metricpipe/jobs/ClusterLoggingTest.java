package io.metricpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster logging configuration drops the connector's idle message and keeps the rest. */
class ClusterLoggingTest {
    private static final String FETCHER =
            "org.apache.flink.streaming.connectors.kinesis.internals.KinesisDataFetcher";

    @Test
    void dropsTheIdleShardMessageOnlyAndKeepsTheJobsInfoLines(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("taskmanager.log");
        Path config =
                Paths.get(
                        System.getProperty("metricpipe.root"), "deploy/cluster/log4j2.properties");
        System.setProperty("log.file", log.toString());
        LoggerContext context = new LoggerContext("cluster-logging-test", null, config.toUri());
        try {
            context.start();
            Logger fetcher = context.getLogger(FETCHER);
            for (int i = 0; i < 5; i++) {
                fetcher.info("No active shard for subtask 0, marking the source idle.");
            }
            fetcher.info("Subtask 0 will be seeded with initial shard StreamShardHandle{...}");
            context.getLogger("io.metricpipe.jobs.Main").info("metricpipe configuration: ...");
            context.getLogger("org.apache.flink.kinesis.shaded.software.amazon.awssdk.request")
                    .info("Retryable error");
        } finally {
            context.stop();
            System.clearProperty("log.file");
        }
        String written = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(written)
                .doesNotContain("marking the source idle")
                .contains("will be seeded with initial shard")
                .contains("metricpipe configuration")
                .doesNotContain("Retryable error");
    }
}
