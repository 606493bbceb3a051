package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** {@code windows}: tumbling window sizes (the first is the base) and allowed lateness. */
public class WindowsSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public List<Duration> sizes = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5));
    public Duration allowedLateness = Duration.ofMinutes(2);
}
