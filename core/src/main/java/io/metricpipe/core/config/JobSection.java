package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;

/** {@code job}: settings applied only when the job runs locally; on MSF the service owns them. */
public class JobSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public String name = "metricpipe";
    public int parallelism = 2;
    public Duration checkpointInterval = Duration.ofSeconds(10);

    /** Local checkpoint directory; empty keeps checkpoints in JobManager memory. */
    public String checkpointDir = "";
}
