package io.metricpipe.jobs.config;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;

/** {@code job}: settings applied only when the job runs locally; on MSF the service owns them. */
public class JobSection implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final List<String> STATE_BACKENDS = List.of("hashmap", "rocksdb");

    public String name = "metricpipe";
    public int parallelism = 2;
    public Duration checkpointInterval = Duration.ofSeconds(10);

    /**
     * Where checkpoints go on a self-run cluster ({@code file://} or {@code s3://}), retained on
     * cancellation; empty leaves it to the cluster's configuration.
     */
    public String checkpointDir = "";

    /**
     * {@code hashmap} or {@code rocksdb} on a self-run cluster; empty leaves it to the cluster's
     * configuration. MSF uses RocksDB and ignores this.
     */
    public String stateBackend = "";

    void validate(Problems p) {
        p.positive("job.parallelism", parallelism);
        p.positive("job.checkpointInterval", checkpointInterval);
        if (!stateBackend.isEmpty() && !STATE_BACKENDS.contains(stateBackend)) {
            p.add("job.stateBackend", "'" + stateBackend + "' is not one of " + STATE_BACKENDS);
        }
        if (!checkpointDir.isEmpty()
                && !checkpointDir.startsWith("file://")
                && !checkpointDir.startsWith("s3://")) {
            p.add("job.checkpointDir", "'" + checkpointDir + "' must be a file:// or s3:// URI");
        }
    }

    /**
     * The state settings for a self-run cluster (MSF owns its own): the state backend, and the
     * checkpoint directory with checkpoints retained on cancellation, so that a cancelled job can
     * be resumed from its last checkpoint. Only what the section sets; the rest is the cluster's.
     */
    public Configuration stateAndCheckpoints() {
        Configuration flink = new Configuration();
        if (!stateBackend.isEmpty()) {
            flink.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        }
        if (!checkpointDir.isEmpty()) {
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
            flink.set(
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        return flink;
    }
}
