package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;

/** {@code job}: settings applied only when the job runs locally; on MSF the service owns them. */
public class JobSection implements Serializable {
    private static final long serialVersionUID = 1L;

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
}
